"""Links: https only, the force's allow-listed domains, no URL shorteners."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from policy_checks.context import Context
from policy_checks.records import Hit
from policy_checks.registry import rule

SHORTENERS = frozenset(
    [
        "bit.ly",
        "bitly.com",
        "tinyurl.com",
        "t.co",
        "ow.ly",
        "buff.ly",
        "goo.gl",
        "is.gd",
        "tiny.cc",
        "rebrand.ly",
        "shorturl.at",
        "lnkd.in",
        "fb.me",
        "dlvr.it",
        "trib.al",
        "cutt.ly",
        "v.gd",
        "t.ly",
        "bl.ink",
        "short.io",
        "rb.gy",
        "s.id",
        "shorte.st",
        "adf.ly",
        "soo.gd",
        "qr.net",
        "tr.im",
        "x.co",
        "po.st",
    ]
)


def host_of(link: str) -> str:
    """The host name of a link typed with or without a scheme."""
    with_scheme = link if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", link) else "//" + link
    try:
        host = urlsplit(with_scheme).hostname or ""
    except ValueError:
        host = ""
    return host.lower().removeprefix("www.")


def _spans(ctx: Context, link: str) -> Iterator[tuple[int, int]]:
    """Where ``link`` appears in the raw text (a link given separately gets an empty span)."""
    found = False
    for m in re.finditer(re.escape(link), ctx.raw):
        found = True
        yield m.start(), m.end()
    if not found:
        yield 0, 0


@rule(
    slug="insecure-link",
    severity="warn",
    reason="Links must use https:// so nobody can tamper with the page on the way.",
    area="links",
)
def insecure_link(ctx: Context) -> Iterator[Hit]:
    """A link starting with http:// (not https://)."""
    for link in ctx.draft.links or ():
        if link.lower().startswith("http://"):
            fixed = "https://" + link[7:]
            for start, end in _spans(ctx, link):
                yield Hit(start, end, "This link is not secure (http://).", fixed, raw=True)


@rule(
    slug="unlisted-domain",
    severity="warn",
    reason="Links outside the force's allow-listed domains need checking before we send people there.",
    area="links",
)
def unlisted_domain(ctx: Context) -> Iterator[Hit]:
    """A link to a domain that is not on the force's allow-list (its own sites, police.uk,
    gov.uk, nhs.uk, Crimestoppers and any set in `[policy] allowed_domains`). Shorteners are
    reported by `url-shortener` instead."""
    for link in ctx.draft.links or ():
        host = host_of(link)
        if not host or host in SHORTENERS or ctx.settings.domain_allowed(host):
            continue
        for start, end in _spans(ctx, link):
            yield Hit(
                start,
                end,
                f"{host} is not on the force's list of allowed sites: check the link is safe and official.",
                None,
                raw=True,
            )


@rule(
    slug="url-shortener",
    severity="warn",
    reason="Shortened links hide where they go; people are rightly wary of them.",
    area="links",
)
def url_shortener(ctx: Context) -> Iterator[Hit]:
    """A link through a URL shortener (bit.ly, tinyurl, ow.ly, ...): give the full address."""
    for link in ctx.draft.links or ():
        if host_of(link) in SHORTENERS:
            for start, end in _spans(ctx, link):
                yield Hit(
                    start,
                    end,
                    "A shortened link hides where it goes.",
                    "Use the full link to the force's own page.",
                    raw=True,
                )

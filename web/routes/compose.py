"""Writing a post on the desk: the compose form, its live checks, and editing a post in the same form.

The form is the command line's `post new` / `post edit` in a browser: what was typed becomes a
`publish.desk.Typed`, `spec_from` turns it into a `PostSpec` (every problem at once, nothing saved) and
`create` / `edit` save it. One text goes on every chosen account, unless a platform is given its own.

Live checks: `compose.js` sends the text to `POST /posts/check` about 250 ms after the last keystroke
and underlines what the checks found. They run on the process-wide checker (one spaCy model), which the
first visit to the form starts loading, so the first pause in typing does not wait for it. Without
script, the findings show on the post's page once the draft is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from commsdesk.store import Store
from policy_checks.engine import default_checker, verdict
from publish import desk as publishing
from publish import drafts, lifecycle
from publish.drafts import LONDON, DraftRefused, PostSpec
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import PLATFORMS, Account, Post
from web.access import COMPOSE
from web.guards import DeskStore, check_csrf, check_csrf_header, desk, require
from web.pages import render
from web.records import WebSession
from web.routes.review import PLATFORM_NAMES, post_or_404, post_page

router = APIRouter()

Author = Annotated[WebSession, Depends(require(*COMPOSE.roles))]
Posted = Annotated[WebSession, Depends(check_csrf)]

NO_ACCOUNT = "choose at least one account to post on"
MAX_TEXT = 70_000  # more than Facebook's 63,206: a longer text is refused by the draft checks, not here
# Which field of the form (by its id) a refusal is about, by the words `publish.drafts` and `publish.desk`
# use for it; the first match wins, and a refusal matching none is listed only in the summary.
FIELD_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reply_to", ("reply-to", "mention this answers", "only reply to comments", "a reply goes only")),
    ("at", ("is not a time", "in london", "has already passed", "time zone")),
    ("accounts", ("account",)),
    ("text", (" text is ", "characters")),
)


@dataclass(frozen=True, slots=True)
class ComposeForm:
    """The compose form as typed, to fill it in again after a refusal. `texts` are the per-platform
    words that replace `text` on that platform; `accounts` are spelt as `Account.__str__`."""

    text: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    accounts: tuple[str, ...] = ()
    at: str = ""
    campaign: str = ""
    reply_to: str = ""
    thread: bool = False
    submit: bool = False

    @classmethod
    def of(cls, post: Post) -> ComposeForm:
        """The form filled in with `post`: the first platform's text as the common one, and the words of
        any platform that differs as its own."""
        common = next((post.texts[p] for p in post.platforms if p in post.texts), "")
        return cls(
            text=common,
            texts={p: t for p, t in post.texts.items() if t != common},
            accounts=tuple(str(a) for a in post.accounts),
            at=typed_time(post.scheduled_at) if post.scheduled_at else "",
            campaign=post.campaign,
            reply_to=f"{post.in_reply_to.platform}:{post.in_reply_to.mention_id}" if post.in_reply_to else "",
            thread=post.thread,
        )

    def typed(self) -> publishing.Typed:
        return publishing.Typed(
            text=self.text,
            texts=self.texts,
            accounts=self.accounts,
            at=self.at,
            campaign=self.campaign,
            reply_to=self.reply_to,
            thread=self.thread,
        )


def compose_fields(
    text: Annotated[str, Form()] = "",
    text_x: Annotated[str, Form()] = "",
    text_facebook: Annotated[str, Form()] = "",
    text_youtube: Annotated[str, Form()] = "",
    account: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies form defaults per request
    at: Annotated[str, Form()] = "",
    campaign: Annotated[str, Form()] = "",
    reply_to: Annotated[str, Form()] = "",
    thread: Annotated[bool, Form()] = False,
    submit: Annotated[bool, Form()] = False,
) -> ComposeForm:
    """The posted form. Browsers send a textarea's line breaks as CRLF: kept as LF, as typed (and as the
    live checks saw them), so a line break is one character to X's count too."""
    own = {"x": text_x, "facebook": text_facebook, "youtube": text_youtube}
    return ComposeForm(
        text=_lf(text),
        texts={p: _lf(t) for p, t in own.items() if t.strip()},
        accounts=tuple(dict.fromkeys(a.strip() for a in account if a.strip())),
        at=at.strip(),
        campaign=campaign,
        reply_to=reply_to.strip(),
        thread=thread,
        submit=submit,
    )


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


Typing = Annotated[ComposeForm, Depends(compose_fields)]


def typed_time(moment: datetime) -> str:
    """A time as the form takes it back: London wall-clock time, with the offset only on the night the
    clocks go back, when the wall-clock time alone would name two moments."""
    local = moment.astimezone(LONDON)
    twice = local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M}" + (f"{offset[:3]}:{offset[3:]}" if twice else "")


def field_errors(reasons: Sequence[str]) -> list[tuple[str, str]]:
    """Each refusal with the id of the field it is about ("" when none): the summary links them, and
    each field shows its own."""
    return [(_field_of(reason), reason) for reason in reasons]


def _field_of(reason: str) -> str:
    lowered = reason.lower()
    for name, words in FIELD_WORDS:
        if any(word in lowered for word in words):
            return name
    return ""


# -- the pages ------------------------------------------------------------------------------------


@router.get("/posts/new")
def compose_form(request: Request, store: DeskStore, _: Author, reply_to: str = "") -> HTMLResponse:
    """An empty form (a reply when `reply_to` names a mention: `x:1859...`), the force's first account on
    the platform it goes out on ticked."""
    _load_checks_in_background()
    accounts = publishing.accounts_of(desk(request).settings)
    platform = reply_to.partition(":")[0] if ":" in reply_to else "x"
    first = next((a for a in accounts if a.platform == platform), accounts[0] if accounts else None)
    form = ComposeForm(accounts=(str(first),) if first else (), reply_to=reply_to.strip())
    return _compose_page(request, store, form)


@router.post("/posts/new")
def compose(request: Request, store: DeskStore, session: Posted, _: Author, form: Typing) -> Response:
    """Save the draft (and submit it when asked), then show it; refused, the form again with every reason."""
    settings = desk(request).settings
    accounts = publishing.accounts_of(settings)
    try:
        _refuse_without_accounts(form, accounts, now=store.clock())
        spec = publishing.spec_from(form.typed(), accounts=accounts, now=store.clock())
        post = publishing.create(
            store,
            spec,
            by=session.user,
            checker=publishing.checks_for(settings),
            accounts=accounts,
            submit=form.submit,
        )
    except DraftRefused as refused:
        return _compose_page(request, store, form, errors=field_errors(refused.reasons), status_code=400)
    return RedirectResponse(f"/posts/{post.id}?done={'submit' if form.submit else 'create'}", status_code=303)


@router.get("/posts/{ident}/edit")
def edit_form(request: Request, store: DeskStore, session: Author, ident: int) -> HTMLResponse:
    """The compose form filled in with the post; a post this user may not edit now says why instead."""
    _load_checks_in_background()
    post = post_or_404(store, ident)
    refusal = _edit_refusal(post, session, store)
    if refusal is not None:  # the post's own page says where it is and who may act
        return post_page(request, store, session, post, errors=[("", refusal[0])], status_code=refusal[1])
    return _compose_page(request, store, ComposeForm.of(post), post=post)


@router.post("/posts/{ident}/edit")
def edit(
    request: Request,
    store: DeskStore,
    session: Posted,
    _: Author,
    ident: int,
    form: Typing,
    seen_version: Annotated[int | None, Form()] = None,
) -> Response:
    """Save the new version (checks run again; an approved post goes back to review), then show it.
    Refused, the form again as typed with every reason: nothing is saved."""
    post = post_or_404(store, ident)
    settings = desk(request).settings
    accounts = publishing.accounts_of(settings)
    try:
        _refuse_without_accounts(form, accounts, now=store.clock(), base=PostSpec.of(post))
        publishing.edit(
            store,
            ident,
            form.typed(),
            by=session.user,
            checker=publishing.checks_for(settings),
            accounts=accounts,
            seen_version=seen_version,
        )
    except DraftRefused as refused:
        errors, status = field_errors(refused.reasons), 400
    except IllegalMove as refused:
        errors, status = [("", str(refused))], 409
    except NotAllowed as refused:
        errors, status = [("", str(refused))], 403
    else:
        return RedirectResponse(f"/posts/{ident}?done=edit", status_code=303)
    return _compose_page(request, store, form, post=post, seen_version=seen_version, errors=errors, status_code=status)


# -- live checks ----------------------------------------------------------------------------------


class CheckRequest(BaseModel):
    """What `compose.js` sends: the form's text, any platform's own words and the ticked accounts."""

    text: str = Field("", max_length=MAX_TEXT)
    texts: dict[str, Annotated[str, Field(max_length=MAX_TEXT)]] = Field(default_factory=dict, max_length=8)
    accounts: list[str] = Field(default_factory=list, max_length=50)
    thread: bool = False


@router.post("/posts/check")
def live_checks(
    request: Request,
    store: DeskStore,
    _: Author,
    __: Annotated[WebSession, Depends(check_csrf_header)],
    typed: CheckRequest,
) -> dict[str, object]:
    """The findings for each chosen platform's text, nothing saved: for each, the text checked and every
    finding with its span (in characters, as Python and `Array.from` count them), the words, the reason
    and a suggested rewrite. No account ticked: checked as for the force's first account."""
    settings = desk(request).settings
    known = publishing.accounts_of(settings)
    chosen = tuple(a for a in known if str(a) in typed.accounts) or known[:1]
    own = {p: t for p, t in typed.texts.items() if t.strip()}
    spec = PostSpec(
        texts={a.platform: own.get(a.platform, typed.text) for a in chosen}, accounts=chosen, thread=typed.thread
    )
    incident = store.active_incident() is not None
    found = drafts.check(spec, publishing.checks_for(settings), incident=incident)
    return {
        "incident": incident,
        "platforms": [
            {
                "platform": platform,
                "name": PLATFORM_NAMES[platform],
                "text": spec.texts[platform],
                "verdict": verdict(found[platform]),
                "findings": [
                    {
                        "number": number,
                        "rule": f.rule,
                        "severity": f.severity,
                        "start": f.start,
                        "end": f.end,
                        "words": spec.texts[platform][f.start : f.end],
                        "reason": f.message,
                        "rewrite": f.suggestion or "",
                    }
                    for number, f in enumerate(found[platform], start=1)
                ],
            }
            for platform in PLATFORMS
            if platform in found
        ],
    }


@cache
def _load_checks_in_background() -> None:
    """The first visit to the form starts loading the language model, once per process."""
    default_checker().warm_up(background=True)


# -- helpers --------------------------------------------------------------------------------------


def _refuse_without_accounts(
    form: ComposeForm, accounts: Sequence[Account], *, now: datetime, base: PostSpec | None = None
) -> None:
    """No account ticked is a refusal on the form (the command line's "keep them" or "the first X
    account" would be a surprise here), given with whatever else is wrong."""
    if form.accounts:
        return
    reasons = [NO_ACCOUNT]
    try:
        publishing.spec_from(form.typed(), accounts=accounts, now=now, base=base)
    except DraftRefused as refused:
        reasons += [r for r in refused.reasons if r != NO_ACCOUNT]
    raise DraftRefused(reasons)


def _edit_refusal(post: Post, session: WebSession, store: Store) -> tuple[str, int] | None:
    """Why `session`'s user may not edit `post` now (with the status to answer), or None when they may."""
    try:
        lifecycle.move(post, "edit", by=session.user, at=store.clock())
    except IllegalMove as refused:
        return str(refused), 409
    except NotAllowed as refused:
        return str(refused), 403
    return None


def _compose_page(
    request: Request,
    store: Store,
    form: ComposeForm,
    *,
    post: Post | None = None,
    seen_version: int | None = None,
    errors: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The form, for a new post or (with `post`) for editing it, with the accounts to choose from and the
    mention a reply answers when the store has it."""
    accounts = publishing.accounts_of(desk(request).settings)
    platform, _, ident = form.reply_to.partition(":")
    mention = store.get_mention(platform, ident.strip()) if platform in PLATFORMS and ident.strip() else None
    return render(
        request,
        "compose.html",
        title=f"Edit post {post.id}" if post else "Write a post",
        status_code=status_code,
        form=form,
        post=post,
        seen_version=seen_version if seen_version is not None else post.version if post else None,
        accounts=accounts,
        platforms=[p for p in PLATFORMS if any(a.platform == p for a in accounts)],
        platform_names=PLATFORM_NAMES,
        mention=mention,
        errors=errors or [],
    )

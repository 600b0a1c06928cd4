"""Pseudonyms: private people are never named outside the app, the same person keeps the same
pseudonym under one key and gets an unrelated one under another, public accounts keep their names,
and @handles in sample text are replaced unless public.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyse.pseudonyms import Pseudonymiser, new_key, safe_url
from analyse.records import Analysed

KEY = b"northshire-test-key-0123456789ab"
OTHER_KEY = b"southshire-test-key-0123456789ab"
PSEUDONYM = re.compile(r"^Resident [0-9A-F]{4}-[0-9A-F]{4}$")


def mention(**fields: object) -> Analysed:
    base: dict[str, object] = {
        "platform": "x",
        "id": "1860000000000000001",
        "created_at": datetime(2026, 11, 20, 8, tzinfo=UTC),
        "text": "Thanks for the quick response on Shields Road",
        "url": "https://x.com/resident7/status/1860000000000000001",
        "author_id": "9007",
        "author_handle": "resident7",
        "author_name": "Jo Bloggs",
    }
    base.update(fields)
    return Analysed(**base)  # type: ignore[arg-type]


identifiers = st.text(min_size=1, max_size=40)  # any text, lone surrogates from a bad import included
handles = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True)


def test_private_person_is_shown_by_pseudonym() -> None:
    shown = Pseudonymiser(KEY).display(mention())
    assert PSEUDONYM.match(shown)
    assert "resident7" not in shown.lower() and "Jo" not in shown and "9007" not in shown


def test_public_account_is_shown_by_name_or_handle() -> None:
    names = Pseudonymiser(KEY)
    assert names.display(mention(author_public=True, author_name="Northshire Fire")) == "Northshire Fire"
    assert names.display(mention(author_public=True, author_name="", author_handle="@NorthFire")) == "@northfire"


def test_the_pseudonym_follows_the_account_not_its_handle_or_name() -> None:
    names = Pseudonymiser(KEY)
    before = names.display(mention())
    assert names.display(mention(author_handle="jo_new_handle", author_name="Jo B")) == before
    assert names.display(mention(author_id="9008")) != before
    assert names.display(mention(platform="youtube")) != before  # ids are per platform


def test_an_account_without_id_is_keyed_on_its_handle_like_a_mentioned_handle() -> None:
    names = Pseudonymiser(KEY)
    shown = names.display(mention(author_id=""))
    assert PSEUDONYM.match(shown)
    assert names.scrub("hi @Resident7", "x") == f"hi {shown}"
    assert names.name("x", "", False) == "Resident (unknown)"


def test_short_or_missing_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        Pseudonymiser(b"")
    with pytest.raises(ValueError):
        Pseudonymiser(b"short")
    assert len(new_key()) == 32 and new_key() != new_key()
    assert "northshire" not in repr(Pseudonymiser(KEY))


def test_prefix_can_be_chosen() -> None:
    assert Pseudonymiser(KEY, prefix="Member").pseudonym("x", "1").startswith("Member ")


def test_scrub_replaces_private_handles_and_keeps_public_ones() -> None:
    names = Pseudonymiser(KEY)
    text = "@NorthshirePolice well done, @jo_bloggs saw it. Mail me at jo@example.com. @NorthshirePolice."
    scrubbed = names.scrub(text, "x", {"northshirepolice"})
    assert scrubbed.startswith("@NorthshirePolice well done, Resident ")
    assert "jo_bloggs" not in scrubbed
    assert "jo@example.com" in scrubbed
    assert scrubbed.endswith("@NorthshirePolice.")


def test_scrub_uses_the_account_pseudonym_for_a_known_handle() -> None:
    names = Pseudonymiser(KEY)
    scrubbed = names.scrub("ask @Resident7 about it", "x", ids={"resident7": "9007"})
    assert scrubbed == f"ask {names.display(mention())} about it"


def test_scrub_reads_handles_the_way_each_platform_writes_them() -> None:
    names = Pseudonymiser(KEY)
    assert names.scrub("@bob.smith hi", "x") == f"{names.pseudonym('x', '@bob')}.smith hi"
    assert names.scrub("@bob.smith hi", "youtube") == f"{names.pseudonym('youtube', '@bob.smith')} hi"
    assert names.scrub("@@bob and ＠bob", "x") == f"{names.pseudonym('x', '@bob')} and {names.pseudonym('x', '@bob')}"


def test_link_drops_a_private_authors_handle_from_x_links() -> None:
    names = Pseudonymiser(KEY)
    assert names.link(mention()) == "https://x.com/i/web/status/1860000000000000001"
    assert names.link(mention(author_public=True)) == "https://x.com/resident7/status/1860000000000000001"
    youtube = mention(platform="youtube", url="https://www.youtube.com/watch?v=abc&lc=Ugx")
    assert names.link(youtube) == youtube.url


@given(platform=st.sampled_from(["x", "facebook", "youtube"]), author_id=identifiers, handle=handles, name=identifiers)
def test_a_pseudonym_never_contains_the_handle_name_or_id(
    platform: str, author_id: str, handle: str, name: str
) -> None:
    shown = Pseudonymiser(KEY).name(platform, author_id, False, handle, name)
    assert PSEUDONYM.match(shown)
    # The code is 9 characters of hex and a dash and depends on the id only: a short hex string could
    # be in it by coincidence, a word could be in the fixed "Resident "; anything else never is.
    for secret in (author_id, handle, name):
        coincidence = len(secret) <= 9 and re.fullmatch(r"[0-9A-Fa-f-]+", secret)
        if not coincidence and secret not in "Resident ":
            assert secret not in shown
    assert Pseudonymiser(KEY).name(platform, author_id, False, "other", "Other Name") == shown


@given(platform=st.sampled_from(["x", "facebook", "youtube"]), author_id=identifiers)
def test_pseudonyms_are_stable_for_a_key_and_differ_across_keys(platform: str, author_id: str) -> None:
    first = Pseudonymiser(KEY).pseudonym(platform, author_id)
    assert Pseudonymiser(KEY).pseudonym(platform, author_id) == first
    # 32 bits: a chance collision across keys is one in four billion, never seen in a test run.
    assert Pseudonymiser(OTHER_KEY).pseudonym(platform, author_id) != first


@given(
    words=st.lists(
        st.one_of(st.from_regex(r"[a-z]{1,8}[.,!]?", fullmatch=True), handles.map(lambda h: f"@{h}")), max_size=12
    ),
    public=st.sets(handles.map(str.lower), max_size=3),
    platform=st.sampled_from(["x", "facebook", "youtube"]),
)
def test_scrubbed_text_names_no_private_handle(words: list[str], public: set[str], platform: str) -> None:
    text = " ".join(words)
    scrubbed = Pseudonymiser(KEY).scrub(text, platform, public)
    remaining = {h.lower() for h in re.findall(r"@(\w+)", scrubbed)}
    assert remaining <= public
    assert Pseudonymiser(KEY).scrub(scrubbed, platform, public) == scrubbed


def test_link_rebuilds_other_links_that_hold_a_private_authors_id() -> None:
    names = Pseudonymiser(KEY)
    visitor = mention(platform="facebook", id="1_2", author_id="5551", url="https://www.facebook.com/5551/posts/2")
    assert names.link(visitor) == "https://www.facebook.com/1_2"
    page_comment = mention(platform="facebook", id="2_3", url="https://www.facebook.com/1/posts/2?comment_id=3")
    assert names.link(page_comment) == page_comment.url
    comment = mention(
        platform="youtube",
        id="Ugx",
        author_id="UCperson",
        community="youtube:video:abc",
        url="https://www.youtube.com/channel/UCperson",
    )
    assert names.link(comment) == "https://www.youtube.com/watch?v=abc&lc=Ugx"


def test_safe_url_needs_no_author_details_for_x() -> None:
    assert safe_url("x", "123", "https://x.com/jo_bloggs/status/123") == "https://x.com/i/web/status/123"
    assert safe_url("youtube", "abc", "https://www.youtube.com/watch?v=abc") == "https://www.youtube.com/watch?v=abc"

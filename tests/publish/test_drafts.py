"""Drafts: bad input refused with every reason, London times across the clock changes, checks per version."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from policy_checks.engine import Checker
from policy_checks.testing import FakeEntities
from publish.drafts import Checks, DraftRefused, PostSpec, check, london_to_utc, new_post, problems, revise, show_london
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import Account, MediaItem, ReplyTo, User

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
X = Account("x", "NorthshirePolice")
FB = Account("facebook", "100000000000001")
YT = Account("youtube", "UCnorthshirepolice000001")
KNOWN = {X, FB, YT}
OFFICER = User("pc.smith", frozenset({"officer"}))


def spec(**changes: object) -> PostSpec:
    base = PostSpec(
        texts={"x": "The A1 is closed northbound this morning.", "facebook": "The A1 is closed northbound."},
        accounts=(X, FB),
        scheduled_at=NOW + timedelta(hours=1),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def reasons(s: PostSpec) -> list[str]:
    return problems(s, now=NOW, known_accounts=KNOWN)


def test_a_good_draft_has_no_problems() -> None:
    assert reasons(spec()) == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"texts": {"x": "  ", "facebook": "ok"}}, "the x text is empty"),
        ({"texts": {"x": "a" * 281, "facebook": "ok"}}, "281 characters, 1 over x's 280: post it as a thread"),
        ({"texts": {"x": "ok", "facebook": "a" * 63_207}}, "63207 characters, 1 over facebook's 63206"),
        ({"scheduled_at": NOW - timedelta(minutes=1)}, "has already passed"),
        ({"accounts": (X, Account("facebook", "999"))}, "unknown account facebook:999"),
        ({"accounts": ()}, "choose at least one account"),
        ({"media": (MediaItem("van.jpg", alt_text=""),)}, "media 1 (van.jpg) has no alt text"),
        ({"accounts": (X,)}, "there is facebook text but no facebook account"),
        ({"texts": {"youtube": "Thanks"}, "accounts": (YT,)}, "on YouTube we only reply to comments"),
        ({"scheduled_at": datetime(2026, 11, 20, 10, 0)}, "no time zone"),
    ],
)
def test_bad_input_is_refused_with_a_clear_reason(changes: dict[str, object], reason: str, no_findings: Checks) -> None:
    found = reasons(spec(**changes))
    assert any(reason in r for r in found), found
    with pytest.raises(DraftRefused, match=re.escape(reason.split(":")[0])):
        new_post(spec(**changes), author=OFFICER, now=NOW, known_accounts=KNOWN, checker=no_findings)


def test_every_reason_is_given_at_once() -> None:
    bad = spec(texts={"x": ""}, accounts=(X,), scheduled_at=NOW - timedelta(days=1), media=(MediaItem("a.png"),))
    assert len(reasons(bad)) == 3


def test_x_counts_weighted_characters_and_a_thread_may_be_long() -> None:
    url = "https://www.northshire.police.uk/" + "x" * 300
    assert reasons(spec(texts={"x": url, "facebook": "ok"})) == []  # a link counts 23
    long = spec(texts={"x": "word " * 100, "facebook": "ok"}, thread=True)
    assert reasons(long) == []


def test_a_youtube_reply_to_a_comment_is_fine() -> None:
    reply = spec(
        texts={"youtube": "Thanks, we have passed this on."}, accounts=(YT,), in_reply_to=ReplyTo("youtube", "Ugz")
    )
    assert reasons(reply) == []
    assert "a reply goes only on youtube" in " ".join(
        reasons(replace(reply, accounts=(YT, X), texts={"youtube": "a", "x": "b"}))
    )


# -- Europe/London across the clock changes ---------------------------------------------------------


def test_march_0130_on_the_last_sunday_does_not_exist() -> None:
    with pytest.raises(DraftRefused, match="does not exist in London"):
        london_to_utc("2026-03-29 01:30")
    assert london_to_utc("2026-03-29 00:59") == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert london_to_utc("2026-03-29 02:00") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_october_0130_on_the_last_sunday_is_ambiguous() -> None:
    with pytest.raises(DraftRefused, match="happens twice in London") as refused:
        london_to_utc("2026-10-25 01:30")
    assert "+01:00 (BST" in str(refused.value)
    assert london_to_utc("2026-10-25 01:30+01:00") == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert london_to_utc("2026-10-25 01:30+00:00") == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert london_to_utc("2026-10-25 02:30") == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


def test_summer_and_winter_times_convert_and_show() -> None:
    summer = london_to_utc(datetime(2026, 7, 1, 9, 0))
    assert summer == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert show_london(summer) == "2026-07-01 09:00 BST"
    assert show_london(london_to_utc("2026-12-01 09:00")) == "2026-12-01 09:00 GMT"


def test_nonsense_time_is_refused() -> None:
    with pytest.raises(DraftRefused, match="is not a time"):
        london_to_utc("next tuesday")


# -- checks on create and on every edit ------------------------------------------------------------


def test_checks_run_per_platform_with_media_and_incident(no_findings: Any) -> None:
    check(spec(media=(MediaItem("a.jpg", "a van", "own photo", "ours"),)), no_findings, incident=True)
    assert [d.platform for d in no_findings.drafts] == ["x", "facebook"]
    assert all(d.incident and d.media[0].alt_text == "a van" for d in no_findings.drafts)


def test_real_checks_block_a_protective_marking_and_rerun_on_edit() -> None:
    checker = Checker(entity_finder=FakeEntities())
    post = new_post(
        spec(texts={"x": "OFFICIAL-SENSITIVE: road closed", "facebook": "Road closed."}),
        author=OFFICER,
        now=NOW,
        known_accounts=KNOWN,
        checker=checker,
    )
    assert (post.state, post.version, post.verdict) == ("draft", 1, "block")
    assert {p for p, _ in post.blocking} == {"x"}
    fixed = revise(post, spec(), by=OFFICER, now=NOW, known_accounts=KNOWN, checker=checker)
    assert (fixed.state, fixed.version, fixed.verdict) == ("draft", 2, "pass")


def test_a_thread_is_not_blocked_for_length() -> None:
    checker = Checker(entity_finder=FakeEntities())
    long = spec(texts={"x": "The A1 is closed this morning. " * 15, "facebook": "ok"}, thread=True)
    found = check(long, checker)
    assert not any(f.rule == "x-length" for f in found["x"])
    assert any(f.rule == "x-length" for f in check(replace(long, thread=False), checker)["x"])


def test_only_writers_may_draft_and_a_published_post_cannot_be_edited(no_findings: Checks) -> None:
    with pytest.raises(NotAllowed, match="may not write posts"):
        new_post(spec(), author=User("d.khan", frozenset({"duty"})), now=NOW, known_accounts=KNOWN, checker=no_findings)
    post = new_post(spec(), author=OFFICER, now=NOW, known_accounts=KNOWN, checker=no_findings)
    with pytest.raises(IllegalMove):
        revise(replace(post, state="published"), spec(), by=OFFICER, now=NOW, known_accounts=KNOWN, checker=no_findings)


def test_duty_staff_may_fill_in_a_holding_statement_and_changed_wording_loses_the_template(no_findings: Checks) -> None:
    duty = User("d.khan", frozenset({"duty"}))
    filled = new_post(spec(template="road-closed"), author=duty, now=NOW, known_accounts=KNOWN, checker=no_findings)
    assert filled.template == "road-closed"
    retimed = revise(
        replace(filled, state="rejected"),
        replace(spec(template="road-closed"), scheduled_at=NOW + timedelta(hours=2)),
        by=duty,
        now=NOW,
        known_accounts=KNOWN,
        checker=no_findings,
    )
    assert retimed.template == "road-closed"  # same words, new time: still the approved statement
    reworded = revise(
        replace(filled, state="rejected"),
        replace(spec(template="road-closed"), texts={"x": "Different words.", "facebook": "Different words."}),
        by=duty,
        now=NOW,
        known_accounts=KNOWN,
        checker=no_findings,
    )
    assert reworded.template == ""  # new wording needs the ordinary review, not approve_holding

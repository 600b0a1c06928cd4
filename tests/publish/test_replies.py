"""The response queue: what needs a reply and why, marking once, assign → answer → the post's own approval."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from analyse.records import Analysed
from analyse.run import analyse_pending
from analyse.terms import text_features
from commsdesk.cli import main
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Settings, example_path, load
from config.settings import Store as StoreSettings
from ingest.youtube import mention_from_comment
from publish.drafts import Checks, DraftRefused
from publish.lifecycle import IllegalMove, NotAllowed
from publish.records import SCHEDULER, Account, ReplyTo, User
from publish.replies.queue import answer, queue_new
from publish.replies.records import MOVES, STATUSES, QueueItem, Reason, move, shown_status
from publish.replies.rules import OwnAccounts, needs_reply, reply_account, reply_target

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PAGE = "100000000000001"
CHANNEL = "UCnorthshirepolice000001"
OWN = OwnAccounts(
    x=("NorthshirePolice", "NorthshireRoads"), page_id=PAGE, channel_id=CHANNEL, names=("Northshire Police",)
)


def x_post(text: str, *, ident: str = "1", by: str = "resident1", reply_to: str = "", **raw: object) -> Mention:
    return Mention("x", ident, text, NOW, author_handle=by, in_reply_to=reply_to, conversation_id=ident, raw=raw)


def fb_comment(
    text: str, *, ident: str = "7_3", post: str = f"{PAGE}_7", parent: str = "", by: str = "9001"
) -> Mention:
    """A comment under `post`: top-level, or under the comment `parent` (as the collector stores them)."""
    return Mention("facebook", ident, text, NOW, author_id=by, in_reply_to=parent or post, conversation_id=post)


def yt_comment(
    text: str, *, ident: str = "Ugx1", parent: str = "", channel: str = CHANNEL, by: str = "UCres"
) -> Mention:
    """A YouTube comment shaped as the API sends it, through the collector's own conversion."""
    snippet: dict[str, object] = {
        "channelId": channel,
        "videoId": "vid1",
        "textOriginal": text,
        "publishedAt": "2026-11-20T09:00:00Z",
        "authorChannelId": {"value": by},
        "authorChannelUrl": "http://www.youtube.com/@resident",
    }
    if parent:
        snippet["parentId"] = parent
    return mention_from_comment({"kind": "youtube#comment", "id": ident, "snippet": snippet})


def read(mention: Mention, sentiment: str = "neutral") -> Analysed:
    """What the analysis would hand over, with the sentiment the test needs."""
    return Analysed(
        mention.platform,
        mention.id,
        mention.created_at,
        mention.text,
        author_handle=mention.author_handle,
        lang="en",
        sentiment=sentiment,
        dup_key=text_features(mention.text).dup_key,
    )


def why(mention: Mention, sentiment: str = "neutral", parent: Mention | None = None) -> Reason | None:
    return needs_reply(mention, read(mention, sentiment), OWN, parent=parent)


def kind(mention: Mention, sentiment: str = "neutral", parent: Mention | None = None) -> str | None:
    reason = why(mention, sentiment, parent)
    return reason.kind if reason else None


# -- the desk's rules -------------------------------------------------------------------------------


def test_a_question_to_the_force_is_marked_with_who_it_names() -> None:
    reason = why(x_post("@NorthshirePolice how do I get hold of my local PCSO in Heaton?"))
    assert reason == Reason("question", "asks a question; names @NorthshirePolice", 4)
    assert kind(x_post("How do I get a crime number for my insurance @NorthshireRoads")) == "question"  # no "?"


def test_a_crime_happening_now_comes_first_and_one_that_is_over_next() -> None:
    now = why(x_post("@NorthshirePolice someone is breaking into the car next door right now"))
    assert now is not None and (now.kind, now.priority) == ("crime_report", 1)
    assert now.why.startswith("reports a crime or danger happening now")
    over = why(x_post("Shed broken into overnight in Gosforth @NorthshirePolice"))
    assert over is not None and (over.kind, over.priority) == ("crime_report", 2)
    assert kind(x_post("@NorthshirePolice I want to report a man selling drugs outside the school")) == "crime_report"


def test_asking_how_to_report_a_crime_is_a_question_and_thanks_for_one_solved_is_nothing() -> None:
    asking = x_post("@NorthshirePolice what's the best way to report drug dealing without giving my name?")
    assert kind(asking) == "question"
    assert kind(x_post("Got my stolen bike back thanks to @NorthshirePolice!"), "positive") is None


def test_a_complaint_needs_complaint_words_and_a_negative_tone() -> None:
    waited = x_post("@NorthshirePolice waited in all evening and no one came")
    assert kind(waited, "negative") == "complaint"
    assert kind(waited, "neutral") is None
    assert kind(x_post("@NorthshirePolice awful weather for the parade today"), "negative") is None
    # about how a crime was handled: a complaint, not a new report
    handled = x_post("Reported a break in 3 days ago and still nobody has come out @NorthshirePolice")
    assert kind(handled, "negative") == "complaint"


def test_posts_not_addressed_to_the_force_are_left_alone() -> None:
    assert kind(x_post("Police helicopter over Heaton again, anyone know what's going on?")) is None
    assert kind(x_post("Anyone else think Northshire Police should bring back the bobby on the beat?")) is None
    # a reply between residents that X copies the force into talks to the resident
    assert kind(x_post("@resident2 @NorthshirePolice did you report it?", reply_to="5")) is None
    # ... unless the force is its first addressee, or is named again in the words
    assert kind(x_post("@NorthshirePolice @resident2 is the road still closed?", reply_to="5")) == "question"
    assert kind(x_post("@resident2 @NorthshirePolice is this true @NorthshirePolice?", reply_to="5")) == "question"
    # an original post names whoever it names
    assert kind(x_post("@resident2 @NorthshirePolice is the road still closed?")) == "question"


def test_the_forces_own_posts_and_retweets_are_never_marked() -> None:
    assert kind(x_post("@resident1 is the road still closed?", by="northshirepolice")) is None
    assert kind(x_post("RT @resident1: @NorthshirePolice someone is breaking in right now")) is None
    retweet = x_post("@NorthshirePolice is it closed?", referenced_tweets=[{"type": "retweeted", "id": "9"}])
    assert kind(retweet) is None
    assert kind(fb_comment("Is the front counter open on Sunday?", by=PAGE)) is None


def test_on_facebook_the_pages_own_threads_are_addressed_to_it() -> None:
    top = fb_comment("Is the front counter open on Sunday?")
    reason = why(top)
    assert reason is not None and reason.why.endswith("on the force's Page")
    assert kind(fb_comment("Is it open on Sunday?", post="555_1")) is None  # someone else's Page
    under_someone = fb_comment("Is it open on Sunday?", ident="7_4", parent="7_3")
    assert kind(under_someone) is None
    assert kind(replace(under_someone, text="Northshire Police is it open on Sunday?")) == "question"
    ours = fb_comment("We are open 8am to 8pm.", ident="7_3", by=PAGE)
    assert kind(under_someone, parent=ours) == "question"
    visitor = Mention("facebook", f"{PAGE}_8", "Is the front counter open on Sunday?", NOW, author_id="902")
    assert kind(replace(visitor, conversation_id=visitor.id)) == "question"
    same_here = fb_comment("Is it? Same question", ident="8_1", post=visitor.id)
    assert kind(same_here, parent=visitor) is None  # it talks to the visitor


def test_on_youtube_top_level_comments_on_the_channel_and_replies_to_the_force() -> None:
    assert kind(yt_comment("Which roads are closed?")) == "question"
    assert kind(yt_comment("Which roads are closed?", channel="UCsomeoneelse")) is None
    reply = yt_comment("Which roads are closed?", ident="Ugx1.r2", parent="Ugx1")
    assert kind(reply) is None  # it talks to the commenter
    assert kind(reply, parent=yt_comment("Road update below", by=CHANNEL)) == "question"
    video = Mention("youtube", "vid1", "Which roads are closed? Northshire Police", NOW, conversation_id="vid1")
    assert kind(video) is None  # on YouTube we only reply to comments


def test_a_reply_goes_under_the_comment_that_starts_the_thread() -> None:
    assert reply_target(x_post("?", ident="42")) == ReplyTo("x", "42")
    assert reply_target(fb_comment("?", ident="7_3")) == ReplyTo("facebook", "7_3")
    assert reply_target(fb_comment("?", ident="7_4", parent="7_3")) == ReplyTo("facebook", "7_3")
    assert reply_target(yt_comment("?", ident="Ugx1")) == ReplyTo("youtube", "Ugx1")
    assert reply_target(yt_comment("?", ident="Ugx1.r2", parent="Ugx1")) == ReplyTo("youtube", "Ugx1")


def test_the_account_that_answers_is_the_one_spoken_to() -> None:
    assert reply_account(x_post("@northshireroads is the A1 shut?"), OWN) == Account("x", "NorthshireRoads")
    assert reply_account(x_post("is the A1 shut? Northshire Police"), OWN) == Account("x", "NorthshirePolice")
    assert reply_account(fb_comment("?"), OWN) == Account("facebook", PAGE)
    assert reply_account(yt_comment("?"), OWN) == Account("youtube", CHANNEL)


PHRASES = [
    "someone is breaking into", "right now", "i want to report", "drugs being dealt", "waited", "no one came",
    "rude", "complain", "how do i", "where", "is there", "?", "thanks", "the", "road", "in Heaton", "today",
    "@NorthshirePolice", "@resident2", "Northshire Police", "https://example.org/a?b=stolen", "!", ".",
]  # fmt: skip
texts = st.lists(st.sampled_from(PHRASES), min_size=1, max_size=12).map(" ".join)
recasings = st.sampled_from([str.upper, str.lower, str.swapcase, str.title, str.capitalize])
padding = st.sampled_from(["", " ", "  \n", "\t", "\n\n "])
mentions = st.builds(
    lambda text, platform, reply_to: {
        "x": x_post(text, reply_to=reply_to),
        "facebook": fb_comment(text, parent="7_1" if reply_to else ""),
        "youtube": yt_comment(text, ident="Ugx1.r" if reply_to else "Ugx1", parent="Ugx1" if reply_to else ""),
    }[platform],
    texts,
    st.sampled_from(["x", "facebook", "youtube"]),
    st.sampled_from(["", "5"]),
)
sentiments = st.sampled_from(["negative", "neutral", "positive", ""])


def by_the_force(mention: Mention, recase: Callable[[str], str]) -> Mention:
    if mention.platform == "x":
        return replace(mention, author_handle=recase("NorthshireRoads"))
    return replace(mention, author_id=PAGE if mention.platform == "facebook" else CHANNEL)


@given(mentions, sentiments, recasings)
def test_the_forces_own_posts_are_never_marked_whatever_they_say(
    mention: Mention, sentiment: str, recase: Callable[[str], str]
) -> None:
    ours = by_the_force(mention, recase)
    assert needs_reply(ours, read(ours, sentiment), OWN) is None


@given(mentions, sentiments, recasings, padding, padding)
def test_the_verdict_does_not_depend_on_letter_case_or_surrounding_space(
    mention: Mention, sentiment: str, recase: Callable[[str], str], before: str, after: str
) -> None:
    shouted = replace(mention, text=before + recase(mention.text) + after)
    assert needs_reply(shouted, read(mention, sentiment), OWN) == needs_reply(mention, read(mention, sentiment), OWN)


# -- the table of moves ----------------------------------------------------------------------------

OFFICER, OTHER = User("pc.smith", frozenset({"officer"})), User("pc.jones", frozenset({"officer"}))


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ["assign", "answer", "dismiss"])
def test_every_status_and_action_moves_as_the_table_says_or_raises_naming_what_is_allowed(
    status: str, action: str
) -> None:
    item = QueueItem(1, "x", "77", "question", "asks a question", 4, NOW, NOW, status=status, assigned_to="pc.smith")
    details = {"assign": {"to": OFFICER}, "answer": {"post_id": 5}, "dismiss": {"note": "answered by phone"}}[action]
    if (status, action) not in MOVES:
        with pytest.raises(IllegalMove, match=rf"is {status}: cannot {action} \(allowed: "):
            move(item, action, by=OFFICER, at=NOW, **details)  # type: ignore[arg-type]
        return
    moved = move(item, action, by=OFFICER, at=NOW, **details)  # type: ignore[arg-type]
    assert moved.status == MOVES[(status, action)] and moved.updated_at == NOW
    with pytest.raises(NotAllowed):  # the wrong person, or no note
        move(item, action, by=OTHER, at=NOW, to=User("d.khan", frozenset({"duty"})), note=" ", post_id=5)


# -- the queue in the store -------------------------------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The example force (its accounts are what matter here): no sandbox needed."""
    base = load(example_path(), environ={})
    return replace(base, store=StoreSettings(path=str(tmp_path / "store.sqlite")))


@pytest.fixture
def store(settings: Settings, make_store: Callable[..., Store]) -> Store:
    """At the path the settings name, so the store and the settings describe one desk."""
    return make_store(
        {"pc.smith": ["officer"], "pc.jones": ["officer"], "r.lee": ["reviewer"], "d.khan": ["duty"]},
        settings.store.path,
    )


def user(store: Store, name: str) -> User:
    found = store.user(name)
    assert found is not None
    return found


def arrive(store: Store, *mentions: Mention, negative: Sequence[str] = ()) -> None:
    """Collect `mentions` and analyse them (ids in `negative` read as negative)."""
    store.save_mentions(mentions)

    def analyse(batch: Sequence[Mention]) -> list[Analysed]:
        return [read(m, "negative" if m.id in negative else "neutral") for m in batch]

    analyse_pending(store, analyse, lambda record: ())


def test_marking_is_incremental_follows_the_analysis_and_never_marks_twice(store: Store, settings: Settings) -> None:
    arrive(
        store,
        x_post("@NorthshirePolice is the station in Heaton open on Sundays?", ident="1"),
        x_post("Lovely crisp morning in Heaton", ident="2"),
        x_post("@resident1 it is, 8am to 8pm", ident="3", by="NorthshirePolice"),
    )
    assert queue_new(store, settings, now=NOW) == 1
    assert queue_new(store, settings, now=NOW) == 0  # nothing new
    store.save_mentions([x_post("@NorthshirePolice someone is breaking into a car on my street right now", ident="4")])
    assert queue_new(store, settings, now=NOW) == 0  # not analysed yet
    arrive(store)
    assert queue_new(store, settings, now=NOW) == 1
    assert [(i.mention_id, i.kind, i.priority) for i in store.reply_queue()] == [
        ("4", "crime_report", 1),
        ("1", "question", 4),
    ]
    store.set_setting("replies_upto", "0")  # a second marker, or a crash before the mark moved on
    assert queue_new(store, settings, now=NOW) == 0
    assert len(store.reply_queue(statuses=None)) == 2


def test_copies_and_old_mentions_are_not_queued(store: Store, settings: Settings) -> None:
    text = "@NorthshirePolice why is nobody answering 101 tonight?"
    old = replace(x_post("@NorthshirePolice is the bridge shut?", ident="9"), created_at=NOW - timedelta(days=5))
    arrive(store, x_post(text, ident="1"), x_post(text, ident="2", by="resident2"), old)
    assert queue_new(store, settings, now=NOW) == 1
    arrive(store, x_post(text, ident="3", by="resident3"))
    assert queue_new(store, settings, now=NOW) == 0
    assert [i.mention_id for i in store.reply_queue()] == ["1"]


def marked(store: Store, settings: Settings, mention: Mention) -> int:
    arrive(store, mention)
    assert queue_new(store, settings, now=NOW) == 1
    return store.reply_queue()[0].id


def test_a_marked_mention_is_assigned_answered_and_its_reply_goes_for_approval(
    store: Store, settings: Settings, no_findings: Checks
) -> None:
    ident = marked(store, settings, x_post("@NorthshireRoads is the A1 shut northbound?", ident="77"))
    smith = user(store, "pc.smith")
    item = store.assign_reply(ident, to=smith, by=user(store, "r.lee"))
    assert (item.status, item.assigned_to, item.assigned_by) == ("assigned", "pc.smith", "r.lee")
    item, post = answer(store, settings, item, "@resident1 It is open again, thanks for asking.", smith, no_findings)
    assert (item.status, item.post_id) == ("answered", post.id)
    assert post.in_reply_to == ReplyTo("x", "77")
    assert post.accounts == (Account("x", "NorthshireRoads"),)
    assert (post.author, post.state) == ("pc.smith", "submitted")
    stored = store.reply_item(ident)
    assert stored is not None and shown_status(stored, store.post(post.id)) == "awaiting approval"
    store.move_post(post.id, "approve", user(store, "r.lee"))
    assert shown_status(stored, store.post(post.id)) == "reply approved"  # read from the post, not copied
    assert [i.id for i in store.reply_queue(to_do=True)] == [ident]  # not out yet: still the desk's
    for action in ("schedule", "start_publishing", "mark_published"):
        store.move_post(post.id, action, SCHEDULER, refs={"x:NorthshireRoads": "https://x.com/i/web/status/78"})
    assert shown_status(stored, store.post(post.id)) == "replied"
    assert store.reply_queue(to_do=True) == []
    actions = [(e.action, e.post_id, e.changes.get("mention")) for e in store.audit() if e.action.endswith("_reply")]
    assert actions == [("assign_reply", None, "x:77"), ("answer_reply", post.id, "x:77")]
    assert store.verify_audit() is None


def test_a_youtube_reply_to_a_reply_goes_under_the_top_level_comment(
    store: Store, settings: Settings, no_findings: Checks
) -> None:
    top = yt_comment("Great video", ident="UgxTop", by="UCa")
    question = yt_comment("Northshire Police is Forge Lane open yet?", ident="UgxTop.r1", parent="UgxTop", by="UCb")
    arrive(store, top)
    ident = marked(store, settings, question)
    smith = user(store, "pc.smith")
    item = store.assign_reply(ident, to=smith, by=smith)
    item, post = answer(store, settings, item, "Not yet, we will post when it opens.", smith, no_findings, submit=False)
    assert item.mention_id == "UgxTop.r1"  # the queue keeps the mention itself ...
    assert post.in_reply_to == ReplyTo("youtube", "UgxTop")  # ... the reply names the parent YouTube needs
    assert (post.state, shown_status(item, post)) == ("draft", "reply drafted")


def test_dismissing_needs_a_note(store: Store, settings: Settings) -> None:
    ident = marked(store, settings, x_post("@NorthshirePolice is this true?", ident="5"))
    with pytest.raises(NotAllowed, match="note"):
        store.dismiss_reply(ident, by=user(store, "d.khan"), note="  ")
    assert store.reply_item(ident).status == "open"  # type: ignore[union-attr]
    item = store.dismiss_reply(ident, by=user(store, "d.khan"), note="answered in the appeal post at 09:10")
    assert (item.status, item.dismissed_by, item.dismissed_note) == (
        "dismissed",
        "d.khan",
        "answered in the appeal post at 09:10",
    )
    assert store.audit()[-1].changes["dismissed_note"] == ["", "answered in the appeal post at 09:10"]
    assert store.reply_queue(to_do=True) == [] and len(store.reply_queue(statuses=["dismissed"])) == 1


def test_illegal_moves_raise_naming_what_is_allowed(store: Store, settings: Settings, no_findings: Checks) -> None:
    ident = marked(store, settings, x_post("@NorthshirePolice is this true?", ident="5"))
    smith, jones = user(store, "pc.smith"), user(store, "pc.jones")
    with pytest.raises(IllegalMove, match=r"is open: cannot answer \(allowed: assign, dismiss\)"):
        answer(store, settings, store.reply_item(ident), "No, it is not.", smith, no_findings)  # type: ignore[arg-type]
    with pytest.raises(NotAllowed, match="cannot answer the public"):
        store.assign_reply(ident, to=user(store, "d.khan"), by=smith)
    item = store.assign_reply(ident, to=smith, by=smith)
    with pytest.raises(NotAllowed, match=r"assigned to pc\.smith"):
        answer(store, settings, item, "No, it is not.", jones, no_findings)
    with pytest.raises(NotAllowed, match="only they or a reviewer"):
        store.assign_reply(ident, to=jones, by=jones)
    store.assign_reply(ident, to=jones, by=user(store, "r.lee"))  # a reviewer hands it on
    item = store.assign_reply(ident, to=jones, by=jones)
    item, _ = answer(store, settings, item, "No, it is not.", jones, no_findings)
    with pytest.raises(IllegalMove, match=r"is answered: cannot dismiss \(allowed: nothing \(final\)\)"):
        store.dismiss_reply(ident, by=jones, note="oops")
    with pytest.raises(KeyError, match="no reply 99"):
        store.assign_reply(99, to=jones, by=jones)


def test_a_refused_reply_saves_nothing(store: Store, settings: Settings, no_findings: Checks) -> None:
    ident = marked(store, settings, x_post("@NorthshirePolice is this true?", ident="5"))
    smith = user(store, "pc.smith")
    item = store.assign_reply(ident, to=smith, by=smith)
    audit_rows = len(store.audit())
    with pytest.raises(DraftRefused, match="x text is empty"):
        answer(store, settings, item, "   ", smith, no_findings)
    assert store.posts() == [] and len(store.audit()) == audit_rows
    assert store.reply_item(ident) == item


def test_the_queue_refuses_an_unknown_filter_by_name(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown kind 'praise'"):
        store.reply_queue(kind="praise")
    with pytest.raises(ValueError, match="unknown reply status"):
        store.reply_queue(statuses=["closed"])


# -- the command line -------------------------------------------------------------------------------


def test_the_replies_commands_mark_list_assign_answer_and_dismiss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "desk.sqlite"
    config = tmp_path / "force.toml"
    config.write_text(example_path().read_text().replace('"var/commsdesk.sqlite"', f'"{database}"'))
    with Store(database) as store:
        store.add_user("pc.smith", ["officer"])
        arrive(
            store,
            x_post("@NorthshirePolice how do I get a crime number for my insurance?", ident="1"),
            x_post("@NorthshirePolice is the Tyne Bridge shut?", ident="2", by="resident2"),
        )
    monkeypatch.setattr("publish.replies.cli.datetime", _FixedNow)
    runner = CliRunner(env={"COLUMNS": "250", "COMMSDESK_USER": "pc.smith"})

    def run(*words: str, exit_code: int = 0) -> str:
        result = runner.invoke(main, ["replies", *words, "--config", str(config)])
        assert result.exit_code == exit_code, result.output
        return result.output

    assert "marked 2 new mention(s)" in run("mark")
    listed = run("list")
    assert "@resident1" in listed and "how do I get a crime number" in listed and "question" in listed
    assert "assigned to pc.smith" in run("assign", "1")
    answered = run("answer", "1", "--text", "@resident1 Hi, you can get one by calling 101.")
    assert "post 1 submitted for approval" in answered
    mine = run("list", "--mine")
    assert "awaiting approval" in mine and "@resident2" not in mine
    shown = run("show", "1")
    assert "how do I get a crime number" in shown and "reply post 1 (submitted" in shown
    assert "dismiss needs a note" in run("dismiss", "2", "--note", " ", exit_code=1)
    assert "dismissed: a duplicate" in run("dismiss", "2", "--note", "a duplicate")
    assert "no reply 3 in the queue" in run("show", "3", exit_code=1)
    assert "nobody is not a desk user" in run("--as", "nobody", exit_code=1)


class _FixedNow(datetime):
    """`replies mark` at the test's time, so its mentions are fresh."""

    @classmethod
    def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
        return NOW

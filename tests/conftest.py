"""Fixtures shared across the suite: a small scenario, a running sandbox, settings pointed at it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from analyse.alerts.grouping import update
from analyse.alerts.records import Alert, Detection, Evidence
from analyse.alerts.records import Post as AlertPost
from analyse.records import Analysed
from analyse.run import count_features
from analyse.topics import feature_keys
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Settings, example_path, load
from config.settings import Store as StoreSettings
from policy_checks.records import Draft, Finding, Severity

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DAY = datetime(2026, 11, 20, tzinfo=UTC)
FORCE_X = {
    "id": "1500000000000000001",
    "username": "NorthshirePolice",
    "name": "Northshire Police",
    "verified": True,
}
PAGE = {"id": "100000000000001", "name": "Northshire Police"}
CHANNEL = {"id": "UCnorthshirepolice000001", "title": "Northshire Police"}


def _x_id(moment: datetime, seq: int) -> str:
    ms = int((moment - datetime(2010, 11, 4, 1, 42, 54, tzinfo=UTC)).total_seconds() * 1000)
    return str((ms << 22) + seq)


def _person(n: int) -> dict[str, object]:
    return {
        "id": str(9000 + n),
        "handle": f"resident{n}",
        "name": f"Resident {n}",
        "verified": False,
        "type": "person",
    }


def small_scenario(
    n_x: int = 40,
    n_fb_posts: int = 3,
    comments_per_post: int = 7,
    n_videos: int = 2,
    comments_per_video: int = 6,
    replies_per_comment: int = 7,
) -> list[dict[str, object]]:
    """A few hours of posts on all three platforms, every one reachable by the collectors."""
    posts: list[dict[str, object]] = []
    for i in range(n_x):
        moment = DAY + timedelta(hours=8, minutes=3 * i)
        text = f"@NorthshirePolice question {i} about parking in Byker" if i % 2 else f"Northshire Police thanks {i}"
        posts.append(
            {
                "platform": "x",
                "id": _x_id(moment, i),
                "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "kind": "post",
                "author": _person(i % 7),
                "text": text,
                "reply_to": None,
                "lang": "en",
                "place": None,
            }
        )
    for p in range(n_fb_posts):
        moment = DAY + timedelta(hours=8, minutes=40 * p)
        post_id = f"{PAGE['id']}_{p + 1}"
        posts.append(
            {
                "platform": "facebook",
                "id": post_id,
                "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "kind": "post" if p % 2 == 0 else "visitor_post",
                "author": {**_person(50 + p), "id": PAGE["id"]} if p % 2 == 0 else _person(50 + p),
                "text": f"Page post {p}",
                "reply_to": None,
                "lang": "en",
                "place": None,
            }
        )
        for c in range(comments_per_post):
            at = moment + timedelta(minutes=2 * c + 1)
            posts.append(
                {
                    "platform": "facebook",
                    "id": f"{p + 1}_{c + 1}",
                    "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "kind": "comment",
                    "author": _person(c),
                    "text": f"comment {c} on post {p}",
                    "reply_to": post_id,
                    "lang": "en",
                    "place": None,
                }
            )
    for v in range(n_videos):
        moment = DAY + timedelta(hours=8, minutes=60 * v)
        video = f"vid{v:08d}"
        posts.append(
            {
                "platform": "youtube",
                "id": video,
                "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "kind": "video",
                "author": {
                    "id": CHANNEL["id"],
                    "handle": "NorthshirePolice",
                    "name": "Northshire Police",
                    "verified": True,
                    "type": "organisation",
                },
                "title": f"Northshire Police update {v}",
                "text": "Our update",
                "reply_to": None,
                "lang": "en",
                "place": None,
            }
        )
        for c in range(comments_per_video):
            at = moment + timedelta(minutes=3 * c + 1)
            comment = f"Ugz{v:02d}{c:02d}aaaaaaaaaaaaaaaa"
            posts.append(
                {
                    "platform": "youtube",
                    "id": comment,
                    "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "kind": "comment",
                    "author": _person(c),
                    "text": f"comment {c} on video {v}",
                    "reply_to": video,
                    "lang": "en",
                    "place": None,
                }
            )
            for r in range(replies_per_comment if c == 0 else 1):
                rat = at + timedelta(seconds=20 * r + 10)
                posts.append(
                    {
                        "platform": "youtube",
                        "id": f"{comment}.reply{r:02d}",
                        "time": rat.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "kind": "reply",
                        "author": _person(r + 20),
                        "text": f"reply {r}",
                        "reply_to": comment,
                        "lang": "en",
                        "place": None,
                    }
                )
    return posts


def write_scenario(path: Path, posts: list[dict[str, object]]) -> Path:
    header = {
        "scenario": {
            "name": "test",
            "description": "test day",
            "start": "2026-11-20T00:00:00Z",
            "end": "2026-11-21T00:00:00Z",
            "timezone": "Europe/London",
            "x_accounts": [FORCE_X],
            "facebook_page": PAGE,
            "youtube_channel": CHANNEL,
        }
    }
    with path.open("w", encoding="utf-8") as out:
        for record in [header, *posts]:
            out.write(json.dumps(record) + "\n")
    return path


def write_force_config(folder: Path, sandbox_url: str, *, sources: dict[str, str], **x: object) -> tuple[Path, Path]:
    """A small force settings file pointed at a sandbox: `sources` maps each enabled source to its
    interval; `x` adds settings to the [x] table. Returns (config file, store file)."""
    store = folder / "force.sqlite"
    tables = {
        "x": 'accounts = ["NorthshirePolice"]',
        "facebook": 'page_id = "100000000000001"',
        "youtube": 'channel_id = "UCnorthshirepolice000001"',
    }
    text = (
        '[force]\nname = "Test Force"\nsearch_terms = ["Northshire Police", "#Northshire"]\n'
        f'[store]\npath = "{store}"\n[platforms]\nsandbox = "{sandbox_url}"\ntimeout = "2s"\n'
    )
    for source, table in tables.items():
        text += f"[{source}]\n"
        text += f'{table}\ninterval = "{sources[source]}"\n' if source in sources else "enabled = false\n"
        if source == "x":
            text += "".join(f"{key} = {value}\n" for key, value in x.items())
    config = folder / "force.toml"
    config.write_text(text)
    return config, store


@pytest.fixture
def force_config() -> object:
    """`write_force_config`, for tests that run commsdesk as a process."""
    return write_force_config


@pytest.fixture
def make_scenario() -> object:
    """`small_scenario` for tests that need a different size (override `scenario_posts` with it)."""
    return small_scenario


@pytest.fixture
def scenario_posts() -> list[dict[str, object]]:
    return small_scenario()


@pytest.fixture
def sandbox_limits() -> dict[str, object] | None:
    """The platforms' allowances in the test sandbox (None: the real defaults); parametrize to change."""
    return None


@pytest.fixture
def sandbox(tmp_path: Path, scenario_posts: list[dict[str, object]], sandbox_limits) -> Iterator[object]:
    from sandbox.server import Sandbox

    path = write_scenario(tmp_path / "scenario.jsonl", scenario_posts)
    with Sandbox(scenario=path, speed=0.0, start=DAY + timedelta(hours=18), limits=sandbox_limits) as running:
        yield running


@pytest.fixture
def settings(sandbox: object, tmp_path: Path) -> Settings:
    """The example force, pointed at the test sandbox, with a fresh store and fast retries."""
    base = load(example_path(), environ={}).with_sandbox(sandbox.url)  # type: ignore[attr-defined]
    return replace(
        base,
        store=StoreSettings(path=str(tmp_path / "store.sqlite")),
        platforms=replace(base.platforms, timeout=2.0, max_wait=3.0),
        x=replace(base.x, accounts=["NorthshirePolice"]),
    )


# -- fakes for the desk's tests: a store clock, stand-in policy checks, a store with its desk users -------------


class TickingClock:
    """A store's clock: a second passes at each reading, so rows written one after another get distinct,
    ordered times; `skip` jumps ahead. It starts at 09:00 UTC on the scenario day."""

    def __init__(self, start: datetime = DAY + timedelta(hours=9)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def skip(self, by: timedelta) -> None:
        self.now += by


class NoFindings:
    """A checker with nothing to say, for tests about the desk rather than the policy rules (those have
    their own tests); it keeps the drafts it was shown."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []

    def check(self, draft: Draft) -> list[Finding]:
        self.drafts.append(draft)
        return []


@dataclass(frozen=True, slots=True)
class FindsWord:
    """A checker standing in for one policy rule: it finds `rule` at `severity` wherever `word` appears."""

    word: str
    rule: str
    severity: Severity

    def check(self, draft: Draft) -> list[Finding]:
        return [
            Finding(self.rule, self.severity, hit.start(), hit.end(), f"{self.rule}: {self.word}")
            for hit in re.finditer(re.escape(self.word), draft.text)
        ]


@pytest.fixture
def ticking_clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def no_findings() -> NoFindings:
    return NoFindings()


@pytest.fixture
def finds_word() -> Callable[[str, str, Severity], FindsWord]:
    """`FindsWord(word, rule, severity)`, so a test can stand one rule in for the real checks."""
    return FindsWord


@pytest.fixture
def make_store(tmp_path: Path, ticking_clock: TickingClock) -> Iterator[Callable[..., Store]]:
    """`make(users, path=None)`: a fresh store on `ticking_clock` with the desk `users` ({name: roles}) added
    in order; closed when the test ends."""
    opened: list[Store] = []

    def make(users: Mapping[str, Sequence[str]], path: str | Path | None = None) -> Store:
        store = Store(path or tmp_path / "store.sqlite", clock=ticking_clock)
        opened.append(store)
        for name, roles in users.items():
            store.add_user(name, roles)
        return store

    yield make
    for store in opened:
        store.close()


# -- alerts ---------------------------------------------------------------------------------------


def spike_alert(
    store: Store,
    place: str = "Elswick",
    *,
    severity: str = "high",
    posts: Sequence[AlertPost] = (),
    terms: tuple[str, ...] = (),
    count: int = 12,
    title: str = "",
    key: str = "",
) -> Alert:
    """One round of the alert checks finding `place` spiking, as they report it: a new alert, or the same one
    grown. `title` and `key` default to the place's ("Spike: Elswick", "place:Elswick")."""
    now = store.clock()
    evidence = Evidence(
        count=count,
        expected=1.5,
        span=timedelta(minutes=30),
        first_seen=now - timedelta(minutes=20),
        last_seen=now,
        terms=terms,
        places=((place, count),),
        posts=tuple(posts),
        mentions=tuple(("x", f"{place}-{i}") for i in range(count)),
    )
    said = f"{count} posts mention {place}"
    detection = Detection("place-spike", severity, said, key or f"place:{place}", title or f"Spike: {place}", evidence)
    [saved] = store.save_alert_changes(update(store.open_alerts(), [detection], now))
    return saved.alert


@pytest.fixture(scope="session")
def raise_alert() -> Callable[..., Alert]:
    """`raise_alert(store, "Elswick", severity=..., posts=..., title=...)`: see `spike_alert`."""
    return spike_alert


# -- mentions and their analyses, made by hand --------------------------------------------------------------


def save_analysed(store: Store, pairs: Sequence[tuple[Mention, Analysed | None]]) -> None:
    """Store hand-made mentions and their analyses with the hourly counts, as `commsdesk analyse` would. The
    analysis moves on past them unless one comes without an analysis (None): then it has not reached them."""
    store.save_mentions([mention for mention, _ in pairs])
    records = [record for _, record in pairs if record is not None]
    reached = len(records) == len(pairs)
    waiting = store.unanalysed(limit=len(pairs) + 1_000) if reached else []
    upto = max((rowid for rowid, _ in waiting), default=store.analysed_upto())
    store.save_analyses(records, features=count_features(records, feature_keys), upto=upto)


@pytest.fixture(scope="session")
def fill() -> Callable[[Store, Sequence[tuple[Mention, Analysed | None]]], None]:
    """`fill(store, [(mention, analysed), ...])`: see `save_analysed`."""
    return save_analysed

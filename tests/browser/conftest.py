"""Browser tests: the real app served by uvicorn on 127.0.0.1, driven by Debian's Chromium through Playwright.

What is here for every browser test (test_flows.py shows them at work in the issue's four flows):

- `desk`: the app running on a free port against a seeded store (`LiveDesk`: its `url`, `open_store()` to add
  or read data while a test runs, `settings`). One per session: tests add what they need, and must not count
  on the store being as seeded.
- `signed_in("duty")`: a fresh browser context signed in as that user through the sign-in form, its page
  watched by a `Watch`; `page_for(...)`: the same without signing in.
- `Watch`: every dialog (which a test fails on: nothing from the public may ever run), console message,
  Content-Security-Policy violation and uncaught page error, so each test can say its page stayed clean.
  Every watched page is checked once more when its test ends.
- `shoot(page, name)`: saves var/screenshots/<name>.png (gitignored), to look at.
- `write_post(text, to=...)`: a checked post already submitted or scheduled; `new_alert(title)`: an alert opened
  now, as the alert checks would (for pages that must show it without reloading).

The seeded store: one user per role (named for it) plus a user with markup in their name, all with
`PASSWORD`; the bundled scenario's hostile posts (script, `javascript:` links, HTML, in texts, names and
titles) as mentions, analysed and queued for reply; posts with markup in them; an alert quoting hostile posts.

Skipped as a whole, with the reason, when Playwright or Chromium is missing (`make browsers` installs
Chromium; `pip install -e '.[dev]'` installs Playwright, which must not download a browser here).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn
from argon2 import PasswordHasher

from analyse.alerts.records import Alert
from analyse.alerts.records import Post as AlertPost
from analyse.pipeline import Analyser
from analyse.run import analyse_pending
from analyse.topics import feature_keys
from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import Settings, example_path, load
from config.settings import Store as StoreSettings
from policy_checks.records import Draft, Finding
from publish.desk import accounts_of, approve, checks_for
from publish.drafts import PostSpec
from publish.records import ROLES
from publish.replies.queue import queue_new
from sandbox.scenarios import NORTHSHIRE_DAY
from web.app import create_app
from web.auth import Passwords, set_password

if TYPE_CHECKING:
    from fastapi import FastAPI
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))  # Debian's; CHROMIUM=path for another
# Without the networking flags Chromium keeps trying to reach Google's servers (DESIGN.md).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str:
    """Why the browser tests cannot run on this machine, or '' when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests need Playwright: pip install -e '.[dev]'"
    return "" if CHROMIUM.exists() else f"browser tests need Chromium at {CHROMIUM}: run make browsers"


MISSING = _missing()


class _CannotRun(pytest.Module):
    """A test module here, on a machine without Playwright or Chromium: skipped with the reason, never
    imported (its imports would fail)."""

    def collect(self) -> list[pytest.Item]:
        pytest.skip(MISSING)


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """The whole directory is skipped, each module with the reason, when a browser cannot be driven here."""
    return _CannotRun.from_parent(parent, path=module_path) if MISSING else None


ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "three words together"
USERS = {
    "officer": ["officer"],
    "reviewer": ["reviewer"],
    "senior": ["senior", "reviewer"],
    "duty": ["duty"],
    "admin": ["admin"],
    "everyone": list(ROLES),  # sees every page: walks the whole desk in one session
}
HOSTILE_USER = "<img src=x onerror=alert('username')>"
# What marks a scenario post as written to attack the page showing it.
MARKUP = ("<", "javascript:", "JaVaScRiPt:", "data:text/html")
# The hostile mentions the seeded alert quotes first (an alert card shows its first three).
ALERT_QUOTES = ("alert('breakout')", "[read it](javascript:", "alert('title')")
# Own posts written with markup, as a careless or malicious officer might.
HOSTILE_POSTS = (
    "<script>alert('own post')</script> The A1 is closed northbound.",
    "Road closed: <a href=\"javascript:alert('own link')\">details</a> <img src=x onerror=alert('own img')>",
)
# The smallest argon2 cost: the tests are about the pages, not about argon2's strength.
CHEAP = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
WAIT_MS = 10_000  # the most any one step waits for the page (Playwright's own default is 30 s)


# -- the app on a real port ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveDesk:
    """The desk as a browser sees it, and its store for the test's side of a flow."""

    url: str
    settings: Settings

    @contextmanager
    def open_store(self) -> Iterator[Store]:
        with Store(self.settings.store.path) as store:
            yield store


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """`app` on a free 127.0.0.1 port for the duration; the socket is bound here, so no other process can
    take the port between choosing it and serving on it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="desk-server")
    thread.start()  # uvicorn leaves signal handling to the main thread (pytest's) when run off it
    for _ in range(200):  # at most 10 s to start
        if server.started or not thread.is_alive():
            break
        time.sleep(0.05)
    if not server.started:
        raise RuntimeError("the desk did not start: see the log above")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def desk(tmp_path_factory: pytest.TempPathFactory, raise_alert: Callable[..., Alert]) -> Iterator[LiveDesk]:
    folder = tmp_path_factory.mktemp("browser")
    example = load(example_path(), environ={})
    settings = replace(
        example,
        store=StoreSettings(path=str(folder / "desk.sqlite")),
        report=replace(example.report, folder=str(folder / "reports")),  # not the checkout's var/reports
    )
    seed(settings, raise_alert)
    with serve(create_app(settings, passwords=CHEAP)) as url:
        yield LiveDesk(url, settings)


# -- what the store holds ----------------------------------------------------------------------------------


class _NoFindings:
    """Posts are seeded unchecked: the compose flow runs the real checks through the app."""

    def check(self, draft: Draft) -> list[Finding]:
        return []


def hostile_rows() -> list[dict[str, Any]]:
    """The bundled scenario's posts that carry markup, in their text, their author's name or their title."""
    rows = [json.loads(line) for line in NORTHSHIRE_DAY.read_text(encoding="utf-8").splitlines()[1:]]
    return [
        row
        for row in rows
        if any(m in field for m in MARKUP for field in (row["text"], row["author"]["name"], row.get("title", "")))
    ]


def mention_from_row(row: dict[str, Any], *, at: datetime) -> Mention:
    """A scenario row as the collectors would store it, moved to `at` so pages about today show it. One
    link is hostile too: collectors build links from ids, but the page must not trust them either."""
    title = row.get("title")
    return Mention(
        platform=row["platform"],
        id=row["id"],
        text=f"{title}\n{row['text']}" if title else row["text"],
        created_at=at,
        author_id=row["author"]["id"],
        author_handle=row["author"]["handle"],
        author_name=row["author"]["name"],
        url="javascript:alert('url')" if row["platform"] == "facebook" else f"https://example.org/{row['id']}",
        lang=row["lang"],
        in_reply_to=row["reply_to"] or "",
        conversation_id=row["reply_to"] or row["id"],
        metrics=row["metrics"],
        raw=row,
        source=f"{row['platform']}-scenario",
    )


def seed(settings: Settings, raise_alert: Callable[..., Alert]) -> None:
    """Users with passwords, the hostile mentions (analysed, queued for reply), own posts, an open alert."""
    now = datetime.now(UTC)
    rows = hostile_rows()
    mentions = [mention_from_row(row, at=now - timedelta(minutes=5 * (len(rows) - n))) for n, row in enumerate(rows)]
    with Store(settings.store.path) as store:
        for name, roles in {**USERS, HOSTILE_USER: ["officer"]}.items():
            store.add_user(name, roles, by="browser tests", email=f"user{len(name)}@northshire.police.invalid")
            set_password(store, name, PASSWORD, by="browser tests", passwords=CHEAP)
        store.save_mentions(mentions)
        analyse_pending(store, Analyser.from_settings(settings).analyse, feature_keys)
        queue_new(store, settings, now=now)
        accounts = accounts_of(settings)
        for author, text in (("officer", "The A1 is closed northbound."), *((HOSTILE_USER, t) for t in HOSTILE_POSTS)):
            spec = PostSpec(texts={"x": text}, accounts=accounts[:1], scheduled_at=now + timedelta(hours=2))
            writer = store.user(author)
            assert writer is not None
            post = store.create_post(spec, by=writer, checker=_NoFindings(), known_accounts=accounts)
            store.move_post(post.id, "submit", writer)
        quoted = tuple(
            AlertPost(m.platform, m.id, m.url, m.text, m.created_at)
            for m in sorted(mentions, key=lambda m: not any(q in m.text for q in ALERT_QUOTES))
        )
        raise_alert(store, posts=quoted, title="<img src=x onerror=alert('alert title')> Spike: Elswick")


@pytest.fixture
def write_post(desk: LiveDesk) -> Callable[..., int]:
    """`write_post(text, to="submitted")`: a post on the force's first X account an hour from now, written by
    the officer and checked by the force's real checks, then submitted, or also approved by the reviewer
    (`to="scheduled"`); its id. For flows that start from a post already in the queue."""

    def write(text: str, *, to: str = "submitted") -> int:
        with desk.open_store() as store:
            officer, reviewer = store.user("officer"), store.user("reviewer")
            assert officer is not None and reviewer is not None
            accounts = accounts_of(desk.settings)
            spec = PostSpec(texts={"x": text}, accounts=accounts[:1], scheduled_at=store.clock() + timedelta(hours=1))
            post = store.create_post(spec, by=officer, checker=checks_for(desk.settings), known_accounts=accounts)
            store.move_post(post.id, "submit", officer)
            if to == "scheduled":
                approve(store, post.id, reviewer)
            return post.id

    return write


@pytest.fixture
def new_alert(desk: LiveDesk, raise_alert: Callable[..., Alert]) -> Callable[[str], None]:
    """`new_alert("Spike: Walker")`: the alert checks open a new alert with that title, now."""

    def open_alert(title: str) -> None:
        with desk.open_store() as store:
            raise_alert(store, title, title=title)  # a place of its own: not grouped with the seeded alert

    return open_alert


# -- the browser ------------------------------------------------------------------------------------------


@dataclass
class Watch:
    """What a page did that a person would not see: dialogs, console messages, CSP violations, script errors."""

    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        self.console.append(f"{message.type}: {message.text}")
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)

    def problems(self) -> list[str]:
        """Everything that must never happen on a desk page; empty when the page stayed clean."""
        return [
            *(f"a dialog opened ({d}): something from the page ran as script" for d in self.dialogs),
            *(f"CSP violation: {v}" for v in self.csp_violations),
            *(f"script error: {e}" for e in self.page_errors),
        ]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@dataclass
class Tab:
    """One browser context's page and what watched it."""

    page: Page
    watch: Watch
    context: BrowserContext


@pytest.fixture
def page_for(browser: Browser, desk: LiveDesk) -> Iterator[Callable[[], Tab]]:
    """`page_for()`: a new browser context (its own cookies) and page on the desk, not signed in, watched.
    Each is checked when the test ends: no dialog, no CSP violation, no script error."""
    opened: list[Tab] = []

    def new_tab() -> Tab:
        context = browser.new_context(
            base_url=desk.url, viewport={"width": 1280, "height": 900}, locale="en-GB", timezone_id="Europe/London"
        )
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        watch = Watch()
        watch.attach(page)
        tab = Tab(page, watch, context)
        opened.append(tab)
        return tab

    yield new_tab
    problems = [problem for tab in opened for problem in tab.watch.problems()]
    for tab in opened:
        tab.context.close()
    assert not problems, problems


def sign_in(page: Page, name: str, password: str = PASSWORD) -> None:
    """Through the sign-in form, as a person does."""
    page.goto("/signin")
    page.get_by_label("Desk user name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/signin" not in url)


@pytest.fixture
def signed_in(page_for: Callable[[], Tab]) -> Callable[[str], Tab]:
    """`signed_in("duty")`: a new browser context signed in as that user, on the home page."""

    def as_user(name: str) -> Tab:
        tab = page_for()
        sign_in(tab.page, name)
        return tab

    return as_user


@pytest.fixture
def shoot() -> Callable[[Page, str], Path]:
    """`shoot(page, "users")`: save the whole page as var/screenshots/users.png (gitignored), to look at."""

    def save(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything here is marked `browser`: `pytest -m "not browser"` leaves the browser out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)

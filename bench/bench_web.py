"""Benchmark the web desk with 1,000,000 mentions in the store: its main pages with 50 signed-in users at
once, and the compose page's policy check.

    python -m bench.bench_web [--quick] [--users 50] [--rounds 3] [--think 5 1] [--think-rounds 1] [--checks 200]
        [--workers N] [--in-flight 10 25 50] [--skip PAGE ...]
    python -m bench web --quick         # 100,000 mentions, while developing

Built first, not timed, and kept under var/bench/ for the next run: the analysed store that
`bench.bench_topics` builds (its builder: 1,000,000 mentions over 25 days here), then the desk on it: `--users`
desk users across the five roles with passwords (`web.auth.set_password`), 300 of the force's posts in
every state (created and moved through the store's verbs, checked by the real policy checks), 30 alerts
(some acknowledged, some resolved) and 300 mentions in the response queue.

Served: the real app (`web.app.create_app`: real argon2, the store pool, uvicorn as `commsdesk serve`
runs it: `--workers` processes, by default one per core as `serve` does) on 127.0.0.1, its clock starting
at the end of the data, so "today" holds the store's busiest day rather than nothing. Every user signs in
through the form.

Timed from the client (50 threads with a `requests.Session` each, in this process; wall ms from sending
the request to the whole body read), with the server's CPU seconds read from /proc meanwhile:

- each main page 20 times in turn by one user, nothing else running: what a page costs;
- the main pages: every GET page of `web.access.NAV` when it runs (those answering 404 are skipped)
  plus `/mentions?q=...` when that route exists, each user fetching the pages open to their roles in
  turn for `--rounds` rounds with no pause: `--in-flight` requests always in flight (10, 25, then all 50:
  the worst case), to show where the answer times cross the target;
- the same with each user pausing before each page, as people read, for `--think-rounds` rounds:
  `--think` seconds (±50%), 5 s (a brisk desk) then 1 s (everyone clicking every second); meanwhile an
  officer types into the compose page, its check posted at each pause (every 0.5 s);
- the compose check (POST /posts/check, the CSRF token in `X-CSRF-Token`) of a 200-character post,
  `--checks` times in turn from one officer, nothing else running.

One thing of the data, not the desk: the builder saves every mention at one moment of its clock, so all
of them count as "collected in the last hour" for /health, which a live store's hour never is (a few
thousand); `--skip /health` leaves it out.

Targets: p95 under 200 ms for the main pages with 50 concurrent signed-in users; the compose page's
findings within 150 ms of a keystroke pause. The figures are printed, never asserted: the machine is
shared (see the load average).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import partial
from itertools import cycle
from pathlib import Path
from threading import Event as ThreadEvent
from threading import Thread
from urllib.parse import quote

import numpy as np
import requests
from fastapi import FastAPI
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from analyse.alerts.grouping import update
from analyse.alerts.records import KINDS, SEVERITIES, Detection, Evidence
from analyse.alerts.records import Post as EvidencePost
from bench.bench_topics import NOW, build, store_bytes
from commsdesk.store import Store
from config.settings import Settings, example_path, load
from config.settings import Store as StoreSettings
from publish import desk
from publish.drafts import PostSpec
from publish.records import SCHEDULER, User
from publish.replies.records import KINDS as REPLY_KINDS
from publish.replies.records import Reason
from web.app import REQUEST_THREADS

PAGES_TARGET_MS = 200.0
CHECK_TARGET_MS = 150.0
FULL, QUICK, DAYS = 1_000_000, 100_000, 25
STORE_VARIABLE = "BENCH_WEB_STORE"  # tells the spawned workers the store
CACHE = Path(__file__).resolve().parent.parent / "var" / "bench"
PASSWORD = "bench desk password"
ROLE_SETS = (("officer",), ("reviewer",), ("senior", "reviewer"), ("duty",), ("admin",))
SEEDED = "bench_web_seeded"  # a store setting: the desk's users, posts, alerts and queue are in
SEARCH_WORDS = ("fire", "word7")  # the afternoon's burst (a few hundred posts); a common word (tens of thousands)
TEXTS = (
    "Officers from the Byker neighbourhood team will be at Byker library from 11am today: pop in for a chat "
    "about anything that worries you.",
    "Heading into town tonight? Plan your journey home, keep your phone charged and look out for your friends.",
    "The A1 northbound is closed at Gosforth after a collision. Please avoid the area and allow extra time.",
    "Thank you to everyone who came to the Heaton community meeting last night: here is what we heard.",
    "We have arrested a 34-year-old man in Walker on suspicion of burglary. Enquiries are ongoing.",
    "Update on the rape reported in Heaton on Tuesday: the victim, Sarah Jones, 24, has asked for privacy.",
)
TYPED = (  # 197 characters, as an officer might have written by the time they pause
    "Officers are in Elswick this afternoon after reports of a fire at a warehouse on Scotswood Road. Please "
    "keep clear of the area, keep windows closed and follow @NorthshireFire for updates. Thank you"
)


def desk_settings(path: Path) -> Settings:
    """The example force on the benchmark's store."""
    return replace(load(example_path(), environ={}), store=StoreSettings(path=str(path)))


def staff(users: int) -> list[tuple[str, tuple[str, ...]]]:
    """`users` desk users spread evenly over the role sets, named for their first role."""
    counts: dict[str, int] = defaultdict(int)
    people = []
    for _, roles in zip(range(users), cycle(ROLE_SETS), strict=False):
        counts[roles[0]] += 1
        people.append((f"bench.{roles[0]}{counts[roles[0]]:02d}", roles))
    return people


# -- the store -------------------------------------------------------------------------------------


def ready_store(mentions: int, users: int) -> Path:
    """The cached store with `mentions` analysed mentions and the desk on it, built or topped up now."""
    from web.auth import set_password

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"web-{mentions}.sqlite"
    per_day = -(-mentions // DAYS)
    with Store(path) as existing:
        built = existing.count_mentions() == per_day * DAYS and existing.analysis_backlog() == 0
    if built:
        print(f"reusing the store at {path}")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        print(f"building {per_day * DAYS:,} analysed mentions over {DAYS} days into {path} (not timed) ...", flush=True)
        build(path, DAYS, per_day)
    with Store(path, clock=lambda: NOW) as store:
        missing = [(name, roles) for name, roles in staff(users) if store.user(name) is None]
        for name, roles in missing:
            store.add_user(name, roles, by="bench")
            set_password(store, name, PASSWORD, by="bench")
        if missing:
            print(f"added {len(missing)} desk users with passwords")
        if store.setting(SEEDED) is None:
            started = time.perf_counter()
            settings = desk_settings(path)
            posts = seed_posts(store, settings)
            alerts = seed_alerts(store)
            queued = seed_reply_queue(store)
            store.set_setting(SEEDED, NOW.isoformat())
            print(
                f"added {posts} posts in every state, {alerts} alerts and {queued} queued mentions "
                f"in {time.perf_counter() - started:.0f} s"
            )
    return path


def _people(store: Store, role: str) -> list[User]:
    return [user for user in store.users() if user.name.startswith("bench.") and role in user.roles]


def seed_posts(store: Store, settings: Settings, n: int = 300) -> int:
    """`n` posts on X, each moved by the store's verbs to one of the states a desk has at any time."""
    checker = desk.checks_for(settings)
    accounts = desk.accounts_of(settings)
    x = next(account for account in accounts if account.platform == "x")
    officers, reviewers = _people(store, "officer"), _people(store, "reviewer")
    duty = _people(store, "duty")
    ends = cycle(("draft", "submitted", "scheduled", "published", "rejected", "held", "failed", "blocked"))
    for i, end in zip(range(n), ends, strict=False):
        author, reviewer = officers[i % len(officers)], reviewers[i % len(reviewers)]
        text = TEXTS[-1] if end == "blocked" else TEXTS[i % (len(TEXTS) - 1)]
        due = NOW + timedelta(hours=1 + i % 96, minutes=i % 4 * 15)
        spec = PostSpec(texts={"x": text}, accounts=(x,), scheduled_at=due)
        post = store.create_post(spec, by=author, checker=checker, known_accounts=accounts)
        if end == "draft":
            continue
        store.move_post(post.id, "submit", author)
        if end == "rejected":
            store.move_post(post.id, "reject", reviewer, note="Too long for X: cut the second sentence.")
        if end in ("scheduled", "published", "held", "failed"):
            desk.approve(store, post.id, reviewer)
        if end == "held":
            store.move_post(post.id, "hold", duty[i % len(duty)], note="Critical incident: routine posts held.")
        if end in ("published", "failed"):
            store.move_post(post.id, "start_publishing", SCHEDULER)
        if end == "published":
            store.move_post(post.id, "record", SCHEDULER, refs={str(x): f"https://x.com/i/status/{19 * 10**17 + i}"})
            store.move_post(post.id, "mark_published", SCHEDULER)
        if end == "failed":
            store.move_post(post.id, "fail", SCHEDULER, note="X answered 503 three times")
    return n


def seed_alerts(store: Store, n: int = 30) -> int:
    """`n` alerts about the last hour's mentions, each its own story; a third acknowledged, a sixth resolved."""
    recent = store.analysed(since=NOW - timedelta(hours=1), until=NOW)
    share = max(1, len(recent) // n)
    detections = []
    for i in range(n):
        mentions = recent[i * share : (i + 1) * share] or recent[-1:]
        evidence = Evidence(
            count=len(mentions),
            expected=len(mentions) / 4,
            span=timedelta(minutes=30),
            first_seen=mentions[0].created_at,
            last_seen=mentions[-1].created_at,
            terms=(f"story{i}", "smoke"),
            places=((f"Place{i}", len(mentions)),),
            posts=tuple(EvidencePost(m.platform, m.id, m.url, m.text, m.created_at) for m in mentions[:5]),
            mentions=tuple((m.platform, m.id) for m in mentions),
        )
        kind, severity = KINDS[i % len(KINDS)], SEVERITIES[i % len(SEVERITIES)]
        title = f"Story {i}: {len(mentions)} posts"
        detections.append(
            Detection(kind, severity, f"{title} in 30 min", f"bench:{i}", title, evidence, (f"story{i}",))
        )
    saved = store.save_alert_changes(update(store.open_alerts(), detections, NOW))
    duty = _people(store, "duty")[0]
    for i, change in enumerate(saved):
        if i % 3 == 0:
            store.acknowledge_alert(change.alert.id, duty.name)
        if i % 6 == 0:
            store.resolve_alert(change.alert.id, duty.name, "Dealt with by the response team.")
    return len(saved)


def seed_reply_queue(store: Store, n: int = 300) -> int:
    """`n` of the last day's mentions queued for a reply (the bench's words ask nothing, so none would be)."""
    day = store.analysed(since=NOW - timedelta(days=1), until=NOW)
    picked = day[:: max(1, len(day) // n)][:n]
    found = [
        (record, Reason(REPLY_KINDS[i % len(REPLY_KINDS)], "asks the force directly", 1 + i % 3))
        for i, record in enumerate(picked)
    ]
    return store.mark_for_reply(found, upto=store.replies_upto())


# -- the server -------------------------------------------------------------------------------------


def desk_app() -> FastAPI:
    """Each worker process's desk: on the store at $BENCH_WEB_STORE, its clock running from the end of the
    data (a module-level factory, as `commsdesk serve` names `web.app:from_environment`)."""
    from commsdesk.logs import setup_logging
    from sandbox.clock import SandboxClock
    from web.app import create_app

    setup_logging("WARNING")
    return create_app(desk_settings(Path(os.environ[STORE_VARIABLE])), clock=SandboxClock(NOW).now)


def serve(path: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    """The desk's `workers` processes under uvicorn, as `commsdesk serve` runs them, in a process of its own."""
    command = [sys.executable, "-m", "uvicorn", "bench.bench_web:desk_app", "--factory", "--workers", str(workers)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-server-header"]
    return subprocess.Popen(command, env={**os.environ, STORE_VARIABLE: str(path)}, stdin=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen[bytes], *, timeout: float = 180) -> None:
    """Until the desk answers (its workers have loaded), or SystemExit when it ends or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(f"{url}/signin", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"the desk did not start at {url}")


@dataclass
class Client:
    """One signed-in user's browser: the session cookie is Secure, which `requests` will not send over
    http (browsers do to 127.0.0.1), so it is carried in the header by hand."""

    name: str
    user: User
    http: requests.Session
    csrf_token: str
    pages: list[str] = field(default_factory=list)


def sign_in(url: str, name: str, user: User) -> Client:
    http = requests.Session()
    http.trust_env = False
    # uvicorn closes a connection idle for 5 s; a page asked for as it does so is asked again on a new
    # one, as browsers do, rather than counted as the desk failing
    http.mount("http://", HTTPAdapter(max_retries=Retry(total=1, allowed_methods=["GET"], status=0)))
    form = http.get(f"{url}/signin", allow_redirects=False)
    token = _csrf(form.text)
    done = http.post(
        f"{url}/signin",
        data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/"},
        headers={"Cookie": f"desk_signin={form.cookies['desk_signin']}"},
        allow_redirects=False,
    )
    if done.status_code != 303:
        raise SystemExit(f"{name} could not sign in ({done.status_code})")
    http.cookies.clear()
    http.headers["Cookie"] = f"desk_session={done.cookies['desk_session']}"
    home = http.get(f"{url}/", allow_redirects=False)
    return Client(name, user, http, _csrf(home.text))


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]*)"', page)
    if not found:
        raise SystemExit("no CSRF token in the page")
    return found[1]


def routes() -> set[tuple[str, str]]:
    """(method, path) of every route the app has now."""
    from web.routes import ROUTERS

    return {(method, route.path) for router in ROUTERS for route in router.routes for method in route.methods}  # type: ignore[attr-defined]


def candidate_pages(user: User, known: set[tuple[str, str]]) -> list[str]:
    """The NAV pages `user` may open, then the mention searches when the search page exists."""
    from web.access import NAV

    pages = [page.path for page in NAV if page.open_to(user)]
    search = next((page for page in NAV if page.path == "/mentions"), None)
    if ("GET", "/mentions") in known and (search is None or search.open_to(user)):
        pages += [f"/mentions?q={quote(word)}" for word in SEARCH_WORDS]
    return pages


# -- timing -----------------------------------------------------------------------------------------

Sample = tuple[str, float, int]  # page, ms, status


@dataclass
class Server:
    """The desk's address and process, to read its CPU time: what each request cost it, however busy the
    shared machine (the wall-clock figures carry the other processes' share too). With several workers
    that is the uvicorn supervisor's and its worker processes' together."""

    url: str
    pid: int

    def cpu_seconds(self) -> float:
        return sum(_cpu_seconds(pid) for pid in [self.pid, *_children(self.pid)])


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:  # the parent's pid
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def fetch(client: Client, url: str, page: str) -> Sample:
    """The page's wall ms and status (0 when the connection failed)."""
    started = time.perf_counter()
    try:
        status = client.http.get(url + page, allow_redirects=False, timeout=60).status_code
    except requests.RequestException:
        status = 0
    return page, (time.perf_counter() - started) * 1000, status


def browse(client: Client, url: str, *, rounds: int, think: float, offset: int) -> list[Sample]:
    """`rounds` rounds of the client's pages, starting at a different page per client so all are in play."""
    rng = random.Random(offset)
    pages = client.pages[offset % len(client.pages) :] + client.pages[: offset % len(client.pages)]
    samples = []
    for _ in range(rounds):
        for page in pages:
            if think:
                time.sleep(think * rng.uniform(0.5, 1.5))
            samples.append(fetch(client, url, page))
    return samples


def under_load(clients: list[Client], url: str, *, rounds: int, think: float) -> list[Sample]:
    with ThreadPoolExecutor(len(clients)) as pool:
        runs = pool.map(
            lambda pair: browse(pair[1], url, rounds=rounds, think=think, offset=pair[0]), enumerate(clients)
        )
        return [sample for run in runs for sample in run]


def alone(clients: list[Client], url: str, *, times: int) -> list[Sample]:
    """Each page `times` times in turn, by the first user who may open it, nothing else running."""
    first: dict[str, Client] = {}
    for client in clients:
        for page in client.pages:
            first.setdefault(page, client)
    return [fetch(client, url, page) for page, client in first.items() for _ in range(times)]


def check(client: Client, url: str, text: str) -> Sample:
    started = time.perf_counter()
    try:
        status = client.http.post(
            f"{url}/posts/check",
            json={"text": text, "accounts": []},  # as compose.js sends it; no account ticked: the first X account
            headers={"X-CSRF-Token": client.csrf_token},
            allow_redirects=False,
            timeout=60,
        ).status_code
    except requests.RequestException:
        status = 0
    return "POST /posts/check", (time.perf_counter() - started) * 1000, status


def typed(i: int) -> str:
    """The post as it stands at the i-th pause: about 200 characters, never twice the same (nothing cached)."""
    return f"{TYPED} {i}"


def typing(client: Client, url: str, until: ThreadEvent, *, pause: float) -> list[Sample]:
    """Checks posted at each pause in the typing, until `until` is set."""
    samples = []
    while not until.is_set():
        samples.append(check(client, url, typed(len(samples))))
        until.wait(pause)
    return samples


def measured(server: Server, work: Callable[[], list[Sample]]) -> tuple[list[Sample], float, float]:
    """`work`'s samples, its wall seconds and the server's CPU seconds meanwhile."""
    cpu, started = server.cpu_seconds(), time.perf_counter()
    samples = work()
    return samples, time.perf_counter() - started, server.cpu_seconds() - cpu


def ms(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def report(title: str, samples: list[Sample], *, target: float, seconds: float = 0.0, cpu: float = 0.0) -> None:
    """Per page, then overall: requests, those not answering 200, p50, p95 and max in ms."""
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_page[sample[0]].append(sample)
    print(title)
    print(f"  {'page':<28} {'requests':>8} {'not 200':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for page, rows in by_page.items():
        times = [row[1] for row in rows]
        failed = sum(1 for row in rows if row[2] != 200)
        print(
            f"  {page:<28} {len(rows):>8,} {failed:>7} {ms(times, 50):>7.0f} {ms(times, 95):>7.0f} {max(times):>7.0f}"
        )
    every = [sample[1] for sample in samples]
    failed = Counter(sample[2] for sample in samples if sample[2] != 200)
    p95 = ms(every, 95)
    print(
        f"  overall: {len(every):,} requests, {failed.total()} not 200, p50 {ms(every, 50):.0f} ms, p95 {p95:.0f} ms "
        f"(target < {target:.0f} ms: {'ok' if p95 < target else 'OVER'})"
    )
    if failed:
        shown = (f"{n} × {status or 'no answer'}" for status, n in sorted(failed.items()))
        print(f"  not 200: {', '.join(shown)}")
    if seconds:
        print(
            f"  {len(every) / seconds:,.0f} requests/s over {seconds:.0f} s; the server's CPU "
            f"{cpu:.1f} s, {cpu * 1000 / max(1, len(every)):.1f} ms a request"
        )


def signed_in_clients(server: Server, users: dict[str, User | None], *, skip: set[str]) -> list[Client]:
    """Every user signed in, with the pages open to them that the app has (a 404 in the warm-up: not yet),
    but those in `skip`."""
    started = time.perf_counter()
    clients = [sign_in(server.url, name, user) for name, user in users.items() if user is not None]
    print(f"{len(clients)} users signed in through the form in {time.perf_counter() - started:.1f} s (argon2)")
    known = routes()
    for client in clients:
        client.pages = [page for page in candidate_pages(client.user, known) if page not in skip]
    with ThreadPoolExecutor(len(clients)) as pool:  # a warm-up round, which also finds the pages not built yet
        probes = [s for run in pool.map(lambda c: [fetch(c, server.url, p) for p in c.pages], clients) for s in run]
    missing = {page for page, _, status in probes if status == 404}
    refused = {(page, status) for page, _, status in probes if status not in (200, 404)}
    for client in clients:
        client.pages = [page for page in client.pages if page not in missing]
    print(f"main pages: {', '.join(sorted({page for client in clients for page in client.pages}))}")
    if missing:
        print(f"  skipped (404, not built yet): {', '.join(sorted(missing))}")
    if skip:
        print(f"  left out (--skip): {', '.join(sorted(skip))}")
    if refused:
        print(f"  answering other than 200 in the warm-up: {sorted(refused)}")
    return clients


def time_the_desk(server: Server, clients: list[Client], args: argparse.Namespace) -> None:
    url = server.url
    officer = next(client for client in clients if "officer" in client.user.roles)
    typist = officer if ("POST", "/posts/check") in routes() else None
    if typist:
        check(typist, url, typed(0))  # waits for the checker's language model, which the compose page starts loading
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (shared machine)", flush=True)
    samples, seconds, cpu = measured(server, lambda: alone(clients, url, times=20))
    report("\none user alone, each page 20 times in turn: what a page costs", samples, target=PAGES_TARGET_MS)
    print(f"  the server's CPU {cpu * 1000 / max(1, len(samples)):.1f} ms a request", flush=True)

    for n in sorted({min(n, len(clients)) for n in args.in_flight or (10, 25, len(clients))}):
        some = clients[:: len(clients) // n][:n]  # spread over the roles, as the staff list runs role by role
        samples, seconds, cpu = measured(server, partial(under_load, some, url, rounds=args.rounds, think=0))
        title = f"\n{n} users at once, no pause: {n} requests always in flight"
        report(
            title + (" (the worst case)" if n == len(clients) else ""),
            samples,
            target=PAGES_TARGET_MS,
            seconds=seconds,
            cpu=cpu,
        )
    for think in args.think:
        print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
        with_pauses(server, clients, typist, think=think, rounds=args.think_rounds)

    if typist is None:
        print("\nthe compose check: POST /posts/check is not built yet")
        return
    samples, seconds, cpu = measured(server, lambda: [check(typist, url, typed(i)) for i in range(args.checks)])
    title = f"\nthe compose check of a {len(typed(0))}-character post, {args.checks} times in turn, nothing else"
    report(title, samples, target=CHECK_TARGET_MS)
    print(f"  the server's CPU {cpu * 1000 / max(1, len(samples)):.1f} ms a check")


def with_pauses(server: Server, clients: list[Client], typist: Client | None, *, think: float, rounds: int) -> None:
    """The users browsing with a pause before each page, while `typist` types into the compose page."""
    done, typed_samples = ThreadEvent(), []
    typing_thread = Thread(
        target=lambda: typed_samples.extend(typing(typist, server.url, done, pause=0.5) if typist else []),
        daemon=True,
    )
    typing_thread.start()
    samples, seconds, cpu = measured(server, lambda: under_load(clients, server.url, rounds=rounds, think=think))
    done.set()
    typing_thread.join()
    title = f"\n{len(clients)} users at once, each pausing {think:.1f} s (±50%) before each page"
    report(title, samples, target=PAGES_TARGET_MS, seconds=seconds, cpu=cpu)
    if typed_samples:
        report("  meanwhile, an officer typing in the compose page:", typed_samples, target=CHECK_TARGET_MS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK:,} mentions instead of {FULL:,}")
    parser.add_argument("--users", type=int, default=50, help="signed-in users browsing at once")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of their pages per user, with no pause")
    parser.add_argument(
        "--think", type=float, nargs="*", default=[5.0, 1.0], help="seconds each user pauses before each page, per run"
    )
    parser.add_argument("--think-rounds", type=int, default=1, help="rounds of their pages per user, pausing")
    parser.add_argument("--checks", type=int, default=200, help="compose checks posted in turn")
    parser.add_argument(
        "--workers", type=int, default=min(os.cpu_count() or 1, 4), help="the desk's processes, as `serve --workers`"
    )
    parser.add_argument(
        "--in-flight", type=int, nargs="*", default=None, metavar="N", help="users browsing with no pause, per run"
    )
    parser.add_argument("--skip", nargs="*", default=[], metavar="PAGE", help="pages left out, such as /health")
    args = parser.parse_args(argv)

    path = ready_store(QUICK if args.quick else FULL, args.users)
    with Store(path) as store:
        mentions = store.count_mentions()
        users = {name: store.user(name) for name, _ in staff(args.users)}
    print(f"store on disk: {store_bytes(path) / 2**20:,.0f} MB for {mentions:,} mentions and the desk")

    port = free_port()
    process = serve(path, port, args.workers)
    try:
        server = Server(f"http://127.0.0.1:{port}", process.pid)
        wait_for(server.url, process)
        print(
            f"the desk is at {server.url} ({args.workers} uvicorn worker process{'es' if args.workers != 1 else ''}, "
            f"{REQUEST_THREADS} request threads each); its clock starts at {NOW:%Y-%m-%d %H:%M} UTC"
        )
        time_the_desk(server, signed_in_clients(server, users, skip=set(args.skip)), args)
    finally:
        if process.poll() is not None:
            print(f"the desk's process had ended early (exit code {process.returncode})")
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

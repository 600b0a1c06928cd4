"""The web desk's part of `make demo`: the app served on the demo's store, with a sign-in for each role.

The store holds a day that has already been played (the sandbox's Friday), so the desk is served on a
clock that carries on from where the play stopped, the morning after: today's topics, the open alerts
and the queue are the day's, as its staff would find them. Were it served on the wall clock, a demo run
on any later date would show an empty desk.

The passwords are for the demo only: the same every run, printed on screen, and the desk listens on
127.0.0.1 alone.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType

import uvicorn
from rich.console import Console
from rich.table import Table
from starlette.types import ASGIApp

from commsdesk.demo_desk import STAFF
from commsdesk.store import Store
from config.settings import Settings
from publish.drafts import show_london
from sandbox.clock import SandboxClock

HOST = "127.0.0.1"
PORT = 8080  # when it is free; any free port otherwise
DEMO_PASSWORD = "northshire demo day"
ADMIN = ("a.admin", ("admin",), "desk-admin@northshire.invalid")  # the demo's desk has no admin of its own


@dataclass
class DeskServer:
    """An ASGI app under uvicorn on 127.0.0.1, in a background thread for the length of the `with`.

    The socket is bound here, before uvicorn starts, so `url` is known and no other process can take the
    port in between; a taken `port` falls back to a free one. uvicorn runs as `commsdesk serve` runs it.
    """

    app: ASGIApp
    port: int = 0
    url: str = ""
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None
    _socket: socket.socket | None = field(default=None, repr=False)

    def __enter__(self) -> DeskServer:
        self._socket = _listening_socket(self.port)
        self.url = f"http://{HOST}:{self._socket.getsockname()[1]}"
        config = uvicorn.Config(self.app, log_config=None, server_header=False, proxy_headers=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="desk-server", daemon=True
        )
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                self._socket.close()
                raise RuntimeError(f"the web desk did not start on {self.url}")
            time.sleep(0.02)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()


def _listening_socket(port: int) -> socket.socket:
    try:
        return _bound(port)
    except OSError:
        if not port:
            raise
        return _bound(0)


def _bound(port: int) -> socket.socket:
    # IPPROTO_TCP named, as uvicorn's own binding has it: asyncio turns Nagle off (TCP_NODELAY) only on
    # sockets that say so, and with Nagle on, a response written in two parts waits 40 ms for an ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port just let go of is free again
    try:
        sock.bind((HOST, port))
    except OSError:
        sock.close()
        raise
    return sock


def demo_sign_ins(store: Store) -> list[tuple[str, tuple[str, ...]]]:
    """Give each of the demo's desk users, and an admin, the demo password; (name, roles) for the screen.
    The day's play made the staff (`demo_desk.STAFF`); the admin is added here."""
    from web.auth import set_password

    name, roles, email = ADMIN
    store.add_user(name, roles, by="demo set-up", email=email)
    people = [(person, roles) for person, (roles, _) in STAFF.items()] + [(name, roles)]
    for person, _ in people:
        set_password(store, person, DEMO_PASSWORD, by="demo set-up")
    return people


def sign_ins_table(people: list[tuple[str, tuple[str, ...]]]) -> Table:
    table = Table(title="sign in to the web desk as any of them (demo passwords, for this machine only)")
    for column in ("name", "roles", "password"):
        table.add_column(column)
    for name, roles in people:
        table.add_row(name, ", ".join(roles), DEMO_PASSWORD)
    return table


def serve_demo(
    settings: Settings, *, since: datetime, console: Console, port: int = PORT, stop: threading.Event | None = None
) -> None:
    """Serve the web desk on the demo's store (`settings.store.path`), its clock running on from `since`,
    until Ctrl-C (or `stop` is set: tests)."""
    from web.app import create_app

    clock = SandboxClock(since).now
    with Store(settings.store.path, clock=clock) as store:
        people = demo_sign_ins(store)
    with DeskServer(create_app(settings, clock=clock), port=port) as server:
        console.print(sign_ins_table(people))
        console.print(
            f"[bold]the web desk is at {server.url}/[/bold] on the demo's store, its clock running on from "
            f"{show_london(since)} (the morning after the day); Ctrl-C stops it",
            highlight=False,
        )
        try:
            (stop or threading.Event()).wait()
        except KeyboardInterrupt:
            console.print("stopping the web desk")

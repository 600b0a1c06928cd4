"""What every request of the web desk shares: the settings, the stores, password hashing, the
templates. One `Desk` per app, kept on `app.state.desk`."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates

from commsdesk.store import Store
from config.settings import Settings
from web.auth import Passwords


class StorePool:
    """Stores lent to requests, one request at a time each, and kept between requests: opening one costs
    its migrations check, and its page cache is worth keeping. SQLite serialises the writers. The first
    store is opened at once, so migrations run before the first request rather than racing in it."""

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime], keep: int = 16) -> None:
        self.path, self.clock, self.keep = path, clock, keep
        self._idle: list[Store] = []
        self._lock = threading.Lock()
        with self.borrow():
            pass

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        with self._lock:
            store = self._idle.pop() if self._idle else None
        store = store or Store(self.path, clock=self.clock)
        try:
            yield store
        finally:
            with self._lock:
                kept = len(self._idle) < self.keep
                if kept:
                    self._idle.append(store)
            if not kept:
                store.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for store in idle:
            store.close()


@dataclass(frozen=True)
class Desk:
    """The app's shared parts, none of them the desk's state: sessions and failed sign-ins (at unknown names
    too) are in the store, so every worker process sees the same. The one thing a process keeps for itself is
    the hot topics of the minute (web/routes/topics.py), worked out again from the store by each."""

    settings: Settings
    stores: StorePool
    passwords: Passwords
    templates: Jinja2Templates

    @property
    def name(self) -> str:
        """What the pages call the desk: the force's name when the settings give one."""
        return f"{self.settings.force.name} comms desk" if self.settings.force.name else "Comms desk"

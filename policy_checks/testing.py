"""Test helpers for code that uses the checks: a fake entity finder, so tests of the engine, the
CLI or the publishing workflow need not load spaCy."""

from __future__ import annotations

from collections.abc import Sequence

from policy_checks.nlp import Entity


class FakeEntities:
    """An entity finder that knows only the people it is given, and counts its calls."""

    def __init__(self, people: Sequence[str] = ()) -> None:
        self.people = tuple(people)
        self.calls = 0

    def __call__(self, text: str) -> list[Entity]:
        self.calls += 1
        found = []
        for name in self.people:
            start = text.find(name)
            while start >= 0:
                found.append(Entity(start, start + len(name), "PERSON", name))
                start = text.find(name, start + 1)
        return sorted(found, key=lambda e: e.start)

"""Fixtures for the analysis commands: a force whose store holds a quiet day and then a fire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from commsdesk.records import Mention
from commsdesk.store import Store
from config.settings import example_path

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # the fire's posts are in the 40 minutes before
EVERYDAY = [
    "Thanks for sorting the parking outside the school in Heaton",
    "Who do I ring about a noisy party in Jesmond",
    "Lovely to see the bobbies at the Gosforth fair",
    "Speeding on the coast road again tonight",
    "Shoplifters at the Byker shops again, nobody came",
    "Great chat with the PCSO in Fenham this morning",
]
FIRE = [
    "Huge fire at the warehouse in Elswick, black smoke everywhere",
    "Is that a fire in Elswick? Smoke over the whole river",
    "@jane_doe_99 the warehouse fire in Elswick is massive, stay inside",
    "Fire engines flying down Scotswood Road, something big in Elswick",
    "Smoke from the Elswick fire all over Benwell now",
]


def x_post(n: int, text: str, at: datetime, author: int) -> Mention:
    return Mention(
        platform="x",
        id=str(2_000_000 + n),
        text=text,
        created_at=at,
        author_id=str(700 + author),
        author_handle=f"resident_{author}",
        author_name=f"Resident Person {author}",
        url=f"https://x.com/resident_{author}/status/{2_000_000 + n}",
        lang="en",
        conversation_id=str(2_000_000 + n),
    )


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """The example force with a store holding a quiet day and, in its last 40 minutes, a fire."""
    store_path = tmp_path / "desk.sqlite"
    config = tmp_path / "force.toml"
    config.write_text(example_path().read_text().replace('"var/commsdesk.sqlite"', f'"{store_path}"'))
    quiet = [
        x_post(i, f"{EVERYDAY[i % 6]} ({i})", NOW - timedelta(hours=10) + i * timedelta(minutes=10), i % 40)
        for i in range(57)
    ]
    fire = [x_post(100 + i, f"{FIRE[i % 5]} #{i}", NOW - timedelta(minutes=40 - 2 * i), 50 + i) for i in range(20)]
    with Store(store_path) as store:
        store.save_mentions(quiet + fire)
    return config

"""The service's analysis job: nothing a collection stored is left waiting for the next collection."""

from __future__ import annotations

from config.settings import Settings
from ingest.service import Service


def test_mentions_stored_while_the_analysis_runs_are_analysed_before_it_ends(settings: Settings) -> None:
    """A wake-up sent while the analysis runs is dropped by the scheduler; the flag must not be."""
    from datetime import UTC, datetime

    from commsdesk.records import Mention
    from commsdesk.store import Store

    def mention(ident: str) -> Mention:
        return Mention("x", ident, f"Road closed in Byker {ident}", datetime(2026, 11, 20, 9, tzinfo=UTC))

    service = Service(settings)
    with Store(settings.store.path) as store:
        store.save_mentions([mention("1")])
    collected_meanwhile: list[str] = []

    def a_collection_lands_during_the_alert_round() -> list[object]:
        if not collected_meanwhile:
            with Store(settings.store.path) as store:
                store.save_mentions([mention("2")])
            collected_meanwhile.append("2")
            service._new.set()  # what `collect` does when it stored something new
        return []

    service.check_alerts = a_collection_lands_during_the_alert_round  # type: ignore[method-assign]
    assert service.analyse().analysed == 2
    with Store(settings.store.path) as store:
        assert store.analysis_backlog() == 0

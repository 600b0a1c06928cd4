"""A declared critical incident puts the collectors on their incident intervals, and ending it puts them back."""

from __future__ import annotations

from config.settings import Settings
from ingest.service import Service


def intervals(service: Service) -> dict[str, float]:
    assert service._scheduler is not None
    return {
        job.id.split(":")[1]: job.trigger.interval.total_seconds()
        for job in service._scheduler.get_jobs()
        if job.id.startswith("collect:")
    }


def test_collectors_speed_up_during_an_incident_and_slow_down_after(settings: Settings) -> None:
    from commsdesk.store import Store

    service = Service(settings)
    service._scheduler = service.scheduler()
    try:
        usual = intervals(service)
        assert usual == {"x": 300.0, "facebook": 300.0, "youtube": 600.0}
        assert service.follow_incident() is False
        with Store(settings.store.path) as store:
            store.start_incident(reason="warehouse fire, Elswick", by="insp.khan", place="Elswick")
        assert service.follow_incident() is True
        assert intervals(service) == {"x": 30.0, "facebook": 60.0, "youtube": 180.0}
        with Store(settings.store.path) as store:
            store.end_incident(by="insp.khan", note="fire out")
        assert service.follow_incident() is False
        assert intervals(service) == usual
    finally:
        service._scheduler.shutdown(wait=False)


def test_an_interval_already_shorter_than_the_incident_one_is_kept(settings: Settings) -> None:
    service = Service(settings)
    service.collectors = {name: (collector, 10.0) for name, (collector, _) in service.collectors.items()}
    assert service.intervals(incident=True) == {"x": 10.0, "facebook": 10.0, "youtube": 10.0}

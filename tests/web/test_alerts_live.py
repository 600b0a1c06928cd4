"""Duty staff's alerts on the web desk: the most urgent first with the evidence, acknowledged and resolved
through guarded forms, and kept live by a cheap poll that answers only what changed."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from analyse.alerts.records import Alert, Post
from commsdesk.store import Store
from web.routes import alerts as alert_routes

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def duty(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("duty")


def marker_of(page: Response) -> int:
    found = re.search(r'data-marker="(\d+)"', page.text)
    assert found, "no marker in the page"
    return int(found.group(1))


def cards(page: Response) -> list[int]:
    """The alert ids of the cards in a page or fragment, in order."""
    return [int(ident) for ident in re.findall(r'<article [^>]*id="alert-(\d+)"', page.text)]


# -- the page ---------------------------------------------------------------------------------------


def test_open_alerts_come_most_severe_first_with_the_severity_in_words_and_the_evidence(
    duty: TestClient, store: Store, raise_alert: Callable[..., Alert]
) -> None:
    medium = raise_alert(store, "Byker", severity="medium")
    critical = raise_alert(store, "Elswick", severity="critical", terms=("smoke", "fire"))
    high = raise_alert(store, "Heaton", severity="high")

    page = duty.get("/alerts")

    assert cards(page) == [critical.id, high.id, medium.id]
    assert '<span class="severity-word">Critical</span>' in page.text
    assert "12 in 30 minutes, where about 1.5 is usual" in page.text
    assert "smoke, fire" in page.text and "Elswick (12)" in page.text
    assert "3 open, the most urgent first." in page.text


def test_without_script_the_page_says_to_reload_and_links_to_itself(duty: TestClient) -> None:
    page = duty.get("/alerts").text
    assert "reload the page</a> to see new alerts" in page and '<a href="/alerts">' in page
    assert '<script src="/static/alerts.js" defer></script>' in page
    assert "<noscript" not in page
    assert 'role="status"' in page and 'role="alert"' in page  # where the script announces new alerts


def test_one_alert_shows_its_history(duty: TestClient, store: Store, raise_alert: Callable[..., Alert]) -> None:
    alert = raise_alert(store, "Elswick")
    raise_alert(store, "Elswick", count=30)
    store.acknowledge_alert(alert.id, "duty")

    page = duty.get(f"/alerts/{alert.id}")

    assert page.status_code == 200
    assert re.findall(r"<td>(new|updated|acknowledged)\b", page.text) == ["new", "updated", "acknowledged"]
    assert "<td>duty</td>" in page.text
    assert duty.get("/alerts/999").status_code == 404


# -- acknowledging and resolving ----------------------------------------------------------------------


def test_duty_acknowledges_then_resolves_with_a_note(
    duty: TestClient, store: Store, form_token: Callable[[Response], str], raise_alert: Callable[..., Alert]
) -> None:
    alert = raise_alert(store, "Elswick")
    token = form_token(duty.get("/alerts"))

    acknowledged = duty.post(f"/alerts/{alert.id}/acknowledge", data={"csrf_token": token})

    assert acknowledged.status_code == 303
    assert acknowledged.headers["location"] == f"/alerts?done=acknowledged&alert={alert.id}#alert-{alert.id}"
    assert f"Alert {alert.id} acknowledged by duty: Spike: Elswick" in duty.get(acknowledged.headers["location"]).text
    assert store.get_alert(alert.id).acknowledged_by == "duty"  # type: ignore[union-attr]

    resolved = duty.post(
        f"/alerts/{alert.id}/resolve",
        data={"csrf_token": token, "note": "Bonfire, fire service there", "back": "alert"},
    )

    assert resolved.headers["location"] == f"/alerts/{alert.id}?done=resolved"
    after = store.get_alert(alert.id)
    assert after is not None and (after.state, after.resolved_by) == ("resolved", "duty")
    assert after.resolved_note == "Bonfire, fire service there"
    assert cards(duty.get("/alerts")) == []
    assert "Bonfire, fire service there" in duty.get(f"/alerts/{alert.id}").text


def test_resolving_needs_a_note_and_an_owner(
    duty: TestClient, store: Store, form_token: Callable[[Response], str], raise_alert: Callable[..., Alert]
) -> None:
    alert = raise_alert(store, "Elswick")
    token = form_token(duty.get("/alerts"))

    not_owned = duty.post(f"/alerts/{alert.id}/resolve", data={"csrf_token": token, "note": "gone quiet"})
    assert not_owned.status_code == 409
    assert "cannot resolve (allowed: acknowledge)" in not_owned.text
    assert f'action="/alerts/{alert.id}/acknowledge"' in not_owned.text  # the move it does allow

    store.acknowledge_alert(alert.id, "senior")
    no_note = duty.post(f"/alerts/{alert.id}/resolve", data={"csrf_token": token, "note": "  "})
    assert no_note.status_code == 400
    assert f'<a href="#note-{alert.id}">Note: say what happened' in no_note.text
    assert store.get_alert(alert.id).state == "acknowledged"  # type: ignore[union-attr]


def test_acknowledging_an_alert_someone_already_owns_says_so(
    duty: TestClient, store: Store, form_token: Callable[[Response], str], raise_alert: Callable[..., Alert]
) -> None:
    alert = raise_alert(store, "Elswick")
    token = form_token(duty.get("/alerts"))
    store.acknowledge_alert(alert.id, "senior")

    again = duty.post(f"/alerts/{alert.id}/acknowledge", data={"csrf_token": token})

    assert again.status_code == 409
    assert "is acknowledged: cannot acknowledge" in again.text
    assert store.get_alert(alert.id).acknowledged_by == "senior"  # type: ignore[union-attr]


def test_the_forms_need_the_sessions_csrf_token(
    duty: TestClient, store: Store, raise_alert: Callable[..., Alert]
) -> None:
    alert = raise_alert(store, "Elswick")

    assert duty.post(f"/alerts/{alert.id}/acknowledge", data={}).status_code == 403
    assert duty.post(f"/alerts/{alert.id}/acknowledge", data={"csrf_token": "guessed"}).status_code == 403
    store.acknowledge_alert(alert.id, "duty")
    assert duty.post(f"/alerts/{alert.id}/resolve", data={"note": "done"}).status_code == 403
    assert store.get_alert(alert.id).state == "acknowledged"  # type: ignore[union-attr]


@pytest.mark.parametrize("who", ["reviewer", "admin"])
def test_reviewers_and_admins_read_alerts_but_leave_owning_them_to_duty_staff(
    signed_in: Callable[[str], TestClient],
    store: Store,
    form_token: Callable[[Response], str],
    who: str,
    raise_alert: Callable[..., Alert],
) -> None:
    alert = raise_alert(store, "Elswick")
    browser = signed_in(who)
    page = browser.get("/alerts")

    assert page.status_code == 200 and cards(page) == [alert.id]
    assert "/acknowledge" not in page.text
    refused = browser.post(f"/alerts/{alert.id}/acknowledge", data={"csrf_token": form_token(page)})
    assert refused.status_code == 403
    assert store.get_alert(alert.id).state == "new"  # type: ignore[union-attr]


def test_a_senior_officer_may_acknowledge(
    signed_in: Callable[[str], TestClient],
    store: Store,
    form_token: Callable[[Response], str],
    raise_alert: Callable[..., Alert],
) -> None:
    alert = raise_alert(store, "Elswick")
    senior = signed_in("senior")
    senior.post(f"/alerts/{alert.id}/acknowledge", data={"csrf_token": form_token(senior.get("/alerts"))})
    assert store.get_alert(alert.id).acknowledged_by == "senior"  # type: ignore[union-attr]


# -- live: /alerts/latest ------------------------------------------------------------------------------


def test_the_poll_answers_nothing_when_nothing_changed(
    duty: TestClient, store: Store, raise_alert: Callable[..., Alert]
) -> None:
    raise_alert(store, "Elswick")
    marker = marker_of(duty.get("/alerts"))

    quiet = duty.get(f"/alerts/latest?after={marker}")

    assert quiet.status_code == 204 and quiet.text == ""


def test_the_poll_returns_only_alerts_changed_after_the_marker(
    duty: TestClient, store: Store, raise_alert: Callable[..., Alert]
) -> None:
    old = raise_alert(store, "Byker")
    marker = marker_of(duty.get("/alerts"))
    new = raise_alert(store, "Elswick", severity="critical")

    fragment = duty.get(f"/alerts/latest?after={marker}")

    assert fragment.status_code == 200
    assert cards(fragment) == [new.id]
    assert "<html" not in fragment.text and "<h1" not in fragment.text  # a fragment, not a page
    assert 'data-rank="2"' in fragment.text and 'data-severity="critical"' in fragment.text
    newer = marker_of(fragment)
    assert newer > marker
    assert duty.get(f"/alerts/latest?after={newer}").status_code == 204

    store.acknowledge_alert(old.id, "senior")
    moved = duty.get(f"/alerts/latest?after={newer}")
    assert cards(moved) == [old.id]
    assert "acknowledged by senior" in moved.text


def test_a_resolved_alert_comes_as_an_empty_stub_for_the_page_to_remove(
    duty: TestClient, store: Store, raise_alert: Callable[..., Alert]
) -> None:
    alert = raise_alert(store, "Elswick")
    store.acknowledge_alert(alert.id, "duty")
    marker = marker_of(duty.get("/alerts"))
    store.resolve_alert(alert.id, "duty", "all clear")

    fragment = duty.get(f"/alerts/latest?after={marker}").text

    assert (
        f'<article id="alert-{alert.id}" data-alert-id="{alert.id}" data-state="resolved" hidden></article>' in fragment
    )
    assert "all clear" not in fragment and "Spike" not in fragment


def test_a_page_too_far_behind_is_told_to_reload_rather_than_sent_everything(
    duty: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch, raise_alert: Callable[..., Alert]
) -> None:
    monkeypatch.setattr(alert_routes, "MAX_CHANGED", 1)
    marker = marker_of(duty.get("/alerts"))
    raise_alert(store, "Elswick")
    raise_alert(store, "Byker")

    fragment = duty.get(f"/alerts/latest?after={marker}")

    assert 'data-behind="yes"' in fragment.text and len(cards(fragment)) == 1
    monkeypatch.setattr(alert_routes, "MAX_EVENTS", 1)  # more events since than one poll reads: none are
    far_behind = duty.get(f"/alerts/latest?after={marker}")
    assert 'data-behind="yes"' in far_behind.text and cards(far_behind) == []
    assert marker_of(far_behind) == store.alert_marker()


def test_the_poll_is_for_the_same_people_as_the_page(
    client: TestClient, signed_in: Callable[[str], TestClient]
) -> None:
    assert client.get("/alerts/latest?after=0").status_code == 303
    assert signed_in("officer").get("/alerts/latest?after=0").status_code == 403


# -- what the public wrote stays text ------------------------------------------------------------------


def test_public_text_in_the_evidence_is_inert_on_the_page_the_alert_and_the_poll(
    duty: TestClient, store: Store, raise_alert: Callable[..., Alert]
) -> None:
    marker = marker_of(duty.get("/alerts"))
    now = store.clock()
    alert = raise_alert(
        store,
        "Elswick",
        terms=(SCRIPT,),
        posts=(
            Post("x", "1", "javascript:alert(1)", f"{SCRIPT} <b>loud</b>", now),
            Post("facebook", "2", " JavaScript:alert(2)", '<img src=x onerror="alert(3)">', now),
            Post("x", "3", "https://x.com/i/status/3", "third", now),
        ),
    )

    for response in (duty.get("/alerts"), duty.get(f"/alerts/{alert.id}"), duty.get(f"/alerts/latest?after={marker}")):
        page = response.text
        assert SCRIPT not in page and "<b>loud</b>" not in page and "<img" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;loud&lt;/b&gt;" in page
        assert "javascript:" not in page.lower()
        assert 'href="https://x.com/i/web/status/3"' in page  # rebuilt without the author, as `alerts show` does


def test_private_people_in_the_evidence_are_shown_by_their_pseudonyms(
    duty: TestClient, store: Store, raise_alert: Callable[..., Alert]
) -> None:
    now = store.clock()
    alert = raise_alert(store, "Heaton", posts=(Post("x", "4", "", "@jenny_from_heaton saw smoke over the park", now),))
    page = duty.get(f"/alerts/{alert.id}").text
    assert "jenny_from_heaton" not in page and "Resident " in page and "saw smoke over the park" in page


def test_every_field_on_the_alert_pages_has_a_label(
    duty: TestClient, store: Store, raise_alert: Callable[..., Alert]
) -> None:
    raise_alert(store, "Byker")
    owned = raise_alert(store, "Elswick")
    store.acknowledge_alert(owned.id, "duty")
    for page in (duty.get("/alerts").text, duty.get(f"/alerts/{owned.id}").text):
        fields = re.findall(r"<(?:input|textarea|select)\b[^>]*>", page)
        assert any("<textarea" in field for field in fields)
        for field in fields:
            if 'type="hidden"' in field:
                continue
            ident = re.search(r'id="([^"]+)"', field)
            assert ident and f'<label for="{ident.group(1)}">' in page, field


def test_the_store_answers_the_poll_from_the_events_since_the_marker_newest_first_and_bounded(
    store: Store, raise_alert: Callable[..., Alert]
) -> None:
    assert store.alert_marker() == 0
    byker, elswick, heaton = (raise_alert(store, place) for place in ("Byker", "Elswick", "Heaton"))
    marker = store.alert_marker()
    store.acknowledge_alert(byker.id, "duty")
    raise_alert(store, "Heaton", count=20)

    assert [a.id for a in store.alerts_changed_after(marker)] == [heaton.id, byker.id]
    assert [a.id for a in store.alerts_changed_after(marker, limit=1)] == [heaton.id]
    assert [a.id for a in store.alerts_changed_after(0)] == [heaton.id, byker.id, elswick.id]
    assert store.alerts_changed_after(store.alert_marker()) == []

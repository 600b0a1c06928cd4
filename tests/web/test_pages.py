"""What every page is made of: security headers, escaped public text, nothing loaded from outside,
labelled inputs, titles that name the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from analyse.alerts.records import Alert, Post
from commsdesk.store import Store
from policy_checks.records import Draft, Finding
from publish.drafts import PostSpec
from publish.records import Account
from web.pages import STATIC, TEMPLATES, http_url

SCRIPT = "<script>alert(1)</script>"
X = Account("x", "NorthshirePolice")


class NoFindings:
    def check(self, draft: Draft) -> list[Finding]:
        return []


def post_from_officer(store: Store, text: str) -> int:
    officer = store.user("officer")
    assert officer is not None
    spec = PostSpec(texts={"x": text}, accounts=(X,), scheduled_at=store.clock() + timedelta(hours=1))
    return store.create_post(spec, by=officer, checker=NoFindings(), known_accounts={X}).id


@pytest.fixture
def duty(signed_in: Callable[[str], TestClient]) -> TestClient:
    return signed_in("duty")


# -- headers on every response --------------------------------------------------------------------

RESPONSES = {
    "home": ("duty", "/", 200),
    "alerts": ("duty", "/alerts", 200),
    "posts": ("duty", "/posts", 200),
    "not open to you": ("officer", "/alerts", 403),
    "sign-in page": (None, "/signin", 200),
    "sent to sign in": (None, "/posts", 303),
    "not found": ("duty", "/no-such-page", 404),
    "health": (None, "/healthz", 200),
    "stylesheet": (None, "/static/desk.css", 200),
    "script": (None, "/static/desk.js", 200),
}


@pytest.mark.parametrize(("who", "path", "status"), RESPONSES.values(), ids=RESPONSES.keys())
def test_every_response_carries_the_security_headers(
    client: TestClient, signed_in: Callable[[str], TestClient], who: str | None, path: str, status: int
) -> None:
    response = (signed_in(who) if who else client).get(path)
    assert response.status_code == status
    policy = response.headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    if not path.startswith("/static/"):
        assert response.headers["cache-control"] == "no-store"


def test_a_form_post_refused_for_its_token_carries_them_too(duty: TestClient) -> None:
    response = duty.post("/signout", data={"csrf_token": "wrong"})
    assert response.status_code == 403
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


# -- escaping ---------------------------------------------------------------------------------------


def test_post_text_is_shown_as_text_never_as_markup(duty: TestClient, store: Store) -> None:
    post_from_officer(store, f'{SCRIPT} <a href="javascript:alert(2)">click</a> <img src=x onerror=alert(3)>')
    page = duty.get("/posts").text
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert "<img" not in page


def test_an_alerts_public_posts_and_links_stay_inert(
    duty: TestClient, store: Store, raise_alert: Callable[..., Alert]
) -> None:
    now = store.clock()
    posts = (
        Post("x", "1", "javascript:alert(1)", f"{SCRIPT} <b>loud</b>", now),
        Post("x", "2", " JavaScript:alert(2)", "second", now),
        Post("x", "3", "https://x.com/i/status/3", "third", now),
    )
    raise_alert(store, posts=posts, title="<img src=x onerror=alert(4)>")
    page = duty.get("/alerts").text
    assert SCRIPT not in page and "<b>loud</b>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;loud&lt;/b&gt;" in page
    assert "javascript:" not in page.lower()
    assert 'href="https://x.com/i/web/status/3"' in page  # rebuilt without the author, as `alerts show` does


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://x.com/i/status/1", "https://x.com/i/status/1"),
        ("http://example.org/a?b=c", "http://example.org/a?b=c"),
        ("javascript:alert(1)", ""),
        ("  JavaScript:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("vbscript:msgbox(1)", ""),
        ("/relative/path", ""),
        ("https:///no-host", ""),
        ("", ""),
    ],
)
def test_only_http_addresses_become_links(url: str, link: str) -> None:
    assert http_url(url) == link


def test_no_template_marks_anything_safe() -> None:
    for template in TEMPLATES.glob("*.html"):
        assert "|safe" not in template.read_text().replace(" ", ""), template.name


# -- nothing from outside, nothing inline ---------------------------------------------------------


def test_the_pages_load_only_the_desks_own_files() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
            source = re.search(r'(?:src|href)="([^"]*)"', tag)
            own = source is not None and source.group(1).startswith("/") and not source.group(1).startswith("//")
            assert own, (template.name, tag)  # a path on this desk: /static/... or a chart the desk draws
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"{template.name}: inline script"
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=", text), f"{template.name}: inline style or handler"
    stylesheet = (STATIC / "desk.css").read_text()
    assert "@import" not in stylesheet and "url(" not in stylesheet


def test_the_static_files_are_served_by_the_app(client: TestClient) -> None:
    for name, kind in (("desk.css", "text/css"), ("desk.js", "javascript")):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        assert kind in response.headers["content-type"]
        assert response.text == (STATIC / name).read_text()


def test_there_are_no_api_docs_pages_they_would_load_scripts_from_a_cdn(client: TestClient) -> None:
    assert [client.get(path).status_code for path in ("/docs", "/redoc", "/openapi.json")] == [404, 404, 404]


# -- accessibility basics -----------------------------------------------------------------------------

PAGES = {"/signin": None, "/": "admin", "/alerts": "admin", "/posts": "admin"}


@pytest.mark.parametrize(("path", "who"), PAGES.items(), ids=PAGES.keys())
def test_each_page_has_a_skip_link_a_main_landmark_one_heading_and_labelled_inputs(
    client: TestClient,
    signed_in: Callable[[str], TestClient],
    store: Store,
    path: str,
    who: str | None,
    raise_alert: Callable[..., Alert],
) -> None:
    post_from_officer(store, "The A1 is closed northbound.")
    raise_alert(store, posts=(Post("x", "1", "https://x.com/i/status/1", "Smoke over Elswick", store.clock()),))
    page = (signed_in(who) if who else client).get(path).text
    assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page
    headings = re.findall(r"<h1>(.*?)</h1>", page)
    assert len(headings) == 1
    assert re.search(rf"<title>{re.escape(headings[0])} – ", page), "the title names the page"
    inputs = re.findall(r"<input\b[^>]*>", page)
    for field in inputs:
        if 'type="hidden"' in field:
            continue
        ident = re.search(r'id="([^"]+)"', field)
        assert ident and f'<label for="{ident.group(1)}">' in page, field
    if who:
        assert f'<a href="{path}" aria-current="page">' in page, "the navigation marks where the user is"


def test_the_healthcheck_answers_without_signing_in(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}

"""X authentication: app-only Bearer tokens and OAuth 1.0a user context (HMAC-SHA1).

Posting needs a correctly signed request; checking the signature for real catches clients that
sign the wrong URL or the wrong secret. tweepy signs the URL it was given
(https://api.twitter.com/...) before a transport adapter rewrites it to the sandbox, so the
signature is accepted for the sandbox URL or for the api.twitter.com / api.x.com one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote

from sandbox.credentials import Credentials
from sandbox.wire import Request

_PAIR = re.compile(r'\s*([\w-]+)\s*=\s*"([^"]*)"\s*')
PUBLIC_HOSTS = ("https://api.twitter.com", "https://api.x.com")


@dataclass(frozen=True, slots=True)
class Caller:
    """Who made a request: 'bearer' (app-only) or 'user' (OAuth 1.0a), and the limit key."""

    kind: str
    key: str


def percent(value: str) -> str:
    """RFC 5849 percent-encoding: everything but unreserved characters."""
    return quote(value, safe="~")


def parse_oauth_header(value: str) -> dict[str, str] | None:
    """The parameters of an 'OAuth k="v", ...' Authorization header, decoded."""
    if value[:6].lower() != "oauth ":
        return None
    params = {}
    for part in value[6:].split(","):
        match = _PAIR.fullmatch(part)
        if match is None:
            return None
        params[unquote(match.group(1))] = unquote(match.group(2))
    return params


def base_string(method: str, url: str, params: list[tuple[str, str]]) -> str:
    """The signature base string of RFC 5849 section 3.4.1."""
    encoded = sorted((percent(k), percent(v)) for k, v in params)
    normalized = "&".join(f"{k}={v}" for k, v in encoded)
    return "&".join((method.upper(), percent(url), percent(normalized)))


def hmac_sha1(text: str, consumer_secret: str, token_secret: str) -> str:
    """Base64 HMAC-SHA1 signature with key 'consumer_secret&token_secret'."""
    key = f"{percent(consumer_secret)}&{percent(token_secret)}".encode()
    digest = hmac.new(key, text.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _signed_params(request: Request, oauth: dict[str, str]) -> list[tuple[str, str]]:
    """OAuth params (minus signature/realm) + query params + form body params."""
    params = [(k, v) for k, v in oauth.items() if k not in ("oauth_signature", "realm")]
    params += parse_qsl(request.raw_query, keep_blank_values=True)
    params += list(request.form.items())
    return params


def verify_oauth1(request: Request, creds: Credentials) -> bool:
    """True when the request carries a valid HMAC-SHA1 signature with the configured keys."""
    oauth = parse_oauth_header(request.header("authorization"))
    if not oauth:
        return False
    if oauth.get("oauth_signature_method") != "HMAC-SHA1":
        return False
    if oauth.get("oauth_consumer_key") != creds.x_consumer_key:
        return False
    if oauth.get("oauth_token") != creds.x_access_token:
        return False
    params = _signed_params(request, oauth)
    path = request.path
    given = oauth.get("oauth_signature", "")
    for base in (request.base_url, *PUBLIC_HOSTS):
        text = base_string(request.method, base + path, params)
        expected = hmac_sha1(text, creds.x_consumer_secret, creds.x_access_token_secret)
        if hmac.compare_digest(expected, given):
            return True
    return False


def identify(request: Request, creds: Credentials) -> Caller | None:
    """Bearer app-only or OAuth 1.0a user; None when neither is valid."""
    header = request.header("authorization")
    if header[:7].lower() == "bearer ":
        token = header[7:].strip()
        if hmac.compare_digest(token.encode(), creds.x_bearer_token.encode()):
            return Caller("bearer", token)
        return None
    if verify_oauth1(request, creds):
        return Caller("user", creds.x_access_token)
    return None

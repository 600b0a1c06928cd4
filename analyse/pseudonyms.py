"""Pseudonyms: private people are never named in anything that leaves the app.

Reports, JSON output and exports show a private account as a keyed pseudonym ("Resident 7F3A-2C91"):
an HMAC-SHA256 of the platform and the account id under the force's secret key. The same person gets
the same pseudonym in every report, nobody can turn it back into the account without the key, and two
forces' keys give unrelated pseudonyms. Organisations and verified accounts (``author_public``) are
shown by name. Pure: the key is passed in (the store keeps it), nothing is read from the environment.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Collection, Mapping

from analyse.records import Analysed

PREFIX = "Resident"
CACHE_SIZE = 100_000  # codes kept (about 20 MB at most)
MIN_KEY_BYTES = 16  # a short key could be found by trying keys against known accounts' pseudonyms

# X and Facebook handles are [A-Za-z0-9_]; YouTube's also allow "." and "-" inside (not at the end: that
# is punctuation). Never after a word character, so e-mail addresses are left alone; "@@bob" and X's
# full-width "＠bob" are handles too.
_AT = r"(?<![\w@＠])[@＠]+"
HANDLE = re.compile(_AT + r"([A-Za-z0-9_]+)")
YOUTUBE_HANDLE = re.compile(_AT + r"([A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_])?)")


def new_key() -> bytes:
    """A fresh random key for a force (32 bytes); keep it secret and keep it: a new key renames everyone."""
    return secrets.token_bytes(32)


def normal_handle(handle: str) -> str:
    """The form handles are compared in: lower case, without the ``@``."""
    return handle.strip().lstrip("@").lower()


def account_key(author_id: str, handle: str = "", name: str = "") -> str:
    """Who an author is within a platform: the id, else the @handle, else the name ("" with none).

    An unknown handle mentioned in a post is keyed the same way, so both get one pseudonym.
    """
    if author_id:
        return author_id
    if handle:
        return f"@{normal_handle(handle)}"
    return f"name:{name}" if name else ""


def safe_url(platform: str, ident: str, url: str, author_id: str = "", handle: str = "", community: str = "") -> str:
    """A post's address that does not name its (private) author.

    X links carry the author's handle (``x.com/<handle>/status/<id>``): X's handle-free form opens
    the same post, so X links are always rebuilt (no author details needed, e.g. for a topic's
    sample). Any other link that holds the author's id or handle is rebuilt from the post's own id
    (a Facebook visitor's permalink can hold their profile id).
    """
    if platform == "x":
        return f"https://x.com/i/web/status/{ident}"  # an X mention's id is its post's id
    lowered = url.lower()
    handle = normal_handle(handle)
    if not ((author_id and author_id.lower() in lowered) or (handle and handle in lowered)):
        return url
    if platform == "facebook":
        return f"https://www.facebook.com/{ident}"
    if platform != "youtube":
        return ""
    video = community.removeprefix("youtube:video:") if community.startswith("youtube:video:") else ""
    if video and video != ident:  # a comment: the video, opened at the comment
        return f"https://www.youtube.com/watch?v={video}&lc={ident}"
    return f"https://www.youtube.com/watch?v={ident}"


class Pseudonymiser:
    """Keyed, stable pseudonyms for private accounts; public accounts keep their names."""

    __slots__ = ("_codes", "_key", "prefix")

    def __init__(self, key: bytes, *, prefix: str = PREFIX) -> None:
        if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_BYTES:
            raise ValueError(f"a pseudonym key needs at least {MIN_KEY_BYTES} random bytes (see new_key())")
        self._key = bytes(key)
        self.prefix = prefix
        self._codes: dict[tuple[str, str], str] = {}  # the same authors recur: hash each once

    def __repr__(self) -> str:  # never show the key
        return f"Pseudonymiser(key=***, prefix={self.prefix!r})"

    def code(self, platform: str, author_id: str) -> str:
        """The account's code, ``7F3A-2C91`` (32 bits of HMAC-SHA256 over platform and id)."""
        ident = (platform, author_id)
        found = self._codes.get(ident)
        if found is None:
            if len(self._codes) >= CACHE_SIZE:  # a long-running process meets new people every day
                self._codes.clear()
            message = f"{platform}\x00{author_id}".encode("utf-8", "surrogatepass")  # ids from bad imports too
            digest = hmac.digest(self._key, message, "sha256").hex()
            found = self._codes[ident] = f"{digest[:4]}-{digest[4:8]}".upper()
        return found

    def pseudonym(self, platform: str, author_id: str) -> str:
        """``Resident 7F3A-2C91``: what a private account is called outside the app."""
        return f"{self.prefix} {self.code(platform, author_id)}"

    def name(self, platform: str, author_id: str, public: bool, handle: str = "", name: str = "") -> str:
        """How to show an account: public ones by name (or @handle), private ones by pseudonym.

        A private account without an id is keyed on its handle, then its name, so it still gets a
        stable pseudonym; with nothing at all to go on it is "unknown".
        """
        if public and (name or handle):
            return name or f"@{normal_handle(handle)}"
        ident = account_key(author_id, handle, name)
        return self.pseudonym(platform, ident) if ident else f"{self.prefix} (unknown)"

    def display(self, record: Analysed) -> str:
        """How to show the author of `record`."""
        return self.name(
            record.platform, record.author_id, record.author_public, record.author_handle, record.author_name
        )

    def link(self, record: Analysed) -> str:
        """The record's address, never naming a private author (see `safe_url`)."""
        if record.author_public:
            return record.url
        return safe_url(
            record.platform, record.id, record.url, record.author_id, record.author_handle, record.community
        )

    def scrub(
        self,
        text: str,
        platform: str,
        public_handles: Collection[str] = (),
        ids: Mapping[str, str] | None = None,
    ) -> str:
        """`text` with every @handle not in `public_handles` replaced by a pseudonym.

        `ids` maps known handles (normalised: lower case, no ``@``) to account ids, so a person named
        in a post gets the same pseudonym as their own posts; an unknown handle is keyed on the
        handle itself. Pseudonyms contain no ``@``, so scrubbing twice changes nothing.
        A handle's own ``@`` goes with it (the pseudonym is not a handle).
        """
        if "@" not in text and "＠" not in text:
            return text
        public = {normal_handle(h) for h in public_handles}
        known = ids or {}

        def replace(match: re.Match[str]) -> str:
            handle = match.group(1)
            lowered = handle.lower()
            if lowered in public:
                return match.group(0)
            author_id = known.get(lowered)
            return self.pseudonym(platform, author_id if author_id else f"@{lowered}")

        return (YOUTUBE_HANDLE if platform == "youtube" else HANDLE).sub(replace, text)

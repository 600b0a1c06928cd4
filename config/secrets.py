"""Secrets: read from the environment or a secrets file outside the repository, shown as ***.

A `Secret` never prints its value (repr, str, f-strings, logs), so a settings object can be
shown or logged whole. Code that must send the value calls `reveal()` at the last moment.
"""

from __future__ import annotations

import subprocess
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from config.schema import Problem

MASK = "***"


class Secret:
    """A value that must never be shown."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK})"

    def __str__(self) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Secrets:
    """Every credential commsdesk may use; each one optional until a collector needs it."""

    x_bearer_token: Secret = Secret("")
    x_consumer_key: Secret = Secret("")
    x_consumer_secret: Secret = Secret("")
    x_access_token: Secret = Secret("")
    x_access_token_secret: Secret = Secret("")
    facebook_page_token: Secret = Secret("")
    youtube_api_key: Secret = Secret("")
    youtube_oauth_token: Secret = Secret("")
    smtp_password: Secret = Secret("")
    # Webhook addresses carry their own credential: whoever has one can post to the channel.
    teams_webhook_url: Secret = Secret("")
    slack_webhook_url: Secret = Secret("")

    @staticmethod
    def env_name(name: str) -> str:
        return f"COMMSDESK_{name.upper()}"

    def values(self) -> list[str]:
        """Every secret that is set, for scrubbing logs."""
        return [secret.reveal() for f in fields(self) if (secret := getattr(self, f.name))]


#: What the sandbox accepts; used only when the settings point at a sandbox and nothing is set.
SANDBOX_SECRETS = Secrets(
    x_bearer_token=Secret("sandbox-bearer-token"),
    x_consumer_key=Secret("sandbox-consumer-key"),
    x_consumer_secret=Secret("sandbox-consumer-secret"),
    x_access_token=Secret("sandbox-access-token"),
    x_access_token_secret=Secret("sandbox-access-secret"),
    facebook_page_token=Secret("sandbox-page-token"),
    youtube_api_key=Secret("sandbox-api-key"),
    youtube_oauth_token=Secret("sandbox-oauth-token"),
)


def load_secrets(environ: dict[str, str], secrets_file: str, *, config_dir: Path) -> tuple[Secrets, list[Problem]]:
    """Secrets from the file named in settings or $COMMSDESK_SECRETS_FILE, then the environment.

    The environment wins over the file. A secrets file inside a git work tree is refused: it
    would be one `git add .` away from being published.
    """
    problems: list[Problem] = []
    values: dict[str, str] = {}
    chosen = environ.get("COMMSDESK_SECRETS_FILE") or secrets_file
    if chosen:
        path = (config_dir / chosen).expanduser() if not Path(chosen).is_absolute() else Path(chosen)
        values, problems = _read_file(path)
    names = {f.name for f in fields(Secrets)}
    for name in names:
        if value := environ.get(Secrets.env_name(name)):
            values[name] = value
    return Secrets(**{name: Secret(value) for name, value in values.items()}), problems


def _read_file(path: Path) -> tuple[dict[str, str], list[Problem]]:
    name = str(path)
    if _inside_git_tree(path):
        return {}, [
            Problem(
                "platforms.secrets_file",
                "secrets file is inside a git repository; move it out",
                file=name,
            )
        ]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        return {}, [Problem("platforms.secrets_file", error.strerror or str(error), file=name)]
    except tomllib.TOMLDecodeError as error:
        return {}, [Problem("(syntax)", str(error), file=name)]
    known = {f.name for f in fields(Secrets)}
    problems = [
        Problem(key, f"unknown secret (known: {', '.join(sorted(known))})", file=name)
        for key in data
        if key not in known
    ]
    problems += [
        Problem(key, "must be text", file=name)
        for key, value in data.items()
        if key in known and not isinstance(value, str)
    ]
    return {k: v for k, v in data.items() if k in known and isinstance(v, str)}, problems


def _inside_git_tree(path: Path) -> bool:
    folder = path.resolve().parent
    if not folder.exists():
        return False
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.stdout.strip() == "true"

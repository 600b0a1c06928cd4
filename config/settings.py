"""The force's settings: one TOML file per force, secrets from the environment.

`load(path)` returns `Settings` or raises `ConfigInvalid` listing every problem with its file,
line and field. Nothing here runs at import time; the caller decides which file to read.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from email.utils import parseaddr
from importlib import resources
from pathlib import Path

from config.schema import Duration, Problem, TimeOfDay, TimeZone, Url, read_section, setting
from config.secrets import Secrets, load_secrets
from config.toml_lines import key_lines
from policy_checks.settings import PolicySettings, PolicySettingsError

EXAMPLE = "northshire.toml"


@dataclass(frozen=True)
class Force:
    name: str = setting("", help="The force's name, as shown in reports and alerts")
    timezone: TimeZone = setting(TimeZone("Europe/London"), help="Time zone for display and schedules")
    search_terms: list[str] = setting([], help="Words and phrases the public use about the force")
    watch_words: list[str] = setting([], help="Words that must reach duty staff at once")


@dataclass(frozen=True)
class Store:
    path: str = setting("var/commsdesk.sqlite", help="SQLite file, relative to the working directory")


@dataclass(frozen=True)
class Platforms:
    sandbox: Url | None = setting(
        None, help="Send every platform call to this local sandbox; leave out to use the real APIs"
    )
    timeout: Duration = setting(Duration(10), help="Give up on one HTTP call after this long")
    max_retries: int = setting(4, help="Retries of one call after a server error or a dropped line")
    max_wait: Duration = setting(
        Duration(60), help="Longest wait for a rate limit inside a run; longer ends the run early"
    )
    secrets_file: str = setting("", help="TOML file of secrets, kept outside the repository")


@dataclass(frozen=True)
class XSource:
    enabled: bool = setting(True, help="Collect from X")
    accounts: list[str] = setting([], help="The force's X usernames, without @")
    interval: Duration = setting(Duration(300), help="How often to collect")
    page_size: int = setting(100, help="Posts asked for per page (10 to 100)")


@dataclass(frozen=True)
class FacebookSource:
    enabled: bool = setting(True, help="Collect from the Facebook Page")
    page_id: str = setting("", help="The force's Facebook Page id")
    interval: Duration = setting(Duration(300), help="How often to collect")
    comment_window: Duration = setting(Duration(3 * 86400), help="Watch comments on Page posts this recent")
    page_size: int = setting(100, help="Items asked for per page (1 to 100)")


@dataclass(frozen=True)
class YouTubeSource:
    enabled: bool = setting(True, help="Collect from the YouTube channel")
    channel_id: str = setting("", help="The force's YouTube channel id")
    interval: Duration = setting(Duration(600), help="How often to collect comments")
    search_interval: Duration = setting(
        Duration(4 * 3600), help="How often to search for new videos (each search costs 100 units)"
    )
    reply_window: Duration = setting(Duration(2 * 86400), help="Look for new replies on comment threads this recent")
    video_window: Duration = setting(
        Duration(7 * 86400), help="Watch comments on other channels' videos about the force this long"
    )
    page_size: int = setting(100, help="Items asked for per page (1 to 100)")


@dataclass(frozen=True)
class Neighbourhood:
    name: str = setting(help="The area's name as the force uses it")
    aliases: list[str] = setting([], help="Other names and landmarks that mean this area")


@dataclass(frozen=True)
class DailyReport:
    enabled: bool = setting(True, help="Write the hot-topics report each day (`commsdesk run`)")
    at: TimeOfDay = setting(TimeOfDay("07:00"), help="When, in the force's time zone; it covers the 24 hours before")
    folder: str = setting("reports", help="Where report files (HTML and PDF) are written")
    to: list[str] = setting([], help="Who receives it by email, with the PDF attached (needs [delivery.email])")


@dataclass(frozen=True)
class IncidentMode:
    x_interval: Duration = setting(Duration(30), help="During a critical incident, collect from X this often")
    facebook_interval: Duration = setting(Duration(60), help="... from Facebook this often")
    youtube_interval: Duration = setting(
        Duration(180), help="... YouTube comments this often (each call costs quota: 480 a day at 3 minutes)"
    )


@dataclass(frozen=True)
class HoldingStatement:
    name: str = setting(help="A short name to post it by: lower-case letters, digits and hyphens (road-closed)")
    title: str = setting(help="What it is for, as `commsdesk holding list` shows it")
    text: str = setting(help="The approved wording; what changes on the day goes in blanks written {place}")
    approved_by: str = setting(help="Who approved the wording")
    approved_on: str = setting(help="When the wording was approved, as YYYY-MM-DD")
    platforms: list[str] = setting([], help="Where it may go: x and/or facebook (default: both)")


@dataclass(frozen=True)
class Analysis:
    public_accounts: list[str] = setting(
        [],
        help="Organisations and public figures shown by name, not pseudonymised (handles without @, ids or names)",
    )


SMTP_SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class EmailDelivery:
    enabled: bool = setting(False, help="Send alerts and reports by email over SMTP")
    smtp_host: str = setting("", help="The SMTP server's host name")
    smtp_port: int = setting(587, help="The SMTP server's port: usually 587 for starttls, 465 for ssl")
    security: str = setting(
        "starttls", help="starttls, ssl (TLS from the first byte) or none (only for a relay on this machine)"
    )
    username: str = setting("", help="SMTP login name, if the server wants one; the password is a secret")
    sender: str = setting("", help="The From address, e.g. Comms Desk <commsdesk@force.police.uk>")
    to: list[str] = setting([], help="The addresses that receive alerts and reports")


@dataclass(frozen=True)
class WebhookDelivery:
    enabled: bool = setting(False, help="Post to this incoming webhook; its address is a secret")


@dataclass(frozen=True)
class Delivery:
    email: EmailDelivery = setting(EmailDelivery(), help="Email")
    teams: WebhookDelivery = setting(WebhookDelivery(), help="Microsoft Teams (Workflows or connector webhook)")
    slack: WebhookDelivery = setting(WebhookDelivery(), help="Slack incoming webhook")
    rate_limit: int = setting(
        10, help="At most this many messages a minute to each channel; a storm's excess goes as one digest"
    )
    timeout: Duration = setting(Duration(15), help="Give up on one send after this long; it is tried again later")


@dataclass(frozen=True)
class Settings:
    force: Force = setting(Force(), help="The force")
    store: Store = setting(Store(), help="Where mentions are kept")
    platforms: Platforms = setting(Platforms(), help="How the platforms are reached")
    x: XSource = setting(XSource(), help="X (Twitter)")
    facebook: FacebookSource = setting(FacebookSource(), help="Facebook Page")
    youtube: YouTubeSource = setting(YouTubeSource(), help="YouTube channel")
    neighbourhoods: list[Neighbourhood] = setting([], help="The force's neighbourhoods")
    analysis: Analysis = setting(Analysis(), help="Hot topics, places and communities")
    incident: IncidentMode = setting(IncidentMode(), help="What changes while a critical incident is declared")
    holding_statements: list[HoldingStatement] = setting(
        [], help="Pre-approved holding statements, quick to post during a critical incident"
    )
    report: DailyReport = setting(DailyReport(), help="The daily hot-topics report")
    delivery: Delivery = setting(Delivery(), help="How alerts and reports reach people")
    policy: PolicySettings = field(default_factory=PolicySettings, metadata={"help": "Publishing checks"})
    secrets: Secrets = field(default_factory=Secrets, metadata={"help": "From the environment"})
    source: str = field(default="", metadata={"help": "The file these settings came from"})

    def with_sandbox(self, url: str) -> Settings:
        """The same settings, every platform pointed at a sandbox at `url`."""
        return replace(self, platforms=replace(self.platforms, sandbox=Url(url)))


class ConfigInvalid(Exception):
    """A settings file with mistakes; `problems` has every one, with file, line and field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def example_path() -> Path:
    """The bundled example force, used when no file is given."""
    return Path(str(resources.files("config") / EXAMPLE))


def default_path() -> Path:
    """$COMMSDESK_CONFIG, else ./commsdesk.toml if present, else the bundled example force."""
    if chosen := os.environ.get("COMMSDESK_CONFIG"):
        return Path(chosen)
    local = Path("commsdesk.toml")
    return local if local.exists() else example_path()


def check(path: Path, environ: dict[str, str] | None = None) -> tuple[Settings | None, list[Problem]]:
    """Read and validate `path`; return the settings (if usable) and every problem found."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return None, [Problem("(file)", error.strerror or str(error), file=name)]
    except UnicodeDecodeError as error:
        return None, [Problem("(file)", f"not UTF-8 text: {error.reason}", file=name)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _line_of(str(error))
        return None, [Problem("(syntax)", str(error), line=line, file=name)]
    problems: list[Problem] = []
    policy = PolicySettings()
    try:
        policy = PolicySettings.from_mapping(data.pop("policy", None), source=name)
    except PolicySettingsError as invalid:
        problems += [
            Problem(path if path.startswith("policy") else f"policy.{path}", message)
            for path, message in invalid.problems
        ]
    settings = read_section(Settings, data, "", problems)
    flagged = {problem.field for problem in problems}
    if settings:
        problems.extend(p for p in _cross_checks(settings) if p.field not in flagged)
    secrets, secret_problems = load_secrets(
        environ if environ is not None else dict(os.environ),
        settings.platforms.secrets_file if settings else "",
        config_dir=path.parent,
    )
    problems.extend(secret_problems)
    if settings and not secret_problems:
        problems.extend(_missing_secrets(settings, secrets))
    if settings:
        delivery = _delivery_problems(settings.delivery, secrets, secrets_read=not secret_problems)
        delivery += _report_problems(settings.report, settings.delivery)
        problems.extend(p for p in delivery if p.field not in flagged)
    lines = key_lines(text)
    located = [replace(p, file=p.file or name, line=p.line or _nearest_line(p.field, lines)) for p in problems]
    if settings is None:
        return None, located
    return replace(settings, policy=policy, secrets=secrets, source=name), located


def load(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from `path` (or the default), or `ConfigInvalid` naming every problem."""
    settings, problems = check(path or default_path(), environ)
    if problems or settings is None:
        raise ConfigInvalid(problems)
    return settings


def _cross_checks(settings: Settings) -> list[Problem]:
    """Rules that involve more than one field."""
    problems = []
    if not settings.force.name.strip():
        problems.append(Problem("force.name", "missing: the force's name, as shown in reports and alerts"))
    if settings.x.enabled and not settings.x.accounts and not settings.force.search_terms:
        problems.append(Problem("x.accounts", "X is enabled but has no accounts and no search terms"))
    if settings.facebook.enabled and not settings.facebook.page_id:
        problems.append(Problem("facebook.page_id", "Facebook is enabled but has no page_id"))
    if settings.youtube.enabled and not settings.youtube.channel_id:
        problems.append(Problem("youtube.channel_id", "YouTube is enabled but has no channel_id"))
    if not 10 <= settings.x.page_size <= 100:
        problems.append(Problem("x.page_size", "must be between 10 and 100"))
    for name, section in (("facebook", settings.facebook), ("youtube", settings.youtube)):
        if not 1 <= section.page_size <= 100:
            problems.append(Problem(f"{name}.page_size", "must be between 1 and 100"))
    seen: set[str] = set()
    for index, area in enumerate(settings.neighbourhoods):
        if area.name.casefold() in seen:
            problems.append(Problem(f"neighbourhoods[{index}].name", f"{area.name!r} appears twice"))
        seen.add(area.name.casefold())
    problems.extend(_holding_problems(settings.holding_statements))
    return problems


def _holding_problems(statements: list[HoldingStatement]) -> list[Problem]:
    """Each holding statement needs a name to post it by, wording with well-formed blanks, and a record
    of its approval: it goes out without a reviewer on the strength of that approval."""
    from publish.holding import PLATFORMS, text_problems

    problems = []
    seen: set[str] = set()
    for index, statement in enumerate(statements):
        where = f"holding_statements[{index}]"
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", statement.name):
            problems.append(Problem(f"{where}.name", f"{statement.name!r}: use lower-case letters, digits and hyphens"))
        elif statement.name in seen:
            problems.append(Problem(f"{where}.name", f"{statement.name!r} appears twice"))
        seen.add(statement.name)
        problems += [Problem(f"{where}.text", message) for message in text_problems(statement.text)]
        if not statement.title.strip():
            problems.append(Problem(f"{where}.title", "empty: say what the statement is for"))
        if not statement.approved_by.strip():
            problems.append(Problem(f"{where}.approved_by", "empty: who approved the wording?"))
        try:
            date.fromisoformat(statement.approved_on)
        except ValueError:
            problems.append(
                Problem(f"{where}.approved_on", f"{statement.approved_on!r} is not a date: write 2026-01-31")
            )
        problems += [
            Problem(
                f"{where}.platforms[{number}]", f"{platform!r}: a holding statement goes on {' or '.join(PLATFORMS)}"
            )
            for number, platform in enumerate(statement.platforms)
            if platform not in PLATFORMS
        ]
    return problems


#: What each enabled source needs to read from the real platform (the sandbox accepts its own).
REQUIRED_SECRETS = {"x": "x_bearer_token", "facebook": "facebook_page_token", "youtube": "youtube_api_key"}


def _missing_secrets(settings: Settings, secrets: Secrets) -> list[Problem]:
    """Without a sandbox, every enabled source needs its credential before the service starts."""
    if settings.platforms.sandbox:
        return []
    return [
        Problem(
            f"{source}.enabled",
            f"{source} is enabled but its secret is not set: export {Secrets.env_name(secret)} "
            "or add it to the secrets file",
        )
        for source, secret in REQUIRED_SECRETS.items()
        if getattr(settings, source).enabled and not getattr(secrets, secret)
    ]


def _delivery_problems(delivery: Delivery, secrets: Secrets, *, secrets_read: bool) -> list[Problem]:
    """Checks of [delivery] that need the secrets; a secret's value never appears in a problem."""
    problems = []
    email = delivery.email
    if delivery.rate_limit < 1:
        problems.append(Problem("delivery.rate_limit", "must be at least 1 message a minute"))
    if email.security not in SMTP_SECURITY:
        problems.append(Problem("delivery.email.security", f"must be one of {', '.join(SMTP_SECURITY)}"))
    if not 1 <= email.smtp_port <= 65535:
        problems.append(Problem("delivery.email.smtp_port", "must be between 1 and 65535"))
    if email.username and email.security == "none":
        problems.append(Problem("delivery.email.username", "a login needs starttls or ssl: never send it in clear"))
    if email.enabled:
        if not email.smtp_host.strip():
            problems.append(Problem("delivery.email.smtp_host", "email is enabled but has no SMTP host"))
        if not _is_address(email.sender):
            problems.append(Problem("delivery.email.sender", f"not an email address: {email.sender!r}"))
        if not email.to:
            problems.append(Problem("delivery.email.to", "email is enabled but has nobody to send to"))
        problems += [
            Problem(f"delivery.email.to[{index}]", f"not an email address: {address!r}")
            for index, address in enumerate(email.to)
            if not _is_address(address)
        ]
        if email.username and secrets_read and not secrets.smtp_password:
            problems.append(_secret_missing("delivery.email.username", "an SMTP login", "smtp_password"))
    for name, label in (("teams", "Teams"), ("slack", "Slack")):
        secret = f"{name}_webhook_url"
        url = getattr(secrets, secret)
        if not getattr(delivery, name).enabled or not secrets_read:
            continue
        if not url:
            problems.append(_secret_missing(f"delivery.{name}.enabled", f"{label} delivery", secret))
        elif not url.reveal().startswith(("https://", "http://")):
            problems.append(Problem(f"delivery.{name}.enabled", f"the secret {secret} is not an http(s) address"))
    return problems


def _report_problems(report: DailyReport, delivery: Delivery) -> list[Problem]:
    """The daily report goes out through [delivery.email], to its own list."""
    problems = [
        Problem(f"report.to[{index}]", f"not an email address: {address!r}")
        for index, address in enumerate(report.to)
        if not _is_address(address)
    ]
    if report.to and not delivery.email.enabled:
        problems.append(Problem("report.to", "the report is emailed through [delivery.email], which is not enabled"))
    return problems


def _secret_missing(field_path: str, what: str, secret: str) -> Problem:
    return Problem(
        field_path,
        f"{what} needs the secret {secret}: export {Secrets.env_name(secret)} or add it to the secrets file",
    )


def _is_address(text: str) -> bool:
    """`name@domain.tld`, alone or as `Display Name <name@domain.tld>`."""
    _, address = parseaddr(text)
    return bool(re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>.]+", address))


def _line_of(message: str) -> int | None:
    marker = "at line "
    if marker in message:
        digits = message.split(marker, 1)[1].split(",", 1)[0].split(")", 1)[0]
        return int(digits) if digits.isdigit() else None
    return None


def _nearest_line(field_path: str, lines: dict[str, int]) -> int | None:
    """The line of `field_path`, or of the closest enclosing table that the file does have."""
    path = field_path
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None

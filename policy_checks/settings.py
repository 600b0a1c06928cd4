"""The force's `[policy]` settings, declared once: name, default and help in one table.

```toml
[policy]
allowed_domains = ["westyorkshire.police.uk"]      # added to the public-sector defaults
own_phone_numbers = ["01924 375222"]
own_addresses = ["Laburnum Road, Wakefield"]
watch_words = ["Operation Nightjar"]

[policy.severity]           # per rule slug: block | warn | info | off
"url-shortener" = "info"

[policy.jargon]             # extra jargon and its plain form
"TWOC" = "taking a vehicle without consent"
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

SEVERITY_CHOICES = ("block", "warn", "info", "off")

# Domains every force may link to without a warning: public bodies and national helplines.
DEFAULT_ALLOWED_DOMAINS: tuple[str, ...] = (
    "police.uk",
    "gov.uk",
    "nhs.uk",
    "crimestoppers-uk.org",
    "fearless.org",
    "victimsupport.org.uk",
    "parliament.uk",
)

# Numbers that belong to the police or national services and are always fine to publish.
DEFAULT_OWN_PHONE_NUMBERS: tuple[str, ...] = (
    "101",
    "999",
    "112",
    "105",
    "111",
    "116123",
    "08005551111",
    "0800555111",
    "03001232040",
    "0800789321",
    "08082000247",
    "08088024040",
    "08000121700",
)

_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")


class PolicySettingsError(ValueError):
    """Bad `[policy]` settings: every problem found, as (field path, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]], source: str = "") -> None:
        self.problems = problems
        self.source = source
        where = f" in {source}" if source else ""
        lines = "; ".join(f"{path}: {message}" for path, message in problems)
        super().__init__(f"invalid policy settings{where}: {lines}")


@dataclass(frozen=True)
class SettingSpec:
    name: str
    kind: str  # "severity-map" | "str-list" | "str-map"
    help: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("severity", "severity-map", "Per rule slug: block, warn, info or off."),
    SettingSpec(
        "allowed_domains",
        "str-list",
        "Domains links may point to without a warning (added to the public-sector defaults).",
    ),
    SettingSpec("own_phone_numbers", "str-list", "The force's own phone numbers: never personal data."),
    SettingSpec("own_addresses", "str-list", "The force's own addresses: never personal data."),
    SettingSpec("jargon", "str-map", "Extra jargon and the plain words to use instead."),
    SettingSpec("watch_words", "str-list", "Words or phrases the force wants flagged (warn)."),
)


def digits_of(number: str) -> str:
    """A phone number as bare digits, with +44 turned back into a leading 0."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+44") or (digits.startswith("44") and len(digits) == 12):
        digits = "0" + digits[2:]
    return digits


@dataclass(frozen=True)
class PolicySettings:
    """Validated policy settings; the defaults apply when a force's config has no `[policy]`."""

    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    allowed_domains: tuple[str, ...] = DEFAULT_ALLOWED_DOMAINS
    own_phone_numbers: tuple[str, ...] = DEFAULT_OWN_PHONE_NUMBERS
    own_addresses: tuple[str, ...] = ()
    jargon: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    watch_words: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any] | None, *, source: str = "") -> PolicySettings:
        """Validate the `[policy]` table; raise PolicySettingsError listing every problem."""
        if mapping is None:
            return cls()
        problems: list[tuple[str, str]] = []
        if not isinstance(mapping, Mapping):
            raise PolicySettingsError([("policy", "must be a table")], source)
        known = {spec.name: spec for spec in SPECS}
        for key in mapping:
            if key not in known:
                problems.append((f"policy.{key}", f"unknown setting; known: {', '.join(known)}"))
        values: dict[str, Any] = {}
        for spec in SPECS:
            if spec.name in mapping:
                values[spec.name] = _validate(spec, mapping[spec.name], problems)
        if problems:
            raise PolicySettingsError(problems, source)
        return cls(
            severity=MappingProxyType(values.get("severity", {})),
            allowed_domains=_merge(DEFAULT_ALLOWED_DOMAINS, values.get("allowed_domains", ())),
            own_phone_numbers=_merge(
                DEFAULT_OWN_PHONE_NUMBERS,
                tuple(digits_of(n) for n in values.get("own_phone_numbers", ())),
            ),
            own_addresses=tuple(values.get("own_addresses", ())),
            jargon=MappingProxyType(values.get("jargon", {})),
            watch_words=tuple(values.get("watch_words", ())),
        )

    def severity_for(self, slug: str, default: str) -> str:
        return self.severity.get(slug, default)

    def is_own_number(self, number: str) -> bool:
        return digits_of(number) in self.own_phone_numbers

    def domain_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        host = host.removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)


def _merge(defaults: tuple[str, ...], extra: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*defaults, *extra)))


def _validate(spec: SettingSpec, value: Any, problems: list[tuple[str, str]]) -> Any:
    path = f"policy.{spec.name}"
    if spec.kind == "str-list":
        if not isinstance(value, list | tuple):
            problems.append((path, "must be a list of strings"))
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                problems.append((f"{path}[{i}]", "must be a non-empty string"))
                continue
            item = item.strip()
            if spec.name == "allowed_domains":
                item = item.lower().removeprefix("https://").removeprefix("http://").strip("/")
                if not _DOMAIN.match(item):
                    problems.append((f"{path}[{i}]", f"not a domain name: {value[i]!r}"))
                    continue
            if spec.name == "own_phone_numbers" and not 3 <= len(digits_of(item)) <= 13:
                problems.append((f"{path}[{i}]", f"not a phone number: {item!r}"))
                continue
            out.append(item)
        return tuple(out)
    if not isinstance(value, Mapping):
        problems.append((path, "must be a table"))
        return {}
    out_map: dict[str, str] = {}
    if spec.kind == "severity-map":
        from policy_checks.registry import known_slugs

        slugs = known_slugs()
        for slug, sev in value.items():
            if slug not in slugs:
                problems.append((f"{path}.{slug}", "unknown rule slug"))
            elif sev not in SEVERITY_CHOICES:
                problems.append((f"{path}.{slug}", f"must be one of {', '.join(SEVERITY_CHOICES)}, not {sev!r}"))
            else:
                out_map[slug] = sev
        return out_map
    for term, plain in value.items():
        if not isinstance(plain, str) or not plain.strip() or not str(term).strip():
            problems.append((f"{path}.{term}", "must map a term to its plain wording (a string)"))
        else:
            out_map[str(term).strip()] = plain.strip()
    return out_map

"""Settings declared once: each field's name, type, default and help live on the dataclass.

Validation, `commsdesk config check`, and the documented example all read these declarations,
so they cannot disagree. `read_section` turns one TOML table into a dataclass and collects every
mistake (with its field path) instead of stopping at the first.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

T = TypeVar("T")


class Duration(float):
    """Seconds, written in TOML as a number or as text such as "30s", "5m", "2h", "1d"."""

    UNITS: typing.ClassVar[dict[str, int]] = {"s": 1, "m": 60, "h": 3600, "d": 86400}

    @classmethod
    def parse(cls, value: object) -> Duration:
        if isinstance(value, bool):
            raise ValueError("expected a duration such as 30s, 5m or 2h")
        if isinstance(value, int | float):
            seconds = float(value)
        elif isinstance(value, str) and (match := re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", value)):
            seconds = float(match[1]) * cls.UNITS[match[2]]
        else:
            raise ValueError(f"expected a duration such as 30s, 5m or 2h, not {value!r}")
        if seconds <= 0:
            raise ValueError("a duration must be more than zero")
        return cls(seconds)

    def __str__(self) -> str:
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
            if self >= size and self % size == 0:
                return f"{int(self // size)}{unit}"
        return f"{self:g}s"


class TimeZone(str):
    """An IANA time zone name that this machine knows."""

    @classmethod
    def parse(cls, value: object) -> TimeZone:
        if not isinstance(value, str):
            raise ValueError("expected a time zone name such as Europe/London")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return cls(value)


class Url(str):
    """An http(s) address."""

    @classmethod
    def parse(cls, value: object) -> Url:
        if not isinstance(value, str) or not re.match(r"https?://[^\s/]+", value):
            raise ValueError(f"expected an http:// or https:// address, not {value!r}")
        return cls(value.rstrip("/"))


class TimeOfDay(str):
    """A time of day, "HH:MM" on the 24-hour clock (in the force's time zone where it is used)."""

    @classmethod
    def parse(cls, value: object) -> TimeOfDay:
        match = re.fullmatch(r"\s*([01]?\d|2[0-3]):([0-5]\d)\s*", value) if isinstance(value, str) else None
        if match is None:
            raise ValueError(f"expected a time of day such as 07:00, not {value!r}")
        return cls(f"{int(match[1]):02d}:{match[2]}")

    @property
    def hour(self) -> int:
        return int(self[:2])

    @property
    def minute(self) -> int:
        return int(self[3:])


def setting(default: Any = dataclasses.MISSING, *, help: str, **kwargs: Any) -> Any:
    """Declare a setting: its default and the one line of help shown everywhere."""
    if isinstance(default, list | dict):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return field(default=default, metadata={"help": help}, **kwargs)


@dataclass(frozen=True)
class Problem:
    """One mistake in a settings file: where it is and what is wrong."""

    field: str
    message: str
    line: int | None = None
    file: str = ""

    def __str__(self) -> str:
        where = self.file or "<config>"
        if self.line:
            where += f":{self.line}"
        return f"{where}: {self.field}: {self.message}"


_PARSERS = {Duration: Duration.parse, TimeZone: TimeZone.parse, Url: Url.parse, TimeOfDay: TimeOfDay.parse}


def _convert(hint: Any, value: Any, path: str, problems: list[Problem]) -> Any:
    """Check `value` against a type hint; record a problem and return None when it does not fit."""
    origin = get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        return _convert(options[0], value, path, problems)
    if hint in _PARSERS:
        try:
            return _PARSERS[hint](value)
        except ValueError as error:
            problems.append(Problem(path, str(error)))
            return None
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            problems.append(Problem(path, "expected a table"))
            return None
        return read_section(hint, value, path, problems)
    if origin is list:
        (item_hint,) = get_args(hint)
        if not isinstance(value, list):
            problems.append(Problem(path, f"expected a list, not {_kind(value)}"))
            return None
        items = [_convert(item_hint, item, f"{path}[{index}]", problems) for index, item in enumerate(value)]
        return [item for item in items if item is not None]
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is str and isinstance(value, str):
        return value
    if hint in (int, float, bool) and type(value) is hint:
        return value
    problems.append(Problem(path, f"expected {_name(hint)}, not {_kind(value)} {value!r}"))
    return None


def _name(hint: Any) -> str:
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false"}.get(
        hint, getattr(hint, "__name__", str(hint))
    )


def _kind(value: Any) -> str:
    return {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "a boolean",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def read_section(cls: type[T], data: dict[str, Any], path: str, problems: list[Problem]) -> T:
    """Build `cls` from a TOML table; unknown keys, wrong types and missing values become problems."""
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    prefix = f"{path}." if path else ""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
            problems.append(Problem(f"{prefix}{key}", f"unknown setting{hint}"))
            continue
        converted = _convert(hints[key], value, f"{prefix}{key}", problems)
        if converted is not None:
            values[key] = converted
    complete = True
    for name, spec in known.items():
        required = spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
        if required and name not in values:
            complete = False
            if name not in data:
                problems.append(Problem(f"{prefix}{name}", "missing: " + spec.metadata.get("help", "")))
    return cls(**values) if complete else None  # type: ignore[return-value]


def describe(cls: type, path: str = "") -> list[tuple[str, str, str]]:
    """(field path, default, help) for every setting of `cls`, nested tables included."""
    rows: list[tuple[str, str, str]] = []
    hints = typing.get_type_hints(cls)
    for spec in dataclasses.fields(cls):
        name = f"{path}.{spec.name}" if path else spec.name
        if dataclasses.is_dataclass(hints[spec.name]):
            rows.extend(describe(hints[spec.name], name))
            continue
        if spec.default is not dataclasses.MISSING:
            default = str(spec.default)
        elif spec.default_factory is not dataclasses.MISSING:
            default = str(spec.default_factory())
        else:
            default = "(required)"
        rows.append((name, default, spec.metadata.get("help", "")))
    return rows

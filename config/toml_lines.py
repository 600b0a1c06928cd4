"""Where each key of a TOML document is written, so a problem can name its line.

tomllib gives values, not positions. This reads the text line by line, following table headers
(`[x]`, `[[neighbourhoods]]`) and `key = value` lines. It only needs to be right for documents
that tomllib has already accepted.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _parts(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in re.split(r"\.(?=(?:[^\"']|\"[^\"]*\"|'[^']*')*$)", dotted)]


def key_lines(text: str) -> dict[str, int]:
    """Map field paths such as ``x.interval`` or ``neighbourhoods[1].name`` to 1-based lines."""
    lines: dict[str, int] = {}
    table = ""
    array_counts: dict[str, int] = {}
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        if header := _HEADER.match(line):
            name = ".".join(_parts(header[2]))
            if header[1] == "[[":
                index = array_counts.get(name, 0)
                array_counts[name] = index + 1
                lines.setdefault(name, number)
                name = f"{name}[{index}]"
            table = name
            lines.setdefault(table, number)
            continue
        if key := _KEY.match(line):
            path = ".".join([table, *_parts(key[1])] if table else _parts(key[1]))
            lines.setdefault(path, number)
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_multiline = quote
    return lines

"""CSV that is safe to open in a spreadsheet: a cell the spreadsheet would run as a formula (a user
named `=HYPERLINK(...)`, a post beginning `@`) is prefixed with a single quote, so it shows as the
text it is (OWASP, "CSV injection"). For files people open, like the audit trail for an inquiry;
not for the mentions export, which must import back exactly as written.
"""

from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value`, quoted when a spreadsheet would take it for a formula."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def spreadsheet_safe(text: str) -> str:
    """The CSV `text` with every formula-like cell quoted (see `safe_cell`); idempotent."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow(safe_cell(cell) for cell in row)
    return out.getvalue()

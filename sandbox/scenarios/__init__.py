"""Bundled sandbox scenarios: a generated day of posts about the fictional Northshire Police."""

from __future__ import annotations

from pathlib import Path

NORTHSHIRE_DAY = Path(__file__).with_name("northshire_day.jsonl")

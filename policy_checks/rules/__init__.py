"""The built-in rules. Importing this package registers them all (see `policy_checks.registry`),
in the order the checklist gives them: legal, personal data, media, security, incident mode, tone,
plain language, accessibility, links, platform limits."""

from __future__ import annotations

import importlib

MODULES = (
    "legal",
    "personal_data",
    "media",
    "security",
    "incident",
    "tone",
    "plain_language",
    "accessibility",
    "links",
    "platform",
)

for _name in MODULES:
    importlib.import_module(f"policy_checks.rules.{_name}")

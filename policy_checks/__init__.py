"""Policy checks for outgoing posts: legal, personal data, security, tone, access and platform.

    from policy_checks import Checker, Draft, verdict
    checker = Checker()                 # reuse one: the spaCy model loads once, on first need
    findings = checker.check(Draft("Police have charged ..."))
    verdict(findings)                   # "block" | "warn" | "pass"

Rules live in `policy_checks.rules` (one small function each, registered with
`policy_checks.registry.rule`); settings come from a force's `[policy]` TOML table
(`policy_checks.settings.PolicySettings.from_mapping`).
"""

from policy_checks.engine import Checker, check, verdict
from policy_checks.records import Draft, Finding, Media
from policy_checks.settings import PolicySettings, PolicySettingsError

__all__ = [
    "Checker",
    "Draft",
    "Finding",
    "Media",
    "PolicySettings",
    "PolicySettingsError",
    "check",
    "verdict",
]

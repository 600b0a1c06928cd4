"""Who may open what: one table, read both by the route guards and by the navigation, so a page is
linked exactly when following the link would be allowed.

A page with no roles is open to any signed-in desk user. The roles are those of `publish.records`.
"""

from __future__ import annotations

from dataclasses import dataclass

from publish.records import ROLES, User


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the desk as the navigation shows it, and the roles that may open it."""

    title: str
    path: str
    roles: tuple[str, ...] = ()
    summary: str = ""

    def __post_init__(self) -> None:
        unknown = set(self.roles) - set(ROLES)
        if unknown:
            raise ValueError(f"page {self.path}: unknown role(s) {', '.join(sorted(unknown))}")

    def open_to(self, user: User) -> bool:
        return not self.roles or user.has(*self.roles)


HOME = Page("Home", "/", summary="Your roles and the pages you can open.")
# Alerts carry what the public posted about live incidents: for the people who act on them or answer
# them (duty staff, reviewers, senior approvers) and admins; officers write posts and need not see them.
ALERTS = Page(
    "Alerts",
    "/alerts",
    ("duty", "reviewer", "senior", "admin"),
    summary="Open alerts: spikes, watch-words and surges in what the public is saying.",
)
POSTS = Page("Posts", "/posts", summary="The force's own posts and where each one is in the queue.")

NAV = (HOME, ALERTS, POSTS)


def pages_for(user: User) -> tuple[Page, ...]:
    """The pages `user` may open, in navigation order."""
    return tuple(page for page in NAV if page.open_to(user))

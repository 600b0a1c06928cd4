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
USERS = Page("Users", "/admin/users", ("admin",), summary="Who may use the desk, their roles, temporary passwords.")
# Senior approvers too: they answer for what was published, and an inquiry about a post turns to them.
AUDIT = Page(
    "Audit trail",
    "/audit",
    ("admin", "senior"),
    summary="Who did what to the force's posts and the desk's users: search it, check its chain, export it.",
)
# The crisis switch is duty staff's, with senior officers who stand in for them; reviewers read it, since an
# incident changes what they approve (what it holds comes back to them when it ends).
INCIDENT = Page(
    "Incident",
    "/incident",
    ("duty", "senior", "reviewer"),
    summary="Declare or end a critical incident, see the posts it holds, post a holding statement.",
)

# Writing is for the roles that may write posts (`publish.drafts.AUTHORS`); reviewing for those who approve.
COMPOSE = Page("Compose", "/posts/new", ("officer", "reviewer", "senior"), summary="Write a post, checked as you type.")
REVIEW = Page(
    "Review queue",
    "/review",
    ("reviewer", "senior"),
    summary="Posts waiting for approval, oldest first, with their findings and what changed.",
)
CALENDAR = Page("Calendar", "/calendar", summary="What is due to go out in the next 14 days, day by day.")

# The comms team's pages, open to every desk user; the response queue to those who answer or route replies.
TOPICS = Page("Topics", "/topics", summary="Today's hot topics, growing ones first, with charts and sample posts.")
MENTIONS = Page("Mentions", "/mentions", summary="Search every mention by words, platform, place, sentiment and time.")
REPLIES = Page(
    "Replies",
    "/replies",
    ("officer", "reviewer", "senior", "duty"),
    summary="Mentions waiting for a reply from the force: take one, answer it, or dismiss it.",
)
REPORTS = Page("Reports", "/reports", summary="The daily hot-topics reports: read them, download the PDF.")
HEALTH = Page("Health", "/health", summary="How collection from each platform is going, and any active incident.")

NAV = (
    HOME,
    ALERTS,
    POSTS,
    USERS,
    AUDIT,
    INCIDENT,
    COMPOSE,
    REVIEW,
    CALENDAR,
    TOPICS,
    MENTIONS,
    REPLIES,
    REPORTS,
    HEALTH,
)


def pages_for(user: User) -> tuple[Page, ...]:
    """The pages `user` may open, in navigation order."""
    return tuple(page for page in NAV if page.open_to(user))

"""Publishers: one post's text to one platform account, and the look-up that reconciles a crash."""

from publish.platforms.base import CLOCK_SKEW, Outgoing, Published, Publisher, Rejected, deliver, same_text

__all__ = ["CLOCK_SKEW", "Outgoing", "Published", "Publisher", "Rejected", "deliver", "same_text"]

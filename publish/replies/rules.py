"""Which public mentions need a reply from the force, and why: the desk's rules, as pure functions.

A mention needs a reply when it is **addressed to the force** and it **reports a crime or danger**,
**complains**, or **asks a question**. In that order, but a complaint comes before a crime that is
over ("reported a break-in a week ago and nobody came" is about us), and a thank-you for a crime
solved, or a question about how to report one, is not a crime report. Never marked: the force's own
posts, retweets, and what we cannot answer (a YouTube video: on YouTube we only reply to comments).

Addressed to the force means:

- it replies to something the force posted (any platform);
- on X, it names one of the force's accounts. A reply's leading @names are the people it answers,
  filled in by X for everyone in the thread: the force counts only as the first of them, or when
  named again in the words themselves. Otherwise a reply between two residents that merely copies
  the force in would be taken as talking to it;
- on Facebook, it is a visitor's post on the force's Page, or a top-level comment under one of the
  Page's own posts; on YouTube, a top-level comment under one of the force's videos (a reply further
  down a thread, or a comment under a visitor's post, talks to that person);
- on Facebook and YouTube, where people have no @handle to use, it names the force ("Northshire Police").

Words are matched whole, with their endings and ignoring case (`analyse.alerts.phrases`). The lists are
written from how people write to a police force, not fitted to any data set; extend them here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from analyse.alerts.phrases import PhraseMatcher, normal
from analyse.records import Analysed
from commsdesk.records import Mention
from publish.records import Account, ReplyTo
from publish.replies.records import Reason

if TYPE_CHECKING:
    from config.settings import Settings

# How soon each kind wants a reply: 1 first.
HAPPENING = 1  # a crime or danger happening now
PRIORITY = {"crime_report": 2, "complaint": 3, "question": 4}

CRIME = PhraseMatcher(
    (
        "i want to report", "i'd like to report", "i need to report", "i wish to report",
        "break in", "broke in", "broken into", "breaking into", "break into", "burglary", "burgled", "burglar",
        "stolen", "stealing", "nicked", "robbed", "robbery", "mugged", "shoplifting",
        "assault", "attacked", "beaten up", "punched", "fight", "stabbed", "stabbing", "knife", "gun", "shots fired",
        "drug dealing", "dealing drugs", "drugs being dealt", "selling drugs", "drug dealer",
        "threatened", "threatening", "harassment", "harassing", "stalking", "domestic abuse",
        "vandalised", "vandalism", "smashed", "graffiti", "set fire", "arson",
        "trying car doors", "trying doors", "trying sheds", "suspicious",
        "antisocial", "anti-social", "off-road bike", "off road bike", "scrambler", "quad bike",
        "dangerous driving", "drink driving", "drunk driver", "hit and run",
        "scam", "scammed", "fraud",
    ),
    typos=False,
)  # fmt: skip

HAPPENING_NOW = PhraseMatcher(
    (
        "right now", "happening now", "going on now", "outside now", "as we speak", "at the moment", "currently",
        "in progress", "still going on", "someone is", "someone's", "there's someone", "outside my house",
        "outside my window", "please help", "send someone", "send help", "come quick",
    ),
    typos=False,
)  # fmt: skip

ASKS_HOW_TO_REPORT = PhraseMatcher(
    (
        "how do i report", "how can i report", "how to report", "how do you report", "how would i report",
        "where do i report", "where can i report", "who do i report", "best way to report",
    ),
    typos=False,
)  # fmt: skip

COMPLAINT = PhraseMatcher(
    (
        "no one came", "nobody came", "no one has come", "nobody has come", "no one turned up",
        "nobody turned up", "never came", "never turned up", "never showed up", "didn't turn up",
        "still waiting", "waited", "on hold", "took ages", "no response", "no reply", "heard nothing",
        "nothing back", "no update", "nothing has been done", "nothing was done", "did nothing",
        "rude", "unprofessional", "disrespectful", "treated like", "wasting my time", "useless", "a joke",
        "pathetic", "disgrace", "disgraceful", "appalling", "unacceptable", "not good enough", "let down",
        "disappointed", "fed up", "sick of", "what's the point", "what is the point", "gave up",
        "complain", "complaint",
    ),
    typos=False,
)  # fmt: skip

ASKS = PhraseMatcher(
    ("i have a question", "quick question", "just wondering", "i was wondering", "can i ask", "please advise"),
    typos=False,
)
# A sentence opening with one of these asks something, question mark or not.
QUESTION_OPENINGS = (
    "how", "what", "what's", "whats", "when", "where", "why", "who", "which",
    "any idea", "any update", "anyone know", "does anyone", "can you", "could you", "can someone", "can i",
    "is there", "are there", "is it", "are you", "do you", "did you", "will you", "would you", "should i",
)  # fmt: skip

_HANDLE = re.compile(r"(?<![\w@])@(\w+)")
_LEADING = re.compile(r"\s*(?:@\w+\s*)+")
_SENTENCES = re.compile(r"[.!?\n]+")
_RETWEET = re.compile(r"\s*rt @", re.IGNORECASE)
_LINK = re.compile(r"(?:https?://|www\.)\S+")


@dataclass(frozen=True, slots=True)
class OwnAccounts:
    """The force's own accounts and name, as the rules recognise them."""

    x: tuple[str, ...] = ()  # X usernames as configured, without @; the first is the main one
    page_id: str = ""
    channel_id: str = ""
    names: tuple[str, ...] = ()  # how people write the force's name: "Northshire Police"

    @classmethod
    def from_settings(cls, settings: Settings) -> OwnAccounts:
        name = settings.force.name.strip()
        return cls(
            x=tuple(n.strip().lstrip("@") for n in settings.x.accounts if n.strip()),
            page_id=settings.facebook.page_id,
            channel_id=settings.youtube.channel_id,
            names=(name,) if name else (),
        )

    def wrote(self, mention: Mention) -> bool:
        """True when the force itself posted `mention`."""
        if mention.platform == "x":
            return self.x_account(mention.author_handle) is not None
        own = {"facebook": self.page_id, "youtube": self.channel_id}[mention.platform]
        return bool(own) and mention.author_id == own

    def x_account(self, handle: str) -> str | None:
        """The force's X username `handle` is (any case, with or without @), or None."""
        wanted = handle.lstrip("@").casefold()
        return next((name for name in self.x if name.casefold() == wanted), None) if wanted else None


def needs_reply(
    mention: Mention, analysed: Analysed, own: OwnAccounts, *, parent: Mention | None = None
) -> Reason | None:
    """Why `mention` needs a reply from the force, or None. `parent` is what it replies to, when stored."""
    if own.wrote(mention) or is_repost(mention) or reply_target(mention) is None:
        return None
    how = addressed_to_force(mention, own, parent=parent)
    if not how:
        return None
    text = _LINK.sub(" ", normal(mention.text))  # a link's words are the page's, not the writer's
    crime = [] if ASKS_HOW_TO_REPORT.find(text) or analysed.sentiment == "positive" else CRIME.find(text)
    if crime and HAPPENING_NOW.find(text):
        return Reason("crime_report", f"reports a crime or danger happening now (“{crime[0]}”); {how}", HAPPENING)
    if analysed.sentiment == "negative" and (grievance := COMPLAINT.find(text)):
        return Reason("complaint", f"complains (“{grievance[0]}”, negative in tone); {how}", PRIORITY["complaint"])
    if crime:
        return Reason("crime_report", f"reports a crime or danger (“{crime[0]}”); {how}", PRIORITY["crime_report"])
    if asks_something(text):
        return Reason("question", f"asks a question; {how}", PRIORITY["question"])
    return None


def addressed_to_force(mention: Mention, own: OwnAccounts, *, parent: Mention | None = None) -> str:
    """How `mention` speaks to the force ("names @NorthshirePolice", "on the force's Page"), or ""."""
    if parent is not None and own.wrote(parent):
        return "replies to the force's post"
    if mention.platform == "x":
        named = _x_names_force(mention, own)
        return f"names @{named}" if named else ""
    if _on_force_page(mention, own, parent):
        return "on the force's Page"
    if _on_force_channel(mention, own):
        return "on the force's channel"
    if own.names and (found := _names(own.names).find(mention.text)):
        return f"names {found[0]}"
    return ""


def _on_force_page(mention: Mention, own: OwnAccounts, parent: Mention | None) -> bool:
    """A visitor's post on the force's Page, or a top-level comment in one of the Page's threads whose post
    we do not have (Graph ids of a Page's posts start with the Page id). Under a visitor's post we do
    have, a comment talks to the visitor."""
    if mention.platform != "facebook" or not own.page_id:
        return False
    visitor_post = not mention.in_reply_to
    top_level = mention.in_reply_to == mention.conversation_id and parent is None
    return (visitor_post or top_level) and (mention.conversation_id or mention.id).startswith(f"{own.page_id}_")


def _on_force_channel(mention: Mention, own: OwnAccounts) -> bool:
    """A top-level comment under a video of the force's channel (the comment's `channelId`)."""
    if not (own.channel_id and top_level_comment(mention)):
        return False
    snippet = mention.raw.get("snippet")
    return isinstance(snippet, dict) and snippet.get("channelId") == own.channel_id


def _x_names_force(mention: Mention, own: OwnAccounts) -> str | None:
    """The force's account an X post speaks to: the first addressee of a reply, or any it names itself."""
    lead = _LEADING.match(mention.text)
    leading = _HANDLE.findall(lead.group(0)) if lead else []
    body = _HANDLE.findall(mention.text[lead.end() :] if lead else mention.text)
    addressees = leading[:1] if mention.in_reply_to else leading
    for handle in (*addressees, *body):
        if (account := own.x_account(handle)) is not None:
            return account
    return None


@lru_cache(maxsize=16)
def _names(names: tuple[str, ...]) -> PhraseMatcher:
    return PhraseMatcher(names, typos=False)


def asks_something(text: str) -> bool:
    """A question mark, a sentence that opens as a question does, or "I was wondering"."""
    text = normal(text)
    if "?" in text or "？" in text or ASKS.find(text):
        return True
    for sentence in _SENTENCES.split(text):
        lead = _LEADING.match(sentence)
        opening = (sentence[lead.end() :] if lead else sentence).strip()
        if any(opening == words or opening.startswith(f"{words} ") for words in QUESTION_OPENINGS):
            return True
    return False


def top_level_comment(mention: Mention) -> bool:
    """A YouTube comment that starts its own thread (the collector makes the thread its conversation)."""
    return mention.platform == "youtube" and bool(mention.in_reply_to) and mention.conversation_id == mention.id


def is_repost(mention: Mention) -> bool:
    """A retweet: someone else's words passed on, not a message to us."""
    if mention.platform != "x":
        return False
    refs = mention.raw.get("referenced_tweets") or []
    retweeted = any(isinstance(ref, dict) and ref.get("type") == "retweeted" for ref in refs)
    return retweeted or bool(_RETWEET.match(mention.text))


def reply_target(mention: Mention) -> ReplyTo | None:
    """What our reply goes under, as the platform's publisher needs it; None when we cannot reply.

    Facebook and YouTube threads are one level deep: an answer to a reply hangs under the thread's
    top-level comment, so that is the parent to hand over. It matters beyond neatness: after a crash
    the publisher looks for what it already posted under the parent it was given (`find`), and would
    not see our comment under the top-level one if it were given the reply, and would post again.
    """
    if mention.platform == "x":
        return ReplyTo("x", mention.id)
    if mention.platform == "facebook":
        under_comment = mention.in_reply_to and mention.in_reply_to != mention.conversation_id
        return ReplyTo("facebook", mention.in_reply_to if under_comment else mention.id)
    if not mention.in_reply_to:
        return None  # a video: on YouTube we only reply to comments
    return ReplyTo("youtube", mention.conversation_id or mention.id)


def reply_account(mention: Mention, own: OwnAccounts) -> Account | None:
    """The force's account that answers `mention`: on X the one it speaks to (else the main one)."""
    if mention.platform == "x":
        named = _x_names_force(mention, own)
        name = named or (own.x[0] if own.x else "")
        return Account("x", name) if name else None
    ident = own.page_id if mention.platform == "facebook" else own.channel_id
    return Account(mention.platform, ident) if ident else None

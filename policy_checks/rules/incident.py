"""Incident mode: while the force is handling a critical incident, posts are held to a higher bar.

These rules do nothing unless the draft has ``incident=True``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy_checks.context import Context
from policy_checks.lexicon import names
from policy_checks.records import Hit
from policy_checks.registry import rule

_I = re.IGNORECASE
_NUMBER = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|scores|several|"
    r"many|multiple|a number of|hundreds|a handful of|numerous)"
)
_CASUALTIES = re.compile(
    rf"\b(?:(?:at least|up to|around|about|approximately|more than|over|as many as|nearly|"
    rf"fewer than|possibly)\s+)?{_NUMBER}\s+(?:\w+\s+){{0,2}}?(?:people|persons|men|women|children|"
    rf"others|victims|casualties|fatalities|deaths|dead|injured|wounded|hurt|bodies|"
    rf"pupils|students|spectators|passengers)\b(?:\s+(?:have|are|were|has)\s+(?:been\s+)?(?:\w+\s+)"
    rf"?"
    rf"(?:died|killed|dead|injured|hurt|wounded|missing|unaccounted for|taken to hospital))?|"
    rf"\bdeath toll\b|\bcasualt(?:y|ies) (?:figures?|numbers?)\b",
    _I,
)
_HARM = re.compile(
    r"\b(?:died|dead|death|deaths|killed|fatal\w*|injur\w*|hurt|wounded|casualt\w+|victims?|"
    r"missing|unaccounted|bodies|hospital)\b",
    _I,
)
_UNVERIFIED = re.compile(
    r"\b(?:reports?|reported(?:ly)?|unconfirmed|believed|thought|feared|fear|possibly|possible|may|"
    r"might|could|up to|at least|around|about|approximately|rumou?rs?|hearing|suggest\w*|"
    r"estimated?|likely|probably|as many as|we understand|understood|potentially)\b",
    _I,
)
_NEXT_OF_KIN = re.compile(
    r"\b(?:next of kin|(?:family|families|relatives) (?:has|have) been (?:informed|told|notified|"
    r"made aware)|formally identified|family (?:has|have) (?:asked|requested|paid tribute)|"
    r"tributes?)\b",
    _I,
)


@rule(
    slug="incident-casualties",
    severity="block",
    reason="During a critical incident only verified casualty figures, and names only after next of kin are told.",
    needs_nlp=True,
    area="incident",
)
def incident_casualties(ctx: Context) -> Iterator[Hit]:
    """In incident mode: casualty numbers with 'reports of', 'up to', 'believed' and the like are
    unverified and block; bare figures warn (confirm they are verified); a named casualty blocks
    unless the post says the next of kin have been told."""
    if not ctx.draft.incident:
        return
    text = ctx.text
    for m in _CASUALTIES.finditer(text):
        s_start, s_end = ctx.sentence_at(m.start())
        sentence = text[s_start:s_end]
        if not _HARM.search(sentence):
            continue
        if _UNVERIFIED.search(sentence):
            yield Hit(
                m.start(),
                m.end(),
                "Unverified casualty figures during a critical incident: publish only confirmed numbers.",
                "We will share confirmed information as soon as we can.",
            )
        else:
            yield Hit(
                m.start(),
                m.end(),
                "Casualty figures during a critical incident: confirm they are verified.",
                None,
                severity="warn",
            )
    if _NEXT_OF_KIN.search(text) or not _HARM.search(text):
        return
    for name in names(ctx):
        if name.role == "official":
            continue
        s_start, s_end = ctx.sentence_at(name.start)
        if _HARM.search(text[s_start:s_end]):
            yield Hit(
                name.start,
                name.end,
                "A casualty is named before the post says their next of kin have been told.",
                "Name casualties only after formal identification and next of kin are informed.",
            )


_CAUSE = re.compile(
    r"\b(?:terror\w*|motive|motivated|jihad\w*|extremis\w*|islamist|far[- ]right|hate crime|"
    r"deliberate(?:ly)?|arson|gang[- ]related|revenge|racially|lone wolf|mental(?:ly)? ill\w*|"
    r"mental health|gas (?:leak|explosion)|bomb\w*|suicide|started (?:deliberately|on purpose)|"
    r"targeted attack|planned attack|copycat|radicali[sz]ed|accidental|faulty|electrical fault)\b",
    _I,
)
_SPECULATION = re.compile(
    r"\b(?:believed|thought|may|might|could|possibly|probably|likely|appears?|seems?|suspected|"
    r"we think|looks like|understood|unconfirmed|rumou?r\w*|reports? (?:suggest|say)|perhaps|maybe|"
    r"suggests?|speculat\w+|potentially|not ruling out|(?:can't|cannot) rule out)\b",
    _I,
)
_DISCOURAGE = re.compile(r"\b(?:(?:not|don't|avoid|refrain from) (?:to )?speculat\w*|speculation)\b", _I)


@rule(
    slug="incident-speculation",
    severity="block",
    reason="During a critical incident, speculation about cause or motive misleads and can prejudice proceedings.",
    area="incident",
)
def incident_speculation(ctx: Context) -> Iterator[Hit]:
    """In incident mode, a sentence that guesses at a cause or motive ('believed to be
    terror-related', 'may have been deliberate') blocks. Stating what has been declared ('this is
    being treated as a terrorist incident') and asking people not to speculate pass."""
    if not ctx.draft.incident:
        return
    text = ctx.text
    for s_start, s_end in ctx.sentences:
        sentence = text[s_start:s_end]
        if _DISCOURAGE.search(sentence):
            continue
        cause = _CAUSE.search(sentence)
        if cause and _SPECULATION.search(sentence):
            if re.search(r"\bopen mind\b|\bwhat caused\b|\bestablish (?:the )?cause\b", sentence, _I):
                continue
            yield Hit(
                s_start,
                s_end,
                "This speculates about the cause or motive of a critical incident.",
                "Say only what is confirmed: 'Enquiries are ongoing to establish the circumstances.'",
            )


_JOKEY = re.compile(
    r"\b(?:lol|lmao|haha\w*|hehe\w*|rofl|banter|joke|jokes|funny|hilarious|woo+hoo+|yay|whoop\w*|"
    r"fun|competition|giveaway|prize|win a|quiz|caption this|pupp(?:y|ies)|pups|cute|aww+|"
    r"recruit\w*|we'?re hiring|open day|fancy a career|happy (?:birthday|friday|monday|weekend|"
    r"holidays?)|fridayfeeling|tbt|throwbackthursday|caturday|dogsofinstagram|paw-?some|pawfect|"
    r"brilliant news|great news|celebrat\w+)\b|!!|"
    r"[\U0001F600-\U0001F606\U0001F923\U0001F602\U0001F389\U0001F973\U0001F61C\U0001F61D\U0001F92A"
    r"\U0001F60E\U0001F44D\U0001F64C\U0001F4AA\U0001F525\U0001F38A\U0001F388\U0001F436\U0001F431]",
    _I,
)


@rule(
    slug="incident-tone",
    severity="warn",
    reason="During a critical incident, routine, upbeat or jokey posts read as callous.",
    area="incident",
)
def incident_tone(ctx: Context) -> Iterator[Hit]:
    """In incident mode, jokes, celebrations, competitions, recruitment and other routine
    upbeat posts are flagged: hold them until the incident is over."""
    if not ctx.draft.incident:
        return
    for m in _JOKEY.finditer(ctx.text):
        yield Hit(
            m.start(),
            m.end(),
            "Tone: the force is in a critical incident; routine or upbeat posts should be held.",
            "Hold this post until the incident is over.",
        )

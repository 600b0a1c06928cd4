"""Discrimination and abuse, insults, and the force's own watch-words.

Word lists are matched on the folded text (look-alikes and leetspeak undone), on word boundaries so
that place names such as Scunthorpe are safe, and with '*' masking ("f*ck") still caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy_checks.context import Context
from policy_checks.records import Hit
from policy_checks.registry import rule

_I = re.IGNORECASE

# Slurs about protected characteristics (race, religion, sexuality, gender identity, disability).
_SLURS = (
    r"n[i*]gg(?:er|a|ah|az)s?|n[i*]g{1,2}[e*]r|chinks?|spics?|kikes?|wogs?|golliwogs?|gollys?|"
    r"darkies?|sambos?|ragheads?|towelheads?|paki(?:s|stani bastard)?|pikeys?|gyppos?|gippos?|"
    r"coons?|jungle bunn(?:y|ies)|sand ?n[i*]gg\w*|yids?|zipperheads?|fagg?ots?|poofs?|poofters?|"
    r"bumboys?|bum boys?|batty ?boys?|trann(?:y|ies)|shemales?|tr[a*]nnies|retards?|retarded|"
    r"spastics?|spazz?(?:ed|es)?|mongs?|mongoloids?|window[- ]lickers?|midgets?|"
    r"slags?(?! heaps?)|sluts?|whores?"
)
_PROFANITY = (
    r"f[u*@]+c?k\w*|f\*+k\w*|f\*+\w*ing|fck\w*|fuk\w*|effing|motherf\w+|sh[i*!1]te?s?|"
    r"sh[i*!1]tt\w*|sh[i*!1]t(?:e|ty|head|bag|hole|s)?|bullsh\w+|c[u*]nts?|c\*+ts?|tw[a*]ts?|"
    r"wank\w*|bollocks|bastards?|arseholes?|assholes?|dickheads?|dick ?heads?|pissed off|piss off|"
    r"pissing|bellends?|knobheads?|cocksuckers?|prick(?=s? (?:like|who|are|is))|son of a bitch"
)
_INSULTS = (
    r"idiots?|morons?|imbeciles?|cretins?|scumbags?|scum|muppets?|pathetic|losers?|numpt(?:y|ies)|"
    r"plonkers?|halfwits?|dimwits?|nitwits?|low ?lifes?|lowlives|vermin|parasites?|cowards?|"
    r"wasters?|chavs?|thugs?|yobs?|toerags?|scroungers?|oxygen thieves|brain ?dead|stupid|dumb|"
    r"thick as|nonces?|degenerates?|sad little|keyboard warriors?|snowflakes?|gammon|"
    r"(?:silly|stupid|old) (?:cow|bitch)|bitch(?:es)?(?! (?:called|named|aged|who|which|was|is|"
    r"has|and|from|pupp))"
)
_SLUR_RE = re.compile(rf"(?<![\w*])(?:{_SLURS})(?![\w*])", _I)
_PROFANITY_RE = re.compile(rf"(?<![\w*])(?:{_PROFANITY})(?![\w])", _I)
_INSULT_RE = re.compile(rf"(?<![\w*])(?:{_INSULTS})(?![\w*])", _I)
# Words that contain a listed stem but are fine ("Shitterton", "cocktail", "pissarro", place names).
_SAFE = re.compile(r"^(?:shittim|scunthorpe|Penistone|cockermouth|Twatt|Shitterton)$", _I)


@rule(
    slug="abuse",
    severity="block",
    reason="Slurs, derogatory terms about protected characteristics and profanity have no place in a force's posts.",
    area="tone",
)
def abuse(ctx: Context) -> Iterator[Hit]:
    """Slurs and derogatory terms about race, religion, sexuality, gender identity or disability,
    and profanity, including disguised spellings ('f*ck', 'sh1t', look-alike letters)."""
    text = ctx.folded
    for pattern, what in ((_SLUR_RE, "a slur"), (_PROFANITY_RE, "profanity")):
        for m in pattern.finditer(text):
            if _SAFE.match(m.group(0)):
                continue
            yield Hit(
                m.start(),
                m.end(),
                f"This is {what}: it has no place in a force's post.",
                "Remove it or rephrase neutrally.",
            )


@rule(
    slug="insult",
    severity="warn",
    reason="Insulting individuals undermines trust and can inflame a situation.",
    area="tone",
)
def insult(ctx: Context) -> Iterator[Hit]:
    """Name-calling ('idiot', 'moron', 'scumbag', 'thug', 'muppet'): describe what someone did,
    not what they are."""
    for m in _INSULT_RE.finditer(ctx.folded):
        yield Hit(
            m.start(),
            m.end(),
            "An insult: describe what the person did, not what they are.",
            "Rephrase neutrally, e.g. 'the driver' or 'the people responsible'.",
        )


@rule(
    slug="watch-word",
    severity="warn",
    reason="The force has asked to review any post that uses this word or phrase.",
    area="tone",
)
def watch_word(ctx: Context) -> Iterator[Hit]:
    """Words and phrases the force lists in `[policy] watch_words` (operation names, sensitive
    cases): any post that mentions one is flagged for review."""
    for word in ctx.settings.watch_words:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", _I)
        for m in pattern.finditer(ctx.folded):
            yield Hit(m.start(), m.end(), f"'{word}' is on the force's watch list.", None)

"""Security and operations: protective markings and operational detail."""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy_checks.context import Context
from policy_checks.records import Hit
from policy_checks.registry import rule

_I = re.IGNORECASE
_SEP = r"[\s_:/-]*"

# Markings that cannot be ordinary prose in any case.
_COMPOUND = re.compile(
    rf"\bOFFICIAL{_SEP}SENSITIVE\b|\bUK{_SEP}EYES{_SEP}ONLY\b|\bTOP{_SEP}SECRET\b|\bGPMS\b|"
    rf"\bprotective(?:ly)?\s+marking\s*:",
    _I,
)
# Single-word markings: only in capitals, used as a label rather than as a word in a sentence.
_SINGLE = re.compile(r"\b(?<!NOT )(?:TOP SECRET|SECRET|RESTRICTED|CONFIDENTIAL|PROTECT)\b")
_READS_AS_WORD = re.compile(
    r"\s+(?:your|yourself|you|our|the|them|us|access|area|road|santa|shopper|garden|recipe)\b", _I
)
_LABEL_AFTER = re.compile(r"^\s*(?:[-–:/|)\].,;]|\n|$|\s+-\s)")
# Words before a single-word marking that show it is being used as one ("marked SECRET").
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:marked|classified|classification|marking|graded|grading|is|are|was|as|labelled)\s+|"
    r"[(\[:]\s*)$",
    _I,
)


def _caps_share(sentence: str, skip: str) -> float:
    words = [w for w in re.findall(r"[A-Za-z]{2,}", sentence) if w != skip]
    if len(words) < 3:
        return 0.0
    return sum(w.isupper() for w in words) / len(words)


@rule(
    slug="protective-marking",
    severity="block",
    reason="Protectively marked material must never be published (Government Security Classifications).",
    area="security",
)
def protective_marking(ctx: Context) -> Iterator[Hit]:
    """OFFICIAL-SENSITIVE, SECRET, TOP SECRET, UK EYES ONLY, and the pre-2014 RESTRICTED,
    CONFIDENTIAL and PROTECT, written as markings (in capitals, as a label). 'NOT PROTECTIVELY
    MARKED', plain 'OFFICIAL' and 'secret' or 'confidential' in ordinary prose pass. Look-alike
    letters and leetspeak ('S3CRET') are caught."""
    text = ctx.folded
    seen: list[tuple[int, int]] = []
    for m in _COMPOUND.finditer(text):
        if re.match(r"top", m.group(0), _I) and not m.group(0).isupper():
            continue
        seen.append((m.start(), m.end()))
    for m in _SINGLE.finditer(text):
        if any(s <= m.start() < e for s, e in seen):
            continue
        s_start, s_end = ctx.sentence_at(m.start())
        sentence = text[s_start:s_end]
        label = (
            bool(_LABEL_AFTER.match(text[m.end() :]))
            or m.start() == s_start
            or bool(_LABEL_BEFORE.search(text[s_start : m.start()]))
        )
        if not label:
            continue  # capitals for emphasis mid-sentence ("call our CONFIDENTIAL line")
        if m.start() == s_start and _caps_share(sentence, m.group(0)) > 0.6:
            continue  # a shouted sentence ("PROTECT YOUR HOME THIS WINTER"), not a marking
        if _READS_AS_WORD.match(text[m.end() :]):
            continue
        seen.append((m.start(), m.end()))
    for start, end in seen:
        yield Hit(
            start,
            end,
            "A protective marking: marked material must not be published.",
            "Remove the marked content; publish only what has been cleared for release.",
        )


# --- operational detail ------------------------------------------------------------------------

_FUTURE = re.compile(
    r"\b(?:will|'ll|going to|plan(?:s|ned|ning)? to|(?:are|is) (?:set|due|about|preparing) to|"
    r"tomorrow|tonight|later today|next (?:week|month|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)|this (?:evening|weekend|coming)|in the coming (?:days|weeks)|on (?:monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday) (?:morning|night|evening)|"
    r"at (?:\d{1,2}(?:[.:]\d\d)?\s?(?:am|pm)|dawn|first light))\b",
    _I,
)
_PAST_DONE = re.compile(
    r"\b(?:executed|carried out|raided|searched|conducted|were executed|was executed|took place|"
    r"yesterday|this morning officers|earlier today|last (?:night|week))\b",
    _I,
)
_OPERATION = re.compile(
    r"\b(?:raid(?:s|ing)?|swoop(?:s|ing)?|(?:execute|executing|carry out|carrying out) (?:\w+ ){0,2}"
    r"(?:search )?warrants?|warrants? (?:will|are going to|is going to) be (?:executed|served)|"
    r"(?:search|drugs) warrants?|covert(?:ly)?|surveillance (?:team|teams|officers|operation|"
    r"operations|unit|van|vehicle)s?|under surveillance|(?:carry|carrying|conduct|conducting) out "
    r"surveillance|undercover|sting operation|stake-?out|observation point|obbo|bugging|"
    r"tracking device|unmarked cars? (?:will be )?(?:parked|waiting|watching))\b",
    _I,
)
_ALWAYS = re.compile(
    r"(?i:\b(?:informants?|informers?|covert human intelligence sources?|our (?:source|mole|"
    r"insider)s?(?: inside| within| in)?|(?:a|an) (?:police )?(?:source|insider) (?:inside|within|"
    r"in the gang|close to)|tip-?off from (?:a|an|our) (?:insider|source|informant)|"
    r"witness protection|safe ?house|(?:officer|officers|PC|DC|PCSO|Sgt|sergeant|inspector|"
    r"detective|constable)'?s? (?:home|home address|address|house)(?: is| in| on| at)|(?:PC|DC|"
    r"PCSO|Sgt|sergeant|inspector|detective|constable|"
    r"officer) [A-Z][a-z]+(?: [A-Z][a-z]+)? lives (?:at|on|in))\b)|\bCHIS\b",
)
_WHEREABOUTS = re.compile(
    r"\b(?:victims?|witness(?:es)?|complainants?|survivors?|the (?:woman|girl|family|"
    r"mother))\b[^.]{0,50}?\b(?:is|are|has been|have been|now)\s+(?:now\s+|"
    r"currently\s+)?(?:staying|living|hiding|being (?:kept|housed|put up)|relocated|moved|housed|"
    r"in (?:a|the) (?:women's )?(?:refuge|safe house|hostel))\b(?: (?:with|at|in|on) [^.]{2,40})?",
    _I,
)


_WHEREABOUTS_PRONOUN = re.compile(
    r"\b(?:she|he|they)\s+(?:is|are|has been|have been)\s+(?:now\s+|currently\s+)?(?:staying|"
    r"living|hiding|being (?:kept|housed|put up)|relocated|moved|housed)\b(?: (?:with|at|in|"
    r"on) [^.]{2,40})?",
    _I,
)
_VICTIM_CONTEXT = re.compile(
    r"\b(?:victims?|witness(?:es)?|complainants?|survivors?|assaulted|attacked|abused|raped|"
    r"sexual\w*|stalk\w*|harass\w*|threatened|domestic abuse)\b",
    _I,
)


@rule(
    slug="operational-detail",
    severity="block",
    reason="Publishing future operations, sources or people's whereabouts undermines operations and endangers people.",
    area="security",
)
def operational_detail(ctx: Context) -> Iterator[Hit]:
    """Future raids and warrants, covert or surveillance activity, informants and sources,
    officers' home details, and where a victim or witness is now staying. Past operations,
    announced road closures, patrols and event policing plans pass."""
    text = ctx.folded
    for m in _ALWAYS.finditer(text):
        yield Hit(
            m.start(),
            m.end(),
            "This reveals a source, protected person or officer's home: it endangers people.",
            "Remove it.",
        )
    pronoun_matches = _WHEREABOUTS_PRONOUN.finditer(text) if _VICTIM_CONTEXT.search(text) else ()
    for m in (*_WHEREABOUTS.finditer(text), *pronoun_matches):
        yield Hit(
            m.start(),
            m.end(),
            "This says where a victim or witness is now: it could put them at risk.",
            "Say only that they are being supported.",
        )
    for s_start, s_end in ctx.sentences:
        sentence = text[s_start:s_end]
        op = _OPERATION.search(sentence)
        if not op or not _FUTURE.search(sentence):
            continue
        if _PAST_DONE.search(sentence) and not re.search(r"\b(?:will|tomorrow|tonight|next)\b", sentence, _I):
            continue
        yield Hit(
            s_start + op.start(),
            s_start + op.end(),
            "This describes a future or covert operation: publishing it could warn suspects.",
            "Announce operations after they have happened.",
        )

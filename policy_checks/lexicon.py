"""Words and patterns several rules share: legal status, ages, who is named and in what role.

Everything here reads the normalised text of a :class:`Context`; spans are in its coordinates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from policy_checks.context import Context
from policy_checks.victims import accused_cue, victim_cue

# Proceedings are active from arrest, warrant, summons or charge (Contempt of Court Act 1981 Sch 1).
ACTIVE = re.compile(
    r"\b(?:arrest(?:ed|s)?|charged|remanded|summons(?:ed)?|due to appear|will appear|(?:has|have|"
    r"had) appeared|appeared (?:at|before|in)|is wanted|are wanted|wanted (?:in connection|for|on|"
    r"by|man|woman|person|suspects?|male|female)|^wanted\b|wanted:|#wanted|in custody|on bail|"
    r"bailed|released under investigation|on police bail|warrant (?:has been |was )?(?:issued|"
    r"for (?:his|her|their|the) arrest)|on suspicion of|being questioned)",
    re.IGNORECASE | re.MULTILINE,
)
# Proceedings that have ended (or reached a plea), after which reporting the outcome is normal.
CONCLUDED = re.compile(
    r"\b(?:sentenced|jailed|convicted|found guilty|pleaded guilty|pled guilty|cautioned|"
    r"given a caution|community resolution|fixed penalty|"
    r"admitted (?:\w+ ){0,6}(?:at|in|before) (?:\w+ ){0,3}(?:crown|magistrates'?|youth) court|"
    r"imprisoned|locked up|behind bars|given a (?:suspended|community|custodial)|handed a|"
    r"ordered to (?:pay|serve|complete)|years? (?:in prison|in jail|behind bars)|"
    r"recall(?:ed)? to prison)\b",
    re.IGNORECASE,
)
# Charged, or past it: a court remands (in custody or on bail) only someone who has been charged.
CHARGED = re.compile(r"\b(?:charged|summonsed|postal requisition|due to appear|remanded)\b", re.IGNORECASE)
ARREST = re.compile(
    r"\b(?:arrested|under arrest|arrest of|in custody|released under investigation|bailed|"
    r"being questioned|detained)\b",
    re.IGNORECASE,
)
SEXUAL = re.compile(
    r"\b(?:rape[ds]?|raping|rapist|sexual(?:ly)?\s+(?:assault\w*|offen[cs]es?|abus\w*|activity|"
    r"touch\w*|exploit\w*|communication|motivated|offending|grooming|acts?|contact)|sex\s+(?:attacks?|"
    r"assaults?|abuse|offen[cs]es?|offenders?|crimes?)|indecent(?:ly)?\s+(?:assault\w*|expos\w*|"
    r"images?|photographs?|touching|acts?)|upskirting|voyeurism|child sex\w*|groom(?:ed|ing) "
    r"(?:of |a |an |her|him|the |children|young|girls|boys|victims|vulnerable|offences?)|groomed\b|"
    r"grooming\s+(?-i:[A-Z])\w*|online grooming|incest|sextortion|intimate images?|revenge porn|"
    r"molest\w*|paedophil\w*|buggery|sex offen[cs]es?|expos(?:ed|ing) (?:him|her)self|"
    r"trafficking for sexual exploitation|sex trafficking)\b",
    re.IGNORECASE,
)
CRIME_EVENT = re.compile(
    r"\b(?:arrest\w*|charged|suspects?|defendants?|accused|victims?|witness(?:es)?|assault\w*|"
    r"attack\w*|stabb\w*|stab|robb\w*|burglar\w*|theft|stole|stolen|abused?|injur\w*|hurt|"
    r"offen[cs]es?|offenders?|court|crime|criminal|murder\w*|killed|manslaughter|rape\w*|sexual\w*|"
    r"bull(?:y|ied|ying)|harass\w*|threaten\w*|weapon|knife|custody|remanded|convicted|sentenced|"
    r"jailed|youth court|caution(?:ed)?)\b",
    re.IGNORECASE,
)
MISSING = re.compile(
    r"\b(?:missing|have you seen|last seen|concern(?:ed|s)? for (?:the |his |her |"
    r"their )?(?:welfare|safety|wellbeing)|help (?:us )?(?:to )?find|trace|been found|found safe|"
    r"safe and well|whereabouts)\b|#(?:missing\w*|find\w+)",
    re.IGNORECASE,
)
DECEASED = re.compile(
    r"\b(?:died|death|dead|killed|tributes?|passed away|fatal(?:ly)?|funeral|sadly lost|"
    r"lost (?:his|her|their) li(?:fe|ves)|rest in peace|RIP|in memory|memorial)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(?:alleged(?:ly)?|suspected|on suspicion|believed|reportedly|reports? (?:of|that|say)|"
    r"claims?|claimed|it is said|rumou?r\w*|understood to|thought to)\b",
    re.IGNORECASE,
)

RANKS = (
    r"(?:PC|DC|PS|DS|DI|DCI|DSI|DCS|Supt|Ch Supt|Chief Supt|Superintendent|Chief Superintendent|"
    r"Sgt|Sergeant|Insp|Inspector|Chief Inspector|Det|Detective|Constable|PCSO|Officer|"
    r"Chief Constable|Deputy Chief Constable|Assistant Chief Constable|ACC|DCC|CC|Commander|"
    r"Commissioner|Judge|Recorder|His Honour|Her Honour|Mr Justice|Mrs Justice|Ms Justice|Lord|"
    r"Lady|Councillor|Cllr|Dr|Professor|Sir|Dame|MP|Special Constable|SC|Special|Temporary|T/|"
    r"Acting|A/|Det Supt|Det Insp|Det Sgt|Det Con|Det Ch Insp|Police and Crime Commissioner|PCC|"
    r"Mayor|Rev|Reverend|Father|Canon|Bishop|Coroner|Chief Fire Officer|Station Manager|"
    r"Watch Manager|Group Manager|Paramedic)"
)
_TITLE_BEFORE = re.compile(RANKS + r"\.?\s+(?:[A-Z][\w'-]*\s+){0,2}$")
_SAID_NEAR = re.compile(
    r"^(?:[,]?\s*(?:[\w'-]+\s+){0,8}?)(?:said|says|added|explained|commented|told)\b|^,\s*(?:who (?:leads|"
    r"heads|is the|works for)|head of|lead|the (?:force|senior|investigating))"
    # "DCI Smith, of the Major Crime Team," but not "John Smith, of Leeds," (the charged man's town)
    r"|^,\s*(?:from|of)\s+[^,.;]{0,40}?\b(?i:police|constabulary|council|team|unit|service|trust|"
    r"support|crisis|charity|centre|department|squad|CID|partnership|agency|force|NSPCC|Barnardo's|"
    r"Refuge|Samaritans|Crimestoppers|Action Fraud)\b",
)
# Barristers in a court report: "Ms Ward, prosecuting, said", "Defending, Paul Reid said".
_COURT_ROLE_AFTER = re.compile(
    r"^\s*,\s*(?:prosecuting|defending|mitigating|in\s+mitigation|for\s+the\s+(?:prosecution|defence|crown))\b",
    re.IGNORECASE,
)
_COURT_ROLE_BEFORE = re.compile(r"\b(?:prosecuting|defending|mitigating|in\s+mitigation)\s*,\s*$", re.IGNORECASE)
_SAID_BEFORE = re.compile(r"\b(?:said|says|added|explained|commented)\s*[:,]?\s*$")

# A name as people write it, for when the entity model misses one (lower-case words excluded).
NAME_WORD = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
CAPITALISED_NAME = re.compile(rf"\b{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}\b")
CAP_RUN = re.compile(rf"\b{NAME_WORD}(?:[ \t]+{NAME_WORD})*\b")
NAME_WORD_RE = re.compile(NAME_WORD)
NOT_NAMES = frozenset(
    """
    Police Officers Officer Road Street Lane Avenue Court Crown Magistrates Leeds Bradford
    Wakefield Kirklees Calderdale Yorkshire West East North South Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Christmas Easter Crimestoppers Twitter Facebook The
    This That These A An We Our Please Call Anyone If Have Do You Any Park Centre Station
    Hospital School Academy College Primary High University Council Constabulary Service
    Team Unit Force Department Operation Appeal Missing Update Road Closure Closed Safer
    Neighbourhood Community Action Fraud Week Month Day Year Can Help Us Find Thank Thanks
    Well Done Happy Good Great Sadly Today Tonight Information Info Witness Witnesses
    Contact Report Reports Online Street Way Close Drive City Town Village Market Square
    Bridge Hill Green Terrace Gardens Retail Shopping Mall Crescent Place Grove Bank Mount
    Vale Dale Cross Gate Rise Row Walk View Church Chapel Library Hall Stadium Arena Museum
    Theatre Cinema Airport Bus Rail Train Motorway Junction Mr Mrs Ms Miss Detective
    Inspector Sergeant Constable Chief Superintendent Judge Recorder Superintendent Det Sgt
    Insp Supt Commander Commissioner Councillor Cllr Professor Sir Dame Lord Lady Justice
    Honour Deputy Assistant Acting Temporary Special Investigating Senior Lead Head Manager
    Mayor Reverend Father Coroner Paramedic Fire Rescue Ambulance Royal Infirmary General
    Magistrates Youth Family Prison Custody Suite Neighbourhoods Policing Roads Traffic Dog
    Dogs Firearms Armed Response Major Crime Investigation Safeguarding Domestic Abuse
    Sexual Child Exploitation Serious Organised Cyber Fraud Economic Rural Wildlife Marine
    Air Support Drone Victim Victims Support Rape Crisis Women Men Aid Refuge Samaritans
    Childline NSPCC Barnardo Have Been Has Was Were Is Are Did Does Would Could Should Will
    Shall May Might Must Not No Yes Hello Hi Dear Morning Afternoon Evening Night Weekend
    Bank Holiday New Year Eve Day Halloween Bonfire Diwali Eid Ramadan Pride Black History
    Remembrance Sunday Armistice England Scotland Wales Ireland Britain British English
    Scottish Welsh Irish Europe European Asian African Caribbean Polish Romanian Muslim
    Christian Jewish Sikh Hindu Lithuanian
    """.split()  # noqa: SIM905
)

AGE_PATTERNS = re.compile(
    r"\b(?P<a1>\d{1,3})[- ]years?[- ]old\b|\baged\s+(?P<a2>\d{1,3})\b|\bage\s+(?P<a3>\d{1,3})\b|"
    r"(?<=[A-Za-z]), (?P<a4>\d{1,2})(?=,| and | from | of |\)| who | has | was | is |\.)|"
    r"\((?P<a5>\d{1,2})\)",
)


@dataclass(frozen=True, slots=True)
class Age:
    years: int
    start: int
    end: int


def ages(ctx: Context) -> list[Age]:
    """Ages stated in the text ("14-year-old", "aged 14", "Jane Smith, 14,", "(14)")."""
    found = ctx.memo.get("ages")
    if found is None:
        found = []
        for m in AGE_PATTERNS.finditer(ctx.text):
            value = next(v for v in m.groups() if v is not None)
            found.append(Age(int(value), m.start(), m.end()))
        ctx.memo["ages"] = found
    return found  # type: ignore[return-value]


Role = Literal["official", "subject", "victim", "other"]


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    text: str
    role: Role  # official: officer, judge, spokesperson; subject: arrested/charged/wanted; victim: harmed


_SUBJECT_AFTER = re.compile(
    r"^(?:,[^.;]{0,60}?,)?\s*(?:\(\d+\)\s*)?(?:who\s+)?(?:(?:(?:has|have|had)\s+(?:now\s+|since\s+|"
    r"also\s+)?been|was|were|is|are|is being|will be|has now been)\s+)?(?:now\s+|since\s+|also\s+|"
    r"today\s+|subsequently\s+)?(?:arrested|charged|remanded|jailed|sentenced|convicted|summonsed|"
    r"bailed|detained|released|wanted|questioned|appeared|due to appear|due (?:at|before|in)|pleaded|"
    r"found guilty|given|"
    r"ordered|banned|disqualified|cautioned|fined|recalled|handed|admitted|denied|denies|faces|"
    r"stood trial|will appear|appears|accused)\b"
    # "X has pleaded guilty": only verbs the accused does themselves ("X have arrested" is the police)
    r"|^(?:,[^.;]{0,60}?,)?\s*(?:who\s+)?(?:has|have|had)\s+(?:now\s+|since\s+|also\s+)?(?:pleaded|"
    r"admitted|denied|appeared|stood\s+trial)\b",
)
_SUBJECT_BEFORE = re.compile(
    r"(?:arrested|charged|remanded|jailed|sentenced|convicted|summonsed|wanted|arrest of|charge of|"
    r"locate|trace|find|seen|looking for|searching for|appeal to find|defendant|accused|"
    r"suspect)\s+(?:(?!(?:with|for|of|over|after|following|on|in|at|to|by|from|about|against|into)\b)"
    r"\w+\s+){0,2}$",  # "charged with raping X": X is the one it was done to, not the one charged
    re.IGNORECASE,
)
_NAME_CUE = re.compile(
    r"\b(?:[Hh]ave you seen|[Ff]ind|[Ll]ocate|[Tt]race|named (?:him |her |them )?as|[Cc]alled|"
    r"[Vv]ictim|[Mm]issing (?:boy|girl|teenager|teen|man|woman|child)|"
    r"year-old)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b"
)
# What only a person can be or do, so a capitalised name the model took for an organisation is a person
# after all: "Lily Evans, a Year 8 pupil,", "Megan Reilly was punched", "Sam Hill told officers".
_HUMAN_AFTER = re.compile(
    r"^(?:,\s*(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:pupil|student|schoolgirl|schoolboy|boy|girl|man|woman|mum|mother|"
    r"dad|father|teenager|grandmother|grandfather|pensioner|nurse|teacher|carer|worker|resident)\b|\s+(?:was|were|"
    r"had\s+been|has\s+been)\s+(?:\w+ly\s+)?(?:raped|assaulted|attacked|punched|kicked|stabbed|injured|robbed|"
    r"groomed|abused|threatened|bullied|hurt|killed|murdered|arrested|charged|jailed)\b|\s+(?:said|told|added)\b)"
)
_ONE_WORD_AGED = re.compile(
    rf"\b({NAME_WORD})(?:,\s*(?:aged\s+)?\d{{1,2}}(?=,| and | from | of | who | has | was | is |\.)|\s*\(\d{{1,2}}\))"
)
_AGE_AFTER = re.compile(r"^(?:,\s*(?:aged\s+)?\d{1,2}\b|\s*\(\d{1,2}\))")
_PLACE_BEFORE = re.compile(r"\b(?:of|from|in|at|near|to)\s+$")
_MULTI_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|towards|via|outside|inside)\s+|"
    r"\bbetween\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*\s+and\s+)$"
)
_SUBJECT_FORMAT = re.compile(r"^,\s*(?:aged\s+)?\d{1,2},\s*(?:of|from)\b")


def names(ctx: Context, *, use_model: bool = True) -> list[Name]:
    """People named in the draft, each with a rough role. Uses the model's PERSON entities plus
    capitalised names it missed; hashtags and handles are not names."""
    key = f"names:{use_model}"
    cached = ctx.memo.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]
    text = ctx.text
    spans: list[tuple[int, int]] = []
    if use_model:
        for ent in ctx.entities("PERSON"):
            spans.append((ent.start, ent.end))
    non_people = (
        [(e.start, e.end) for e in ctx.entities("GPE", "ORG", "FAC", "LOC", "NORP", "DATE")] if use_model else []
    )
    for m in CAP_RUN.finditer(text):
        words = [(w.start() + m.start(), w.end() + m.start(), w.group(0)) for w in NAME_WORD_RE.finditer(m.group(0))]
        while words and (words[0][2] in NOT_NAMES or words[0][2].rstrip("s") in NOT_NAMES):
            words.pop(0)
        while words and (words[-1][2] in NOT_NAMES or words[-1][2].rstrip("s") in NOT_NAMES):
            words.pop()
        if len(words) < 2 or len(words) > 3 or any(w[2] in NOT_NAMES for w in words):
            continue
        start, end = words[0][0], words[-1][1]
        if any(s < end and start < e for s, e in spans):
            continue
        aged = _AGE_AFTER.match(text[end : end + 12]) or _HUMAN_AFTER.match(text[end : end + 60])
        if not aged and any(s < end and start < e for s, e in non_people):
            continue
        spans.append((start, end))
    for m in _NAME_CUE.finditer(text):
        start, end = m.start(1), m.end(1)
        if m.group(1) in NOT_NAMES or any(s < end and start < e for s, e in spans):
            continue
        spans.append((start, end))
    for m in _ONE_WORD_AGED.finditer(text):  # "Olivia, 16, was ...": people have ages, places do not
        start, end = m.span(1)
        if m.group(1) in NOT_NAMES or any(s < end and start < e for s, e in spans):
            continue
        spans.append((start, end))
    out: list[Name] = []
    sexual = bool(SEXUAL.search(text))
    for start, end in sorted({(s, e - 2 if text[e - 2 : e] in ("'s", "’s") else e) for s, e in spans}):
        if start > 0 and text[start - 1] in "#@_/.":
            continue
        word = text[start:end]
        if not any(c.isupper() for c in word[:1]) or len(word) < 2:
            continue
        if word.split()[0] in {"Police", "Officers", "Crimestoppers", "The", "We"}:
            continue
        if " " not in word and _PLACE_BEFORE.search(text[max(0, start - 6) : start]):
            continue  # "of Keighley", "in Halifax": a place the model took for a person
        if _MULTI_PLACE_BEFORE.search(text[max(0, start - 40) : start]):
            continue  # "in Hyde Park", "between Brighton and London Victoria"
        s_start, s_end = ctx.sentence_at(start)
        out.append(Name(start, end, word, _role(text, start, end, s_start, max(s_end, end), sexual=sexual)))
    out = _share_roles_in_lists(text, out)
    ctx.memo[key] = out
    return out


def _role(text: str, start: int, end: int, s_start: int, s_end: int, *, sexual: bool = False) -> Role:
    before = text[max(0, start - 60) : start]
    after = text[end : end + 90]
    if _TITLE_BEFORE.search(before) or _COURT_ROLE_AFTER.match(after) or _COURT_ROLE_BEFORE.search(before):
        return "official"
    in_before, in_after = text[s_start:start], text[end:s_end]
    victim = victim_cue(in_before, in_after, sexual=sexual).strength
    if victim >= 3:
        return "victim"  # before "said": "X told officers she had been attacked" is no spokesperson
    if _SAID_NEAR.match(after) or _SAID_BEFORE.search(before):
        return "official"
    subject = (
        _SUBJECT_AFTER.match(after)
        or _SUBJECT_FORMAT.match(after)
        or _SUBJECT_BEFORE.search(text[max(0, start - 40) : start])
        or accused_cue(in_before, in_after)
    )
    if victim >= 2 and not subject:
        return "victim"
    return "subject" if subject else "other"


_LIST_JOIN = re.compile(
    r"^(?:\s*,\s*(?:aged\s+)?\d{1,3})?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:(?:Miss|Mrs|Ms|Mr)\.?\s+)?$"
)


def _share_roles_in_lists(text: str, people: list[Name]) -> list[Name]:
    """People listed together share a role: "raping Sarah Jones and Laura Bell" makes both the
    victims, "charged Michael Fox, 39, and Dean Rowe, 42" both the accused."""
    roles = [n.role for n in people]
    for i in range(1, len(people)):
        if _LIST_JOIN.match(text[people[i - 1].end : people[i].start]):
            first, second = roles[i - 1], roles[i]
            if second == "other" and first in ("victim", "subject"):
                roles[i] = first
            elif first == "other" and second in ("victim", "subject"):
                roles[i - 1] = second
    return [n if n.role == r else Name(n.start, n.end, n.text, r) for n, r in zip(people, roles, strict=True)]


def same_sentence(ctx: Context, a: int, b: int) -> bool:
    return ctx.sentence_at(a) == ctx.sentence_at(b)


def sentence_text(ctx: Context, position: int) -> tuple[int, str]:
    start, end = ctx.sentence_at(position)
    return start, ctx.text[start:end]


def words_with_case(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*", text)

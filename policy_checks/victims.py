"""Who an offence was done to: the wording that puts a named person in the victim's role.

Pure functions over the words just before a name (back to the start of its sentence) and just after
it (to the end of its sentence). `lexicon.names` uses them to give each person a role, and the
sexual-offence rule uses them to find a complainant who is named, however the sentence is built:

- the person an offence is done to: "charged with raping X", "the rape of X", "sexual assault on X",
  "exposed himself to X", "sexual activity with X" (and "a passenger, X" after any of them);
- the person it happened to: "X was raped", "X, 34, had been sexually assaulted";
- a victim noun beside the name: "the victim, X,", "rape victim X", "X, the victim of ...";
- a relative clause or report: "X, who reported being ...", "X told officers she was attacked";
- a possessive: "X's attacker", "X's ordeal" (but "X's victim" makes X the accused).

Each cue has a strength: 3 means the sentence plainly makes the person the victim; 2 means very
likely, unless the same sentence also makes them the accused ("Following the rape of a woman,
John Smith, 45, has been charged"); 1 is a hint (thanked "for her courage"), and two hints make 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

# An apposition between a name and its verb: ", 34,", " (34)", ", of Byker Road,", ", a student,".
APPOSITION = (
    r"(?:\s*\(\d{1,3}\))?"
    r"(?:\s*,\s*(?:aged\s+)?\d{1,3}(?=\s*,))?"
    r"(?:\s*,\s*(?:of|from)\s+[^,.;]{1,40}?(?=\s*,))?"
    r"(?:\s*,\s*(?:a|an)\s+[^,.;]{1,40}?(?=\s*,))?"
)
_ADVERBS = r"(?:(?:\w+ly|then|also|later|twice|again|first|further)\s+)*"

# What is done to a victim, as a past participle ("was raped", "had been groomed"). Sexual offences
# make the person plainly the victim; other harm only very likely (the accused may have been injured).
SEXUAL_DONE_TO = (
    r"(?:raped|(?:sexually|indecently)\s+(?:assaulted|abused|touched|exploited|harassed)|groomed|molested|"
    r"sexually\s+exploited|secretly\s+(?:filmed|photographed)|exposed\s+to|indecently\s+exposed\s+to|"
    r"trafficked)"
)
HARM_DONE_TO = (
    r"(?:assaulted|attacked|abused|exploited|touched|groped|drugged|stalked|harassed|grabbed|kidnapped|"
    r"abducted|threatened|coerced|forced|incited|subjected\s+to|murdered|killed|stabbed|strangled|"
    r"injured|robbed|beaten|punched|kicked)"
)
DONE_TO = r"(?:" + SEXUAL_DONE_TO + "|" + HARM_DONE_TO + ")"
_SEXUAL_WORD = re.compile(
    r"\b(?:rap\w*|sex\w*|indecent\w*|groom\w*|molest\w*|secretly|expos\w*|voyeurism|intercourse|"
    r"intimate|explicit|nude|naked|traffick\w*)\b",
    _I,
)
# The person after these words is the one the offence was done to.
_OFFENCE_LEAD = (
    r"(?:(?:(?:attempt(?:ed|ing|s)?|tried|trying|conspir(?:ed|ing|acy))\s+to\s+)?"
    r"(?:rap(?:e|es|ed|ing)|(?:sexually|indecently)\s+(?:assault|abus|touch|exploit|harass)\w*|"
    r"molest(?:s|ed|ing)?|groom(?:s|ed|ing)?|abus(?:e|es|ed|ing)|exploit(?:s|ed|ing)?|"
    r"assault(?:s|ed|ing)?|attack(?:s|ed|ing)?|kidnap(?:s|ped|ping)?|abduct(?:s|ed|ing)?|"
    r"drugg(?:ed|ing)|stalk(?:s|ed|ing)?|harass(?:es|ed|ing)?|(?:secretly\s+)?(?:film(?:s|ed|ing)|"
    r"photograph(?:s|ed|ing))|murder(?:s|ed|ing)?|kill(?:s|ed|ing)|stabb(?:ed|ing)|"
    r"strangl(?:e|es|ed|ing)|threaten(?:s|ed|ing)?|blackmail(?:s|ed|ing)?|incit(?:e|es|ed|ing)|"
    r"coerc(?:e|es|ed|ing)|forc(?:e|es|ed|ing)|touch(?:es|ed|ing)|grop(?:e|es|ed|ing)|"
    r"traffick(?:s|ed|ing)|rob(?:s|bed|bing)?)"
    r"|(?:expos(?:ed|es|ing)\s+(?:him|her|them)sel(?:f|ves)|indecent\s+exposure|exposure)\s+to"
    r"|(?:sexual\s+(?:activity|contact|communication|relationship|intercourse|acts?)|sex|"
    r"intercourse)\s+with"
    r"|(?:sen[dt]|sending|show(?:ed|ing|s)?)\s+(?:sexual|indecent|explicit|intimate|obscene|"
    r"sexually\s+explicit)\s+\w+\s+to"
    r"|(?:(?:attempted\s+)?rapes?|(?:sexual|indecent|serious|violent|physical)\s+assaults?|"
    r"sex\s+(?:attacks?|assaults?)|assaults?|attacks?|(?:sexual\s+|child\s+|domestic\s+)?abuse|"
    r"grooming|(?:sexual\s+)?exploitation|murder|killing|manslaughter|kidnap(?:ping)?|abduction|"
    r"indecent\s+exposure|voyeurism|harassment|stalking|robbery|trafficking|(?:indecent|sexual|"
    r"intimate|explicit|private|nude|naked|sexually\s+explicit)\s+(?:images?|photos?|photographs?|"
    r"pictures?|videos?|footage|films?))\s+(?:of|on|against|upon|towards)"
    r"|(?:(?:sexual\s+)?offen[cs]es|offending|crimes?)\s+(?:against|towards))"
)
PERSON_NOUN = (
    r"(?:woman|women|girl|girls|boy|boys|man|men|teenager|teen|student|pupil|passenger|customer|"
    r"patient|colleague|neighbour|mum|mother|friend|nurse|worker|child|schoolgirl|schoolboy|lady|"
    r"resident|tenant|employee|waitress|carer|acquaintance|partner|ex-partner|girlfriend|"
    r"ex-girlfriend|wife|ex-wife|daughter|stepdaughter|niece|granddaughter|sister|cousin|son|stepson|"
    r"nephew|grandson|brother|youngster|toddler|baby|pensioner|lodger|flatmate|housemate|babysitter|"
    r"goddaughter|godson|trainee|apprentice|client|victims?|complainants?|survivors?)s?"
)
_TITLE = r"(?:(?:Miss|Mrs|Ms|Mr|Master)\.?\s+)?"
_OBJECT = re.compile(
    r"\b(?P<lead>" + _OFFENCE_LEAD + r")\s+"
    r"(?:(?:a|an|the|his|her|their|another|fellow|two|three|four|five|six|several|\d{1,2})\s+)?"
    r"(?:(?:\d{1,2}[- ]years?[- ]old|young|teenage|vulnerable|elderly|female|male|former|then|local|"
    r"lone)\s+){0,2}"
    r"(?:(?P<noun>"
    + PERSON_NOUN
    + r")(?P<comma>\s*[,(](?:\s*(?:including|among\s+them|such\s+as))?)?\s+)?"
    + _TITLE
    + r"$",
    _I,
)
# "rape victim X", "the victim, X,", "the victim of the attack, X", "the victim has been named as X"
_VICTIM_BEFORE = re.compile(
    r"\b(?:victims?|complainants?|survivors?)(?:\s+of\s+[^,.;]{1,40}?)?\s*[,(:–-]?\s*"
    r"(?:(?:who\s+)?(?:has\s+been\s+|was\s+|is\s+|had\s+been\s+)?(?:named|identified|known)\s+"
    r"(?:locally\s+|by\s+\w+\s+)?as\s+|(?:who\s+is\s+|is\s+)?called\s+)?" + _TITLE + r"$",
    _I,
)
# "The woman he attacked, X,", "the girl who was abused, X,": the person described by what was done to them.
_DESCRIBED_BEFORE = re.compile(
    r"\b(?:woman|women|girl|girls|boy|boys|man|teenager|child|person|victim)\s+(?:(?:he|she|they)\s+(?:had\s+|has\s+)?"
    r"(?:is\s+accused\s+of\s+|was\s+convicted\s+of\s+|admitted\s+)?|who\s+(?:was|had\s+been|has\s+been)\s+"
    r"(?:\w+ly\s+)?)(?:attack|rap|abus|assault|groom|target|molest|expos)\w*\s*[,(]\s*" + _TITLE + r"$",
    _I,
)
# "A 23-year-old woman, X,", "The woman, named locally as X," (never "the man, X": usually the accused)
_GENERIC_BEFORE = re.compile(
    r"\b(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:woman|girl|teenager|teen|boy|schoolgirl|schoolboy|"
    r"student|pupil|passenger|customer|patient|lady|mum|mother)\s*(?:[,(]|(?:[,(]\s*)?(?:who\s+"
    r"(?:has\s+been|was|is)\s+|has\s+been\s+|was\s+|is\s+)?(?:named|identified)\s+(?:locally\s+|"
    r"by\s+\w+\s+)?as|(?:[,(]\s*)?(?:who\s+is\s+)?called)\s*" + _TITLE + r"$",
    _I,
)
_PASSIVE_AFTER = re.compile(
    r"^" + APPOSITION + r"\s*,?\s*(?:who\s+)?(?:was|were|had\s+been|has\s+been|have\s+been|is\s+being|"
    r"was\s+being|got|'d\s+been)\s+(?P<what>" + _ADVERBS + DONE_TO + r")\b",
    _I,
)
_VICTIM_AFTER = re.compile(
    r"^" + APPOSITION + r"\s*[,(]?\s*(?:who\s+(?:is|was|has\s+been|became)\s+|(?:is|was|became|"
    r"has\s+been)\s+)?(?:the|a|an|one\s+of\s+(?:the|his|her|their)|another)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:victims?|complainants?|survivors?)\b(?!['’])",
    _I,
)
_REPORTED_AFTER = re.compile(
    r"^" + APPOSITION + r"\s*,?\s*(?:who\s+)?(?:had\s+|has\s+)?(?:reported|disclosed|alleged|"
    r"told\s+(?:\w+\s+){1,2}|said|came\s+forward\s+to\s+say)\s+(?:that\s+)?(?:being|having\s+been|"
    r"(?:she|he|they)\s+(?:had\s+been|was|were|'d\s+been|has\s+been|had\s+been))\s+"
    + r"(?P<what>"
    + _ADVERBS
    + DONE_TO
    + r")\b",
    _I,
)
# "X, 16, ... after she was indecently assaulted": a clause whose pronoun is the person.
_PRONOUN_PASSIVE_AFTER = re.compile(
    r"^" + APPOSITION + r"\s*,?\s*(?:[\w-]+\s+){0,3}?(?:after|when|as|because|since|before|while)\s+(?:she|he|they)\s+"
    r"(?:was|were|had\s+been|'d\s+been)\s+(?P<what>" + _ADVERBS + DONE_TO + r")\b",
    _I,
)
# "X gave evidence against the man who raped her", "X was 14 when Graham Fox began grooming her":
# someone else did it to her.
_DONE_TO_HER_AFTER = re.compile(
    r"^(?!" + APPOSITION + r"\s*,?\s*(?:is|was)\s+the\s+(?:man|woman|person|one)\b)[^.;]*?"
    r"(?:\b(?:man|men|person|someone|stranger|attacker|abuser|boy|teenager|offender)\s+who\s+(?:had\s+)?|"
    r"\b(?:when|after|until|before)\s+(?:a\s+man|an?\s+\w+|(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))\s+"
    r"(?:\w+\s+){0,2}?)(?:\w+ly\s+)?(?:rap(?:ed|ing)|(?:sexually|indecently)\s+(?:assault|abus)\w*|"
    r"abus(?:ed|ing)|groom(?:ed|ing)|molest(?:ed|ing))\s+(?:her|him|them)\b",
    _I,
)
_SUPPORTING_BEFORE = re.compile(
    r"\b(?:supporting|continue\s+to\s+support|are\s+helping|looking\s+after)\s+" + _TITLE + r"$", _I
)
_SUPPORTED_AFTER = re.compile(
    r"^" + APPOSITION + r"\s*,?\s*(?:who\s+)?(?:is|was|has\s+been|had\s+been|continues\s+to\s+be|"
    r"remains)\s+(?:being\s+)?(?:supported|offered\s+support|receiving\s+support|given\s+support)\b",
    _I,
)
_POSSESSIVE_VICTIM = re.compile(
    r"^['’]s?\s+(?:alleged\s+|convicted\s+|former\s+)?(?:attacker|abuser|rapist|assailant|abductor|"
    r"groomer|kidnapper|killer|murderer|stalker|ordeal|rape|assault|attack|abuse|complaint|"
    r"allegations?|disclosure|injuries)s?\b",
    _I,
)
_POSSESSIVE_RELATION = re.compile(
    r"^['’]s?\s+(?:former\s+|ex-|own\s+)?(?:step-?)?(?:father|dad|uncle|grandfather|grandad|"
    r"stepfather|stepdad|teacher|coach|tutor|carer|foster\s+(?:father|carer|parent)|babysitter|"
    r"boss|employer|landlord|ex-partner|ex-boyfriend|ex-husband|brother-in-law)\b",
    _I,
)
_THANKED = re.compile(
    r"\b(?:thank(?:s|ed|ing)?|praised?|praising|commend(?:ed|s|ing)?)\s+(?:to\s+)?" + _TITLE + r"$", _I
)
_FOR_COURAGE = re.compile(
    r"^(?:\s+for\s+(?:(?:her|his|their)\s+(?:\w+\s+)?(?:courage|bravery|strength)|coming\s+forward|"
    r"speaking\s+(?:up|out))|['’]s?\s+(?:courage|bravery|strength))",
    _I,
)
_CAME_FORWARD = re.compile(r"\b(?:c[oa]m(?:e|ing)\s+forward|speaking\s+out|reporting\s+what\s+happened)\b", _I)
_AGE_AT_THE_TIME = re.compile(
    r"^(?:\s*,\s*(?:\d{1,3}\s*,\s*)?who)?\s+was\s+(?:just\s+|only\s+|aged\s+)?\d{1,2}(?:\s+years?\s+old)?\s+"
    r"(?:at\s+the\s+time|when)\b",
    _I,
)

# The wording that makes the person the accused instead.
_ACTIVE_AFTER = re.compile(
    r"^" + APPOSITION + r"\s*,?\s*(?:(?:is|was)\s+the\s+(?:man|woman|person|one)\s+who\b|(?:who\s+)?"
    r"(?:(?:has|had|have)\s+)?(?:allegedly\s+|repeatedly\s+|also\s+|then\s+|later\s+|subsequently\s+|"
    r"first\s+|(?:began|started|continued|went\s+on)\s+(?:to\s+)?)*(?:raped|grooming|(?:sexually|indecently)\s+"
    r"(?:assaulted|abused|touched|exploited)|assaulted|abused|groomed|molested|exposed\s+(?:him|her|"
    r"them)sel(?:f|ves)|attacked|targeted|stalked|preyed|lured|drugged|murdered|killed|stabbed|"
    r"engaged\s+in|committed|carried\s+out|filmed|followed|forced|coerced|incited|sent|raping|"
    r"abusing|sexually\s+assaulting|groom|rape|abuse|sexually\s+assault))\b",
    _I,
)
_ACCUSED_BEFORE = re.compile(
    r"(?:\b(?:jailed|charged|convicted|sentenced|wanted|guilty|remanded|named|arrested)\s*[:–-]\s*|"
    r"\b(?:his|her|their|the\s+(?:victim|woman|girl|boy|child)['’]s)\s+(?:alleged\s+|convicted\s+)?"
    r"(?:attacker|abuser|rapist|assailant)\s*,?\s*|\b(?:defendant|accused|suspect|offender|"
    r"paedophile|rapist|sex\s+offender|co-accused)\s*,?\s*|\bnamed\s+(?:him|the\s+(?:man|suspect|"
    r"defendant|accused))\s+as\s+|\b(?:man|woman|suspect|defendant|person)\s+(?:who\s+(?:has\s+"
    r"been|was|is)\s+)?(?:accused|charged|arrested|jailed|convicted|wanted|sentenced)\b[^.]*?\bnamed\s+"
    r"(?:locally\s+|by\s+\w+\s+)?as\s+)" + _TITLE + r"$",
    _I,
)
_POSSESSIVE_ACCUSED = re.compile(
    r"^['’]s?\s+(?:\w+\s+)?(?:victims?|offending|crimes|arrest|trial|conviction|sentencing|sentence|"
    r"defence|barrister|solicitor|lawyer)\b(?!['’])",
    _I,
)

_KILLED = re.compile(r"\b(?:murder\w*|kill(?:ed|ing)|manslaughter|death|died|dead|strangl\w*)\b", _I)
_DIED_AFTER = re.compile(
    r"^" + APPOSITION + r"\s*,?\s*(?:who\s+)?(?:(?:has|had|later|sadly|tragically)\s+)*(?:died|"
    r"was\s+found\s+dead|lost\s+(?:her|his|their)\s+life)\b",
    _I,
)


@dataclass(frozen=True, slots=True)
class Cue:
    """Why a person looks like the victim: how strongly (0-3), in words, and whether the same
    words say they died (the Sexual Offences (Amendment) Act protects complainants for life)."""

    strength: int
    why: str = ""
    died: bool = False
    prepositional: bool = False  # "the rape of X", "an assault on X": X could be a place


NO_CUE = Cue(0)


def victim_cue(before: str, after: str, *, sexual: bool = False) -> Cue:
    """How strongly the words around a name (``before``: its sentence up to the name; ``after``:
    the rest of the sentence) make that person the one an offence was done to. ``sexual``: the post
    is about a sexual offence, where "the woman, X," is the complainant (the accused is "a man")."""
    died = bool(_DIED_AFTER.match(after))
    possessive = after[:2] in ("'s", "’s") or after[:1] in ("'", "’")
    if not possessive:
        m = _OBJECT.search(before[-160:])
        if m:
            lead = m.group("lead")
            prepositional = bool(re.search(r"\b(?:of|on|against|upon|towards|to|with)$", lead, _I))
            strength = 3 if _SEXUAL_WORD.search(lead) and not m.group("comma") else 2
            return Cue(
                strength,
                f"the person the offence ('{lead.strip()}') was done to",
                died or bool(_KILLED.search(lead)),
                prepositional,
            )
        m = _PASSIVE_AFTER.match(after)
        if m:
            what = m.group("what")
            strength = 3 if _SEXUAL_WORD.search(what) else 2
            return Cue(strength, f"the person who was {what}", died or bool(_KILLED.search(what)))
        m = _REPORTED_AFTER.match(after) or _PRONOUN_PASSIVE_AFTER.match(after)
        if m:
            what = m.group("what")
            return Cue(3 if _SEXUAL_WORD.search(what) else 2, f"the person who was {what}", died)
        if _DONE_TO_HER_AFTER.match(after):
            return Cue(3, "the person the offence was done to", died)
    if _DESCRIBED_BEFORE.search(before[-120:]):
        return Cue(3, "described by what was done to them", died)
    if _VICTIM_BEFORE.search(before[-120:]) or (not possessive and _VICTIM_AFTER.match(after)):
        return Cue(3, "called the victim or complainant", died)
    if _POSSESSIVE_VICTIM.match(after):
        return Cue(3, "the person the attacker or the offence belongs to", died)
    if _GENERIC_BEFORE.search(before[-120:]):
        return Cue(2 if sexual else 1, "named beside 'the woman' or 'the girl' in a sexual offence post", died)
    if _POSSESSIVE_RELATION.match(after):
        return Cue(2, "named through their relationship to the accused", died)
    if not possessive and (_SUPPORTED_AFTER.match(after) or _SUPPORTING_BEFORE.search(before[-40:])):
        return Cue(2, "being supported as a victim", died)
    hints = 0
    if _THANKED.search(before[-60:]) and _FOR_COURAGE.match(after):
        hints += 1
    if _CAME_FORWARD.search(after[:80]):
        hints += 1
    if _AGE_AT_THE_TIME.match(after):
        hints += 1
    if hints:
        return Cue(min(hints, 2), "thanked for coming forward, or given an age 'at the time'", died)
    return NO_CUE


def accused_cue(before: str, after: str) -> bool:
    """Whether the words around a name make that person the one who did it ("X raped",
    "X's victim", "Jailed: X", "her attacker, X")."""
    return bool(_ACTIVE_AFTER.match(after) or _POSSESSIVE_ACCUSED.match(after) or _ACCUSED_BEFORE.search(before[-160:]))


__all__ = ["APPOSITION", "DONE_TO", "NO_CUE", "PERSON_NOUN", "Cue", "accused_cue", "victim_cue"]

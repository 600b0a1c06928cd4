"""Legal rules: contempt of court, naming at arrest, complainants' and children's anonymity, libel.

These are the checks that end careers when missed and get switched off when they cry wolf, so each
one looks for the *combination* the law cares about (a person + active proceedings + prejudice; a
sexual offence + something that identifies the complainant), never a single word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy_checks.context import Context
from policy_checks.lexicon import (
    ACTIVE,
    ARREST,
    CAP_RUN,
    CHARGED,
    CONCLUDED,
    DECEASED,
    HEDGE,
    MISSING,
    NAME_WORD_RE,
    NOT_NAMES,
    SEXUAL,
    Name,
    ages,
    names,
)
from policy_checks.records import Hit
from policy_checks.registry import rule
from policy_checks.victims import victim_cue

_I = re.IGNORECASE

# --- contempt of court -------------------------------------------------------------------------

_LABEL = (
    r"(?:killer|murderer|attacker|assailant|offender|rapist|paedophile|pedophile|thug|monster|"
    r"beast|predator|culprit|perpetrator|robber|burglar|thief|fraudster|abuser|nonce|criminal|"
    r"drug dealer|scumbag|scum|psychopath|maniac|pervert|yob|lowlife)"
)
_PAST_OFFENDING = "mentions the person's past offending"
_PREJUDICE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:(?:has|had|with) (?:\w+ )?previous convictions?|previous convictions?|"
            r"previously (?:been )?convicted|prior convictions?|(?:long|lengthy|criminal) record|"
            r"has a (?:\w+ )?record for|(?:a |has a |with a )(?:long |"
            r"violent )?history of (?:violence|offending|domestic|sexual|assault|theft|burglary|"
            r"drug)|(?:well )?known to (?:the )?police|served (?:time|\w+ years?) (?:in prison|"
            r"for)|has been (?:to|in) prison before|prolific|serial (?:offender|burglar|rapist|"
            r"killer|thief|abuser)|known (?:drug dealer|criminal|offender|thief|burglar|"
            r"gang member|troublemaker))\b"
            r"|\b(?:(?:was|is|were|are)\s+(?:out\s+)?on\s+(?:licence|parole|probation)|after\s+serving\s+(?:a|an|his|"
            r"her|their)\s+(?:\w+\s+)?sentence|served\s+(?:a|an)\s+(?:\w+\s+)?sentence|(?:recently\s+|just\s+)?"
            r"released\s+from\s+prison|in\s+and\s+out\s+of\s+prison|(?:been\s+)?in\s+trouble\s+with\s+(?:the\s+)?"
            r"police|a\s+convicted\s+\w+|previously\s+(?:been\s+)?(?:jailed|imprisoned|cautioned)|"
            r"(?:had|has)\s+been\s+(?:violent|abusive|aggressive)\s+(?:towards|to)\s+\w+\s+(?:for\s+(?:years|"
            r"months|a\s+long\s+time)|before|previously|in\s+the\s+past|many\s+times))\b",
            _I,
        ),
        _PAST_OFFENDING,
    ),
    (
        re.compile(
            r"\b(?:has |had |have )?(?:admitted|confessed|owned up)(?! (?:to|"
            r"into) (?:\w+ ){0,3}(?:hospital|infirmary|care|ward|unit))\b|\bconfession\b|"
            r"\bhanded (?:himself|herself) in and (?:admitted|confessed)"
            # "told officers at the scene: 'I did it'"
            r"|\b(?:told|said\s+to|shouted\s+at)\s+(?:\w+\s+){0,5}?(?:officers?|police|detectives|us)\b[^.]{0,40}?"
            r"['\"‘“]\s*I\s+(?:did\s+(?:it|this)|(?:killed|stabbed|hit|attacked|shot|took|stole|started)\b)",
            _I,
        ),
        "reports an admission or confession",
    ),
    (
        re.compile(
            r"\b(?:the|this|that|these|those) (?:\w+ )?(?:evil |sick |vile |callous |cowardly |"
            r"brutal |twisted |depraved |heartless )?(?:killer|murderer|rapist|paedophile|thug|"
            r"monster|beast|predator|scumbag|scum|psychopath|maniac|pervert|nonce|"
            r"lowlife)s?\b|\b(?:he|she|they|who|the (?:man|woman|suspect|defendant|accused|"
            r"\w+-year-old)) "
            r"(?:is|was|are|were) (?:the|a|an) (?:\w+ )?" + _LABEL + r"\b|"
            r"\b(?:evil|sick|vile|callous|cowardly|brutal|twisted|depraved|heartless) (?:man|woman|"
            r"thug|individual|coward|attacker|offender|killer)\b"
            # "Shaw is a violent thug": the person's own name, then the label
            r"|(?-i:\b(?!(?:This|That|It|There|Here|What|Which|He|She|They|Who|Driving|Speeding|Stalking|"
            r"Harassment|Theft|Fraud|Burglary)\b)[A-Z][a-z]+)\s+(?:is|was)\s+(?:a|an|the)\s+(?:\w+\s+)?"
            + _LABEL
            + r"\b(?!\s+(?:offence|act|damage|record|justice|investigation|behaviour|gang|activity|network|"
            r"enterprise|case|matter|exploitation))",
            _I,
        ),
        "calls the person an offender before any verdict",
    ),
    (
        re.compile(
            r"\b(?:arrested|charged|detained|caught|remanded|identified|tracked\s+down|traced|found|named)\s+"
            r"(?:the|a)\s+(?:\w+\s+){0,2}?(?:man|woman|driver|person|people|men|women|boy|girl|teenager|youths?|"
            r"gang|suspect|\w+-year-old)\s+(?:who\s+(?:was|is)\s+)?responsible\s+for\b"
            r"|\b(?:the|a)\s+(?:\w+\s+)?(?:man|woman|driver|person|men|women|teenager|gang|\w+-year-old)\s+"
            r"responsible\s+for\s+[^.]{0,60}?\s+(?:has|have)\s+(?:now\s+)?been\s+(?:arrested|charged|remanded|"
            r"detained|caught)\b",
            _I,
        ),
        "says the person arrested or charged is the one responsible",
    ),
    (
        re.compile(
            r"\b(?:the|this|that) (?:attacker|assailant|offender|culprit|perpetrator|robber|"
            r"burglar|thief|fraudster|abuser|gunman|knifeman|raider|"
            r"mugger)s?\b(?=[^.]*\b(?:custody|arrested|charged|remanded|bail|bailed|court|"
            r"questioned|interviewed|detained)\b)",
            _I,
        ),
        "calls the person in custody or before the court the offender",
    ),
    (
        re.compile(
            r"\b(?:the|a) (?:man|woman|boy|girl|teenager|teen|person|suspect|\w+-year-old(?: man|"
            r" woman| boy| girl)?) who (?:killed|murdered|raped|stabbed|shot|attacked|assaulted|"
            r"robbed|abused|stole|burgled|mugged|punched|kicked|beat)\b",
            _I,
        ),
        "states that the person committed the offence",
    ),
    (
        re.compile(
            r"\b(?:(?:is|was|are|were|definitely|clearly|obviously|undoubtedly|certainly) guilty|"
            r"no doubt (?:he|she|they|who|about)|caught red[- ]handed|bang to rights|open and shut|"
            r"we (?:know|are (?:sure|certain|confident)) (?:that )?(?:he|she|they|who|the (?:man|"
            r"woman|suspect)) (?:did|is responsible|was responsible|committed)|(?:he|she|"
            r"they) (?:definitely|clearly|obviously|certainly) (?:did|committed|was responsible))\b",
            _I,
        ),
        "speculates about guilt",
    ),
    (
        re.compile(
            r"\b(?:cctv|footage|video|dna|fingerprints?|forensics?|forensic evidence|phone records|"
            r"(?:a |the |several |two )?witness(?:es)?|evidence|ballistics)(?: of (?:the |this )?\w+(?: \w+)?)?"
            r"(?:, [^,.]{1,60},)? (?:clearly |also )?(?:shows?|showed|proves?|proved|confirms?|confirmed|links?|"
            r"linked|places?|"
            r"placed|identif(?:y|ies|ied)|saw|caught|captured|puts?|matched|matches) (?:him|her|"
            r"them|the (?:man|woman|boy|girl|suspect|defendant|accused|\w+-year-old)|"
            r"[A-Z][a-z]+)\b|\b(?:weapon|knife|gun|firearm|drugs|stolen \w+|murder weapon) (?:was|"
            r"were) (?:found|recovered) (?:at|in) (?:his|her|their) (?:home|house|flat|car|address|"
            r"room)\b",
            _I,
        ),
        "publishes evidence",
    ),
)


_PAST_BEFORE = re.compile(r"\b(?:previously|already|once|twice|before|a|an|been\s+previously)\s+$", _I)
_PAST_AFTER = re.compile(
    r"^\s+(?:before|previously|in\s+the\s+past)\b|^[^.]{0,30}?\b(?:on\s+\w+\s+occasions|several\s+times|many\s+times)\b",
    _I,
)
# Recall to prison, or a breach of an order that only a past conviction brings: saying so is the offence.
_RECALL = re.compile(
    r"\b(?:recall(?:ed)?|licence\s+conditions|conditions\s+of\s+(?:his|her|their)\s+licence|approved\s+premises|"
    r"breach(?:ed|ing|es)?\s+(?:of\s+)?(?:the\s+(?:terms|conditions)\s+of\s+)?(?:his|her|their|a|an|the)\s+"
    r"(?:licence|sexual\s+harm\s+prevention\s+order|SHPO|notification\s+requirements|sex\s+offender\s+"
    r"notification|criminal\s+behaviour\s+order|serious\s+crime\s+prevention\s+order)|sex\s+offenders?\s+"
    r"register|notification\s+requirements)\b",
    _I,
)
_AFTER_DOING = re.compile(
    r"\b(?:charged|arrested|detained|remanded|held|bailed)\b[^.]{0,60}?\b(?:after|following)\s+(?:allegedly\s+)?"
    r"(?P<act>stealing|killing|attacking|assaulting|stabbing|robbing|burgling|defrauding|shooting|murdering|"
    r"raping|abusing|beating|punching|kicking|threatening|ramming|smashing|setting\s+fire|damaging|hitting|"
    r"mugging|conning|scamming|grooming|filming)\b",
    _I,
)


@rule(
    slug="contempt-of-court",
    severity="block",
    reason="Proceedings are active: anything prejudicial risks contempt (Contempt of Court Act 1981).",
    area="legal",
)
def contempt_of_court(ctx: Context) -> Iterator[Hit]:
    """Once someone is arrested, wanted, summonsed or charged, a post must not add anything that
    could prejudice a trial: previous convictions, admissions or confessions, calling the person
    the killer, attacker, thug or monster, evidence or witness detail, or speculation about guilt.
    Posts about a sentence or conviction (proceedings ended) are not checked."""
    text = ctx.text
    if not ACTIVE.search(text) or _proceedings_ended(text):
        return
    recall = _RECALL.search(text)
    for pattern, what in _PREJUDICE:
        if recall and what == _PAST_OFFENDING:
            continue  # a recall-to-prison appeal has to say the person is on licence
        for m in pattern.finditer(text):
            preceding = text[max(0, m.start() - 12) : m.start()].lower()
            if "alleged" in preceding or "suspected" in preceding:
                continue
            yield Hit(
                m.start(),
                m.end(),
                f"Proceedings are active and this {what}: that risks contempt of court.",
                "Keep to the facts that may be released: age, home town, the offence, custody "
                "or bail status and the court date.",
            )
    for m in _AFTER_DOING.finditer(text):
        if "alleged" in m.group(0).lower():
            continue
        yield Hit(
            m.start("act"),
            m.end("act"),
            "This says as fact that the person arrested or charged did it ('charged after stealing').",
            "Describe what happened, not who did it: 'charged with theft after £500 was taken'.",
            severity="warn",
        )


def _proceedings_ended(text: str) -> bool:
    """Whether the post reports a verdict or sentence in *these* proceedings. A past one ("previously
    convicted", "a convicted burglar", "jailed before") is prejudice to report, not an end."""
    for m in CONCLUDED.finditer(text):
        before = text[max(0, m.start() - 24) : m.start()]
        after = text[m.end() : m.end() + 40]
        if _PAST_BEFORE.search(before) or _PAST_AFTER.match(after):
            continue
        return True
    return False


# --- arrest vs charge --------------------------------------------------------------------------

_THREAT = re.compile(
    r"\b(?:threat to life|dangerous(?! driving)|do not approach|should not be approached|wanted|"
    r"on the run|escaped|absconded|recall(?:ed)? to prison)\b",
    _I,
)


@rule(
    slug="arrest-named",
    severity="warn",
    reason="People who are arrested but not charged are not named without a recorded reason.",
    needs_nlp=True,
    area="legal",
)
def arrest_named(ctx: Context) -> Iterator[Hit]:
    """At arrest the force releases gender, age, home town, offence, date, general location and
    custody or bail status, not the name, unless there is a recorded exceptional reason (a threat
    to life, a wanted-person warning). Once charged, the name may be released."""
    text = ctx.text
    if not ARREST.search(text) or CHARGED.search(text) or CONCLUDED.search(text):
        return
    if _THREAT.search(text):
        return
    for name in names(ctx):
        if name.role != "subject":
            continue
        window = text[max(0, name.start - 40) : name.end + 100]
        if ARREST.search(window):
            yield Hit(
                name.start,
                name.end,
                "This names someone who has been arrested but not charged: a recorded reason "
                "(for example a threat to life) is needed.",
                "Describe them instead, e.g. 'a 34-year-old man from Leeds'.",
            )


# --- sexual offence complainants ---------------------------------------------------------------

_MODIFIERS = r"(?:(?:own|young|teenage|former|then|adopted|\d{1,2}[- ]years?[- ]old)[\s-]+|ex-|ex\s|step-?|then-)*"
_RELATIVE = (
    r"(?:daughter|son|stepdaughter|stepson|step-daughter|step-son|niece|nephew|granddaughter|grandson|"
    r"grandchild|wife|husband|partner|girlfriend|boyfriend|sister|brother|half-sister|half-brother|"
    r"mother|father|mum|dad|cousin|pupil|student|patient|employee|colleague|neighbour|foster "
    r"(?:child|daughter|son)|babysitter|goddaughter|godson|lodger|tenant|flatmate)s?"
)
_RELATION = re.compile(
    r"\b(?:his|her|their|the (?:accused|defendant|suspect|man|woman|offender)'s) " + _MODIFIERS + _RELATIVE + r"\b",
    _I,
)
# Relationships that say nothing about the complainant: "arrested at his mother's home", "he and his
# partner have been charged" (a co-accused).
_RELATION_PLACE = re.compile(r"^['’]s\s+(?:home|house|flat|address|car|property|room|bedroom|garden)\b", _I)
_RELATION_CO_ACCUSED = re.compile(
    r"^(?:,[^.]{0,40},)?\s+(?:have|has|were|was|are)\s+(?:both\s+|also\s+)?(?:been\s+)?(?:charged|arrested|"
    r"jailed|convicted|sentenced|remanded)\b",
    _I,
)
# "the uncle of the girl he abused": the same relationship, said the other way round.
_RELATIVE_OF_VICTIM = re.compile(
    r"\b(?:the\s+|her\s+|his\s+)?" + _MODIFIERS + r"(?:uncle|aunt|father|mother|stepfather|stepmother|stepdad|"
    r"stepmum|grandfather|grandmother|grandad|brother|sister|cousin|teacher|coach|tutor|carer|babysitter|"
    r"neighbour|employer|boss|landlord|partner|ex-partner|husband|ex-husband|boyfriend|ex-boyfriend)\s+of\s+"
    r"(?:the|a|an|his|her)\s+(?:\d{1,2}-year-old\s+)?(?:girl|boy|victim|complainant|woman|child|teenager|"
    r"children|girls|boys|victims)\b(?=[^.]{0,60}\b(?:charged|arrested|jailed|convicted|sentenced|accused|"
    r"remanded|pleaded|admitted|denies|found guilty|raped|abused|assaulted|groomed)\b)",
    _I,
)
# "the girl's stepfather has been charged": the complainant's relationship to the accused.
_VICTIMS_RELATIVE_ACCUSED = re.compile(
    r"\bthe (?:victim|complainant|survivor|girl|boy|woman|child|teenager|teen)['’]s "
    + _MODIFIERS
    + _RELATIVE
    + r"\b(?=[^.]{0,60}\b(?:charged|arrested|jailed|convicted|sentenced|accused|remanded|pleaded|"
    r"admitted|denies|found guilty|raped|abused|assaulted)\b)",
    _I,
)
# "The victim's mother, Julie Dodds, said ...": naming a relative names the complainant's family.
_VICTIMS_RELATIVE_NAMED = re.compile(
    r"\b(?:victim|complainant|survivor|woman|girl|boy|child|teenager)['’]s (?:\w+ )?(?:mother|father|"
    r"mum|dad|parents?|sister|brother|husband|wife|partner|boyfriend|girlfriend|daughter|son|aunt|uncle|"
    r"grandmother|grandfather|nan|gran|grandparents?|cousin|friend|flatmate|neighbour|employer|teacher)"
    r"\s*,?\s+(?-i:[A-Z][a-z]+(?:[ -][A-Z][a-z'-]+){0,2})",
    _I,
)
_VICTIM_SCHOOL = re.compile(
    r"\b(?:pupils?|students?|schoolgirls?|schoolboys?|victims?|complainants?|girls?|boys?|"
    r"child(?:ren)?|teenagers?|she|he|who)\b[^.]{0,40}?\b(?:at|from|attends?|attended|attending|"
    r"goes to|works? (?:at|for)|worked (?:at|for)|employed (?:at|"
    r"by))\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){1,4}(?:School|Academy|College|Primary|High|Grammar|"
    r"Sixth Form|University|Hospital|Ltd|Limited|plc|Shop|Store|Supermarket|Hotel|Bar|Pub|"
    r"Restaurant|Salon|Surgery|Nursery)\b",
)
_STREET = (
    r"(?:Road|Street|Avenue|Lane|Close|Drive|Way|Crescent|Place|Grove|Terrace|Gardens|Court|Walk|Row|"
    r"Estate|View|Square|Mews|Rise)"
)
_VICTIM_HOME = re.compile(
    r"\b(?:victims?|complainants?|survivors?|woman|girl|boy|teenager)\b[^.]{0,40}\b(?:lives?|lived|"
    r"living|home) (?:on|in|at) (?:[A-Z][\w'-]*\s+){1,3}" + _STREET + r"\b"
    # "raped at her home on Chillingham Road", "a woman's flat in Stanhope Street"
    r"|\b(?:her|their|(?:the|a|an) (?:victim|complainant|woman|girl|boy|teenager)['’]s) (?:own )?(?:home|"
    r"house|flat|address|bedroom|property) (?:on|in|at|off) (?:[A-Z][\w'-]*\s+){1,3}" + _STREET + r"\b"
    # "a 15-year-old girl from Byker Road" (a street is where she lives; a town is not)
    r"|\b(?:woman|girl|boy|teenager|victim|complainant|survivor)s?,? (?:(?:aged )?\d{1,2}, )?(?:from|of) "
    r"(?:[A-Z][\w'-]*\s+){1,3}" + _STREET + r"\b",
)
_VICTIM_WORK = re.compile(
    r"\b(?:victims?|complainants?|survivors?|woman|girl|she)\b[^.]{0,30}?\b(?:works?|worked|"
    r"working|is employed|was employed)\s+(?:as\s+(?:a|an)\s+(?:[\w-]+\s+){1,2}?)?(?:at|for|in)\s+(?:the\s+)?"
    r"[A-Z][\w'&-]*"
    # "the victim, a nurse at the RVI"
    r"|\b(?:victims?|complainants?|survivors?|woman|girl)\s*,\s*(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:nurse|"
    r"teacher|student|worker|employee|carer|waitress|barmaid|cleaner|receptionist|assistant|doctor|"
    r"midwife|lecturer|pupil)\s+(?:at|from|for)\s+(?:the\s+)?[A-Z][\w'&-]*",
)
_VICTIM_CUE = re.compile(r"\b(?:victims?|complainants?|survivors?|the (?:girl|woman|boy|teenager|child))\b", _I)
_WAIVED = re.compile(
    r"\bwaiv(?:ed|es|ing)\s+(?:(?:her|his|their)\s+)?(?:(?:lifelong\s+)?right\s+to\s+)?anonymity\b", _I
)
# Words that end a capitalised run that is not a person ("Victim Care Unit", "Whitley Bay").
_NOT_PERSON_END = frozenset(
    """
    Unit Team Service Services Centre Council Constabulary Police Department Hub Trust Partnership
    Network Group Project Foundation Association Society Helpline Line Bay Road Street Avenue
    Station Academy School College University Hospital Infirmary Court Park Square Metro Crisis
    Week
    """.split()  # noqa: SIM905
)
_NOT_PERSON_WORD = frozenset(
    """
    She He They It Her His Their Its Him Them Who Someone Anyone Everyone Nobody One Both Each St
    Saint Officers Police Detectives Update UPDATE Jailed Charged Convicted Sentenced Appeal
    """.split()  # noqa: SIM905
)
_MODIFIER_AFTER = re.compile(
    r"^\s+(?:woman|women|man|men|girl|girls|boy|boys|teenager|student|students|resident|residents|"
    r"staff|worker|workers|pupil|pupils|shop|store|pub|bar|club|station|centre|area)\b",
    _I,
)
_COMPLAINANT = "the complainant, who has lifelong anonymity (Sexual Offences (Amendment) Act 1992)"


@rule(
    slug="sexual-offence-complainant",
    severity="block",
    reason="Complainants of sexual offences have lifelong anonymity (Sexual Offences (Amendment) Act 1992 s.1).",
    needs_nlp=True,
    area="legal",
)
def sexual_offence_complainant(ctx: Context) -> Iterator[Hit]:
    """In a post about a sexual offence, nothing may identify the complainant: not their name
    ("charged with raping X", "X was sexually assaulted", "the victim, X", "X's attacker"), address,
    school or workplace, a relative's name, nor 'jigsaw' detail such as their relationship to the
    accused ('his 15-year-old stepdaughter'). Naming the charged person, their age, address and
    town is fine. A named complainant who has died, or who has waived anonymity, is a warning (check
    the family's wishes or the written waiver); a name whose part in the story is unclear is a warning."""
    text = ctx.text
    if not SEXUAL.search(text):
        return
    jigsaw = "In a sexual offence post this could identify " + _COMPLAINANT + "."
    details: list[Hit] = []
    for m in _VICTIMS_RELATIVE_NAMED.finditer(text):
        details.append(
            Hit(
                m.start(),
                m.end(),
                "Naming a relative or friend of the complainant identifies them: " + _COMPLAINANT + ".",
                "Leave the name out, e.g. 'a family member said ...'.",
            )
        )
    for m in _RELATIVE_OF_VICTIM.finditer(text):
        details.append(Hit(m.start(), m.end(), jigsaw, "Leave out how the accused is related to the complainant."))
    for m in _VICTIMS_RELATIVE_ACCUSED.finditer(text):
        details.append(Hit(m.start(), m.end(), jigsaw, "Say 'a man known to her' or leave the relationship out."))
    for m in _RELATION.finditer(text):
        if _RELATION_PLACE.match(text[m.end() : m.end() + 20]):
            continue
        if text[max(0, m.start() - 4) : m.start()].lower() == "and " and _RELATION_CO_ACCUSED.match(
            text[m.end() : m.end() + 80]
        ):
            continue
        details.append(Hit(m.start(), m.end(), jigsaw, "Say 'a person known to him' or leave it out."))
    for pattern in (_VICTIM_SCHOOL, _VICTIM_HOME, _VICTIM_WORK):
        for m in pattern.finditer(text):
            details.append(Hit(m.start(), m.end(), jigsaw, "Leave out where the complainant studies, works or lives."))
    shown: list[Hit] = []
    for hit in details:  # one finding per stretch of text, however many patterns saw it
        if not any(h.start < hit.end and hit.start < h.end for h in shown):
            shown.append(hit)
            yield hit
    waived = _WAIVED.search(text)
    people = [n for n in names(ctx) if n.role != "official" and not _not_a_person(text, n.start, n.end)]
    for name in people + _unlisted_complainants(ctx):
        if name.role == "victim":
            s_start, s_end = ctx.sentence_at(name.start)
            sentence = text[s_start : max(s_end, name.end)]
            cue = victim_cue(text[s_start : name.start], text[name.end : max(s_end, name.end)], sexual=True)
            why = f" ({cue.why})" if cue.why else ""
            if cue.died and not SEXUAL.search(sentence):
                continue  # "the murder of Tony Marsh": a homicide victim, not the complainant
            if cue.died:
                yield Hit(
                    name.start,
                    name.end,
                    f"This names the complainant of a sexual offence{why}. Their anonymity ends at "
                    "death, but check the family has been told and agrees before naming them.",
                    severity="warn",
                )
            elif waived:
                yield Hit(
                    name.start,
                    name.end,
                    f"This names the complainant of a sexual offence{why}. The post says they waived "
                    "anonymity: the waiver must be in writing, and on file, before publishing.",
                    severity="warn",
                )
            else:
                yield Hit(
                    name.start,
                    name.end,
                    f"This names {_COMPLAINANT}{why}. Identifying them is a criminal offence.",
                    "Remove the name; describe them only as 'a woman', 'a man' or 'a teenager'.",
                )
        elif name.role == "other" and " " in name.text:
            yield Hit(
                name.start,
                name.end,
                "A person is named in a sexual offence post and the wording does not say who they are: "
                "if they are the complainant, this breaks their lifelong anonymity.",
                "Check who this is; name only the charged person, officers and spokespeople.",
                severity="warn",
            )
    for media in ctx.draft.media:
        if _VICTIM_CUE.search(media.alt_text or ""):
            yield Hit(0, 0, "An attached picture appears to show the complainant.", "Remove it.")


def _not_a_person(text: str, start: int, end: int) -> bool:
    """'Victim Care Unit', 'Whitley Bay', 'the Co-op': names of things, not people."""
    words = text[start:end].split()
    if words[-1] in _NOT_PERSON_END or words[0] in _NOT_PERSON_WORD:
        return True
    return text[max(0, start - 4) : start].lower() == "the "


def _unlisted_complainants(ctx: Context) -> list[Name]:
    """Capitalised names the entity model missed or took for an organisation, kept only where the
    sentence plainly makes them the victim ("groomed Ellie online", "the sexual assault on Megan
    Reilly"). A single word after a preposition ("an assault on Quayside") must be a PERSON to the
    model, as it could be a place."""
    text = ctx.text
    known = [(n.start, n.end) for n in names(ctx)]
    places = [(e.start, e.end) for e in ctx.entities("GPE", "LOC", "FAC")]
    people = [(e.start, e.end) for e in ctx.entities("PERSON")]
    found = []
    for m in CAP_RUN.finditer(text):
        words = [(w.start() + m.start(), w.end() + m.start(), w.group(0)) for w in NAME_WORD_RE.finditer(m.group(0))]
        while words and (words[0][2] in NOT_NAMES or words[0][2] in _NOT_PERSON_WORD):
            words.pop(0)
        while words and (words[-1][2] in NOT_NAMES or words[-1][2] in _NOT_PERSON_END):
            words.pop()
        if not words or len(words) > 3 or any(w[2] in NOT_NAMES for w in words):
            continue
        start, end = words[0][0], words[-1][1]
        if start > 0 and text[start - 1] in "#@_/.":
            continue
        if any(s < end and start < e for s, e in known + places) or _not_a_person(text, start, end):
            continue
        if _MODIFIER_AFTER.match(text[end : end + 16]):
            continue  # "a Jarrow woman", "Metro staff"
        s_start, s_end = ctx.sentence_at(start)
        cue = victim_cue(text[s_start:start], text[end:s_end], sexual=True)
        if cue.strength < 3:
            continue
        if cue.prepositional and len(words) == 1 and not any(s <= start and end <= e for s, e in people):
            continue
        found.append(Name(start, end, text[start:end], "victim"))
    return found


# --- children ----------------------------------------------------------------------------------

_CHILD_WORD = re.compile(
    r"\b(?:schoolboy|schoolgirl|pupil|boy|girl|teenager|teen|child|youngster|toddler|baby|juvenile|"
    r"youth)\b",
    _I,
)
_SCHOOL_LINK = re.compile(
    r"\b(?:pupils?|students?|schoolboys?|schoolgirls?|who attends?|attending|who attended|who "
    r"goes to|(?:boy|girl|teenager|child) from)\s+(?:at\s+|from\s+|of\s+)?(?:the\s+)?"
    r"(?:[A-Z][\w'-]*\s+){1,4}(?:School|Academy|Primary|High School|College|Grammar|Sixth Form)"
    r"\b|\b(?:[A-Z][\w'-]*\s+){1,4}(?:School|Academy|Primary|College)\s+(?:pupils?|students?|"
    r"schoolboys?|schoolgirls?)\b",
)
_AFTER_NAME = re.compile(
    r"^(?:\s+(?:and|&)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)?\s*(?:,|\()\s*(?:(?:both|all|each)\s+)?(?:aged\s+)?"
    r"(\d{1,2})\s*(?:,|\)|\.|\s+(?:and|from|of|who|has|was|is|have|were|are))"
)
_ROLE_NOUN = (
    r"(?:boy|girl|teenager|teen|schoolboy|schoolgirl|son|daughter|victim|witness|suspect|defendant|"
    r"youth|pupil|student|child|youngster)"
)
_BEFORE_NAME = re.compile(
    r"(\d{1,2})[- ]years?[- ]old\s*(?:" + _ROLE_NOUN + r"\s*)?(?:[,(]\s*)?(?:(?:who\s+(?:is|was|has\s+been)\s+|"
    r"has\s+been\s+|was\s+)?(?:named|identified)\s+(?:locally\s+|by\s+\w+\s+)?as\s+|called\s+)?$",
    _I,
)
# School years give an age: Year 8 is 12 to 13 ("Lily Evans, a Year 8 pupil", "Year 10 pupil Sam Hill").
_SCHOOL_YEAR_AFTER = re.compile(r"^\s*,\s*(?:a|an)\s+[Yy]ear\s+(\d{1,2})\s+(?:pupil|student|schoolgirl|schoolboy)")
_SCHOOL_YEAR_BEFORE = re.compile(r"\b[Yy]ear\s+(\d{1,2})\s+(?:pupil|student|schoolgirl|schoolboy)\s*,?\s*$")
# "Photos of the boy, Aaron Hughes, ..." in a post that gives a child's age.
_CHILD_NOUN_BEFORE = re.compile(
    r"\b(?:the|a)\s+(?:boy|girl|teenager|teen|youth|schoolboy|schoolgirl|child|youngster)\s*,\s*"
    r"(?:(?:named|identified)\s+(?:locally\s+)?as\s+)?$",
    _I,
)
# An offence's name is not a death to pay tribute to.
_OFFENCE_DEATH = re.compile(
    r"\bcaus(?:e|es|ed|ing)\s+(?:the\s+)?death\s+by\s+\w+\s+driving\b|\bdeath\s+by\s+\w+\s+driving\b", _I
)
_CHILD_SUBJECT = re.compile(
    r"\b(?:arrest\w*|charged|suspects?|defendants?|accused|victims?|witness(?:es)?|assaulted|"
    r"attacked|stabbed|robbed|abused|injured|hurt|bullied|harassed|threatened|groomed|raped|"
    r"exploited|remanded|convicted|sentenced|court|cautioned|offence|offences)\b",
    _I,
)


_CHILD_IS_SUBJECT = re.compile(
    r"\b(?:1[0-7]|[4-9])[- ]years?[- ]old(?: boy| girl| teenager| youth| schoolboy|"
    r" schoolgirl)?(?:,[^.]{0,40},)? (?:has|have|was|were|is|had) (?:also )?(?:been )?(?:charged|"
    r"arrested|remanded|bailed|summonsed|convicted|detained|released|cautioned|sentenced)\b",
    _I,
)
_REFER_BACK = re.compile(r"^\s*(?:The|the|This|this)\s+(\d{1,2})[- ]years?[- ]old\b")


def _named_children(ctx: Context, *, loose: bool = False) -> list[tuple[int, int, int]]:
    """(start, end, age) for each name written with an age under 18 beside it, or followed by a
    sentence that starts 'The 15-year-old ...'. With ``loose``, any name in a post that gives an
    under-18 age and no adult age (used for missing-child appeals and tributes)."""
    text = ctx.text
    found = []
    everyone = names(ctx)
    people = [n for n in everyone if n.role != "official"]
    young = [a.years for a in ages(ctx) if a.years < 18]
    for name in everyone:  # an age under 18 beside a name outweighs "told officers" (officials are adults)
        after = _AFTER_NAME.match(text[name.end : name.end + 60])
        before = _BEFORE_NAME.search(text[max(0, name.start - 70) : name.start])
        _, s_end = ctx.sentence_at(name.start)
        back = _REFER_BACK.match(text[s_end : s_end + 30]) if not after and not before else None
        for m in (after, before, back):
            if m and int(m.group(1)) < 18:
                found.append((name.start, name.end, int(m.group(1))))
                break
        else:
            year = _SCHOOL_YEAR_AFTER.match(text[name.end : name.end + 30]) or _SCHOOL_YEAR_BEFORE.search(
                text[max(0, name.start - 30) : name.start]
            )
            if year and int(year.group(1)) <= 12:
                found.append((name.start, name.end, int(year.group(1)) + 5))
            elif (
                young
                and name.role != "official"
                and _CHILD_NOUN_BEFORE.search(text[max(0, name.start - 40) : name.start])
            ):
                found.append((name.start, name.end, min(young)))
    if not loose and not found and _CHILD_IS_SUBJECT.search(text):
        adult = any(a.years >= 18 for a in ages(ctx))
        if not adult:
            found = [
                (n.start, n.end, min(a.years for a in ages(ctx))) for n in people if n.role in ("subject", "other")
            ]
    if loose and not found:
        years = [a.years for a in ages(ctx)]
        if years and max(years) < 18:
            found = [(n.start, n.end, max(years)) for n in people]
    return found


@rule(
    slug="child-identified",
    severity="block",
    reason="Under-18 suspects, defendants, victims and witnesses must not be identified (CYPA 1933 "
    "s.49; YJCEA 1999 s.45).",
    needs_nlp=True,
    area="legal",
)
def child_identified(ctx: Context) -> Iterator[Hit]:
    """A child (under 18) involved in a crime as suspect, defendant, victim or witness must not
    be identified: no name, address, school or picture. Missing-child appeals and tributes to a
    child who has died are handled by `child-named-consent` instead."""
    text = ctx.text
    if not _CHILD_SUBJECT.search(text):
        return
    if MISSING.search(text) or DECEASED.search(_OFFENCE_DEATH.sub("", text)):
        return
    young = [a for a in ages(ctx) if a.years < 18]
    for start, end, age in _named_children(ctx):
        yield Hit(
            start,
            end,
            f"This names a {age}-year-old in a crime post: children involved in crime must not be identified.",
            f"Say 'a {age}-year-old' without the name.",
        )
    if young or _CHILD_WORD.search(text):
        for m in _SCHOOL_LINK.finditer(text):
            yield Hit(
                m.start(),
                m.end(),
                "Naming a child's school in a crime post can identify them.",
                "Leave the school out, or say 'a local school'.",
            )
    if young and ctx.draft.media and re.search(r"\b(?:suspect|arrested|charged|wanted|victim)\b", text, _I):
        yield Hit(0, 0, "A picture attached to a crime post about a child can identify them.")


@rule(
    slug="child-named-consent",
    severity="warn",
    reason="Naming a missing child, or a child who has died, needs the family's consent.",
    needs_nlp=True,
    area="legal",
)
def child_named_consent(ctx: Context) -> Iterator[Hit]:
    """A missing-child appeal with a name and photo is the recognised exception to children's
    anonymity, as is a family's tribute to a child who has died: confirm the family (and, for a
    missing child, the investigating officer) has agreed before publishing."""
    text = ctx.text
    if not (MISSING.search(text) or DECEASED.search(_OFFENCE_DEATH.sub("", text))):
        return
    for start, end, age in _named_children(ctx, loose=True):
        yield Hit(
            start,
            end,
            f"This names a {age}-year-old: confirm the family has consented.",
            None,
        )


# --- defamation --------------------------------------------------------------------------------

_WRONG_NOUN = (
    r"(?:drug dealer|dealer|drug pusher|pusher|thief|fraudster|conman|con man|con artist|scammer|"
    r"scam artist|crook|criminal|paedophile|pedophile|nonce|rapist|abuser|wife beater|burglar|"
    r"murderer|killer|drug lord|gangster|pimp|money launderer|fence|bent copper|liar|cheat|racist|"
    r"sex offender|shoplifter|drink driver|drug runner|people smuggler|trafficker|groomer|predator|"
    r"pervert|terrorist|arsonist|loan shark|thug|crook|cowboy builder|cowboy|rogue trader|fraud|scam|"
    r"front for \w+|money laundering operation|brothel|crack den|drug den)(?!\s*(?:warning|alert|"
    r"reporting|awareness|prevention|advice|centre|team|unit|squad|investigation|officers?|calls?|"
    r"texts?|emails?|messages?|operation|victims?|cases?|offen[cs]es?|justice|damage|record|"
    r"activity|behaviour|exploitation|networks?|markets?|prevention))"
)
_ACCUSATION = re.compile(
    r"(?:\bis|\bare|\bwas|\bwere|'s) (?:a |an |the )?(?:well-known |known |notorious |local |"
    r"total |complete |nothing but a |just a |an? |big |major |proper )*(?:[a-z]+ )?" + _WRONG_NOUN + r"s?\b|"
    r"\b(?:deals|sells|supplies|pushes|is dealing|are dealing|has been dealing|have been dealing|"
    r"has been selling|have been selling|is selling|are selling|has been stealing|is stealing|"
    r"steals|scams|rips off|ripped off|(?:is|are|has been|have been) (?:ripping off|conning|"
    r"scamming|fleecing|cheating|robbing|defrauding)|defrauds|defrauded|launders|beats|fences|runs|"
    r"is running|has been running) (?:drugs|crack|heroin|cocaine|cannabis|weed|stolen|fake|"
    r"counterfeit|people|customers|pensioners|the elderly|money|(?:his|her|their) (?:wife|partner|"
    r"kids|children)|a brothel|a drug|a crack|a scam|a cannabis farm|illegal|knock-off|from (?:the|"
    r"his|her|their|customers|work|the till))\b",
    _I,
)
_FACTS_ESTABLISHED = re.compile(
    r"\b(?:charged|convicted|jailed|sentenced|pleaded guilty|found guilty|"
    r"admitted (?:\w+ ){0,6}(?:at|in|before) (?:\w+ ){0,3}court|summonsed|banned|fined|"
    r"disqualified|cautioned|given a|ordered)\b",
    _I,
)


# Wrongdoing said as fact in other ways: what the person did ("X stole £500"), or what a business is
# ("run by a gang", "selling alcohol to kids", "behind the burglaries").
_DID_WRONG = re.compile(
    r"\b(?P<verb>stole|robbed|burgled|defrauded|scammed|conned|swindled|embezzled|mugged|stabbed|assaulted|"
    r"attacked|beat\s+up|battered|abused|raped|groomed|fleeced|ripped\s+off|torched|vandalised|glassed|"
    r"punched|kicked)\s+(?!the\s+show\b|(?:our|the|your|everyone's)\s+hearts?\b)(?:£|\$|\d|a\b|an\b|the\b|his\b|her\b|their\b|my\b|our\b|money|cash|from|"
    r"pensioners?|customers?|people|someone|him\b|them\b|(?-i:[A-Z]))"
    r"|\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:selling|supplying|giving)\s+(?:alcohol|booze|drink|"
    r"cigarettes|tobacco|vapes?|knives|fireworks)\s+to\s+(?:kids|children|under-?age\w*|under-?18s|minors|"
    r"teenagers|schoolchildren|youngsters)\b"
    r"|\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:using|employing|hiring|exploiting)\s+(?:illegal|"
    r"illegally|trafficked|slave|underage|cash-in-hand)\b"
    r"|\b(?:exploits?|exploiting|exploited)\s+(?:trafficked|illegal|vulnerable|slave)\s+\w+"
    r"|\b(?:is|are|was|were)\s+(?:run|owned|controlled|operated|used)\s+by\s+(?:a\s+)?(?:gang|criminals|"
    r"drug\s+dealers|the\s+mafia|organised\s+crime|a\s+crime\s+family|gangsters|traffickers|drug\s+gang)\b"
    r"|\b(?:is|are|was|were)\s+(?:behind|responsible\s+for|to\s+blame\s+for)\s+(?:the|all\s+the|these|those|"
    r"a\s+(?:lot|string|series|spate)\s+of)\s+(?:\w+\s+){0,2}?(?:burglaries|thefts|robberies|break-ins|attacks|"
    r"assaults|scams|frauds|drug\s+dealing|dealing|shoplifting|fires|arson|vandalism|damage|crimes?|offences|"
    r"muggings|car\s+thefts)\b"
    r"|\b(?:is|are|has\s+been|have\s+been)\s+(?:fraudulently\s+)?(?:claiming|fiddling|on)\s+(?:benefits|"
    r"the\s+dole)\s+(?:while|whilst|when|and)\b|\bfiddl(?:es|ing)\s+(?:the\s+|his\s+|her\s+)?benefits\b",
    _I,
)
# Between a name and the verb it does: nothing but an apposition (", 34,") or an adverb.
_RIGHT_BEFORE_VERB = re.compile(r"^(?:\s*,[^,.]{0,40},|\s*\(\d{1,3}\))?\s*(?:\w+ly\s+)?$")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got|get|gets|had)\s+(?:\w+ly\s+)?$", _I)
# A business that can be identified by its name and trade ("Tony's Car Wash", "The Golden Dragon takeaway").
_BUSINESS = re.compile(
    r"(?-i:\b[A-Z][\w'&]*(?:\s+[A-Z][\w'&]*){0,3})\s+(?:takeaway|shop|garage|car\s+wash|salon|barbers?|"
    r"restaurant|cafe|café|pub|bar|club|store|motors|autos|builders|repairs|ltd|limited)\b",
    _I,
)


@rule(
    slug="defamation",
    severity="block",
    reason="Stating as fact that an identifiable person or business did wrong, with no charge or "
    "conviction behind it, is libel.",
    needs_nlp=True,
    area="legal",
)
def defamation(ctx: Context) -> Iterator[Hit]:
    """Saying as fact that a named or identifiable person or business is a drug dealer, a thief,
    a fraudster (and so on) is libel unless a charge or conviction stands behind it. Hedged,
    sourced wording ('a 34-year-old man has been charged with ...') passes."""
    text = ctx.text
    if _FACTS_ESTABLISHED.search(text) or not (_ACCUSATION.search(text) or _DID_WRONG.search(text)):
        return
    subjects = [(e.start, e.end) for e in ctx.entities("PERSON", "ORG", "FAC")]
    subjects += [(n.start, n.end) for n in names(ctx) if n.role != "official"]
    subjects += [(b.start(), b.end()) for b in _BUSINESS.finditer(text)]
    has_subject = bool(subjects)
    matches = list(_ACCUSATION.finditer(text))
    for m in _DID_WRONG.finditer(text):
        if m.group("verb"):
            if _PASSIVE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
                continue  # "John Smith was attacked": he is the victim
            if not any(e <= m.start() and _RIGHT_BEFORE_VERB.match(text[e : m.start()]) for _, e in subjects):
                continue  # the named person must be the one doing it, not someone earlier in the sentence
        matches.append(m)
    for m in sorted(matches, key=lambda m: m.start()):
        s_start, _ = ctx.sentence_at(m.start())
        before = text[s_start : m.start()]
        if HEDGE.search(before) or HEDGE.search(text[m.start() : m.end() + 30]):
            continue
        if re.search(r"\b(?:if|whether|anyone|someone|people who|those who|nobody|not)\b", before, _I):
            continue
        named = any(s_start <= s and e <= m.start() + 1 and m.start() - e <= 60 for s, e in subjects)
        pronoun = has_subject and re.search(
            r"\b(?:he|she|they|this (?:man|woman|shop|business)|the (?:owner|landlord|manager|boss|"
            r"director|staff|proprietor)s?)\s*$",
            before,
            _I,
        )
        identifiable = re.search(
            r"\b(?:the (?:owner|landlord|manager|staff|man|woman|family|lad|bloke) (?:of|at|from|"
            r"on|in|who lives)|(?:number|no\.?) \d+|the (?:shop|garage|takeaway|business|"
            r"pub) (?:on|at|in))\b",
            before,
            _I,
        )
        if named or pronoun or identifiable:
            start, end = m.span("verb") if m.groupdict().get("verb") else m.span()
            yield Hit(
                start,
                end,
                "This states as fact that an identifiable person or business did wrong, with no "
                "charge or conviction behind it: that is libel.",
                "Report only what is established, e.g. 'a 34-year-old man has been charged with ...', or leave it out.",
            )

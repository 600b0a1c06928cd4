"""Plain language: police jargon with its plain form, and reading age."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from policy_checks.context import Context
from policy_checks.records import Hit
from policy_checks.registry import rule

# Acronyms and codes: matched in capitals only (so "mop" and "nfa" as words are not flagged).
JARGON_CODES: dict[str, str] = {
    "RTC": "crash",
    "RTA": "crash",
    "NFA": "no further action",
    "NFA'd": "released with no further action",
    "POCA": "the Proceeds of Crime Act",
    "MOP": "member of the public",
    "MOPs": "members of the public",
    "MOPS": "members of the public",
    "RUI": "released under investigation",
    "TWOC": "taking a vehicle without consent",
    "TWOC'd": "taken without consent",
    "OIC": "officer in the case",
    "SOCO": "crime scene investigator",
    "PNC": "the police national computer",
    "ANPR": "number-plate cameras",
    "DV": "domestic abuse",
    "ASB": "antisocial behaviour",
    "ABH": "assault causing actual bodily harm",
    "BWV": "body-worn video",
    "DOA": "died",
    "POLSA": "police search adviser",
    "NOK": "next of kin",
    "FLO": "family liaison officer",
    "SIO": "senior investigating officer",
    "PSU": "public order officers",
    "MISPER": "missing person",
    "OCG": "organised crime group",
}
_IC_CODE = re.compile(r"\b(?:IC|ic)[0-9]\b")
# Words and phrases: matched in any case.
JARGON_WORDS: dict[str, str] = {
    "misper": "missing person",
    "mispers": "missing people",
    "obbo": "observation",
    "obbos": "observations",
    "a male": "a man",
    "a female": "a woman",
    "the male": "the man",
    "the female": "the woman",
    "two males": "two men",
    "three males": "three men",
    "two females": "two women",
    "conveyed to hospital": "taken to hospital",
    "apprehended": "caught",
    "in attendance": "there",
    "alighted": "got out",
    "decamped": "ran off",
    "made off": "ran off",
    "proceeded": "went",
    "was proceeding": "was going",
    "en route": "on the way",
    "intoxicated": "drunk",
    "perpetrators": "the people responsible",
    "perpetrator": "the person responsible",
    "assailant": "attacker",
    "a quantity of": "some",
    "in excess of": "more than",
    "prior to": "before",
    "commence": "start",
    "commenced": "started",
    "utilise": "use",
    "at this moment in time": "now",
    "concern for welfare": "worried about their safety",
    "ongoing enquiries": "investigations",
    "on scene": "there",
    "persons": "people",
    "the deceased": "the person who died",
    "suspected controlled substance": "suspected drugs",
    "controlled drugs": "drugs",
    "male": "man",
    "female": "woman",
}
_MALE_FEMALE = re.compile(
    r"\b(?:a|an|the|one|two|three|four|five|\d+|\d+-year-old|teenage|adult|young|older|elderly|"
    r"white|black|asian|local)\s+(?:males?|females?)\b(?!\s+(?:officers?|staff|colleagues?|nurses?|"
    r"drivers?|passengers?|students?|pupils?|voices?|toilets?|friends?|members?|victims?|suspects?|"
    r"prisoners?|pedestrians?|cyclists?|motorcyclists?|riders?|workers?|dogs?|cats?|relatives?|"
    r"[a-z]+ers?\b))",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _word_matcher(items: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One case-insensitive pattern for every term (longest first) and its plain forms."""
    plain = {term.lower(): value for term, value in items if term not in ("male", "female")}
    terms = sorted(plain, key=len, reverse=True)
    body = "|".join(re.escape(t) for t in terms) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE), plain


_CODE_RE = re.compile(
    r"(?<![\w#@/.-])(?:" + "|".join(re.escape(c) for c in sorted(JARGON_CODES, key=len, reverse=True)) + r")(?![\w-])"
)


@rule(
    slug="jargon",
    severity="warn",
    reason="Police jargon shuts readers out; the public needs plain words.",
    area="plain-language",
)
def jargon(ctx: Context) -> Iterator[Hit]:
    """Police jargon and its plain form: RTC -> crash, misper -> missing person, IC1-style codes,
    NFA, POCA, obbo, MOP, 'a male' -> a man, 'conveyed' -> taken, plus the force's own list
    (`[policy.jargon]`)."""
    text = ctx.folded
    taken: list[tuple[int, int]] = []

    def emit(start: int, end: int, plain: str, *, keep_case: bool = False) -> Hit | None:
        if any(s < end and start < e for s, e in taken):
            return None
        taken.append((start, end))
        typed = ctx.text[start:end]
        first = typed.split()[0] if typed.split() else typed
        if keep_case and first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
            plain = plain[:1].upper() + plain[1:]
        return Hit(start, end, f"Jargon: '{typed}' means '{plain}' to most readers.", plain)

    matchers = [_word_matcher(tuple(JARGON_WORDS.items()))]
    if ctx.settings.jargon:
        matchers.insert(0, _word_matcher(tuple(ctx.settings.jargon.items())))
    for pattern, plain_forms in matchers:
        for m in pattern.finditer(text):
            hit = emit(m.start(), m.end(), plain_forms[m.group(0).lower()], keep_case=True)
            if hit:
                yield hit
    for m in _MALE_FEMALE.finditer(text):
        phrase = m.group(0)
        plain = re.sub(r"(?i)\bmales\b", "men", phrase)
        plain = re.sub(r"(?i)\bfemales\b", "women", plain)
        plain = re.sub(r"(?i)\bmale\b", "man", plain)
        plain = re.sub(r"(?i)\bfemale\b", "woman", plain)
        hit = emit(m.start(), m.end(), plain, keep_case=True)
        if hit:
            yield hit
    for m in _CODE_RE.finditer(ctx.text):
        hit = emit(m.start(), m.end(), JARGON_CODES[m.group(0)])
        if hit:
            yield hit
    for m in _IC_CODE.finditer(ctx.text):
        hit = emit(m.start(), m.end(), "a description in plain words (e.g. 'a white man')")
        if hit:
            yield hit


_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """A rough English syllable count (good enough for a reading-age estimate)."""
    w = word.lower().strip("'")
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(_VOWELS.findall(w)))


def reading_age(text: str) -> float | None:
    """Flesch-Kincaid grade + 5 (UK reading age), or None for texts too short to judge."""
    clean = re.sub(r"https?://\S+|[#@]\w+", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", clean)
    if len(words) < 25:
        return None
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)|\n+", clean.strip() + "\n")))
    syll = sum(syllables(w) for w in words)
    grade = 0.39 * len(words) / sentences + 11.8 * syll / len(words) - 15.59
    return grade + 5


@rule(
    slug="reading-age",
    severity="info",
    reason="Posts should be readable by a 12-year-old.",
    area="plain-language",
)
def reading_age_rule(ctx: Context) -> Iterator[Hit]:
    """A Flesch-Kincaid reading age above about 12 (we flag above 13, the estimate's margin):
    shorter sentences and shorter words help."""
    age = reading_age(ctx.text)
    if age is not None and age > 13:
        yield Hit(
            0,
            len(ctx.text),
            f"Reading age about {age:.0f}: aim for 12 or under.",
            "Use shorter sentences and everyday words.",
        )

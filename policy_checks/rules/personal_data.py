"""Personal data (UK GDPR / DPA 2018): numbers, addresses and identifiers of private people.

The force's own numbers (101, 999, Crimestoppers, its configured lines), organisational numbers
(0300, 0800), its own addresses and domains, and log or crime reference numbers all pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from policy_checks.context import Context
from policy_checks.records import Hit
from policy_checks.registry import rule
from policy_checks.settings import digits_of

_I = re.IGNORECASE

# --- phone numbers -----------------------------------------------------------------------------

_MAYBE_PHONE = re.compile(r"(?:\+|\b0)\d[\d\s().-]{7,}\d")
_REFERENCE_CUE = re.compile(
    r"\b(?:log|ref(?:erence)?|crime|incident|occurrence|event|case|report|job|serial|quot(?:e|ing)|"
    r"number|no|nos|op(?:eration)?|cad|urn|collar)\b[\s.:#-]*(?:number|no|ref)?[\s.:#-]*$",
    _I,
)


_WORK_PHONE = re.compile(
    r"\b(?:PCSOs?|PCs?|DCs?|Sgt|Sergeant|Inspector|officers?|neighbourhood (?:team|policing)|"
    r"(?:our|the) team|police|station|text us|whatsapp us|message us|contact us)\b",
    _I,
)


@rule(
    slug="phone-number",
    severity="block",
    reason="A private phone number in a post is personal data.",
    area="personal-data",
)
def phone_number(ctx: Context) -> Iterator[Hit]:
    """Mobile numbers (07...) are treated as private and block (beside an officer or team they
    only warn: check it is a work phone); ordinary landlines warn (check it is an official
    line); 101, 999, Crimestoppers, 0300/0800 lines and the force's own numbers pass, as do log
    and crime reference numbers."""
    text = ctx.text
    if not _MAYBE_PHONE.search(text):
        return
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        raw = match.raw_string
        if not raw.startswith(("0", "+")):
            continue
        digits = digits_of(raw)
        if len(digits) < 10 or ctx.settings.is_own_number(raw):
            continue
        if _REFERENCE_CUE.search(text[max(0, match.start - 25) : match.start]):
            continue
        international = raw.startswith("+") and not raw.startswith("+44")
        kind = phonenumbers.number_type(match.number)
        if international:
            mobile = kind in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
            severity = "block" if mobile else "warn"
        elif digits.startswith("07"):
            s_start, s_end = ctx.sentence_at(match.start)
            work = _WORK_PHONE.search(text[s_start:s_end])
            severity = "warn" if work else "block"
        elif digits.startswith(("01", "02", "09")):
            severity = "warn"
        else:
            continue  # 03, 080, 084, 087: organisational lines
        if severity == "block":
            message = "This looks like a private mobile number: that is personal data."
        elif digits.startswith("07"):
            message = "A mobile number beside an officer or team: check it is a work phone."
        else:
            message = "Check this is an official line, not a private number."
        yield Hit(
            match.start,
            match.end,
            message,
            "Use 101, the force's own number or Crimestoppers on 0800 555 111.",
            severity=severity,  # type: ignore[arg-type]
        )


# --- email addresses ---------------------------------------------------------------------------

_EMAIL = re.compile(r"\b[\w.+'-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")
_WEBMAIL = re.compile(
    r"^(?:g(?:oogle)?mail|hotmail|outlook|live|msn|yahoo|ymail|icloud|me|mac|aol|btinternet|"
    r"btopenworld|sky|talktalk|virginmedia|ntlworld|blueyonder|tiscali|gmx|mail|protonmail|proton|"
    r"zoho|yandex|fastmail|hushmail|tutanota)\.",
    _I,
)


@rule(
    slug="email-address",
    severity="block",
    reason="A private person's email address in a post is personal data.",
    area="personal-data",
)
def email_address(ctx: Context) -> Iterator[Hit]:
    """Email addresses at personal webmail (gmail, hotmail, icloud, ...) block; addresses at the
    force's allow-listed or public-sector domains pass; other organisations' addresses warn."""
    for m in _EMAIL.finditer(ctx.text):
        domain = m.group(1).lower()
        if ctx.settings.domain_allowed(domain):
            continue
        if _WEBMAIL.match(domain):
            yield Hit(
                m.start(),
                m.end(),
                "This is a personal email address: that is personal data.",
                "Point people to the force's own contact page or 101.",
            )
        else:
            yield Hit(
                m.start(),
                m.end(),
                "Check this email address belongs to an organisation, not a person.",
                None,
                severity="warn",
            )


# --- home addresses ----------------------------------------------------------------------------

_STREET = (
    r"(?:Road|Street|Avenue|Lane|Close|Drive|Way|Crescent|Place|Grove|Terrace|Gardens|Court|Walk|"
    r"Row|Hill|Square|Mews|Parade|Rise|View|Green|Vale|Fold|Croft|Gate|Chase|Mount|Bank|Brow|Dene|"
    r"Garth|Approach|Boulevard|Park|Wharf|Yard|Rd|St|Ave|Ln|Dr|Cres|Gdns|Cl|Pl|Sq|Tce)"
)
_HOUSE = re.compile(
    rf"(?<![\d:./£$])\b(?:(?:[Ff]lat|[Aa]partment|[Uu]nit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?"
    rf"(?:-\d{{1,4}})?,?\s+(?:[A-Z][\w'-]*\s+){{1,3}}{_STREET}\b\.?"
)
_BUSINESS_CUE = re.compile(
    r"\b(?:shop|store|premises|business|pub|bar|restaurant|café|cafe|takeaway|venue|church|centre|"
    r"center|hall|office|offices|station|surgery|clinic|bank|garage|supermarket|hotel|school|"
    r"library|museum|theatre|unit|warehouse|factory|salon|club|mosque|temple|gurdwara|synagogue|"
    r"community|event|police|headquarters|HQ|Co-op|Tesco|Asda|Sainsbury'?s|Aldi|Lidl|Morrisons|"
    r"Greggs|McDonald'?s|Boots|services|drop-in|meeting|session|open day|fun day|coffee morning|"
    r"cuppa|hub|workshop|practice|showroom|dealership|gym|studio|gallery|market)\b",
    _I,
)
_RESIDENT_CUE = re.compile(
    r"\b(?:lives?|lived|living|home|house|his address|her address|their address|resident|residence|"
    r"flat|bedroom)\b",
    _I,
)
_CHARGE_FORMAT = re.compile(r"[A-Za-z], (?:aged )?\d{1,2},? (?:of|from)\s*$")


@rule(
    slug="home-address",
    severity="block",
    reason="A full home address (house number and street) is personal data.",
    area="personal-data",
)
def home_address(ctx: Context) -> Iterator[Hit]:
    """A house number with a street name identifies a home. Street and town alone ('of Leeds
    Road, Bradford') pass, as do the force's own addresses. A numbered address beside a business
    or venue word ('the Co-op at 12 High Street', 'drop-in at 4 Market Place') only warns."""
    text = ctx.text
    own = [a.lower() for a in ctx.settings.own_addresses]
    for m in _HOUSE.finditer(text):
        found = m.group(0).rstrip(".")
        if any(found.lower() in a or a in text.lower()[m.start() : m.end() + 40] for a in own):
            continue
        s_start, s_end = ctx.sentence_at(m.start())
        before = text[max(s_start, m.start() - 50) : m.start()]
        after = text[m.end() : min(s_end, m.end() + 30)]
        severity = None
        message = "A house number and street identify someone's home: that is personal data."
        if _CHARGE_FORMAT.search(before):
            message = "Street and town are enough for a charged person: leave out the house number."
        elif (_BUSINESS_CUE.search(before) or _BUSINESS_CUE.search(after)) and not (_RESIDENT_CUE.search(before)):
            severity = "warn"
            message = "Check this address is a business or public place, not someone's home."
        street = re.sub(
            r"^(?:(?:[Ff]lat|[Aa]partment|[Uu]nit)\s+\d+[A-Za-z]?,?\s+)?[\d-]+[A-Za-z]?,?\s+",
            "",
            found,
        )
        yield Hit(
            m.start(),
            m.start() + len(found),
            message,
            f"Give the street without the number: '{street}'.",
            severity=severity,  # type: ignore[arg-type]
        )


# --- dates of birth ----------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?[\s/.-]+(?:of\s+)?(?:{_MONTH}|\d{{1,2}})(?:[\s/.,-]+\d{{2,4}})?|"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{2,4}})?)"
)
_DOB = re.compile(
    rf"\b(?:d\.?\s?o\.?\s?b\.?|date of birth|born(?: on)?|birthday(?: is)?)\s*(?:is\s*)?[:\-]?\s*"
    rf"(?:the\s+)?{_DATE}",
    _I,
)


@rule(
    slug="date-of-birth",
    severity="block",
    reason="A date of birth is personal data and helps identity theft.",
    area="personal-data",
)
def date_of_birth(ctx: Context) -> Iterator[Hit]:
    """'DOB 12/03/1985', 'date of birth: 12 March 1985', 'born on 12th March 1985': a day and a
    month of birth. An age ('34') says enough."""
    for m in _DOB.finditer(ctx.text):
        yield Hit(
            m.start(),
            m.end(),
            "A date of birth is personal data.",
            "Give the person's age instead.",
        )


# --- identity numbers --------------------------------------------------------------------------

_NINO = re.compile(r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
_NINO_CUE = re.compile(
    r"\b(?:national insurance|NI|NINO)(?: number| no\.?)?\s*(?:is|"
    r":)?\s*([a-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[a-d])\b",
    _I,
)
_NHS = re.compile(r"(?<![\d/])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d/])")
_NHS_CUE = re.compile(r"\bNHS\b|\bCHI\b|health (?:service )?number", _I)
_LICENCE = re.compile(r"\b[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}(?:\s?\d{2})?\b")
_PASSPORT = re.compile(r"\bpassport\b[^.\n]{0,30}?\b(\d{9}|[A-Z]{1,2}\d{7,8})\b", _I)
_LICENCE_CUE = re.compile(r"\b(?:driving|driver'?s)\s+licen[cs]e\b[^.\n]{0,30}?\b([A-Z0-9]{16,18})\b", _I)


def _nhs_valid(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


@rule(
    slug="identity-number",
    severity="block",
    reason="National Insurance, NHS, driving licence and passport numbers are personal data.",
    area="personal-data",
)
def identity_number(ctx: Context) -> Iterator[Hit]:
    """National Insurance numbers (AB 12 34 56 C), NHS numbers (10 digits that pass the NHS
    check digit, written 3-3-4 or beside 'NHS'), driving licence numbers (the 16-character DVLA
    format) and passport numbers (beside the word 'passport')."""
    text = ctx.text
    spans: list[tuple[int, int, str]] = []
    for m in _NINO.finditer(text):
        spans.append((m.start(), m.end(), "a National Insurance number"))
    for m in _NINO_CUE.finditer(text):
        if not any(s <= m.start(1) < e for s, e, _ in spans):
            spans.append((m.start(1), m.end(1), "a National Insurance number"))
    for m in _NHS.finditer(text):
        digits = "".join(m.groups())
        grouped = " " in m.group(0) or "-" in m.group(0)
        cue = _NHS_CUE.search(text[max(0, m.start() - 30) : m.start()])
        if _nhs_valid(digits) and ((grouped and not digits.startswith("0")) or cue):
            spans.append((m.start(), m.end(), "an NHS number"))
    for m in _LICENCE.finditer(text):
        spans.append((m.start(), m.end(), "a driving licence number"))
    for m in _LICENCE_CUE.finditer(text):
        spans.append((m.start(1), m.end(1), "a driving licence number"))
    for m in _PASSPORT.finditer(text):
        spans.append((m.start(1), m.end(1), "a passport number"))
    for start, end, what in spans:
        yield Hit(start, end, f"This looks like {what}: that is personal data.", "Remove it.")


# --- vehicle registrations ---------------------------------------------------------------------

_PLATE = re.compile(
    r"\b(?:[A-HJ-PR-Y][A-HJ-PR-Y]\d{2}\s?[A-HJ-PR-Z]{3}|[A-HJ-NP-TV-Y]\d{1,3}\s[A-HJ-PR-Y]{3}|"
    r"[A-HJ-PR-Y]{3}\s\d{1,3}[A-HJ-NP-TV-Y])\b"
)


@rule(
    slug="vehicle-registration",
    severity="info",
    reason="A registration identifies a vehicle's keeper: fine in an appeal, not otherwise.",
    area="personal-data",
)
def vehicle_registration(ctx: Context) -> Iterator[Hit]:
    """Appeals often show a car's registration, which is fine; the note reminds the author that
    outside an appeal it points to a private keeper."""
    for m in _PLATE.finditer(ctx.text):
        yield Hit(
            m.start(),
            m.end(),
            "A vehicle registration: fine in an appeal, but it points to the keeper.",
            None,
        )

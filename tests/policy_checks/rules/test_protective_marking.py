"""protective-marking: marked material never goes out, however it is spelt."""

import pytest

RULE = "protective-marking"


@pytest.mark.parametrize(
    "text, marking",
    [
        ("OFFICIAL-SENSITIVE: briefing for Operation Larch.", "OFFICIAL-SENSITIVE"),
        ("Notes (official sensitive) attached.", "official sensitive"),
        ("SECRET - intelligence report attached.", "SECRET"),
        ("RESTRICTED\nCommunity tension assessment.", "RESTRICTED"),
        ("A document marked CONFIDENTIAL shows patrol numbers.", "CONFIDENTIAL"),
        ("This briefing is TOP SECRET.", "TOP SECRET"),
        ("UK EYES ONLY", "UK EYES ONLY"),
    ],
)
def test_markings_block(findings, text: str, marking: str) -> None:
    [found] = findings(text, RULE)
    assert found.severity == "block"
    assert text[found.start : found.end] == marking


@pytest.mark.parametrize(
    "text, marking",
    [
        ("S3CRET: the logs.", "S3CRET"),
        ("0FFICIAL-SENSITIVE. Do not forward.", "0FFICIAL-SENSITIVE"),
        ("ОFFICIAL-SЕNSITIVE notes", "ОFFICIAL-SЕNSITIVE"),
        ("SEC\u200bRET update", "SEC\u200bRET"),
    ],
)
def test_disguised_markings_block_with_the_typed_span(flagged, text: str, marking: str) -> None:
    assert flagged(text, RULE) == [marking]


@pytest.mark.parametrize(
    "text",
    [
        "It's no secret that we love our police dogs.",
        "Calls to Crimestoppers are confidential.",
        "This is the official West Yorkshire Police account.",
        "NOT PROTECTIVELY MARKED. Press release follows.",
        "Protect yourself from fraud: never share your PIN.",
        "ROAD CLOSED. ALL TRAFFIC IS BEING DIVERTED AT THE RESTRICTED JUNCTION.",
        "OFFICIAL: new opening hours at Halifax police station.",
    ],
)
def test_ordinary_words_are_not_markings(findings, text: str) -> None:
    assert findings(text, RULE) == []


@pytest.mark.parametrize(
    "text",
    [
        "Call our CONFIDENTIAL hotline any time.",
        "Join our SECRET Santa appeal for local children.",
        "PROTECT YOUR HOME THIS WINTER WITH GOOD LOCKS.",
    ],
)
def test_capitals_for_emphasis_are_not_markings(findings, text: str) -> None:
    assert findings(text, RULE) == []

"""emoji-wall: screen readers read every emoji aloud."""

RULE = "emoji-wall"


def test_a_run_of_emoji_is_noted(findings) -> None:
    text = "Our new horses! 🐴🐴🐴🐴🐴🐴"
    [found] = findings(text, RULE)
    assert found.severity == "info"
    assert text[found.start : found.end].strip() == "🐴🐴🐴🐴🐴🐴"


def test_many_scattered_emoji_are_noted(findings) -> None:
    assert findings("🚓 a 🚓 b 🚓 c 🚓 d 🚓 e 🚓 f 🚓 g 🚓 h 🚓 i", RULE)


def test_one_or_two_emoji_pass(findings) -> None:
    assert findings("⚠️ Road closed 🚧", RULE) == []

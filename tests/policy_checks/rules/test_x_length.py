"""x-length: X counts 280 weighted characters (links 23, emoji 2)."""

from policy_checks.rules.platform import split_thread, x_length

RULE = "x-length"


def test_a_long_post_blocks_on_x_and_offers_a_thread(findings) -> None:
    text = "Police are appealing for witnesses. " * 9
    [found] = findings(text.strip(), RULE)
    assert found.severity == "block"
    assert found.start == 280
    assert found.suggestion and found.suggestion.startswith("Split into a thread:")
    assert "1/2" in found.suggestion


def test_the_same_post_is_fine_on_facebook(findings) -> None:
    assert findings("Police are appealing for witnesses. " * 9, RULE, platform="facebook") == []


def test_exactly_280_passes(findings) -> None:
    assert findings("x" * 280, RULE) == []
    assert findings("x" * 281, RULE)


def test_links_count_23_and_emoji_2() -> None:
    assert x_length("see https://www.westyorkshire.police.uk/" + "a" * 300) == 4 + 23
    assert x_length("🚓") == 2
    assert x_length("👮‍♀️") == 2
    assert x_length("警察") == 4
    assert x_length("café") == 4


def test_emoji_count_double(findings) -> None:
    assert findings("🚓" * 140, RULE) == []
    assert findings("🚓" * 141, RULE)


def test_a_thread_keeps_every_word_and_each_part_fits() -> None:
    text = " ".join(f"word{n}" for n in range(200))
    parts = split_thread(text)
    assert all(x_length(p) <= 280 for p in parts)
    rebuilt = " ".join(p.rsplit(" ", 1)[0] for p in parts)
    assert rebuilt.split() == text.split()

"""alt-text: images need a description for screen readers."""

from policy_checks.records import Media

RULE = "alt-text"


def test_an_image_without_alt_text_warns(findings) -> None:
    [found] = findings("Our officers at Pride.", RULE, media=[Media("", "Force", "Own")])
    assert found.severity == "warn"
    assert found.suggestion


def test_placeholder_alt_text_is_not_enough(findings) -> None:
    assert findings("Do you recognise him?", RULE, media=[Media("img", "CCTV", "Appeal")])


def test_described_images_pass(findings) -> None:
    media = [Media("Three officers walking in the Pride parade", "Force", "Own")]
    assert findings("Our officers at Pride.", RULE, media=media) == []

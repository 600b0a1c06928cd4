"""media-copyright: every attachment needs a source and a licence."""

from policy_checks.records import Media

RULE = "media-copyright"


def test_an_image_with_no_source_or_licence_warns(findings) -> None:
    [found] = findings("Have you seen Gary?", RULE, media=[Media("Photo of Gary", "", "")])
    assert found.severity == "warn"
    assert "source or licence" in found.message


def test_each_attachment_is_checked(findings) -> None:
    media = [Media("a", "Force", "Crown copyright"), Media("b", "", "")]
    [found] = findings("Scenes from the lights switch-on.", RULE, media=media)
    assert "Attachment 2" in found.message


def test_a_recorded_source_and_licence_pass(findings) -> None:
    media = [Media("Photo of Gary", "Family", "Used with the family's permission")]
    assert findings("Have you seen Gary?", RULE, media=media) == []

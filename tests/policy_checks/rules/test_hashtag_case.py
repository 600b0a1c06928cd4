"""hashtag-case: several-word hashtags in CamelCase."""

RULE = "hashtag-case"


def test_a_lower_case_hashtag_gets_a_camel_case_suggestion(findings) -> None:
    [found] = findings("Slow down this weekend. #roadsafety", RULE)
    assert found.severity == "info"
    assert found.suggestion == "#RoadSafety"


def test_camel_case_and_single_words_pass(findings) -> None:
    assert findings("#RoadSafety #Leeds #WYP #eid", RULE) == []

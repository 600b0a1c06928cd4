"""Properties that hold for any input: no rule crashes, every span is inside the text, and
findings come back sorted."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_checks.engine import Checker, Draft
from policy_checks.records import Media
from policy_checks.testing import FakeEntities

# Text that looks like posts: words the rules care about, numbers, links, odd Unicode.
_WORDS = st.sampled_from(
    [
        "arrested",
        "charged",
        "rape",
        "victim",
        "14-year-old",
        "aged",
        "15",
        "John",
        "Smith,",
        "34,",
        "of",
        "12",
        "High",
        "Street\n",
        "",
        "",
        "",
        "07700",
        "900123",
        "0800",
        "555",
        "111",
        "101",
        "DOB",
        "12/03/1985",
        "OFFICIAL-SENSITIVE",
        "S3CRET",
        "raid",
        "tomorrow\n",
        "",
        "",
        "",
        "will",
        "informant",
        "https://bit.ly/x",
        "http://example.com",
        "www.police.uk",
        "#roadsafety",
        "🚓",
        "👮\u200d♀️\n",
        "",
        "",
        "",
        "RTC",
        "misper",
        "IC1",
        "a",
        "male",
        "killer",
        "previous",
        "convictions",
        "is",
        "a",
        "drug",
        "dealer",
        "missing",
        "died\n",
        "",
        "",
        "",
        "QQ",
        "12",
        "34",
        "56",
        "C",
        "943",
        "476",
        "5919",
        ".",
        ",",
        "!",
        "?",
        "\n",
        "\u200b",
        "Е",
        "О",
        "ﬁ",
    ]
)
_POSTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=60).map(" ".join),
)
_CHECKER = Checker(entity_finder=FakeEntities(["John Smith", "Jane Doe"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_POSTS,
    platform=st.sampled_from(["x", "facebook"]),
    incident=st.booleans(),
    media=st.lists(st.builds(Media, st.text(max_size=5), st.text(max_size=3), st.text(max_size=3)), max_size=2),
)
def test_no_input_crashes_a_rule_and_spans_stay_inside(text, platform, incident, media) -> None:  # type: ignore[no-untyped-def]
    found = _CHECKER.check(Draft(text, platform=platform, incident=incident, media=tuple(media)))
    for f in found:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.severity in ("block", "warn", "info")
        assert f.message
    assert [f.start for f in found] == sorted(f.start for f in found)


@settings(max_examples=40, deadline=None)
@given(text=_POSTS)
def test_the_real_model_handles_any_text(checker: Checker, text: str) -> None:  # type: ignore[no-untyped-def]
    for f in checker.check(Draft(text, incident=True)):
        assert 0 <= f.start <= f.end <= len(text)

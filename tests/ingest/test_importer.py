"""File import and export: good lines stored, every bad line reported by number, duplicates
counted, CSV headers checked, BOM and CRLF accepted, and export → import giving the same mentions.

Each test uses a fresh store on disk; no mocks. The one fake is a store whose writes fail, to show
that a failing save stops the import with its error.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commsdesk.records import Mention, SaveResult
from commsdesk.store import Store
from ingest.facebook import mention_from_graph
from ingest.importer import (
    MAX_REPORTED,
    REPORTED_PAYLOAD,
    FileFormatError,
    ImportReport,
    detect_format,
    export_mentions,
    import_file,
    read_csv,
    read_jsonl,
)
from ingest.x import mention_from_tweet

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
WHEN = "2026-11-20T09:00:00Z"


def tweet(ident: int, text: str = "road closed near the Quayside", **extra: Any) -> dict[str, Any]:
    return {"id": str(ident), "text": text, "created_at": "2026-11-20T09:00:00.000Z", **extra}


def write_lines(path: Path, lines: Iterable[str], *, eol: str = "\n", bom: bool = False) -> Path:
    text = eol.join(lines) + eol
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def jsonl(path: Path, posts: Iterable[object], *, eol: str = "\n", bom: bool = False) -> Path:
    lines = (json.dumps(post, ensure_ascii=False) for post in posts)
    return write_lines(path, lines, eol=eol, bom=bom)


def imported(path: Path, store_path: Path, **options: Any) -> tuple[ImportReport, list[Mention]]:
    with Store(store_path) as store:
        report = import_file(store, path, **options)
        return report, list(store.mentions())


def exported(store_path: Path, fmt: str, **options: Any) -> str:
    out = io.StringIO(newline="")
    with Store(store_path) as store:
        export_mentions(store, out, fmt, **options)
    return out.getvalue()


def reasons(report: ImportReport) -> dict[str, str]:
    return {bad.where: bad.reason for bad in report.bad}


def six_columns(mentions: list[Mention]) -> list[tuple[object, ...]]:
    """What CSV keeps of a mention."""
    return [(m.key, m.text, m.created_at, m.author_handle, m.url) for m in mentions]


# -- formats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.json", "jsonl"), ("dir.v2/a.csv", "csv")],
)
def test_the_format_comes_from_the_extension(name: str, fmt: str) -> None:
    assert detect_format(name) == fmt


@pytest.mark.parametrize("name", ["mentions.txt", "mentions", "mentions.csv.gz"])
def test_an_unknown_extension_is_a_clear_error(name: str) -> None:
    with pytest.raises(FileFormatError, match=r"cannot tell the format .* \(expected .*\.csv"):
        detect_format(name)


# -- JSON Lines ------------------------------------------------------------------------------------


def test_good_lines_of_every_platform_are_stored(tmp_path: Path) -> None:
    author = {"id": "77", "username": "resident7", "name": "Resident Seven"}
    x_post = tweet(
        101,
        author_id="77",
        author=author,
        lang="en",
        conversation_id="100",
        referenced_tweets=[{"type": "replied_to", "id": "100"}],
        public_metrics={"like_count": 3, "retweet_count": 1},
    )
    fb_post = {
        "platform": "facebook",
        "id": "1500_2",
        "text": "",  # a photo post has no message
        "created_at": "2026-11-20T09:01:00+0000",
        "url": "https://www.facebook.com/1500_2",
    }
    yt_reply = {
        "platform": "youtube",
        "id": "UgzAbc.reply01",
        "text": "thanks 👮",
        "created_at": "2026-11-20T10:02:00+01:00",
        "referenced_tweets": [{"type": "replied_to", "id": "UgzAbc"}],
    }
    path = jsonl(tmp_path / "in.jsonl", [x_post, fb_post, yt_reply])
    report, mentions = imported(path, tmp_path / "s.sqlite")
    assert (report.read, report.new, report.duplicates, report.bad_count) == (3, 3, 0, 0)
    x, fb, yt = mentions
    assert (x.key, x.author_handle, x.author_name) == (("x", "101"), "resident7", "Resident Seven")
    assert (x.url, x.in_reply_to, x.conversation_id, x.lang, x.source) == (
        "https://x.com/resident7/status/101",
        "100",
        "100",
        "en",
        "import",
    )
    assert x.metrics == {"like_count": 3, "retweet_count": 1} and x.raw["author"] == author
    assert (fb.key, fb.text, fb.url) == (
        ("facebook", "1500_2"),
        "",
        "https://www.facebook.com/1500_2",
    )
    assert fb.raw == {k: v for k, v in fb_post.items() if k != "platform"}
    assert (yt.key, yt.in_reply_to, yt.text) == (
        ("youtube", "UgzAbc.reply01"),
        "UgzAbc",
        "thanks 👮",
    )
    assert yt.created_at == T0 + timedelta(minutes=2)


def test_every_kind_of_bad_line_is_reported_by_number_and_the_rest_go_in(tmp_path: Path) -> None:
    lines = [
        json.dumps(tweet(1)),
        '{"id": "2", "text": "hi" "created_at": "2026-11-20T09:00:00Z"}',
        json.dumps({"id": "3", "text": "no time"}),
        "",  # blank: not a record, not an error
        "[1, 2]",
        json.dumps(tweet(6) | {"id": "abc"}),
        json.dumps(tweet(7) | {"platform": "tiktok"}),
        json.dumps(tweet(8) | {"created_at": "2026-11-20T09:00:00"}),
        json.dumps(tweet(9) | {"created_at": "yesterday"}),
        '{"id": "10", "text": "\\ud800 half a pair", "created_at": "2026-11-20T09:00:00Z"}',
        json.dumps(tweet(11) | {"referenced_tweets": 5}),
        json.dumps(tweet(12, text="")),
        json.dumps({"platform": "facebook", "id": "", "text": "x", "created_at": WHEN}),
        "[" * 50_000,
        json.dumps(tweet(15) | {"url": 15}),
        json.dumps(tweet(16, text="still fine after all that")),
    ]
    path = write_lines(tmp_path / "in.jsonl", lines)
    latin1 = b'{"id": "17", "text": "caf\xe9", "created_at": "2026-11-20T09:00:00Z"}\n'
    with path.open("ab") as out:
        out.write(latin1)

    report, mentions = imported(path, tmp_path / "s.sqlite")

    assert [m.id for m in mentions] == ["1", "16"]
    assert (report.read, report.new, report.bad_count) == (16, 2, 14)
    found = reasons(report)
    assert found.pop("line 8").startswith(
        "line 8: post 8: bad created_at '2026-11-20T09:00:00': timestamp without a time zone"
    )
    assert found.pop("line 9").startswith("line 9: post 9: bad created_at 'yesterday'")
    assert found == {
        "line 2": "line 2: not valid JSON: Expecting ',' delimiter at column 26",
        "line 3": "line 3: post has no created_at",
        "line 5": "line 5: expected a post object, got list",
        "line 6": "line 6: post id 'abc' is not a number",
        "line 7": "line 7: unknown platform 'tiktok' (expected x, facebook, youtube)",
        "line 10": "line 10: text holds a lone surrogate escape (not valid Unicode)",
        "line 11": "line 11: malformed post object (TypeError: 'int' object is not iterable)",
        "line 12": "line 12: post has no text",
        "line 13": "line 13: post has no id",
        "line 14": "line 14: not valid JSON: nested too deeply",
        "line 15": "line 15: post url is not text but int",
        "line 17": "line 17: not valid UTF-8 (byte 26)",
    }
    with Store(tmp_path / "s.sqlite") as store:
        kept = store.quarantined("import")
    assert [q.where for q in kept] == [f"in.jsonl: {bad.where}" for bad in report.bad]
    assert kept[0].payload == lines[1]
    assert kept[-1].payload == latin1.decode("utf-8", "replace").rstrip("\n")


def test_importing_twice_stores_nothing_twice(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "in.jsonl", [tweet(i) for i in range(1, 301)] + [tweet(5), tweet(6)])
    first, _ = imported(path, tmp_path / "s.sqlite", batch=100)
    second, mentions = imported(path, tmp_path / "s.sqlite", batch=100)
    assert (first.read, first.new, first.duplicates) == (302, 300, 2)
    assert (second.read, second.new, second.duplicates) == (302, 0, 302)
    assert len(mentions) == 300 and len({m.key for m in mentions}) == 300


def test_the_same_id_on_two_platforms_is_two_mentions(tmp_path: Path) -> None:
    posts = [tweet(1), tweet(1) | {"platform": "facebook"}, tweet(1) | {"platform": "X"}]
    report, mentions = imported(jsonl(tmp_path / "in.jsonl", posts), tmp_path / "s.sqlite")
    assert (report.new, report.duplicates) == (2, 1)
    assert sorted(m.key for m in mentions) == [("facebook", "1"), ("x", "1")]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_byte_order_mark_and_crlf_line_ends_are_accepted(tmp_path: Path, newline: str) -> None:
    posts = [tweet(1), tweet(2, text="two\r\nlines")]
    path = jsonl(tmp_path / "in.jsonl", posts, eol=newline, bom=True)
    report, mentions = imported(path, tmp_path / "s.sqlite")
    assert (report.new, report.bad_count) == (2, 0)
    assert [m.text for m in mentions] == ["road closed near the Quayside", "two\r\nlines"]


def test_parsing_is_pure_and_takes_text_or_bytes() -> None:
    lines = ["\ufeff" + json.dumps(tweet(1)), b"\n", json.dumps(tweet(2)).encode(), "{"]
    items = list(read_jsonl(lines, source="backfill"))
    assert [type(item).__name__ for item in items] == ["Mention", "Mention", "Quarantined"]
    assert items[0].source == "backfill" and items[2].where == "line 4"


def test_the_report_keeps_the_first_bad_lines_and_the_store_keeps_them_all(tmp_path: Path) -> None:
    lines = ["not json " + "x" * 600] * (MAX_REPORTED + 5)
    path = write_lines(tmp_path / "in.jsonl", lines)
    report, _ = imported(path, tmp_path / "s.sqlite", batch=300)
    assert report.bad_count == MAX_REPORTED + 5 and len(report.bad) == MAX_REPORTED
    assert len(report.bad[0].payload) == REPORTED_PAYLOAD
    with Store(tmp_path / "s.sqlite") as store:
        kept = store.quarantined("import")
    assert len(kept) == MAX_REPORTED + 5 and len(kept[-1].payload) == len(lines[0])


def test_progress_reports_every_byte(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "in.jsonl", [tweet(i) for i in range(1, 2001)] + ["", ""])
    seen: list[int] = []
    imported(path, tmp_path / "s.sqlite", batch=500, progress=seen.append)
    assert sum(seen) == path.stat().st_size and len(seen) >= 4


class FailingStore(Store):
    """A store whose disk fills up after the first batch."""

    saves = 0

    def save_mentions(self, mentions: Iterable[Mention]) -> SaveResult:
        self.saves += 1
        if self.saves > 1:
            raise sqlite3.OperationalError("database or disk is full")
        return super().save_mentions(mentions)


def test_a_failing_save_stops_the_import_with_its_error(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "in.jsonl", [tweet(i) for i in range(1, 5001)])
    with FailingStore(tmp_path / "s.sqlite") as store:
        with pytest.raises(sqlite3.OperationalError, match="disk is full"):
            import_file(store, path, batch=100)
        assert store.count_mentions() == 100


def test_fifty_thousand_lines_stream_through_many_batches(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, 50_001):
            if n % 5000 == 0:
                out.write("{broken\n")
            elif n % 7000 == 0:
                out.write(json.dumps(tweet(n - 1)) + "\n")  # a repeat of the line before
            else:
                out.write(json.dumps(tweet(n, text=f"post {n}", author_id=str(n % 97))) + "\n")
    report, _ = imported(path, tmp_path / "s.sqlite", batch=997)
    broken, repeats = 10, 6  # line 35000 is broken, not a repeat
    assert report.read == 50_000 and report.bad_count == broken
    assert (report.new, report.duplicates) == (50_000 - broken - repeats, repeats)
    assert [bad.where for bad in report.bad] == [f"line {n}" for n in range(5000, 50_001, 5000)]
    with Store(tmp_path / "s.sqlite") as store:
        assert store.count_mentions() == report.new
        last = store.get_mention("x", "49999")
        assert last is not None and last.text == "post 49999" and last.author_id == str(49999 % 97)
        assert [m.id for m in store.search("post 12345")] == ["12345"]


# -- CSV -------------------------------------------------------------------------------------------


def test_csv_rows_are_stored_with_quoted_commas_quotes_and_newlines(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "id,created_at,text,author,platform,url\n"
        '1,2026-11-20T09:00:00Z,"crash, A1 ""closed""\nsecond line",resident1,,\n'
        "2,2026-11-20T10:00:00+01:00,plain,,x,https://x.com/i/web/status/2\n"
        "1500_3,2026-11-20T09:00:00Z,page comment,,facebook,https://www.facebook.com/1500_3\n",
        encoding="utf-8",
        newline="",
    )
    report, mentions = imported(path, tmp_path / "s.sqlite")
    assert (report.read, report.new, report.bad_count) == (3, 3, 0)
    crash, plain, comment = (next(m for m in mentions if m.id == i) for i in ("1", "2", "1500_3"))
    assert crash.text == 'crash, A1 "closed"\nsecond line' and crash.author_handle == "resident1"
    assert crash.url == "https://x.com/resident1/status/1" and crash.platform == "x"
    assert plain.created_at == T0 and plain.url == "https://x.com/i/web/status/2"
    assert "url" not in plain.raw  # the usual link is not worth keeping
    assert (comment.platform, comment.url) == ("facebook", "https://www.facebook.com/1500_3")


def test_bad_csv_rows_are_reported_by_the_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        b"ID, Created_At ,text\r\n"  # header names are trimmed and case-blind
        b'1,2026-11-20T09:00:00Z,"two\r\nlines"\r\n'  # lines 2-3
        b"2,2026-11-20T09:00:00Z\r\n"  # 4: a field short
        b"\r\n"  # 5: blank
        b"3,2026-11-20T09:00:00Z,a,b\r\n"  # 6: a field too many
        b"x4,2026-11-20T09:00:00Z,not a number\r\n"  # 7
        b"5,20/11/2026,bad time\r\n"  # 8
        b"6,2026-11-20T09:00:00Z,caf\xe9\r\n"  # 9: not UTF-8
        b"7,2026-11-20T09:00:00Z,fine\r\n"  # 10
    )
    report, mentions = imported(path, tmp_path / "s.sqlite")
    assert [m.id for m in mentions] == ["1", "7"]
    assert mentions[0].text == "two\r\nlines"
    found = reasons(report)
    assert list(found) == ["line 4", "line 6", "line 7", "line 8", "line 9"]
    assert found["line 4"] == "line 4: 2 fields where the header has 3"
    assert found["line 6"] == "line 6: 4 fields where the header has 3"
    assert found["line 7"] == "line 7: post id 'x4' is not a number"
    assert found["line 8"].startswith("line 8: post 5: bad created_at '20/11/2026'")
    assert found["line 9"] == "line 9: not valid UTF-8"
    assert report.bad[0].payload == "2,2026-11-20T09:00:00Z"


def test_an_unknown_platform_in_csv_is_a_bad_row() -> None:
    (item,) = read_csv(["id,created_at,text,platform", f"1,{WHEN},hi,tiktok"])
    assert not isinstance(item, Mention)
    assert item.reason == "line 2: unknown platform 'tiktok' (expected x, facebook, youtube)"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("id,created_at,text,likes,place", "unknown columns: 'likes', 'place'"),
        ("id,text", "lacks required columns: created_at"),
        ("id,created_at,text,id", "repeats columns: id"),
        ("", "no header row"),
    ],
)
def test_a_bad_csv_header_imports_nothing(tmp_path: Path, header: str, message: str) -> None:
    path = write_lines(tmp_path / "in.csv", [header, f"1,{WHEN},hi"])
    with Store(tmp_path / "s.sqlite") as store:
        with pytest.raises(FileFormatError, match=message):
            import_file(store, path)
        assert store.count_mentions() == 0


def test_an_empty_csv_file_has_no_header(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_bytes(b"")
    with Store(tmp_path / "s.sqlite") as store, pytest.raises(FileFormatError, match="no header"):
        import_file(store, tmp_path / "in.csv")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_with_a_byte_order_mark_and_either_line_end(tmp_path: Path, newline: str) -> None:
    lines = ["id,created_at,text", f"1,{WHEN},one", f"2,{WHEN},two"]
    path = write_lines(tmp_path / "in.csv", lines, eol=newline, bom=True)
    report, mentions = imported(path, tmp_path / "s.sqlite")
    assert (report.new, report.bad_count) == (2, 0)
    assert [m.text for m in mentions] == ["one", "two"]


# -- export ----------------------------------------------------------------------------------------


def test_export_filters_by_platform_and_time_and_reports_progress(tmp_path: Path) -> None:
    posts = [tweet(i, created_at=f"2026-11-20T{9 + i % 3:02d}:00:00Z") for i in range(1, 2501)]
    posts.append(tweet(1) | {"platform": "facebook"})
    imported(jsonl(tmp_path / "in.jsonl", posts), tmp_path / "s.sqlite")
    counted: list[int] = []
    out = io.StringIO()
    with Store(tmp_path / "s.sqlite") as store:
        hour = timedelta(hours=1)
        window: dict[str, Any] = {"since": T0 + hour, "until": T0 + 2 * hour}
        options = {"platform": "x", "progress": counted.append, **window}
        written = export_mentions(store, out, "jsonl", **options)
        with pytest.raises(FileFormatError, match="unknown export format 'xml'"):
            export_mentions(store, io.StringIO(), "xml")
    lines = out.getvalue().splitlines()
    assert written == len(lines) == 834 and sum(counted) == 834
    assert {json.loads(line)["created_at"] for line in lines} == {"2026-11-20T10:00:00Z"}
    assert exported(tmp_path / "s.sqlite", "csv", platform="facebook").split("\r\n") == [
        "id,created_at,text,author,platform,url",
        "1,2026-11-20T09:00:00Z,road closed near the Quayside,,facebook,",
        "",
    ]


def test_collected_mentions_export_and_import_back_the_same(tmp_path: Path) -> None:
    """Mentions the collectors made (raw in the platform's own shape) survive the round trip:
    X's exactly, Facebook's in every column (its raw gains the post-object fields)."""
    users = {"42": {"id": "42", "username": "resident42", "name": "Resident 42"}}
    refs = [{"type": "quoted", "id": "8"}]
    x_post = tweet(9, author_id="42", public_metrics={"like_count": 2}, referenced_tweets=refs)
    graph = {
        "id": "1500_9_1",
        "message": "well done",
        "created_time": "2026-11-20T09:05:00+0000",
        "from": {"id": "9009", "name": "A Resident"},
        "like_count": 4,
    }
    with Store(tmp_path / "a.sqlite") as store:
        collected = [mention_from_tweet(x_post, users), mention_from_graph(graph, post_id="1500_9")]
        store.save_mentions(collected)
        x, fb = store.mentions()
    for fmt in ("jsonl", "csv"):
        path = tmp_path / f"out.{fmt}"
        path.write_text(exported(tmp_path / "a.sqlite", fmt), encoding="utf-8", newline="")
        _, (x_again, fb_again) = imported(path, tmp_path / f"{fmt}.sqlite")
        if fmt == "jsonl":
            assert replace(x_again, source="x") == x
            assert replace(fb_again, raw={}, source="") == replace(fb, raw={}, source="")
            assert fb_again.raw["message"] == "well done"  # nothing of the original is lost
        else:
            assert six_columns([x_again, fb_again]) == six_columns([x, fb])


# -- round trips (Hypothesis) ----------------------------------------------------------------------

SPECIAL = [
    "a,b",
    '"quoted"',
    "line\nbreak",
    "cr\rlf\r\n",
    "🚓 emoji",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u2028",
    "\x00",
    " ",
]
texts = st.one_of(st.sampled_from(SPECIAL), st.text(min_size=1, max_size=60))
zones = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(-timedelta(hours=5.5))])
handles = st.from_regex(r"[A-Za-z0-9_]{0,15}", fullmatch=True)


@st.composite
def stamps(draw: st.DrawFn) -> str:
    """A time in one of the forms the platforms write: offset, Z, or X's milliseconds."""
    seconds = draw(st.integers(-(10**8), 10**8))
    moment = T0 + timedelta(seconds=seconds, microseconds=draw(st.sampled_from([0, 123_000])))
    form = draw(st.sampled_from(["offset", "z", "millis"]))
    if form == "offset":
        return moment.astimezone(draw(zones)).isoformat()
    if form == "millis":
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def posts(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Post objects of all three platforms with unique keys and every optional field."""
    result: list[dict[str, Any]] = []
    for n in range(draw(st.integers(1, 8))):
        platform = draw(st.sampled_from(["x", "x", "facebook", "youtube"]))
        post: dict[str, Any] = {
            "id": str(10**17 + n) if platform == "x" else f"{draw(handles)}_{n}",
            "text": draw(texts if platform == "x" else st.one_of(st.just(""), texts)),
            "created_at": draw(stamps()),
        }
        if platform != "x" or draw(st.booleans()):
            post["platform"] = platform
        if draw(st.booleans()):
            post["author_id"] = str(draw(st.integers(1, 10**6)))
        if draw(st.booleans()):
            post["author"] = {"username": draw(handles), "name": draw(texts)}
        if draw(st.booleans()):
            post["lang"] = draw(st.sampled_from(["en", "cy", "pl"]))
        if draw(st.booleans()):
            post["conversation_id"] = str(draw(st.integers(1, 10**6)))
        if draw(st.booleans()):
            kind = draw(st.sampled_from(["replied_to", "quoted"]))
            post["referenced_tweets"] = [{"type": kind, "id": "7"}]
        if draw(st.booleans()):
            names = st.sampled_from(["like_count", "reply_count"])
            post["public_metrics"] = draw(st.dictionaries(names, st.integers(0, 10**6)))
        if draw(st.booleans()):
            post["url"] = draw(st.sampled_from(["https://example.org/p", ""]))
        result.append(post)
    return result


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    """A CSV file with the optional columns in any order, quoted the way csv.writer does."""
    optional = draw(st.permutations(["author", "platform", "url"]))[: draw(st.integers(0, 3))]
    columns = ["id", "created_at", "text", *optional]
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    for n in range(draw(st.integers(1, 8))):
        platform = draw(st.sampled_from(["x", "facebook", "youtube", ""]))
        if "platform" not in columns:
            platform = ""
        is_x = platform in ("x", "")
        values = {
            "id": str(10**17 + n) if is_x else f"fb_{n}",
            "created_at": draw(stamps()),
            "text": draw(texts if is_x else st.one_of(st.just(""), texts)),
            "author": draw(handles),
            "platform": platform,
            "url": draw(st.sampled_from(["", "https://example.org/p"])),
        }
        writer.writerow([values[c] for c in columns])
    return out.getvalue()


def round_trip(source: Path, scratch: Path) -> None:
    """Import a file, export both formats, import each: the same mentions, the same files."""
    first, mentions = imported(source, scratch / "a.sqlite")
    assert first.bad_count == 0, first.bad
    for fmt in ("jsonl", "csv"):
        text = exported(scratch / "a.sqlite", fmt)
        again = scratch / f"again.{fmt}"
        again.write_text(text, encoding="utf-8", newline="")
        report, back = imported(again, scratch / f"{fmt}.sqlite")
        assert report.bad_count == 0, report.bad
        if fmt == "jsonl" or source.suffix == ".csv":
            assert back == mentions
        else:
            assert six_columns(back) == six_columns(mentions)
        assert exported(scratch / f"{fmt}.sqlite", fmt) == text


ROUND_TRIPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIPS
@given(posts())
def test_json_lines_round_trip(batch: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        round_trip(jsonl(Path(scratch) / "in.jsonl", batch), Path(scratch))


@ROUND_TRIPS
@given(csv_files())
def test_csv_round_trip(text: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "in.csv"
        path.write_text(text, encoding="utf-8", newline="")
        round_trip(path, Path(scratch))

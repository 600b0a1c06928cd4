"""Import and export of mentions as files: JSON Lines of post objects, or CSV with a header.

Parsing is pure (lines in, one `Mention` or `Quarantined` out per line) so it can be tested and
fuzzed without a database. `import_file` streams a file through it into the store in batches, in
constant memory. A bad line is quarantined with its line number and the rest still go in.

JSON Lines holds one X API v2 post object per line (`id`, `text`, `created_at`, `author_id`,
`lang`, `conversation_id`, `referenced_tweets`, `public_metrics`, an optional expanded `author`
object), the same shape for Facebook and YouTube with a `platform` field, and an optional `url`.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import IO, Any

from commsdesk.records import PLATFORMS, Mention, Quarantined, iso, parse_time
from commsdesk.store import Store
from ingest.base import MalformedItem
from ingest.x import mention_from_tweet, tweet_url

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
CSV_REQUIRED = ("id", "created_at", "text")
CSV_COLUMNS = ("id", "created_at", "text", "author", "platform", "url")
MAX_REPORTED = 1000  # bad lines kept in the report; every one still goes to the quarantine table
REPORTED_PAYLOAD = 500  # characters of a bad line kept in the report (the store keeps it all)

Progress = Callable[[int], None]
Item = Mention | Quarantined
_BOM = "\ufeff"
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONVERTING = (MalformedItem, KeyError, TypeError, ValueError, AttributeError)


class FileFormatError(ValueError):
    """The whole file cannot be read (unknown extension, unusable CSV header): nothing imported."""


@dataclass(slots=True)
class ImportReport:
    """What one import did. `read` counts records (blank lines are not records)."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    bad_count: int = 0
    bad: list[Quarantined] = field(default_factory=list)  # the first MAX_REPORTED bad lines
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Records per second, for the benchmark and the CLI's summary."""
        return self.read / self.seconds if self.seconds else 0.0


def detect_format(path: str | Path) -> str:
    """`jsonl` or `csv`, from the file's extension: guessing from content hides mistakes."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        found = f"extension {suffix!r}" if suffix else "a name without an extension"
        message = f"{Path(path).name}: cannot tell the format from {found} (expected {known})"
        raise FileFormatError(message)
    return FORMATS[suffix]


# -- parsing: post objects ---------------------------------------------------------------------


def mention_from_post(post: object, platform: str = "x", *, source: str = "import") -> Mention:
    """A post object (without its `platform` key) as a Mention, through X's own field logic.

    `ingest.x.mention_from_tweet` owns the mapping. For other platforms it is lent a stand-in id
    (it insists on numeric ids, an X rule; Facebook's `123_456` and YouTube's `Ugx...` are not)
    and a stand-in text (a Facebook photo post has none), and the real values are put back.
    An embedded `author` object is the expansion `mention_from_tweet` takes as `users`.
    """
    if type(post) is not dict:
        raise MalformedItem(f"expected a post object, got {type(post).__name__}")
    author = post.get("author")
    users = {str(post.get("author_id") or ""): author} if type(author) is dict else None
    url = post.get("url")
    if url is not None and type(url) is not str:
        raise MalformedItem(f"post url is not text but {type(url).__name__}")
    if platform == "x":  # an empty url means the usual link, as in an export's CSV
        mention = mention_from_tweet(post, users, source=source)
        return replace(mention, url=url) if url else mention
    ident, text = post.get("id"), post.get("text")
    if type(ident) is not str or not ident:
        raise MalformedItem("post has no id")
    if type(text) is not str:
        raise MalformedItem("post has no text")
    try:
        lent = mention_from_tweet({**post, "id": "0", "text": text or " "}, users, source=source)
    except MalformedItem as error:
        raise MalformedItem(str(error).replace("post 0:", f"post {ident}:")) from None
    return replace(lent, platform=platform, id=ident, text=text, url=url or "", raw=post)


def _platform(value: object) -> str:
    if type(value) is not str or value.strip().lower() not in PLATFORMS:
        raise MalformedItem(f"unknown platform {value!r} (expected {', '.join(PLATFORMS)})")
    return value.strip().lower()


def _bad(number: int, reason: str, payload: str, source: str) -> Quarantined:
    where = f"line {number}"
    return Quarantined(source=source, reason=f"{where}: {reason}", payload=payload, where=where)


def _without_bom(lines: Iterable[str | bytes]) -> Iterator[str | bytes]:
    """The lines, the first without a UTF-8 byte-order mark (Excel and Notepad write one)."""
    rest = iter(lines)
    first = next(rest, None)
    if first is None:
        return rest
    if type(first) is bytes:
        first = first.removeprefix(b"\xef\xbb\xbf")
    elif type(first) is str:
        first = first.removeprefix(_BOM)
    return chain((first,), rest)  # C all the way: no generator frame per line


def read_jsonl(lines: Iterable[str | bytes], *, source: str = "import") -> Iterator[Item]:
    """One Mention or Quarantined per non-blank line of JSON Lines (str, or UTF-8 bytes).

    The hot path is json.loads and `mention_from_tweet`; checks that cost on every line are
    done only when a cheap test says they are needed.
    """
    loads = json.loads
    for number, line in enumerate(_without_bom(lines), start=1):
        try:
            text = line if type(line) is str else line.decode("utf-8")
        except UnicodeDecodeError as error:
            payload = line.decode("utf-8", "replace").rstrip("\r\n")
            yield _bad(number, f"not valid UTF-8 (byte {error.start + 1})", payload, source)
            continue
        try:
            post = loads(text)
        except json.JSONDecodeError as error:
            if text.isspace() or not text:
                continue
            reason = f"not valid JSON: {error.msg} at column {error.colno}"
            yield _bad(number, reason, text.rstrip("\r\n"), source)
            continue
        except RecursionError:
            yield _bad(number, "not valid JSON: nested too deeply", text.rstrip("\r\n"), source)
            continue
        try:
            if "\\ud" in text or "\\uD" in text:
                _refuse_lone_surrogates(post)
            if type(post) is dict and "platform" in post:
                yield mention_from_post(post, _platform(post.pop("platform")), source=source)
            else:
                yield mention_from_post(post, source=source)
        except _CONVERTING as error:
            yield _bad(number, _reason(error), text.rstrip("\r\n"), source)


def _refuse_lone_surrogates(value: object) -> None:
    """JSON may escape half a surrogate pair (`\\ud800`); SQLite cannot store it."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise MalformedItem("text holds a lone surrogate escape (not valid Unicode)") from None


def _reason(error: Exception) -> str:
    if isinstance(error, MalformedItem):
        return str(error)
    return f"malformed post object ({type(error).__name__}: {error})"


# -- parsing: CSV --------------------------------------------------------------------------------


def read_csv(lines: Iterable[str | bytes], *, source: str = "import") -> Iterator[Item]:
    """One Mention or Quarantined per CSV record; a quoted field may span lines (reported by
    the line it starts on). Raises FileFormatError for a missing or unusable header row."""
    numbered = _CountingLines(_without_bom(lines))
    reader = csv.reader(numbered)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise FileFormatError(f"CSV header (line 1) cannot be read: {error}") from None
    columns = _check_header(header)
    width = len(columns)
    index = {name: columns.index(name) for name in CSV_COLUMNS if name in columns}
    start = numbered.count + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield _bad(start, f"not valid CSV: {error}", numbered.last.rstrip("\r\n"), source)
            start = numbered.count + 1
            continue
        number, start = start, numbered.count + 1
        if not row:
            continue
        payload = _csv_payload(row)
        if _SURROGATE.search(payload):
            shown = payload.encode("utf-8", "replace").decode()
            yield _bad(number, "not valid UTF-8", shown, source)
        elif len(row) != width:
            yield _bad(number, f"{len(row)} fields where the header has {width}", payload, source)
        else:
            try:
                yield _mention_from_record(row, index, source)
            except _CONVERTING as error:
                yield _bad(number, _reason(error), payload, source)


class _CountingLines:
    """Feeds csv.reader decoded lines and counts them, so records get their line numbers."""

    def __init__(self, lines: Iterable[str | bytes]) -> None:
        self.lines = iter(lines)
        self.count = 0
        self.last = ""

    def __iter__(self) -> _CountingLines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.count += 1
        # Bad bytes survive as surrogates, so the record they fall in is refused, not the file.
        self.last = line if type(line) is str else line.decode("utf-8", "surrogateescape")
        return self.last


def _check_header(header: list[str] | None) -> list[str]:
    if not header:
        raise FileFormatError(f"CSV has no header row (expected {','.join(CSV_COLUMNS)})")
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name not in CSV_COLUMNS]
    if unknown:
        names, known = ", ".join(map(repr, unknown)), ", ".join(CSV_COLUMNS)
        raise FileFormatError(f"CSV header has unknown columns: {names} (known: {known})")
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        raise FileFormatError(f"CSV header repeats columns: {', '.join(repeated)}")
    missing = [name for name in CSV_REQUIRED if name not in columns]
    if missing:
        raise FileFormatError(f"CSV header lacks required columns: {', '.join(missing)}")
    return columns


def _csv_payload(row: list[str]) -> str:
    """The record as one CSV line again, for the quarantine table."""
    return ",".join(_csv_field(value) for value in row)


def _csv_field(value: str) -> str:
    if any(char in value for char in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _mention_from_record(row: list[str], index: dict[str, int], source: str) -> Mention:
    """A CSV record as a post object, then a Mention by the same path as JSON Lines.

    The time is normalised first, so re-importing an export gives back the same raw object.
    """
    platform = _platform(row[index["platform"]] or "x") if "platform" in index else "x"
    created = row[index["created_at"]]
    with suppress(ValueError):  # mention_from_tweet reports it, in the same words as for JSONL
        created = iso(parse_time(created))
    post: dict[str, Any] = {
        "id": row[index["id"]],
        "text": row[index["text"]],
        "created_at": created,
    }
    handle = row[index["author"]] if "author" in index else ""
    if handle:
        post["author"] = {"username": handle}
    url = row[index["url"]] if "url" in index else ""
    if url and (platform != "x" or url != tweet_url(post["id"], handle)):
        post["url"] = url
    return mention_from_post(post, platform, source=source)


# -- import ----------------------------------------------------------------------------------


def import_file(
    store: Store,
    path: str | Path,
    *,
    batch: int = 5000,
    progress: Progress | None = None,
    source: str = "import",
) -> ImportReport:
    """Stream a JSON Lines or CSV file into the store; bad lines go to the quarantine table.

    Memory stays flat: one batch of parsed lines at a time, each saved in one transaction with
    its bad lines. `progress(n)` gets the bytes read since its last call, once a batch.
    Importing a file twice stores nothing twice: the second time every record is a duplicate.

    Saving runs in this thread. A writer thread was measured and lost (see bench_import.py):
    executemany gives up the GIL for each row's step only, and the parser keeps it meanwhile.
    """
    parse = read_jsonl if detect_format(path) == "jsonl" else read_csv
    report = ImportReport()
    name = Path(path).name
    started = time.perf_counter()
    with open(path, "rb") as handle:
        meter = _Meter(handle, progress)
        for mentions, bad in _batches(parse(handle, source=source), batch, report):
            with store.transaction():
                saved = store.save_mentions(mentions)
                store.quarantine(replace(item, where=f"{name}: {item.where}") for item in bad)
            report.new += saved.new
            report.duplicates += len(mentions) - saved.new
            meter()
        meter()  # blank lines after the last batch
    report.seconds = time.perf_counter() - started
    return report


def _batches(
    items: Iterator[Item], size: int, report: ImportReport
) -> Iterator[tuple[list[Mention], list[Quarantined]]]:
    """Group parsed items into batches of up to `size` mentions or bad lines; count them as
    they go by and keep the first bad lines (shortened) for the report."""
    mentions: list[Mention] = []
    bad: list[Quarantined] = []
    append = mentions.append
    for item in items:
        report.read += 1
        if type(item) is Mention:
            append(item)
            if len(mentions) < size:
                continue
        else:
            assert isinstance(item, Quarantined)
            bad.append(item)
            report.bad_count += 1
            if len(report.bad) < MAX_REPORTED:
                report.bad.append(replace(item, payload=item.payload[:REPORTED_PAYLOAD]))
            if len(bad) < size:
                continue
        yield mentions, bad
        mentions, bad = [], []
        append = mentions.append
    if mentions or bad:
        yield mentions, bad


class _Meter:
    """Tells `progress` how many bytes were read since it last asked: once a batch, not once a
    line, because a progress bar's redraw costs more than parsing a line."""

    def __init__(self, handle: IO[bytes], progress: Progress | None) -> None:
        self.handle = handle
        self.progress = progress
        self.done = 0

    def __call__(self) -> None:
        if self.progress is not None:
            position = self.handle.tell()
            if position > self.done:
                self.progress(position - self.done)
                self.done = position


# -- export ----------------------------------------------------------------------------------


def export_mentions(
    store: Store,
    out: IO[str],
    fmt: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    platform: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the store's mentions in time order as JSON Lines or CSV, streamed; return the count.

    Open `out` with newline="" so CSV's CRLF row ends and newlines inside texts survive as
    written. Importing the file gives back the same mentions (CSV keeps only its six columns).
    """
    if fmt not in ("jsonl", "csv"):
        raise FileFormatError(f"unknown export format {fmt!r} (expected jsonl or csv)")
    mentions = store.mentions(platform=platform, since=since, until=until)
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        lines = (writer.writerow(csv_row(m)) for m in mentions)
    else:
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        lines = (out.write(dumps(post_from_mention(m)) + "\n") for m in mentions)
    written = 0
    for _ in lines:
        written += 1
        if progress is not None and written % 1000 == 0:
            progress(1000)
    if progress is not None and written % 1000:
        progress(written % 1000)
    return written


def csv_row(mention: Mention) -> list[str]:
    """The CSV export's columns; the author column is the handle."""
    m = mention
    return [m.id, iso(m.created_at), m.text, m.author_handle, m.platform, m.url]


def post_from_mention(mention: Mention) -> dict[str, Any]:
    """The mention as a post object with `platform`: its raw object, corrected where it would
    not import back to the same mention (raw is the collector's; the columns may be newer)."""
    post: dict[str, Any] = dict(mention.raw) if type(mention.raw) is dict else {}
    post.pop("platform", None)
    post["id"] = mention.id
    post["text"] = mention.text
    if not _same_time(post.get("created_at"), mention.created_at):
        post["created_at"] = iso(mention.created_at)
    _put(post, "author_id", mention.author_id, str(post.get("author_id") or ""))
    _put(post, "lang", mention.lang, post.get("lang") or "")
    _put(post, "conversation_id", mention.conversation_id, str(post.get("conversation_id") or ""))
    _put_reply(post, mention.in_reply_to)
    metrics = post.get("public_metrics")
    had = {k: v for k, v in metrics.items() if isinstance(v, int)} if type(metrics) is dict else {}
    _put(post, "public_metrics", dict(mention.metrics), had)
    _put_author(post, mention.author_handle, mention.author_name)
    url = post.get("url")
    if mention.platform != "x":
        derived = url if type(url) is str else ""
    else:
        derived = url if type(url) is str and url else tweet_url(mention.id, mention.author_handle)
    if mention.url != derived:
        post["url"] = mention.url
    return {"platform": mention.platform, **post}


def _same_time(text: object, moment: datetime) -> bool:
    if type(text) is not str:
        return False
    try:
        return iso(parse_time(text)) == iso(moment)
    except ValueError:
        return False


def _put(post: dict[str, Any], key: str, value: object, derived: object) -> None:
    """Set `key` when the post would otherwise import as something else; drop it when empty."""
    if value != derived:
        if value:
            post[key] = value
        else:
            post.pop(key, None)


def _put_reply(post: dict[str, Any], in_reply_to: str) -> None:
    refs = post.get("referenced_tweets")
    refs = [ref for ref in refs if type(ref) is dict] if type(refs) is list else []
    derived = next((ref.get("id", "") for ref in refs if ref.get("type") == "replied_to"), "")
    if derived == in_reply_to:
        return
    others = [ref for ref in refs if ref.get("type") != "replied_to"]
    if in_reply_to:
        others.insert(0, {"type": "replied_to", "id": in_reply_to})
    _put(post, "referenced_tweets", others, None)


def _put_author(post: dict[str, Any], handle: str, name: str) -> None:
    author = post.get("author")
    author = dict(author) if type(author) is dict else {}
    if (author.get("username", ""), author.get("name", "")) == (handle, name):
        return
    _put(author, "username", handle, None)
    _put(author, "name", name, None)
    _put(post, "author", author, None)

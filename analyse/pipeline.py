"""The analysis of a batch of mentions: language, sentiment, terms, entities, places, police terms.

    analyser = Analyser.from_settings(settings)     # once per process: loads spaCy and the sentiment model
    records = analyser.analyse(mentions)            # one Analysed per mention, in order, never raises
    analyser.stats.failed                           # mentions that could not be analysed (kept, minimal)

What runs on which posts. spaCy's entity recogniser is most of the cost (about 100 µs a word on one
core here: 1 ms for a 10-word post, 3 ms for a 20-word tweet) and the stage must keep up with 1,000
mentions/s on two cores, so:

- every post: language (CLD2, ~10 µs), terms/hashtags/handles/copy key (`analyse.terms`), the
  gazetteer of neighbourhoods and the police terms (word lookups, ~20 µs for both, any language);
- English posts: sentiment (one batched call) and, when there is a name to find, spaCy's entity
  recogniser alone (no tagger, parser or lemmatiser), batched with `nlp.pipe`;
- "a name to find" means a capitalised word that is not a sentence start, a stopword, the force's
  own name or a known place; or two capitalised words in a row ("Stu Heaton"). Text with none,
  and text mostly in capitals (shouting: the recogniser calls every other word a name), is not
  sent to it. Places never depend on it: the gazetteer finds them in any case;
- copies are read once: the recogniser's result is kept per text (an LRU), and retweets and
  copy-paste campaigns are common around incidents;
- `AnalyserConfig.ner_share` caps the share of a batch the recogniser reads (the posts with most
  name cues first), so a stream full of names cannot slow the stage below its target; 1.0 reads
  every post with a cue;
- the rules read the first 2,000 characters of a post, the models the first 1,000.

`AnalyserConfig` is a small picklable record: a runner that uses worker processes sends it to each
worker and builds the `Analyser` there (`Analyser(config)`); `Settings` itself does not pickle.
A mention that fails anywhere gets `minimal(mention)` (language "und", nothing found), is logged
with its key, and is counted in `analyser.stats.failed` (its key in `stats.failed_keys`).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, OrderedDict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from analyse.communities import community_of
from analyse.language import detect_language
from analyse.places import Match, PhraseTable, gazetteer, phrase_key, places_of, words_of
from analyse.records import ENGLISH, UNDETERMINED, Analysed
from analyse.terms import EMPTY, STOPWORDS, TextFeatures, text_features
from commsdesk.records import Mention
from commsdesk.spacy_model import MODEL_NAMES, load_entity_recogniser

if TYPE_CHECKING:
    from config.settings import Settings

log = logging.getLogger(__name__)

RULE_CHARS = 2000  # what the rules (gazetteer, police terms) read of a post
MODEL_CHARS = 1000  # what the entity recogniser reads of a post (the sentiment model cuts its own)
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"})  # people, orgs, places, events
NAME_LABELS = frozenset({"PERSON", "ORG"})  # "Paul Walker" is a person, not the Walker area

# Police terms: the canonical term, then the ways people write it. "police" itself is left out:
# nearly every mention says it, so it tells topics nothing.
POLICE_TERMS: dict[str, tuple[str, ...]] = {
    "officer": ("officer", "officers", "police officer", "police officers", "policeman", "policemen",
                "policewoman", "policewomen", "bobby", "bobbies"),
    "cop": ("cop", "cops", "copper", "coppers", "old bill", "feds"),
    "pcso": ("pcso", "pcsos", "community support officer", "community support officers"),
    "detective": ("detective", "detectives", "cid"),
    "sergeant": ("sergeant", "sgt", "inspector", "superintendent", "chief constable", "constable"),
    "arrest": ("arrest", "arrests", "arrested", "arresting", "handcuffed", "handcuffs", "cuffed"),
    "custody": ("custody", "in the cells", "police cells", "custody suite"),
    "charged": ("charged with", "been charged", "were charged", "was charged"),
    "bail": ("bail", "bailed", "released under investigation", "remanded"),
    "999": ("999",),
    "101": ("101",),
    "response time": ("response time", "response times", "took ages to come", "never turned up", "never came"),
    "stop and search": ("stop and search", "stop & search", "stop-and-search", "stopped and searched"),
    "patrol": ("patrol", "patrols", "patrolling", "police presence", "bobbies on the beat"),
    "police station": ("police station", "police stations", "front counter"),
    "police car": ("police car", "police cars", "police van", "police vans", "riot van", "panda car",
                   "blue lights", "sirens"),
    "police helicopter": ("police helicopter", "helicopter", "npas"),
    "police dog": ("police dog", "police dogs", "dog unit"),
    "taser": ("taser", "tasers", "tasered"),
    "body camera": ("body cam", "bodycam", "body camera", "body worn camera", "body-worn camera"),
    "crime number": ("crime number", "crime reference", "crime ref", "incident number", "log number"),
    "warrant": ("warrant", "warrants", "search warrant", "raid", "raided"),
    "speed camera": ("speed camera", "speed cameras", "speed trap", "speed check"),
    "complaint": ("complaint", "complaints", "iopc", "professional standards", "misconduct"),
    "appeal": ("appeal", "appeals", "witness appeal", "witnesses", "information appeal"),
}  # fmt: skip

# Common capitalised words that are rarely names: a sentence after them is no reason to run the recogniser.
_NOT_NAMES = frozenset(
    """
    thanks thank cheers great good well hi hello hey dear morning evening night tonight today tomorrow
    yesterday absolutely amazing awful brilliant disgusting shocking sad sorry love hope sending stay safe
    anyone everyone nobody someone does anybody ring call update breaking urgent police officer officers
    yes no ok okay wow omg lol god jesus
    """.split()  # noqa: SIM905
)

_RETWEET = re.compile(r"^RT\s+@\w+:\s*")
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"\s*(?<![\w@])@\w+")
_RUN = re.compile(
    r"(\D)\1{2,}"
)  # any character but a digit ("999") three times or more: "sooooo", "!!!!!!", "😡😡😡😡"
_WORD = re.compile(r"[^\W\d_][\w'’&-]*")
_SENTENCE_END = re.compile(r"[.!?\n:;]")


class SentimentPredictor(Protocol):
    def predict(self, texts: Sequence[object]) -> Sequence[Any]: ...


def prepare(text: str) -> str:
    """The text the rules and models read: capped, no "RT @x:", links or handles, runs cut to two."""
    text = text[:RULE_CHARS]
    if text.startswith("RT "):
        text = _RETWEET.sub("", text)
    if "://" in text or "www." in text:
        text = _LINK.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub("", text)
    if _RUN.search(text):
        text = _RUN.sub(r"\1\1", text)
    return text.strip()


def shouting(text: str) -> bool:
    """Mostly capitals: the recogniser would call every other word a name."""
    upper = sum(map(str.isupper, text))
    return upper >= 8 and upper > 2 * sum(map(str.islower, text))


def name_cues(text: str, known: frozenset[str]) -> int:
    """How many words of `text` look like the start of a name (see the module notes); 0: no name to find."""
    if shouting(text):
        return 0
    cues = previous_end = 0
    sentence_start = True
    previous_capital = previous_known = False
    for m in _WORD.finditer(text):
        word = m.group()
        if not sentence_start and _SENTENCE_END.search(text, previous_end, m.start()):
            sentence_start = True
        capital = len(word) > 1 and word[0].isupper() and not (len(word) > 4 and word.isupper())  # not "AGAIN"
        is_known = capital and word.casefold() in known
        if capital and (
            (not sentence_start and not is_known) or (previous_capital and not (is_known and previous_known))
        ):
            cues += 1
        previous_capital, previous_known = capital, is_known
        previous_end = m.end()
        sentence_start = False
    return cues


def without_tags(text: str, raw: Mapping[str, Any]) -> str:
    """The text without Facebook's tagged names (`message_tags`): a comment that starts "Liam Hussain
    Thank you" is replying to Liam, a private person, and the post is not about him."""
    tags = [t for t in raw.get("message_tags") or () if isinstance(t, Mapping) and isinstance(t.get("name"), str)]
    for tag in sorted(tags, key=lambda t: t.get("offset") if isinstance(t.get("offset"), int) else -1, reverse=True):
        name, offset = tag["name"], tag.get("offset")
        if not name:
            continue
        if isinstance(offset, int) and text[offset : offset + len(name)] == name:
            text = text[:offset] + text[offset + len(name) :]
        else:
            text = text.replace(name, "", 1)
    return text


def police_terms_table() -> PhraseTable:
    return PhraseTable({variant: term for term, variants in POLICE_TERMS.items() for variant in variants})


def entity_key(text: str) -> str:
    """An entity as topics compare it: lower case, no "the", no possessive; "" for handles, tags and links."""
    if "@" in text or "#" in text or "://" in text:
        return ""
    key = phrase_key(text).strip(" \t\n\"'“”‘’.,;:!?()[]{}-")
    return key if len(key) > 1 and any(c.isalpha() for c in key) else ""


def is_public_author(mention: Mention, public: frozenset[str]) -> bool:
    """Verified X accounts, Facebook Pages that say so, and the accounts config names are shown by name."""
    raw = mention.raw if isinstance(mention.raw, Mapping) else {}
    author = raw.get("author")
    if isinstance(author, Mapping) and author.get("verified") is True:
        return True
    sender = raw.get("from")
    if mention.platform == "facebook" and isinstance(sender, Mapping) and sender.get("category"):
        return True  # Graph gives a category only for Pages (when asked for from{id,name,category})
    handle = (mention.author_handle or "").lstrip("@").casefold()
    return any(key and key in public for key in (mention.author_id, handle, (mention.author_name or "").casefold()))


@dataclass(frozen=True, slots=True)
class AnalyserConfig:
    """Everything an Analyser needs from Settings, as plain picklable values."""

    neighbourhoods: tuple[tuple[str, tuple[str, ...]], ...] = ()
    public_accounts: frozenset[str] = frozenset()  # case-folded account ids, handles (no @) and names
    known_words: frozenset[str] = frozenset()  # capitalised words that are not news: the force's own name
    model_names: tuple[str, ...] = MODEL_NAMES
    ner_cache_size: int = 50_000
    # The most of an English batch the recogniser reads (copies and cached texts are free), the posts
    # with most name cues first. It binds only on streams full of names: on the scenario day 17% of
    # posts have a cue; on SemEval tweets 93% do, and 0.3 keeps them at ~800/s per process (1.0: ~300/s).
    ner_share: float = 0.3
    batch_size: int = 256

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> AnalyserConfig:
        force, x = settings.force, settings.x
        listed = [*settings.analysis.public_accounts, *x.accounts]
        public = {name.lstrip("@").casefold() for name in listed if name}
        public |= {i for i in (settings.facebook.page_id, settings.youtube.channel_id) if i}
        own_words = {
            w.casefold() for phrase in (force.name, *force.search_terms, *x.accounts) for w in _WORD.findall(phrase)
        }
        return cls(
            neighbourhoods=tuple((n.name, tuple(n.aliases)) for n in settings.neighbourhoods),
            public_accounts=frozenset(public),
            known_words=frozenset(own_words),
            **overrides,
        )


@dataclass
class AnalyserStats:
    """Counts since the Analyser was built: what ran on how many mentions, and what failed."""

    mentions: int = 0
    failed: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    sentiment: int = 0  # mentions given a sentiment
    ner_run: int = 0  # texts read by the entity recogniser
    ner_cached: int = 0  # copies whose entities were already known
    ner_skipped: int = 0  # English texts with no name to find
    ner_over_budget: int = 0  # English texts with a name cue left unread by `ner_share`
    failed_keys: deque[tuple[str, str]] = field(default_factory=lambda: deque(maxlen=100))


@dataclass(slots=True)
class _Draft:
    """One mention part-way through: what the per-mention rules found, waiting for the batched models."""

    mention: Mention
    text: str = ""  # the mention's text, or "" when it has none
    lang: str = UNDETERMINED
    features: TextFeatures = EMPTY
    prepared: str = ""
    places: list[Match] = field(default_factory=list)
    police: tuple[str, ...] = ()
    entities: tuple[tuple[int, int, str, str], ...] = ()  # (start, end, label, key) in `prepared`
    sentiment: Any = None
    error: BaseException | None = None


class Analyser:
    """Built once per process (it loads two models); `analyse` is then called per batch."""

    def __init__(
        self,
        config: AnalyserConfig,
        *,
        nlp: Any = None,
        sentiment: SentimentPredictor | None = None,
    ) -> None:
        self.config = config
        self.nlp = nlp if nlp is not None else load_entity_recogniser(config.model_names)
        if sentiment is None:
            from analyse.sentiment import SentimentModel

            sentiment = SentimentModel.load()
        self.sentiment = sentiment
        self.gazetteer = gazetteer(config.neighbourhoods)
        self.police = police_terms_table()
        area_words = {w for key in self.gazetteer.labels for w in key.split()}
        police_words = {w for key in self.police.labels for w in key.split()}
        self.known_words = STOPWORDS | _NOT_NAMES | config.known_words | area_words | police_words
        self.stats = AnalyserStats()
        self._ner_cache: OrderedDict[str, tuple[tuple[int, int, str, str], ...]] = OrderedDict()

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> Analyser:
        return cls(AnalyserConfig.from_settings(settings, **overrides))

    # -- the batch ----------------------------------------------------------------------------

    def analyse(self, mentions: Sequence[Mention]) -> list[Analysed]:
        """One Analysed per mention, in order. A mention that fails gets a minimal record and is counted."""
        drafts = []
        for mention in mentions:
            try:
                drafts.append(self._read(mention))
            except Exception as exc:  # one bad mention must never lose the batch
                drafts.append(_Draft(mention, error=exc))
        english = [d for d in drafts if d.lang == ENGLISH and d.error is None]
        self._batched(english, self._find_entities)
        self._batched(english, self._score)
        out = []
        for draft in drafts:
            record = None
            if draft.error is None:
                try:
                    record = self._finish(draft)
                except Exception as exc:
                    draft.error = exc
            if record is None:
                self._fail(draft.mention, draft.error)
                record = minimal(draft.mention)
            out.append(record)
        self.stats.mentions += len(out)
        self.stats.languages.update(r.lang for r in out)
        return out

    def _fail(self, mention: Mention, exc: BaseException | None) -> None:
        key = (str(getattr(mention, "platform", "?")), str(getattr(mention, "id", "?")))
        self.stats.failed += 1
        self.stats.failed_keys.append(key)
        log.warning("could not analyse %s:%s: %r", *key, exc, exc_info=exc if self.stats.failed <= 3 else None)

    def _batched(self, drafts: list[_Draft], stage: Any) -> None:
        """Run a batched stage; if the batch fails, run it one draft at a time so only the bad one fails."""
        try:
            stage(drafts)
        except Exception:
            for draft in drafts:
                if draft.error is None:
                    try:
                        stage([draft])
                    except Exception as exc:
                        draft.error = exc

    # -- per mention --------------------------------------------------------------------------

    def _read(self, mention: Mention) -> _Draft:
        text = mention.text if isinstance(mention.text, str) else ""
        raw = mention.raw if isinstance(mention.raw, Mapping) else {}
        reading = without_tags(text, raw) if raw.get("message_tags") else text
        lang = detect_language(reading, mention.lang if isinstance(mention.lang, str) else "")
        if not reading.strip():
            return _Draft(mention, text, lang)
        prepared = prepare(reading)
        words = words_of(prepared)  # split once for both tables
        return _Draft(
            mention,
            text,
            lang,
            text_features(reading),
            prepared,
            self.gazetteer.find(prepared, words),
            self.police.labels_in(prepared, words),
        )

    def _finish(self, draft: _Draft) -> Analysed:
        mention = draft.mention
        names = [(s, e) for s, e, label, _ in draft.entities if label in NAME_LABELS]
        text_places = [m for m in draft.places if not _inside_name(m, names)]
        found = [(m.start, entity_key(m.text)) for m in text_places]
        found += [(start, key) for start, _, label, key in draft.entities if label in ENTITY_LABELS]
        own = self.config.known_words  # the force's own name is in nearly every mention: never news
        ordered = dict.fromkeys(key for _, key in sorted(found, key=lambda p: p[0]) if key)
        entities = tuple(key for key in ordered if not own.issuperset(key.split()))
        features = draft.features
        sentiment = draft.sentiment
        return Analysed(
            platform=mention.platform,
            id=mention.id,
            created_at=mention.created_at,
            text=draft.text,
            url=mention.url or "",
            author_id=mention.author_id or "",
            author_handle=mention.author_handle or "",
            author_name=mention.author_name or "",
            author_public=is_public_author(mention, self.config.public_accounts),
            lang=draft.lang,
            sentiment=sentiment.label if sentiment is not None else "",
            confidence=float(sentiment.confidence) if sentiment is not None else 0.0,
            sentiment_by="model" if sentiment is not None else "",
            terms=features.terms,
            hashtags=features.hashtags,
            handles=features.handles,
            entities=entities,
            places=places_of(
                self.gazetteer,
                text_areas=[m.label for m in text_places],
                tags=(*features.hashtags, *features.handles),
                raw=mention.raw if isinstance(mention.raw, Mapping) else {},
            ),
            police_terms=draft.police,
            community=community_of(mention),
            dup_key=features.dup_key,
        )

    # -- batched models -----------------------------------------------------------------------

    def _find_entities(self, drafts: list[_Draft]) -> None:
        cache, size = self._ner_cache, self.config.ner_cache_size
        waiting: dict[str, list[_Draft]] = {}
        cues: dict[str, int] = {}
        for draft in drafts:
            text = draft.prepared[:MODEL_CHARS]
            found = cache.get(text) if text else None
            if found is not None:
                cache.move_to_end(text)
                draft.entities = found
                self.stats.ner_cached += 1
            elif text in waiting:
                waiting[text].append(draft)
            elif text and (count := name_cues(text, self.known_words)):
                waiting[text] = [draft]
                cues[text] = count
            else:
                self.stats.ner_skipped += 1
        texts = list(waiting)
        budget = len(texts) if self.config.ner_share >= 1 else math.ceil(self.config.ner_share * len(drafts))
        if len(texts) > budget:  # the texts with the most name cues first; the rest keep the gazetteer's
            chosen = set(sorted(texts, key=cues.__getitem__, reverse=True)[:budget])
            self.stats.ner_over_budget += sum(len(waiting[t]) for t in texts if t not in chosen)
            texts = [t for t in texts if t in chosen]
        for text, doc in zip(texts, self.nlp.pipe(texts, batch_size=self.config.batch_size), strict=True):
            found = tuple(
                (e.start_char, e.end_char, e.label_, key)
                for e in doc.ents
                if e.label_ in ENTITY_LABELS and (key := entity_key(e.text))
            )
            for draft in waiting[text]:
                draft.entities = found
            self.stats.ner_run += 1
            self.stats.ner_cached += len(waiting[text]) - 1
            if size:
                cache[text] = found
                if len(cache) > size:
                    cache.popitem(last=False)

    def _score(self, drafts: list[_Draft]) -> None:
        readable = [d for d in drafts if d.error is None]
        if not readable:
            return
        for draft, result in zip(readable, self.sentiment.predict([d.text for d in readable]), strict=True):
            draft.sentiment = result
        self.stats.sentiment += len(readable)


def _inside_name(match: Match, names: Iterable[tuple[int, int]]) -> bool:
    """Whether a place match is part of a longer person or organisation name ("Paul Walker")."""
    return any(s <= match.start and match.end <= e and (e - s) > (match.end - match.start) for s, e in names)


def minimal(mention: Mention) -> Analysed:
    """What a mention that could not be analysed keeps: who, when, where, its text; language unknown.
    Reads the fields defensively: whatever broke the analysis may have broken the mention too."""

    def text(name: str) -> str:
        value = getattr(mention, name, "")
        return value if isinstance(value, str) else ""

    return Analysed(
        platform=text("platform"),
        id=text("id"),
        created_at=getattr(mention, "created_at", None),  # type: ignore[arg-type]
        text=text("text"),
        url=text("url"),
        author_id=text("author_id"),
        author_handle=text("author_handle"),
        author_name=text("author_name"),
        lang=UNDETERMINED,
    )

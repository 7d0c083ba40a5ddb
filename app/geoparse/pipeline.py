"""The geoparser: text in, resolved places and unresolved names out.

Which later stages it runs (derived places, events) is composed in
``app.services.geoparser.load_geoparser``.

>>> geoparser = load_geoparser(get_settings())          # doctest: +SKIP
>>> result = geoparser.parse(Document("1", "Shelling hit Homs, Syria."))  # doctest: +SKIP
>>> [p.entry.name for p in result.places]               # doctest: +SKIP
['Homs', 'Syria']
"""

from __future__ import annotations

import logging
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import TYPE_CHECKING

from app.core.deadline import check
from app.core.errors import GeoparseTimeout, InvalidInput
from app.gazetteer.lookup import Gazetteer
from app.geoparse.candidates import group_mentions
from app.geoparse.links import list_pairs, qualifier_pairs
from app.geoparse.published import GIVEN, find_publication_date
from app.geoparse.recognize import (
    PLACE_LABELS,
    Entity,
    Names,
    gazetteer_names,
    with_entities,
)
from app.geoparse.resolve import resolve
from app.geoparse.text import boilerplate_ranges, document_text
from app.geoparse.tokens import tokens_and_runs
from app.geoparse.types import Document, ParseResult, StageWarning, check_size

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

PostProcessor = Callable[[ParseResult, "Doc"], ParseResult]
"""A later stage (derived geometries, events): takes the places found and the spaCy doc,
returns the result with its own additions (``dataclasses.replace``).

The spaCy doc it gets is cheap to make: tokens and rule-based sentence boundaries
(``doc.sents``) of ``result.text``; it carries no tags, no dependency parse and no
entities, because running the statistical pipeline on every document is what made
geoparsing slow. A stage that needs a parse runs it on the sentences it selects:
``geoparser.parse_spans(spans)`` (``Geoparser.nlp`` is the full pipeline).

A stage that raises on a document costs only its own additions: the geoparser keeps the
result as it was before the stage and adds a ``StageWarning`` naming it (``stage_name``),
and the later stages still run (``run_stage``). ``GeoparseTimeout`` is not a stage
failure: it stops the document.

The stages run over a batch of documents one stage at a time. A stage may have a
``prepare(pairs)`` method: it gets the batch's ``(result, spacy_doc)`` pairs before the
stage is called on each of them, to do their shared work at once (``prepare_stage``);
what it prepares must not change what the stage returns."""

log = logging.getLogger(__name__)


_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|near|at|from|into|outside|around|across|towards?|inside|west|east|north|south)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
NER_ONLY = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
"""Components left out when the statistical NER runs on selected sentences. The
small English model's NER embeds tokens itself, so the shared tok2vec is not needed
(same entities, half the time)."""


def unknown_after_locative(
    text: str, covered: list[tuple[int, int]], skip: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Capitalised runs the gazetteer did not match as a whole, right after a locative
    preposition ("fighting in Tal Tamr", where only "Tal" is a known name): where the
    statistical NER pays for itself."""
    out = []
    spans = covered + skip
    for run in tokens_and_runs(text)[1]:
        check()
        start, end = run[0].start, run[-1].end
        if not _LOCATIVE_BEFORE.search(text[max(0, start - 20) : start]):
            continue
        if not any(s <= start and end <= e for s, e in spans):
            out.append((start, end))
    return out


def load_nlp(model: str) -> Language:
    """The full spaCy pipeline (tagger, parser, NER), the lemmatizer left out. The
    geoparser itself only tokenizes; later stages run the parser where they need it."""
    import spacy

    return spacy.load(model, disable=["lemmatizer"])


class Geoparser:
    """Recognise and resolve place names. Build once (model load), use for many documents."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        nlp: Language | Callable[[], Language],
        max_chars: int = 200_000,
        postprocessors: tuple[PostProcessor, ...] = (),
    ) -> None:
        """``nlp``: the spaCy pipeline, or a function that loads it when first needed
        (recognition itself does not use it)."""
        self.gazetteer = gazetteer
        self._nlp = nlp
        self.max_chars = max_chars
        self.postprocessors = postprocessors
        self._sentencizer: Callable[[Doc], Doc] | None = None  # stateless: a race is harmless
        self._load_lock = threading.Lock()

    @property
    def nlp(self) -> Language:
        """The full spaCy pipeline (loaded on first use when given as a loader, once even
        when several request threads ask at the same time). Shared: never changed."""
        if callable(self._nlp) and not hasattr(self._nlp, "pipe_names"):
            with self._load_lock:
                if callable(self._nlp) and not hasattr(self._nlp, "pipe_names"):
                    self._nlp = self._nlp()
        return self._nlp

    def prepare(self, doc: Document) -> Document:
        """The document with its text reduced to what is geoparsed (HTML -> main text).
        InvalidInput (422) for an HTML page with no text at all (plain text is checked
        where it comes in: ``parse_document``, ``make_input``)."""
        check_size(doc, self.max_chars)
        text = document_text(doc.text, doc.is_html or None)
        if doc.is_html and not text.strip():
            raise InvalidInput("the page has no text (nothing but markup)")
        published, basis = doc.published_at, doc.date_basis
        if published is not None:
            basis = basis or GIVEN
        elif (found := find_publication_date(doc.text, text, doc.is_html)) is not None:
            published, basis = found
        return replace(doc, text=text, is_html=False, published_at=published, date_basis=basis)

    def parse(self, doc: Document) -> ParseResult:
        return next(self.parse_many([doc]))

    def parse_many(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[ParseResult]:
        """Results in input order. The statistical NER runs once per batch, over the
        selected sentences of all its documents."""
        iterator = iter(docs)
        while batch := list(islice(iterator, batch_size)):
            drafts = [self._recognize(self.prepare(doc)) for doc in batch]
            check()
            self._add_entities(drafts)
            yield from self._finish(drafts)

    def _finish(self, drafts: list[_Draft]) -> list[ParseResult]:
        """The drafts resolved, then each later stage run over the whole batch in turn, so
        that a stage with a ``prepare`` method can do the batch's work at once (the event
        stage parses the sentences of all the documents together: one parser call per
        batch, not per document, for the same parses)."""
        results = []
        for draft in drafts:
            check()
            results.append(self._resolve(draft))
        for stage in self.postprocessors:
            spacy_docs = [draft.spacy_doc for draft in drafts]
            prepare_stage(stage, results, spacy_docs)
            for k, (result, spacy_doc) in enumerate(zip(results, spacy_docs, strict=True)):
                if result.text.strip():
                    check()
                    results[k] = run_stage(stage, result, spacy_doc)
        return results

    def _recognize(self, doc: Document) -> _Draft:
        skip = boilerplate_ranges(doc.text) if doc.text.strip() else []
        names = gazetteer_names(doc.text, self.gazetteer.known_keys)
        mentions = with_entities(doc.text, names, [], skip)
        check()
        targets = unknown_after_locative(doc.text, [(m.start, m.end) for m in mentions], skip)
        check()
        spacy_doc = self.tokens(doc.text) if self.postprocessors else None
        return _Draft(doc, skip, mentions, targets, spacy_doc, names)

    def _add_entities(self, drafts: list[_Draft]) -> None:
        """Statistical NER on the sentences with an unknown name after a locative
        preposition, so that a place the gazetteer lacks is reported, not lost; the
        drafts that got place entities are recognised again with them (only the part
        of recognition that the entities change: ``with_entities``)."""
        selected = [
            (draft, offset, sent)
            for draft in drafts
            if draft.targets
            for offset, sent in self._sentences(draft)
            if any(offset + sent.start_char <= s < offset + sent.end_char for s, _ in draft.targets)
        ]
        if not selected:
            return
        parsed = self.parse_spans([sent for _, _, sent in selected], NER_ONLY)
        check()
        entities: dict[int, list[Entity]] = {}
        for (draft, offset, sent), doc in zip(selected, parsed, strict=True):
            for ent in doc.ents:
                start = offset + sent.start_char + ent.start_char
                end = offset + sent.start_char + ent.end_char
                if ent.label_ in PLACE_LABELS and any(
                    s < end and start < e for s, e in draft.targets
                ):
                    entities.setdefault(id(draft), []).append(Entity(start, end, ent.label_))
        for draft in drafts:
            if id(draft) in entities:
                draft.mentions = with_entities(
                    draft.doc.text, draft.names, entities[id(draft)], draft.skip
                )

    def _sentences(self, draft: _Draft) -> Iterator[tuple[int, Span]]:
        """(offset, sentence) around the draft's targets: from the whole document's
        tokens when a later stage needed them, else from windows of text around the
        targets only (no stage needs the rest of the document tokenized)."""
        if draft.spacy_doc is not None:
            for sent in draft.spacy_doc.sents:
                yield 0, sent
            return
        for start, stop in _windows(draft.doc.text, draft.targets):
            for sent in self.tokens(draft.doc.text[start:stop]).sents:
                yield start, sent

    def tokens(self, text: str) -> Doc:
        """A spaCy doc of ``text`` with tokens and rule-based sentence boundaries only."""
        if self._sentencizer is None:
            from spacy.pipeline import Sentencizer

            self._sentencizer = Sentencizer()
        return self._sentencizer(self.nlp.make_doc(text))

    def parse_spans(self, spans: Iterable[Span], disable: Iterable[str] = ()) -> list[Doc]:
        """The full pipeline (tagger, parser, NER less ``disable``) run on selected spans,
        such as the sentences an event extractor needs parsed; one doc per span.

        The components are left out for this call only (``nlp.pipe(disable=...)``): the
        pipeline is shared by every request thread and by the event stage, so it is never
        changed (``select_pipes`` switched the parser off for everyone while it ran)."""
        texts = [span.text for span in spans]
        return list(self.nlp.pipe(texts, disable=frozenset(disable)))

    def _resolve(self, draft: _Draft) -> ParseResult:
        doc, text = draft.doc, draft.doc.text
        if not text.strip():
            return ParseResult(
                doc.id, text, published_at=doc.published_at, date_basis=doc.date_basis
            )
        groups = group_mentions(self.gazetteer, draft.mentions)
        check()
        places, unresolved = resolve(
            groups, qualifier_pairs(text, draft.mentions), list_pairs(text, draft.mentions)
        )
        result = ParseResult(
            doc.id,
            text,
            tuple(places),
            tuple(unresolved),
            published_at=doc.published_at,
            date_basis=doc.date_basis,
        )
        return result


def stage_name(stage: object) -> str:
    """What a stage is called in warnings: its ``name``, else its function or class name."""
    name = getattr(stage, "name", None) or getattr(stage, "__name__", None)
    return str(name or type(stage).__name__)


def stage_warning(name: str, doc_id: str, exc: Exception) -> StageWarning:
    """The warning for a stage that raised ``exc`` on document ``doc_id`` (logged with its
    traceback; the warning names the stage and the kind of error only)."""
    log.error("the %s stage failed on document %r", name, doc_id, exc_info=exc)
    kind = type(exc).__name__
    return StageWarning(name, f"the {name} stage failed ({kind})")


def prepare_stage(
    stage: PostProcessor, results: list[ParseResult], spacy_docs: list[Doc | None]
) -> None:
    """``stage.prepare(pairs)`` for a stage that has it, with the batch's ``(result,
    spacy_doc)`` pairs (empty texts left out) before the stage runs on each. Preparing
    is only a saving: when it raises, the stage does its work document by document (and
    reports its own failures there); a timeout still stops the batch."""
    prepare = getattr(stage, "prepare", None)
    if prepare is None:
        return
    pairs = [(r, d) for r, d in zip(results, spacy_docs, strict=True) if r.text.strip()]
    try:
        prepare(pairs)
    except GeoparseTimeout:
        raise
    except Exception:  # noqa: BLE001 - the stage runs unprepared
        log.warning("preparing the %s stage failed", stage_name(stage), exc_info=True)


def run_stage(stage: PostProcessor, result: ParseResult, spacy_doc: Doc | None) -> ParseResult:
    """``stage(result, spacy_doc)``; when it raises, ``result`` with a warning naming the
    stage (a timeout still stops the document)."""
    try:
        return stage(result, spacy_doc)
    except GeoparseTimeout:
        raise
    except Exception as exc:  # noqa: BLE001 - one stage's failure costs only its results
        warning = stage_warning(stage_name(stage), result.doc_id, exc)
        return replace(result, warnings=(*result.warnings, warning))


_SENTENCE_GAP = re.compile(r"[.!?][\"”’')\]]*\s+|\n\s*")
"""Where a sentence may end: a stop and space, or a line break."""


def _windows(text: str, targets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of ``text`` around each target, one possible sentence end on either side of
    the target's sentence (so that an abbreviation taken for an end does not cut it), the
    overlapping ones merged: what ``tokens`` needs to find the targets' sentences."""
    ends = [m.end() for m in _SENTENCE_GAP.finditer(text)]
    spans = []
    for s, e in targets:
        i = bisect_right(ends, s)  # ends[:i] are at or before the target
        j = bisect_left(ends, e)  # ends[j:] are at or after its end
        start = ends[i - 2] if i >= 2 else 0
        stop = ends[j + 1] if j + 1 < len(ends) else len(text)
        spans.append((start, stop))
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


@dataclass(slots=True)
class _Draft:
    """A document between recognition and resolution (mutable: NER may add mentions)."""

    doc: Document
    skip: list[tuple[int, int]]
    mentions: list
    targets: list[tuple[int, int]]
    spacy_doc: Doc | None
    names: Names
    """Recognition before the NER, reused when the NER adds entities."""

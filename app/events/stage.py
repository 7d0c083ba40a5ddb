"""The event stage of the geoparser: a post-processor that adds ``events`` to a result.

The stage parses only the paragraphs that contain a trigger word, with the geoparser's
own spaCy pipeline when it has a dependency parser, else with a pipeline of its own
(tagger and parser only), loaded once on first use. It never relies on the main pass
having parsed the document.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from app.core.config import Settings
from app.events.actors import ActorDictionary
from app.events.extract import EventExtractor
from app.events.lexicon import TriggerLexicon
from app.geoparse.types import ParseResult

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class EventStage:
    """``(ParseResult, spacy_doc) -> ParseResult`` with the document's events."""

    name = "events"

    def __init__(self, extractor: EventExtractor) -> None:
        self.extractor = extractor

    @classmethod
    def load(cls, settings: Settings, nlp: Language | None = None) -> EventStage:
        curated = settings.curated_dir
        lexicon = TriggerLexicon.load(curated / "event_triggers.csv", settings.event_triggers_path)
        actors = ActorDictionary.load(
            curated / "actors.csv", settings.actors_path, demonyms=curated / "demonyms.csv"
        )
        return cls(EventExtractor(lexicon, actors, Parser(settings.spacy_model, nlp)))

    def prepare(self, pairs: Sequence[tuple[ParseResult, Doc | None]]) -> None:
        """Parse the sentences of a batch of documents at once, before the stage is called
        on each of them (``app.geoparse.pipeline.prepare_stage``). Kept per thread, for
        the batch only: the next batch replaces it (``EventExtractor.prepare``)."""
        self.extractor.prepare(pairs)

    def __call__(self, result: ParseResult, spacy_doc: Doc | None = None) -> ParseResult:
        events = self.extractor.extract(result, result.published_at, spacy_doc)
        return replace(result, events=events)


class Parser:
    """``nlp.pipe`` of a pipeline with a dependency parser: the given one when it parses,
    else the model loaded with only what parsing needs (once, thread-safe)."""

    def __init__(self, model: str, nlp: Language | None = None) -> None:
        self.model = model
        self._nlp = nlp if nlp is not None and "parser" in nlp.pipe_names else None
        self._lock = threading.Lock()

    def nlp(self) -> Language:
        with self._lock:
            if self._nlp is None:
                import spacy

                self._nlp = spacy.load(self.model, exclude=["ner", "lemmatizer"])
            return self._nlp

    def __call__(self, texts: list[str]) -> Iterable[Doc]:
        nlp = self.nlp()
        return nlp.pipe(texts, disable=[p for p in ("ner",) if p in nlp.pipe_names])

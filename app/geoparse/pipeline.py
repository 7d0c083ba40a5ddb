"""The geoparser: text in, resolved places and unresolved names out.

>>> geoparser = Geoparser.load(get_settings())          # doctest: +SKIP
>>> result = geoparser.parse(Document("1", "Shelling hit Homs, Syria."))  # doctest: +SKIP
>>> [p.entry.name for p in result.places]               # doctest: +SKIP
['Homs', 'Syria']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING

from app.core.config import Settings
from app.gazetteer.lookup import Gazetteer
from app.geoparse.recognize import Entity, recognize
from app.geoparse.resolve import group_mentions, resolve
from app.geoparse.text import boilerplate_ranges, document_text
from app.geoparse.types import Document, ParseResult, check_size

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PostProcessor = Callable[[ParseResult, "Doc"], ParseResult]
"""A later stage (derived geometries, events): takes the places found and the spaCy doc,
returns the result with its own additions (``dataclasses.replace``)."""

_FUNCTION_POS = {"ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "PART", "INTJ", "NUM"}


def load_nlp(model: str) -> Language:
    """The spaCy pipeline; the lemmatizer is not needed."""
    import spacy

    return spacy.load(model, disable=["lemmatizer"])


class Geoparser:
    """Recognise and resolve place names. Build once (model load), use for many documents."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        nlp: Language,
        max_chars: int = 200_000,
        postprocessors: tuple[PostProcessor, ...] = (),
    ) -> None:
        self.gazetteer = gazetteer
        self.nlp = nlp
        self.max_chars = max_chars
        self.postprocessors = postprocessors

    @classmethod
    def load(cls, settings: Settings) -> Geoparser:
        gazetteer = Gazetteer.open(settings.gazetteer_path)
        return cls(gazetteer, load_nlp(settings.spacy_model), settings.max_text_chars)

    def prepare(self, doc: Document) -> Document:
        """The document with its text reduced to what is geoparsed (HTML -> main text)."""
        check_size(doc, self.max_chars)
        text = document_text(doc.text, doc.is_html or None)
        return replace(doc, text=text, is_html=False)

    def parse(self, doc: Document) -> ParseResult:
        return next(self.parse_many([doc]))

    def parse_many(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[ParseResult]:
        """Results in input order; the model runs over batches of documents."""
        iterator = iter(docs)
        while batch := list(islice(iterator, batch_size)):
            prepared = [self.prepare(d) for d in batch]
            texts = [d.text for d in prepared]
            for doc, spacy_doc in zip(prepared, self.nlp.pipe(texts), strict=True):
                yield self._parse_one(doc, spacy_doc)

    def _parse_one(self, doc: Document, spacy_doc: Doc) -> ParseResult:
        text = doc.text
        if not text.strip():
            return ParseResult(doc.id, text)
        entities = [Entity(e.start_char, e.end_char, e.label_) for e in spacy_doc.ents]
        mentions = recognize(
            text,
            entities,
            known_keys=lambda keys: self.gazetteer.known_keys(keys),
            skip=boilerplate_ranges(text),
            is_common_word=lambda s, e: _is_common_word(spacy_doc, s, e),
        )
        places, unresolved = resolve(group_mentions(self.gazetteer, mentions))
        result = ParseResult(doc.id, text, tuple(places), tuple(unresolved))
        for stage in self.postprocessors:
            result = stage(result, spacy_doc)
        return result


def _is_common_word(spacy_doc: Doc, start: int, end: int) -> bool:
    """A capitalised word that is capitalised only because it starts a sentence, or a
    function word ("In", "The")."""
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) != 1:
        return False
    token = span[0]
    if token.is_stop or token.pos_ in _FUNCTION_POS:
        return True
    return token.is_sent_start and token.pos_ != "PROPN"

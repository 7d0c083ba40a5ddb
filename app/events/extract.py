"""Event extraction: rules over spaCy's dependency parse with curated lexicons.

Per paragraph that has a trigger word (the others are never parsed):

1. triggers are found and dropped when not real ("failed to capture", "could launch
   attacks", "denied reports of air strikes", a trigger word inside a name);
2. each trigger is linked to places (:mod:`app.events.linking`), and triggers of one clause
   are grouped into one event unless they happened at different places ("air strikes hit
   Gaza after Hamas fired rockets toward Jerusalem" is two events);
3. the group is typed (the strongest trigger wins; context decides the ``@`` types), gets
   its actors with roles, its date, its fatality figures and sources;
4. a sentence that names no place of its own continues the event before it (within three
   sentences, same or next paragraph): "In clashes that took place from June 8 to June 10,
   about 35 pro-government fighters were killed" adds dates and figures to the attacks on
   al-Bukamal. So does a sentence about the same place and type.

Finally every event gets a geometry: the place it happened at; when that name is not in
the gazetteer, the resolved place named with it ("liberating Ar'ar" in "eastern
al-Suwayda", "X (Y district, Z province)"), in a one-paragraph report the place it names
nearest; else the country the article is about, with the reason in ``geometry_note``;
else none.

This module orchestrates; the stages live beside it, each small enough to read at once:
:mod:`~app.events.sentences` (which paragraphs are prose), :mod:`~app.events.triggers`
(real triggers and their grouping), :mod:`~app.events.roles` (actors' roles, crowds,
who is armed), :mod:`~app.events.victims` (whom a harm was done to),
:mod:`~app.events.weapons`, :mod:`~app.events.typing_rules` (the typing table, a rule
and its example per row), :mod:`~app.events.event_type` (which trigger types the
event), :mod:`~app.events.placement` (locations and geometry),
:mod:`~app.events.fatalities`, :mod:`~app.events.dates` and :mod:`~app.events.scoring`;
:mod:`~app.events.drafts` holds the values they pass.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from app.core.deadline import check
from app.events.actors import ActorDictionary, ActorMatch
from app.events.attribution import Attribution, find_attributions
from app.events.bounds import bounded, parse_checked
from app.events.dates import DateMention, find_dates
from app.events.drafts import Draft, Sentence, Unit
from app.events.event_type import HARM, type_event
from app.events.fatalities import Figure, coded_fatalities, find_figures, mentions_deaths
from app.events.lexicon import TriggerLexicon
from app.events.linking import LocMention, order, search
from app.events.merging import merge_continuations
from app.events.placement import (
    document_countries,
    event_geometry,
    event_locations,
    focus_country,
    link_start,
    location_mentions,
    map_tokens,
)
from app.events.roles import (
    LINKED,
    add_actor,
    closest_draft,
    np_head,
)
from app.events.scoring import score
from app.events.sentences import is_prose
from app.events.triggers import (
    against_no_one,
    group_units,
    inside_name,
    is_irrealis,
    tree_distance,
    without_topics,
)
from app.events.types import ActorRef, Event, EventDate, FatalityReport, Span
from app.events.vocabulary import BOMBINGS, WEAPON_WORDS
from app.geoparse.text import boilerplate_ranges, paragraphs
from app.geoparse.types import ParseResult

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan


Parse = Callable[[list[str]], Iterable["Doc"]]
"""Parses texts (paragraphs) with a dependency parser: ``nlp.pipe``."""


class Prepared(NamedTuple):
    """A document's sentences, ``(start, end, paragraph, worth_parsing)``
    (:meth:`EventExtractor.chunks`), and the parses of those worth parsing."""

    chunks: list[tuple[int, int, int, bool]]
    parsed: dict[tuple[int, int], Doc]


class EventExtractor:
    """Extract the events of geoparsed documents. Build once, use for many documents."""

    def __init__(self, lexicon: TriggerLexicon, actors: ActorDictionary, parse: Parse) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self.parse = parse
        self._prepared = threading.local()
        """``batch``: ``{id(result): (result, Prepared)}`` of this thread's last batch."""

    def extract(
        self, result: ParseResult, published: dt.date | None, doc: Doc | None = None
    ) -> tuple[Event, ...]:
        """The events of a geoparsed document. ``doc`` is the geoparser's spaCy doc of
        ``result.text`` with sentence boundaries (no parse needed): only its sentences
        with a trigger word are parsed. Without it, whole paragraphs are. What
        :meth:`prepare` made of this very ``result`` (and its doc) in this thread is
        used, else it is made here."""
        text = result.text
        mentions = location_mentions(result)
        found = getattr(self._prepared, "batch", {}).pop(id(result), None)
        if found is not None and found[0] is result:
            chunks, parsed = found[1]
        else:
            chunks, parsed = self._prepare([(result, doc)])[0]
        if not parsed:
            return ()
        focus = focus_country(result)
        countries = document_countries(result)
        drafts: list[Draft] = []
        carried: dict[int, EventDate] = {}
        # a paragraph's carried date is only read by its later parsed sentences: the
        # sentences after its last parsed one are not searched for dates
        last_parsed = {number: k for k, (_, _, number, trigger) in enumerate(chunks) if trigger}
        sentence_index = 0
        for k, (start, end, number, trigger) in enumerate(chunks):
            check()
            if not trigger:  # not parsed; its dates carry over to what follows
                if k < last_parsed.get(number, -1):
                    dates = find_dates(text[start:end], published)
                    if dates:
                        carried[number] = _event_date(dates[-1], start, "context")
                sentence_index += 1
                continue
            chunk = parsed[(start, end)]
            token_map = map_tokens(chunk, start, mentions)
            for sent in chunk.sents:
                check()
                sentence = Sentence(sent, start, sentence_index, number)
                sentence_index += 1
                found = self._sentence(sentence, token_map, mentions, (focus, countries), published)
                if not found and drafts:
                    _continue_figures(drafts[-1], sentence, published)
                for draft in found:
                    draft.paragraph_start = start
                    if draft.date is None and number in carried:
                        draft.date = carried[number]
                dates = find_dates(sent.text, published)
                if dates:
                    carried[number] = _event_date(dates[-1], start + sent.start_char, "context")
                drafts.extend(found)
        coded = coded_fatalities(text)
        if coded is not None:  # the analyst's own coding of the note's deaths
            for draft in drafts:
                draft.fatalities = [coded]
        finished: list[Event] = []
        # a one-paragraph report (an analyst's note): every place it names is its context
        report_places = mentions if len(paragraphs(text)) == 1 else ()
        for draft in merge_continuations(drafts):
            check()
            if _keep(draft):
                finished.append(
                    _finalize(draft, mentions, focus, published, finished, report_places)
                )
        return tuple(finished)

    def prepare(self, items: Sequence[tuple[ParseResult, Doc | None]]) -> None:
        """Parse the sentences of a batch of documents at once, for the :meth:`extract`
        of each ``(result, doc)`` that follows (in this thread; the next batch replaces
        what is left of this one)."""
        self._prepared.batch = {}
        made = self._prepare(items)
        self._prepared.batch = {id(r): (r, p) for (r, _), p in zip(items, made, strict=True)}

    def _prepare(self, items: Sequence[tuple[ParseResult, Doc | None]]) -> list[Prepared]:
        """Per ``(result, doc)``: its sentences (:meth:`chunks`) and the parses of those
        worth parsing, by ``(start, end)``. The sentences of all the items are parsed
        together (in groups, the deadline checked between them): a batch of documents
        costs the parser a few calls instead of one per document."""
        chunks_of = [self.chunks(r.text, doc, location_mentions(r)) for r, doc in items]
        wanted = [[(s, e) for s, e, _, trigger in chunks if trigger] for chunks in chunks_of]
        check()
        texts = [r.text[s:e] for (r, _), spans in zip(items, wanted, strict=True) for s, e in spans]
        docs = iter(parse_checked(self.parse, texts))
        return [
            Prepared(chunks, {span: next(docs) for span in spans})
            for chunks, spans in zip(chunks_of, wanted, strict=True)
        ]

    # -- paragraphs and sentences ------------------------------------------------------
    def chunks(
        self, text: str, doc: Doc | None = None, places: Sequence[LocMention] = ()
    ) -> list[tuple[int, int, int, bool]]:
        """``(start, end, paragraph, worth_parsing)`` of the sentences of the prose
        paragraphs (boilerplate, headlines and bylines left out); whole paragraphs when
        ``doc`` has no sentence boundaries. ``places``: the place mentions of the text
        (see :meth:`worth_parsing`)."""
        skip = boilerplate_ranges(text)
        sentences = []
        if doc is not None and doc.text == text and doc.has_annotation("SENT_START"):
            sentences = [(s.start_char, s.end_char) for s in doc.sents]
        found = []
        number = 0
        spans = paragraphs(text)
        single = len(spans) == 1  # a one-paragraph report is the report, headline-like or not
        for start, end in spans:
            if any(s <= start and end <= e for s, e in skip):
                continue
            if not single and not is_prose(text[start:end]):
                continue
            parts = [
                (max(s, start), min(e, end)) for s, e in sentences if s < end and start < e
            ] or [(start, end)]
            for s, e in (piece for part in parts for piece in bounded(text, *part)):
                while s < e and text[s].isspace():
                    s += 1
                if s < e:
                    follows = bool(found) and found[-1][2] == number and found[-1][3]
                    wanted = self.worth_parsing(text, s, e, places, follows)
                    found.append((s, e, number, wanted))
            number += 1
        return found

    def worth_parsing(
        self, text: str, start: int, end: int, places: Sequence[LocMention], follows: bool
    ) -> bool:
        """Whether a sentence can give an event or add to one, before parsing it (the
        parse is most of the stage's cost): a strong trigger or "killed"; a weak one
        that harms ("injured", "torched") with a place named in the sentence or an actor
        ("wounded by armed rustlers"); another weak one with a place and an actor or a
        weapon (what
        :func:`~app.events.event_type.weak_but_real` needs); or, right after such a
        sentence (``follows``), deaths it reports ("1 fatality.")."""
        sentence = text[start:end]
        matches = self.lexicon.find(sentence)
        if matches:
            if any(not m.entry.weak or m.entry.sub_event_type == "@kill" for m in matches):
                return True
            placed = any(start <= p.start < end for p in places)
            harm = any(
                m.entry.sub_event_type in HARM or m.text.lower() in BOMBINGS for m in matches
            )
            if placed and harm:
                return True
            if (placed or harm) and self._who(sentence):
                return True
        return follows and mentions_deaths(sentence)

    def _who(self, sentence: str) -> bool:
        """An actor (armed, state, a crowd) or a weapon is named: weak triggers need one."""
        return bool(self.actors.find(sentence)) or bool(
            WEAPON_WORDS.intersection(sentence.lower().split())
        )

    def _sentence(
        self,
        sentence: Sentence,
        token_map: dict[int, LocMention],
        mentions: Sequence[LocMention],
        where: tuple[str | None, frozenset[str]],
        published: dt.date | None,
    ) -> list[Draft]:
        """The events of one parsed sentence. ``where``: the country the document is about
        and the countries it names places in."""
        focus, countries = where
        sent, offset = sentence.span, sentence.offset
        matches = self.lexicon.find(sent.text)
        if not matches:
            return []
        attributions = find_attributions(sent)
        actor_matches = self._actors(sent, offset, attributions, focus, countries)
        actor_tokens = frozenset(
            t.i
            for m, _ in actor_matches
            for t in sent.doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
            or ()
        )
        units = []
        for match in matches:
            check()
            span = sent.doc.char_span(
                sent.start_char + match.start, sent.start_char + match.end, alignment_mode="expand"
            )
            if span is None or not len(span):
                continue
            token = span.root
            if inside_name(token, match.text) or is_irrealis(token) or against_no_one(token):
                continue
            text_span = Span(offset + span.start_char, offset + span.end_char, span.text)
            links = tuple(search(token, token_map, offset, actor_tokens))
            units.append(Unit(token, match.entry, text_span, links))
        units = without_topics(units)
        if not units:
            return []
        dates = find_dates(sent.text, published)
        figures = find_figures(
            sent, skip=[(sent.start_char + d.offset, sent.start_char + d.stop) for d in dates]
        )
        groups = group_units(units)
        evidence = Span(offset + sent.start_char, offset + sent.end_char, sent.text)
        places = [
            m
            for m in mentions
            if evidence.start <= m.start < evidence.end
            and m.kind != "unnamed"
            and not any(a.start < m.end and m.start < a.end for a, _ in actor_matches)
        ]
        drafts = []
        for group in groups:
            check()
            draft = Draft(
                units=group,
                paragraph=sentence.paragraph,
                sentence=sentence.index,
                last_paragraph=sentence.paragraph,
                last_sentence=sentence.index,
                evidence=evidence,
                links=[(link, offset) for u in group for link in u.links],
                sentence_places=places,
            )
            draft.links.sort(key=lambda item: (*order(item[0])[:2], link_start(item)))
            drafts.append(draft)
        self._assign_actors(drafts, actor_matches, sent, focus, token_map)
        for draft in drafts:
            check()
            type_event(draft, sent)
        _assign_dates(drafts, dates, sentence)
        _assign_figures(drafts, figures, attributions, offset)
        _assign_sources(drafts, attributions)
        return drafts

    # -- actors ------------------------------------------------------------------------
    def _actors(
        self,
        sent: SpacySpan,
        offset: int,
        attributions: list[Attribution],
        focus: str | None,
        countries: frozenset[str],
    ) -> list[tuple[ActorMatch, Token]]:
        """Actors named in the sentence (not inside a source phrase), with their NP heads;
        a generic word ("militants") is dropped when its phrase names the actor."""
        found = []
        for match in self.actors.find(sent.text, focus, countries):
            check()
            start, end = sent.start_char + match.start, sent.start_char + match.end
            if any(a.start <= start < a.end for a in attributions):
                continue
            span = sent.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            head = np_head(span.root)
            shifted = ActorMatch(
                offset + start, offset + end, match.text, match.name, match.type, match.specific
            )
            found.append((shifted, head))
        kept: list[tuple[ActorMatch, Token]] = []
        for n, (match, head) in enumerate(found):
            check()
            if match.specific:
                kept.append((match, head))
                continue
            same = [m for m, h in found if m.specific and h.i == head.i]
            following = found[n + 1] if n + 1 < len(found) else None
            if (
                following is not None
                and following[0].specific
                and LINKED.match(sent.doc.text[match.end - offset : following[0].start - offset])
            ):
                # "Militants linked to the Islamic State group": the named actor, in the
                # generic word's place in the sentence
                found[n + 1] = (following[0], head)
                continue
            if not same:
                kept.append((match, head))
        return kept

    def _assign_actors(
        self,
        drafts: list[Draft],
        matches: list[tuple[ActorMatch, Token]],
        sent: SpacySpan,
        focus: str | None,
        token_map: dict[int, LocMention],
    ) -> None:
        for token in sent:
            check()
            mention = token_map.get(token.i)
            if (
                mention is not None
                and mention.feature_type == "country"
                and token.dep_ == "nsubj"
                and token.head.pos_ == "VERB"
            ):
                name, kind = self.actors.state_forces(mention.country_code)
                matches.append(
                    (ActorMatch(mention.start, mention.end, mention.text, name, kind), token)
                )
        for match, head in matches:
            check()
            best, role = closest_draft(drafts, head)
            if best is None:
                continue
            add_actor(best, ActorRef(match.name, match.type, (match.text,), role))


def _event_date(mention: DateMention, base: int, basis: str) -> EventDate:
    """``mention`` was found in the text starting at ``base``."""
    start = base + mention.offset
    span = Span(start, start + len(mention.text), mention.text)
    return EventDate(mention.start, mention.end, mention.precision, basis, span)


def _assign_dates(drafts: list[Draft], dates: list[DateMention], sentence: Sentence) -> None:
    if not dates:
        return
    base = sentence.offset + sentence.span.start_char
    for draft in drafts:
        positions = [u.span.start for u in draft.units]
        nearest = min(dates, key=lambda d: min(abs(base + d.offset - p) for p in positions))
        draft.date = _event_date(nearest, base, "text")


def _continue_figures(draft: Draft, sentence: Sentence, published: dt.date | None) -> None:
    """Figures of a sentence without a trigger of its own, right after the event's
    sentence in the same paragraph ("... in Tijuana. 1 fatality."), are the event's."""
    if draft.last_paragraph != sentence.paragraph or sentence.index - draft.last_sentence > 2:
        return
    sent = sentence.span
    dates = find_dates(sent.text, published)
    skip = [(sent.start_char + d.offset, sent.start_char + d.stop) for d in dates]
    for figure in find_figures(sent, skip=skip):
        report = figure.report
        shifted = Span(
            sentence.offset + report.span.start, sentence.offset + report.span.end, report.span.text
        )
        draft.fatalities.append(replace(report, span=shifted))


def _assign_figures(
    drafts: list[Draft], figures: list[Figure], attributions: list[Attribution], offset: int
) -> None:
    for figure in figures:
        check()
        target = drafts[0]
        if len(drafts) > 1 and figure.verb is not None:
            target = min(
                drafts,
                key=lambda d: min(tree_distance(figure.verb, u.token) for u in d.units),
            )
        source = _source_for(figure.verb, attributions)
        report = figure.report
        span = Span(offset + report.span.start, offset + report.span.end, report.span.text)
        target.fatalities.append(
            FatalityReport(report.count, report.qualifier, report.side, source, span)
        )


def _source_for(token: Token | None, attributions: list[Attribution]) -> str | None:
    if not attributions:
        return None
    if token is not None:
        for attribution in attributions:
            if attribution.head.i == token.i or attribution.head in token.ancestors:
                return attribution.text
    return attributions[0].text if len(attributions) == 1 else None


def _assign_sources(drafts: list[Draft], attributions: list[Attribution]) -> None:
    for draft in drafts:
        check()
        for attribution in attributions:
            heads = [u.token for u in draft.units]
            scoped = len(drafts) == 1 or any(
                attribution.head.i == t.i or attribution.head in t.ancestors for t in heads
            )
            if scoped and attribution.text not in draft.sources:
                draft.sources.append(attribution.text)


def _keep(draft: Draft) -> bool:
    return draft.valid and bool(draft.event_type)


def _finalize(
    draft: Draft,
    mentions: Sequence[LocMention],
    focus: str | None,
    published: dt.date | None,
    earlier: Sequence[Event] = (),
    report_places: Sequence[LocMention] = (),
) -> Event:
    locations = event_locations(draft, mentions, earlier)
    geometry_id, basis, note = event_geometry(locations, draft, report_places)
    if basis == "none" and locations and locations[0].link == "anaphora":
        for event in reversed(earlier):  # the same place as an earlier event: its geometry
            check()
            if event.locations and event.locations[0].span == locations[0].span:
                geometry_id, basis, note = (
                    event.geometry_id,
                    event.geometry_basis,
                    event.geometry_note,
                )
                break
    country = focus if basis in ("country", "none") else None
    if basis == "none" and focus is not None:
        basis = "country"
        note = (note or "no place named") + "; the country the article is about"
    date = draft.date
    if date is None or date.start is None:
        date = (
            EventDate(published - dt.timedelta(days=6), published, "week", "published")
            if published is not None
            else EventDate(None, None, None, "none")
        )
    triggers = tuple(sorted({u.span for u in draft.units}, key=lambda s: s.start))
    actors = sorted(draft.actors, key=lambda a: ("actor1", "actor2", "associated").index(a.role))
    event = Event(
        event_type=draft.event_type,
        sub_event_type=draft.sub_event_type,
        triggers=triggers,
        date=date,
        actors=tuple(actors),
        fatalities=tuple(draft.fatalities),
        sources=tuple(draft.sources),
        locations=tuple(locations),
        evidence=draft.evidence,
        supporting=tuple(draft.supporting),
        score=0.0,
        geometry_id=geometry_id,
        geometry_basis=basis,
        geometry_country=country,
        geometry_note=note,
    )
    return replace(event, score=score(event, draft))

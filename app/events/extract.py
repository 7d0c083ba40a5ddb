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
al-Suwayda"); else the country the article is about, with the reason in
``geometry_note``; else none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from app.core.deadline import check
from app.events.actors import ARMED_TYPES, ActorDictionary, ActorMatch
from app.events.attribution import Attribution, find_attributions
from app.events.bounds import bounded, parse_checked
from app.events.dates import DateMention, find_dates
from app.events.fatalities import Figure, coded_fatalities, find_figures, mentions_deaths
from app.events.lexicon import TriggerEntry, TriggerLexicon
from app.events.linking import Link, LocMention, is_nearby_area, order, search
from app.events.types import (
    ActorRef,
    Event,
    EventDate,
    FatalityReport,
    Location,
    Span,
    words,
)
from app.geoparse.text import boilerplate_ranges, paragraphs
from app.geoparse.types import ParseResult

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

Parse = Callable[[list[str]], Iterable["Doc"]]
"""Parses texts (paragraphs) with a dependency parser: ``nlp.pipe``."""

PRIORITY = {
    "Chemical weapon": 96,
    "Suicide bomb": 95,
    "Air/drone strike": 90,
    "Shelling/artillery/missile attack": 88,
    "Remote explosive/landmine/IED": 86,
    "Grenade": 84,
    "Government regains territory": 70,
    "Non-state actor overtakes territory": 70,
    "Excessive force against protesters": 66,
    "Abduction/forced disappearance": 65,
    "Sexual violence": 65,
    "Attack": 64,
    "Violent demonstration": 62,
    "Mob violence": 62,
    "Protest with intervention": 58,
    "Peaceful protest": 55,
    "Armed clash": 50,
    "Arrests": 40,
    "Agreement": 40,
    "Looting/property destruction": 35,
    "Non-violent transfer of territory": 30,
    "Disrupted weapons use": 30,
}
IRREALIS = words(
    "warn warned warns warning threaten threatened threatens threatening fear fears feared "
    "plan plans planned planning prepare prepares prepared preparing try tried tries trying "
    "attempt attempts attempted attempting fail failed fails failing deny denied denies "
    "denying prevent prevented prevents preventing avoid avoided urge urged urges urging "
    "demand demanded demands speculate speculated speculating encourage encouraged "
    "encouraging vow vowed vows seek seeks sought aim aims aimed intend intends intended "
    "want wants wanted hope hoped expect expected expects rumours rumors possible potential "
    "future threat threats"
)
MODALS = words("could would should may might will shall can must 'll")
CIVILIAN_WORDS = words(
    "civilians civilian villagers villager residents resident farmers farmer worshippers "
    "worshipper children child women woman men man boy boys girl girls person persons people "
    "individual individuals passengers passenger students student schoolgirls schoolchildren "
    "family families herders herder pastoralist pastoralists traders trader journalists "
    "journalist reporter reporters patients patient pilgrims displaced refugees refugee "
    "migrant migrants teacher teachers activist activists doctor doctors nurse nurses worker "
    "workers driver drivers shopkeeper shopkeepers businessman businessmen businesswoman "
    "vendor vendors trader father mother son daughter wife husband brother sister pastor "
    "priest imam cleric elder elders contractor councillor councilor politician politicians "
    "candidate lawyer judge teenager teenagers teen minor minors fisherman fishermen miner "
    "miners pedestrian pedestrians motorist customer customers landowner chief chiefs "
    "couple infant baby victim victims owner brothers sisters sons daughters members member "
    "supporters supporter followers youths youth"
)
ARMED_WORDS = words(
    "soldier soldiers troops police policeman policemen officer officers militant militants "
    "fighter fighters army military guard guards gunmen insurgents rebels militia militiamen "
    "forces commander commanders gendarme gendarmes gang gangs bandits bandit assailants "
    "attackers gunman terrorists terrorist jihadists jihadist insurgent rebel militiaman "
    "peacekeepers peacekeeper personnel sniper snipers arbaki arbakis checkpoint checkpoints "
    "outpost outposts base bases convoy convoys barracks positions armed"
)
SETTLEMENT_OBJECTS = words(
    "village villages settlement settlements home homes house houses market markets school "
    "schools church churches mosque mosques camp camps hamlet hamlets farm farms compound "
    "compounds neighbourhood neighborhood hospital clinic"
)
PROPERTY_OBJECTS = words(
    "shop shops store stores vehicle vehicles car cars truck trucks bus office offices bank "
    "banks building buildings property properties mall factory warehouse station "
    "company headquarters premises"
)
CROWD_NOUNS = words(
    "supporters supporter activists activist members locals residents villagers people "
    "students youths rivals workers followers mob mobs crowd crowds group groups traders "
    "partisans loyalists cadres leaders factions faction relatives persons men locals "
    "demonstrators protesters villagers lawyers teachers traders drivers"
)
TOPIC_MARKS = words("against over following after about demanding denouncing condemning")
"""What a protest is about: triggers under these words are its cause, not more events
("protested against the killing of a student", "a rally following the attack")."""
FOUND_VERBS = words("find found discover discovered recover recovered retrieve retrieved dump")
CROWD_TYPES = ("protesters", "rioters", "civilians")
LABEL_PRIORITY = 99
"""An analyst's label at the start of a note ("Looting: ...", "Movement of forces: ...")
says what the note reports: it outranks every trigger of the sentence."""
_SENTENCE_END = re.compile(r"[a-z0-9]{2}[.!?][\"'”’)\]]*\s")
PERSON_OBJECTS = words(
    "fighters soldiers militants members people prisoners leader leaders commander "
    "commanders men troops hostages suspects"
)
WEAPONS = {
    "Air/drone strike": words(
        "warplane warplanes jet jets aircraft drone drones helicopter helicopters aerial "
        "airstrike airstrikes planes bombers air"
    ),
    "Shelling/artillery/missile attack": words(
        "artillery mortar mortars rocket rockets missile missiles shell shells shelling "
        "howitzer howitzers tank tanks"
    ),
    "Suicide bomb": frozenset({"suicide"}),
    "Remote explosive/landmine/IED": words(
        "ied ieds bomb bombs explosive explosives landmine landmines mine mines "
        "explosion explosions blast blasts"
    ),
    "Grenade": frozenset({"grenade", "grenades"}),
}
AREA_TYPES = words("country admin1 admin2 region valley river lake mountain island border")
SETTLEMENT_TYPES = words("city town village other")


# -- values built per sentence -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Unit:
    token: Token
    entry: TriggerEntry
    span: Span
    links: tuple[Link, ...]

    @property
    def weak(self) -> bool:
        return self.entry.weak

    def own_place(self) -> LocMention | None:
        for link in self.links:
            if link.origin:
                continue
            if link.anaphor is not None:
                return LocMention(link.anaphor.idx, link.anaphor.idx, "anaphor", kind="anaphor")
            if link.mention is not None and link.mention.kind != "unnamed":
                return link.mention
        return None


@dataclass(slots=True)
class _Draft:
    """An event being assembled (internal: extraction builds it, then freezes it)."""

    units: list[_Unit]
    paragraph: int
    sentence: int
    last_paragraph: int
    last_sentence: int
    evidence: Span
    event_type: str = ""
    sub_event_type: str = ""
    priority: int = 0
    valid: bool = True
    actors: list[ActorRef] = field(default_factory=list)
    date: EventDate | None = None
    fatalities: list[FatalityReport] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    links: list[tuple[Link, int]] = field(default_factory=list)
    """Links with the paragraph offset of the token they came from."""
    supporting: list[Span] = field(default_factory=list)
    sentence_places: list[LocMention] = field(default_factory=list)
    paragraph_start: int = 0

    @property
    def strong(self) -> bool:
        return any(not u.weak for u in self.units)

    def named_link(self) -> Link | None:
        for link, _ in self.links:
            if not link.origin and (
                link.anaphor is not None
                or (link.mention is not None and link.mention.kind != "unnamed")
            ):
                return link
        return None


@dataclass(frozen=True, slots=True)
class _Sentence:
    span: SpacySpan
    offset: int
    """Where the sentence's doc (its paragraph) starts in the document text."""
    index: int
    paragraph: int


class EventExtractor:
    """Extract the events of geoparsed documents. Build once, use for many documents."""

    def __init__(self, lexicon: TriggerLexicon, actors: ActorDictionary, parse: Parse) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self.parse = parse

    def extract(
        self, result: ParseResult, published: dt.date | None, doc: Doc | None = None
    ) -> tuple[Event, ...]:
        """The events of a geoparsed document. ``doc`` is the geoparser's spaCy doc of
        ``result.text`` with sentence boundaries (no parse needed): only its sentences
        with a trigger word are parsed. Without it, whole paragraphs are."""
        text = result.text
        chunks = self.chunks(text, doc)
        wanted = [(s, e) for s, e, _, trigger in chunks if trigger]
        if not wanted:
            return ()
        focus = focus_country(result)
        countries = document_countries(result)
        mentions = location_mentions(result)
        check()
        texts = [text[s:e] for s, e in wanted]
        parsed = dict(zip(wanted, parse_checked(self.parse, texts), strict=True))
        drafts: list[_Draft] = []
        carried: dict[int, EventDate] = {}
        sentence_index = 0
        for start, end, number, trigger in chunks:
            check()
            if not trigger:  # not parsed; its dates carry over to what follows
                dates = find_dates(text[start:end], published)
                if dates:
                    carried[number] = _event_date(dates[-1], start, "context")
                sentence_index += 1
                continue
            chunk = parsed[(start, end)]
            token_map = _token_map(chunk, start, mentions)
            for sent in chunk.sents:
                check()
                sentence = _Sentence(sent, start, sentence_index, number)
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
        for draft in _merge(drafts):
            check()
            if _keep(draft):
                finished.append(
                    _finalize(draft, mentions, focus, published, finished, report_places)
                )
        return tuple(finished)

    # -- paragraphs and sentences ------------------------------------------------------
    def chunks(self, text: str, doc: Doc | None = None) -> list[tuple[int, int, int, bool]]:
        """``(start, end, paragraph, has_trigger)`` of the sentences of the prose
        paragraphs (boilerplate, headlines and bylines left out); whole paragraphs when
        ``doc`` has no sentence boundaries."""
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
                    wanted = self.lexicon.search(text[s:e]) or mentions_deaths(text[s:e])
                    found.append((s, e, number, wanted))
            number += 1
        return found

    def _sentence(
        self,
        sentence: _Sentence,
        token_map: dict[int, LocMention],
        mentions: Sequence[LocMention],
        where: tuple[str | None, frozenset[str]],
        published: dt.date | None,
    ) -> list[_Draft]:
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
            if _inside_name(token, match.text) or is_irrealis(token):
                continue
            text_span = Span(offset + span.start_char, offset + span.end_char, span.text)
            links = tuple(search(token, token_map, offset, actor_tokens))
            units.append(_Unit(token, match.entry, text_span, links))
        units = _without_protest_topics(units)
        if not units:
            return []
        dates = find_dates(sent.text, published)
        figures = find_figures(
            sent, skip=[(sent.start_char + d.offset, sent.start_char + d.stop) for d in dates]
        )
        groups = _group(units)
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
            draft = _Draft(
                units=group,
                paragraph=sentence.paragraph,
                sentence=sentence.index,
                last_paragraph=sentence.paragraph,
                last_sentence=sentence.index,
                evidence=evidence,
                links=[(link, offset) for u in group for link in u.links],
                sentence_places=places,
            )
            draft.links.sort(key=lambda item: (*order(item[0])[:2], _link_start(item)))
            drafts.append(draft)
        self._assign_actors(drafts, actor_matches, sent, focus, token_map)
        for draft in drafts:
            check()
            _type_event(draft, sent)
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
                and _LINKED.match(sent.doc.text[match.end - offset : following[0].start - offset])
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
        drafts: list[_Draft],
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
            best, role = _closest(drafts, head)
            if best is None:
                continue
            _add_actor(best, ActorRef(match.name, match.type, (match.text,), role))


# -- sentence level ------------------------------------------------------------------------
def is_prose(paragraph: str) -> bool:
    """A paragraph of sentences (not a headline, byline or a list of links): it ends a
    sentence, or ends one and goes on ("... in Sidon. [size=no report]")."""
    body = paragraph.strip()
    if len(body.split()) < 6:
        return False
    return body[-1] in ".!?\"'”’)" or _SENTENCE_END.search(body) is not None


def _inside_name(token: Token, text: str) -> bool:
    """A trigger word capitalised inside a name ("Operation Inherent Resolve", "March 23")."""
    return (
        token.pos_ == "PROPN"
        and text[:1].isupper()
        and not token.is_sent_start
        and token.i > token.sent.start
    )


def is_irrealis(token: Token) -> bool:
    """Negated, modal, conditional, planned, feared, denied: not something that happened."""
    check()
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return True
        if child.dep_ == "amod" and child.lower_ in IRREALIS:
            return True
    node = token
    for _ in range(8):
        for child in node.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in MODALS:
                return True
            if child.dep_ == "mark" and child.lower_ in ("if", "unless"):
                return True
            if node is not token and child.dep_ == "neg" and node.pos_ in ("VERB", "AUX"):
                return True
        if node is not token and node.lower_ in IRREALIS:
            return True
        if node.head is node:
            break
        node = node.head
    return False


def np_head(token: Token) -> Token:
    """The head of the noun phrase a name sits in: "Boko Haram" in "Suspected Boko Haram
    fighters", "the Islamic State group" in "Militants linked to the Islamic State group"."""
    node = token
    for _ in range(4):
        if node.dep_ in ("compound", "amod", "nmod", "poss", "appos", "npadvmod"):
            node = node.head
        elif (
            node.dep_ == "pobj"
            and node.head.lower_ in ("of", "from", "to")
            and (node.head.head.pos_ in ("NOUN", "PROPN") or node.head.head.dep_ == "acl")
        ):
            node = node.head.head
            if node.dep_ == "acl":  # "linked to", "loyal to"
                node = node.head
        else:
            break
    return node


_LINKED = re.compile(
    r"^\s+(?:linked to|loyal to|affiliated with|allied with|belonging to|from|of|"
    r"with ties to|backed by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _closest(drafts: list[_Draft], head: Token) -> tuple[_Draft | None, str]:
    best, best_distance, best_role = None, 99, "associated"
    for draft in drafts:
        check()
        for unit in draft.units:
            role = actor_role(head, unit)
            distance = _tree_distance(head, unit.token)
            if role != "associated":
                distance -= 10
            if distance < best_distance:
                best, best_distance, best_role = draft, distance, role
    if best is not None and best_distance > 6:
        return None, "associated"
    return best, best_role


def actor_role(head: Token, unit: _Unit) -> str:
    """The actor's role in the trigger's event, from the dependency relation."""
    trigger = unit.token
    verbs = {trigger.i}
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "attr"):
        verbs.add(trigger.head.i)  # "X carried out an air strike", "Iran fired missiles"
    if trigger.dep_ in ("xcomp", "advcl", "conj") and trigger.pos_ == "VERB":
        verbs.add(trigger.head.i)  # "..., killing 12": the subject of the main verb
    dep, parent = head.dep_, head.head
    if head.i == trigger.i:  # the name inside the trigger's phrase: "regime artillery fire"
        return "actor1"
    if trigger.dep_ == "acl" and trigger.head.i == head.i:  # "coalition aircraft bombed X"
        passive = any(c.dep_ == "agent" for c in trigger.children)
        active = any(c.dep_ == "dobj" for c in trigger.children)
        if active and not passive:
            return unit.entry.agent_role
        if passive:
            return "actor2"
    if dep == "nsubj" and parent.i in verbs:
        return unit.entry.agent_role
    if dep == "pobj" and parent.lower_ == "by" and parent.head.i in verbs:
        return "actor1"
    if dep in ("compound", "poss", "amod", "nmod") and parent.i == trigger.i:
        return "actor1"
    if dep in ("dobj", "nsubjpass") and parent.i in verbs:
        return "actor2" if unit.entry.agent_role == "actor1" else "actor1"
    if dep == "pobj" and parent.lower_ in ("with", "against", "on") and parent.head.i in verbs:
        return "actor2"
    if dep == "pobj" and parent.lower_ == "between" and parent.head.i in verbs:
        return "actor1"  # "fighting between the army and the RSF"
    if dep == "conj" and parent.dep_ == "pobj" and parent.head.lower_ == "between":
        return "actor2" if parent.head.head.i in verbs else "associated"
    return "associated"


def _tree_distance(a: Token, b: Token) -> int:
    if a.doc is not b.doc:
        return 99
    ancestors_a = [a, *a.ancestors]
    index_a = {t.i: n for n, t in enumerate(ancestors_a)}
    for n, token in enumerate([b, *b.ancestors]):
        if token.i in index_a:
            return n + index_a[token.i]
    return 99


def _add_actor(draft: _Draft, actor: ActorRef) -> None:
    for n, known in enumerate(draft.actors):
        if known.name == actor.name:
            forms = tuple(dict.fromkeys(known.surface_forms + actor.surface_forms))
            role = known.role if known.role != "associated" else actor.role
            draft.actors[n] = ActorRef(known.name, known.type, forms, role)
            return
    draft.actors.append(actor)


# -- grouping and typing -------------------------------------------------------------------
def _group(units: list[_Unit]) -> list[list[_Unit]]:
    """Triggers of one clause make one event; two strong triggers with places of their
    own that differ make two."""
    ordered = sorted(units, key=lambda u: (u.weak, u.span.start))
    groups: list[list[_Unit]] = []
    for unit in ordered:
        check()
        best, best_distance = None, 99
        for group in groups:
            distance = min(_tree_distance(unit.token, other.token) for other in group)
            if distance > 4 or _crosses_clause(unit.token, group[0].token):
                continue
            nested = any(_nominal_chain(unit.token, other.token) for other in group)
            if not unit.weak and not nested and not _compatible(unit, group):
                continue
            if nested:  # "killed by regime artillery fire": the fire's event
                distance = -1
            if distance < best_distance:
                best, best_distance = group, distance
        if best is None:
            groups.append([unit])
        else:
            best.append(unit)
    return sorted(groups, key=lambda g: min(u.span.start for u in g))


_NOMINAL = words("dobj pobj prep compound nsubjpass poss nmod appos attr agent")


def _nominal_chain(a: Token, b: Token) -> bool:
    """One trigger is what the other acts on: "repelled another series of ISIS *attacks*"."""
    for low, high in ((a, b), (b, a)):
        node = low
        while node.dep_ in _NOMINAL and node.head is not node:
            node = node.head
            if node.i == high.i:
                return True
    return False


def _compatible(unit: _Unit, group: list[_Unit]) -> bool:
    place = unit.own_place()
    if place is None:
        return True
    for other in group:
        if other.weak:
            continue
        theirs = other.own_place()
        if theirs is not None and not _same_place(place, theirs):
            return False
    return True


def _same_place(a: LocMention, b: LocMention) -> bool:
    if a.kind == "anaphor" or b.kind == "anaphor":
        return True
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return True
    return (a.start, a.end) == (b.start, b.end)


def _crosses_clause(a: Token, b: Token) -> bool:
    """Whether the tree path between two tokens passes a reported or parenthetical clause."""
    ancestors_b = {t.i for t in [b, *b.ancestors]}
    node = a
    while node.i not in ancestors_b:
        if node.dep_ in ("ccomp", "parataxis"):
            return True
        if node.head is node:
            break
        node = node.head
    lca = node.i
    node = b
    while node.i != lca:
        if node.dep_ in ("ccomp", "parataxis"):
            return True
        if node.head is node:
            break
        node = node.head
    return False


_PEOPLE = ("civilians", "protesters")


def _type_event(draft: _Draft, sent: SpacySpan) -> None:
    strong = [u for u in draft.units if not u.weak]
    # a weak harm trigger with its victims named takes part ("raids ... civilians were beaten")
    harmed = [u for u in draft.units if u.weak and _victims(u, draft) in _PEOPLE]
    typed = []
    for unit in (strong + harmed) or draft.units:
        check()
        typed.append((_unit_type(unit, draft, sent), unit))
    typed = [(t, u) for t, u in typed if t is not None]
    if strong and not typed:  # only context triggers that found no context
        typed = [(t, u) for t, u in ((_unit_type(u, draft, sent), u) for u in draft.units) if t]
    if not typed:
        draft.valid = False
        return
    (event_type, sub_type, priority), _ = max(typed, key=lambda item: item[0][2])
    draft.event_type, draft.sub_event_type, draft.priority = event_type, sub_type, priority
    if not strong:
        draft.valid = _weak_but_real(draft, sent, event_type, sub_type)
    if event_type == "Riots":
        draft.actors = [_rioters(a) for a in draft.actors]


def _weak_but_real(draft: _Draft, sent: SpacySpan, event_type: str, sub_type: str) -> bool:
    """Weak triggers only ("blocked", "deployed", "injured") make an event when the
    sentence names a place and says who: an armed or state actor, civilian victims, a
    weapon, or (for protests and riots) a crowd. A killing or a harm with its victims
    named needs no place ("3 civilians killed by suspected militants"): it is an event
    wherever it happened."""
    if any(u.token.pos_ == "VERB" and _victims(u, draft) for u in draft.units) or any(
        u.token.pos_ == "VERB" and u.entry.sub_event_type == "@kill" for u in draft.units
    ):
        return True
    if not (draft.named_link() or draft.sentence_places):
        return False
    if any(a.type in ARMED_TYPES for a in draft.actors):
        return True
    if sub_type in ("Attack", "Excessive force against protesters", "Mob violence"):
        return True
    if any(u.token.pos_ == "VERB" and u.entry.sub_event_type in _HARM for u in draft.units):
        return True  # "shot and killed a former officer", "torched a mast"
    if event_type in ("Protests", "Riots"):
        crowd = any(a.type in CROWD_TYPES for a in draft.actors)
        return crowd or any(
            u.entry.event_type == "Protests" and u.token.pos_ == "NOUN" for u in draft.units
        )
    return _weapon(sent, draft.units[0].token) is not None


_HARM = ("@kill", "@property")


def _without_protest_topics(units: list[_Unit]) -> list[_Unit]:
    """Drops the triggers that say what a protest is about ("students protested against
    the assault on a teacher": one protest, no assault)."""
    protests = [u for u in units if u.entry.event_type == "Protests" and u.token.pos_ == "VERB"]
    if not protests:
        return units
    topics: set[int] = set()
    for protest in protests:
        for child in protest.token.children:
            if child.lower_ in TOPIC_MARKS or (
                child.dep_ == "advcl" and child.lower_ in TOPIC_MARKS
            ):
                topics.update(t.i for t in child.subtree)
    return [u for u in units if u.token.i not in topics]


def _is_label(unit: _Unit, sent: SpacySpan) -> bool:
    """The trigger is a label before a colon at the start of the sentence."""
    token = unit.token
    start = token.left_edge.i if token.dep_ == "compound" else unit.token.i
    first = sent.start
    return (
        start - first <= 3
        and token.i + 1 < sent.end
        and any(t.text == ":" for t in sent.doc[token.i + 1 : min(token.i + 3, sent.end)])
    )


def _unit_type(unit: _Unit, draft: _Draft, sent: SpacySpan) -> tuple[str, str, int] | None:
    typed = _context_type(unit, draft, sent)
    if typed is not None and _is_label(unit, sent):
        return typed[0], typed[1], LABEL_PRIORITY
    return typed


def _context_type(unit: _Unit, draft: _Draft, sent: SpacySpan) -> tuple[str, str, int] | None:
    entry = unit.entry
    sub = entry.sub_event_type
    victims = _victims(unit, draft)
    if not sub.startswith("@"):
        if sub == "Armed clash" and victims == "protesters":  # "fired at demonstrators"
            sub = "Protest with intervention"
            return "Protests", sub, PRIORITY[sub]
        if sub == "Armed clash" and _unarmed_crowd(draft):
            return "Riots", "Violent demonstration", PRIORITY["Violent demonstration"]
        if sub == "Armed clash" and _crowd_side(unit, draft):
            return _riot(draft)
        if entry.event_type == "Protests" and _rioting(draft):
            return "Riots", "Violent demonstration", PRIORITY["Violent demonstration"]
        return entry.event_type, sub, PRIORITY.get(sub, 10)
    if sub == "@territory":
        if _direct_victims(unit.token, False) == "civilians":  # "aid workers were seized"
            sub = "Abduction/forced disappearance"
            return "Violence against civilians", sub, PRIORITY[sub]
        if _object_is_people(unit.token):
            return "Battles", "Armed clash", PRIORITY["Armed clash"] - 5
        agent = next((a for a in draft.actors if a.role == "actor1"), None)
        state = agent.type == "state" if agent else unit.span.text.lower().startswith(("re", "lib"))
        sub = "Government regains territory" if state else "Non-state actor overtakes territory"
        return "Battles", sub, PRIORITY[sub]
    if sub == "@found":
        found = unit.token.head.lower_ in FOUND_VERBS or unit.token.lower_ == "found"
        return ("Violence against civilians", "Attack", PRIORITY["Attack"]) if found else None
    if sub == "@attack" and victims == "protesters":
        sub = "Protest with intervention"
        return "Protests", sub, PRIORITY[sub]
    if sub in ("@attack", "@kill") and victims != "protesters" and _crowd_side(unit, draft):
        return _riot(draft)  # ACLED: violence by an unorganised crowd is a riot
    if sub == "@attack":
        if _unarmed_crowd(draft):
            return "Riots", "Violent demonstration", PRIORITY["Violent demonstration"]
        if victims == "civilians":
            return "Violence against civilians", "Attack", PRIORITY["Attack"]
        if victims == "property" and not _two_sides(draft):
            # shooting at a car, storming a hotel: violence against the people in it
            return "Violence against civilians", "Attack", PRIORITY["Attack"] - 4
        weapon = _weapon(sent, unit.token)
        if weapon is not None:
            return "Explosions/Remote violence", weapon, PRIORITY[weapon]
        return "Battles", "Armed clash", PRIORITY["Armed clash"]
    if sub == "@kill":
        if victims == "protesters":
            sub = "Excessive force against protesters"
            return "Protests", sub, PRIORITY[sub]
        if victims in ("civilians", "property") or (victims is None and not _two_sides(draft)):
            # ACLED: a killing is a battle only when both sides are armed and organised
            return "Violence against civilians", "Attack", PRIORITY["Attack"] - 10
        return "Battles", "Armed clash", PRIORITY["Armed clash"] - 10
    if sub == "@explosion":
        weapon = _weapon(sent, unit.token)
        if weapon is None and unit.token.lower_ in ("explosion", "explosions", "blast", "blasts"):
            weapon = "Remote explosive/landmine/IED"
        return None if weapon is None else ("Explosions/Remote violence", weapon, PRIORITY[weapon])
    if sub == "@property":
        if _unarmed_crowd(draft):
            return "Riots", "Violent demonstration", PRIORITY["Violent demonstration"]
        if _crowd_side(unit, draft):  # "villagers vandalised the houses of their rivals"
            return _riot(draft)
        sub = "Looting/property destruction"
        return "Strategic developments", sub, PRIORITY[sub]
    return None


def _unarmed_crowd(draft: _Draft) -> bool:
    """Protesters or rioters act, and no armed group does."""
    doers = [a for a in draft.actors if a.role == "actor1"] or draft.actors
    crowd = any(a.type in ("protesters", "rioters") for a in doers)
    return crowd and not any(a.type in ARMED_TYPES and a.type != "state" for a in doers)


def _riot(draft: _Draft) -> tuple[str, str, int]:
    """A demonstration turned violent, else mob violence."""
    if any(u.entry.event_type in ("Protests", "Riots") for u in draft.units):
        return "Riots", "Violent demonstration", PRIORITY["Violent demonstration"]
    return "Riots", "Mob violence", PRIORITY["Mob violence"]


def _crowd_side(unit: _Unit, draft: _Draft) -> bool:
    """One side of the violence is a crowd, not an organised armed group ("supporters of
    two candidates clashed", "locals assaulted a man"): its subject or a "between"/"with"
    party is a crowd word, with no armed word or armed actor in it; and no armed
    non-state group acts in the sentence."""
    if any(a.type in ARMED_TYPES and a.type != "state" for a in draft.actors):
        return False
    token = unit.token
    heads = [token]
    if token.pos_ == "NOUN":  # "clashes between ...", "engaged in a clash"
        heads.append(token.head)
        if token.head.dep_ == "prep":
            heads.append(token.head.head)
    sides = [c for t in heads for c in t.children if c.dep_ in ("nsubj", "agent")]
    for prep in (c for t in heads for c in t.children if c.dep_ == "prep"):
        if prep.lower_ in ("between", "with", "by"):
            sides += [c for c in prep.children if c.dep_ == "pobj"]
    for side in list(sides):
        if side.dep_ == "agent":
            sides += [c for c in side.children if c.dep_ == "pobj"]
    for side in sides:
        parts = [side, *side.conjuncts[:3]]
        if any(p.lower_ in CROWD_NOUNS for p in parts):
            words = {t.lower_ for p in parts for t in _phrase(p)}
            if not words & ARMED_WORDS:
                return True
    return False


def _two_sides(draft: _Draft) -> bool:
    """Armed people on both sides: an armed actor acted upon, or armed words among those
    the sentence's triggers were done to ("killed two soldiers")."""
    if any(a.type in ARMED_TYPES and a.role == "actor2" for a in draft.actors):
        return True
    for unit in draft.units:
        check()
        for obj in _objects(unit.token):
            if {t.lower_ for t in _phrase(obj)} & ARMED_WORDS:
                return True
    return False


def _rioting(draft: _Draft) -> bool:
    """The crowd that acts is called rioters, or a mob."""
    doers = [a for a in draft.actors if a.role == "actor1"] or draft.actors
    return any(a.type == "rioters" for a in doers)


def _victims(unit: _Unit, draft: _Draft) -> str | None:
    """``civilians``, ``protesters`` or ``property`` when the trigger's objects are such
    (or the subject of a passive: "a woman was stabbed"), or when another "kill" trigger
    of the sentence has such objects ("stormed the village and killed three civilians").
    Not recursive: each unit is read once."""
    kills = [u for u in draft.units if u.entry.sub_event_type == "@kill"]
    defended = any(a.type in ARMED_TYPES and a.role != "actor1" for a in draft.actors)
    armed = tuple(
        form.lower() for a in draft.actors if a.type in ARMED_TYPES for form in a.surface_forms
    )
    own = _direct_victims(unit.token, bool(kills) or not defended, armed)
    if own:
        return own
    for other in kills:
        if other.token is not unit.token:
            found = _direct_victims(other.token, True, armed)
            if found in ("civilians", "protesters"):
                return found
    return None


def _objects(token: Token) -> list[Token]:
    """Who or what a harm trigger was done to: its objects, the subject of its passive,
    "on"/"against"/"at" phrases, the noun a participle describes ("a man shot in the
    head"); a verb also takes those of the verbs coordinated with it ("shot and injured
    a civilian", "a man was tied up and beaten")."""

    def own(t: Token) -> list[Token]:
        found = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        for prep in (c for c in t.rights if c.dep_ == "prep" and c.lower_ in _AT):
            found += [c for c in prep.children if c.dep_ == "pobj"]
        if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN"):
            found.append(t.head)
        return found

    found = own(token)
    for other in token.conjuncts:
        if abs(other.i - token.i) <= _NEAR:  # a verb's own coordination, not a whole list
            found += own(other)
    return found


_NEAR = 12


def _phrase(token: Token) -> list[Token]:
    """The words of a noun phrase, at most ``_NEAR`` on each side of its head (a phrase
    of a runaway sentence is not read whole)."""
    doc = token.doc
    start = max(token.left_edge.i, token.i - _NEAR)
    end = min(token.right_edge.i, token.i + _NEAR)
    return list(doc[start : end + 1])


_AT = words("on against at upon")


def _direct_victims(token: Token, undefended: bool, armed: tuple[str, ...] = ()) -> str | None:
    """The victims named as the objects of one trigger. A village, market or school counts
    as civilians when no armed side defends it or the sentence kills (``undefended``);
    a shop, vehicle or office is ``property``; anyone armed (a soldier, a named armed
    group: ``armed`` surface forms) is not a victim."""
    for obj in _objects(token):
        subtree = _phrase(obj)
        words = {t.lower_ for t in subtree}
        if words & {"protesters", "protestors", "demonstrators"}:
            return "protesters"
        text = " ".join(t.lower_ for t in subtree)
        if words & ARMED_WORDS or any(form in text for form in armed):
            continue
        if obj.lower_ in CIVILIAN_WORDS or words & {"civilians", "villagers", "worshippers"}:
            return "civilians"
        if obj.lower_ in SETTLEMENT_OBJECTS:
            return "civilians" if undefended else None
        if obj.lower_ in PROPERTY_OBJECTS:
            return "property"
    return None


def _object_is_people(token: Token) -> bool:
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return any(o.lower_ in PERSON_OBJECTS for o in objects)


def _weapon(sent: SpacySpan, trigger: Token) -> str | None:
    """The weapon named nearest the trigger (aircraft, artillery, a bomb...)."""
    best, best_distance = None, 99
    for token in sent:
        check()
        for sub, names in WEAPONS.items():
            if token.lower_ in names:
                distance = abs(token.i - trigger.i)
                if sub == "Suicide bomb":
                    distance -= 1
                if distance < best_distance:
                    best, best_distance = sub, distance
    return best if best_distance <= 12 else None


def _rioters(actor: ActorRef) -> ActorRef:
    if actor.type != "protesters":
        return actor
    name = actor.name.replace("Protesters", "Rioters", 1)
    return ActorRef(name, "rioters", actor.surface_forms, actor.role)


# -- dates, figures, sources ---------------------------------------------------------------
def _event_date(mention: DateMention, base: int, basis: str) -> EventDate:
    """``mention`` was found in the text starting at ``base``."""
    start = base + mention.offset
    span = Span(start, start + len(mention.text), mention.text)
    return EventDate(mention.start, mention.end, mention.precision, basis, span)


def _assign_dates(drafts: list[_Draft], dates: list[DateMention], sentence: _Sentence) -> None:
    if not dates:
        return
    base = sentence.offset + sentence.span.start_char
    for draft in drafts:
        positions = [u.span.start for u in draft.units]
        nearest = min(dates, key=lambda d: min(abs(base + d.offset - p) for p in positions))
        draft.date = _event_date(nearest, base, "text")


def _continue_figures(draft: _Draft, sentence: _Sentence, published: dt.date | None) -> None:
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
    drafts: list[_Draft], figures: list[Figure], attributions: list[Attribution], offset: int
) -> None:
    for figure in figures:
        check()
        target = drafts[0]
        if len(drafts) > 1 and figure.verb is not None:
            target = min(
                drafts,
                key=lambda d: min(_tree_distance(figure.verb, u.token) for u in d.units),
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


def _assign_sources(drafts: list[_Draft], attributions: list[Attribution]) -> None:
    for draft in drafts:
        check()
        for attribution in attributions:
            heads = [u.token for u in draft.units]
            scoped = len(drafts) == 1 or any(
                attribution.head.i == t.i or attribution.head in t.ancestors for t in heads
            )
            if scoped and attribution.text not in draft.sources:
                draft.sources.append(attribution.text)


# -- the document: mentions, focus, merging, geometry --------------------------------------
def location_mentions(result: ParseResult) -> list[LocMention]:
    """The names that can be where an event happened: places named as places (not
    demonyms or modifiers), names the gazetteer lacks, and derived areas."""
    found = []
    for place in result.places:
        if place.role != "place":
            continue
        entry = place.entry
        for m in place.mentions:
            found.append(
                LocMention(
                    m.start, m.end, m.text, entry.gid, entry.feature_type, entry.country_code
                )
            )
    for u in result.unresolved:
        found.append(LocMention(u.start, u.end, u.text, kind="unresolved"))
    found.extend(derived_mentions(result))
    return sorted(found, key=lambda m: (m.start, -(m.end - m.start)))


def derived_mentions(result: ParseResult) -> list[LocMention]:
    """The mentions of derived areas ("the eastern bank of the Euphrates", "eastern
    al-Suwayda", "the border area"): they span their anchor's name and win over it."""
    found = []
    for derived in result.derived:
        for m in derived.mentions:
            found.append(
                LocMention(
                    m.start,
                    m.end,
                    m.text,
                    derived.gazetteer_id,
                    derived.feature_type,
                    derived.country_code,
                    derived.id,
                    "derived",
                )
            )
    return found


def document_countries(result: ParseResult) -> frozenset[str]:
    """The countries the document names places in."""
    codes = {p.entry.country_code for p in result.places if p.role == "place"}
    codes |= {d.country_code for d in result.derived}
    return frozenset(c for c in codes if c)


def focus_country(result: ParseResult) -> str | None:
    """The country the article is about: the most named, counting places in it (and
    nationality words at half weight)."""
    votes: Counter[str] = Counter()
    for place in result.places:
        code = place.entry.country_code
        if not code or place.role == "associative":
            continue
        weight = 1.0 if place.role == "place" else 0.5
        votes[code] += weight * len(place.mentions)
    return votes.most_common(1)[0][0] if votes else None


def _token_map(doc: Doc, offset: int, mentions: Sequence[LocMention]) -> dict[int, LocMention]:
    end = offset + len(doc.text)
    token_map: dict[int, LocMention] = {}
    for mention in mentions:
        check()
        if mention.start < offset or mention.end > end:
            continue
        span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            current = token_map.get(token.i)
            if current is None or current.kind == "derived" or mention.kind == "derived":
                token_map[token.i] = (
                    mention if mention.kind == "derived" or current is None else current
                )
    return token_map


def _link_start(item: tuple[Link, int]) -> int:
    link, offset = item
    if link.mention is not None:
        return link.mention.start
    return offset + link.anaphor.idx if link.anaphor is not None else 0


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    events: list[_Draft] = []
    for draft in drafts:
        check()
        if not draft.event_type:
            continue
        previous = events[-1] if events else None
        near = previous is not None and (
            draft.paragraph - previous.last_paragraph <= 1
            and draft.sentence - previous.last_sentence <= 3
        )
        if (
            near
            and draft.named_link() is None
            and not _other_day(previous, draft)
            or (
                near
                and draft.sentence != previous.sentence
                and previous.event_type == draft.event_type
                and _same_location(previous, draft)
            )
        ):
            _absorb(previous, draft)
        elif draft.valid:
            events.append(draft)
    return events


def _other_day(a: _Draft, b: _Draft) -> bool:
    """Both name their dates and the dates do not overlap: two events."""
    da, db = a.date, b.date
    if da is None or db is None or da.basis != "text" or db.basis != "text":
        return False
    if None in (da.start, da.end, db.start, db.end):
        return False
    return da.end < db.start or db.end < da.start


def _same_location(a: _Draft, b: _Draft) -> bool:
    la, lb = a.named_link(), b.named_link()
    if la is None or lb is None or la.mention is None or lb.mention is None:
        return False
    return _same_place(la.mention, lb.mention) or (
        la.mention.text.lower() == lb.mention.text.lower()
    )


def _absorb(event: _Draft, other: _Draft) -> None:
    """Add a continuation sentence's facts to the event it continues."""
    if other.evidence != event.evidence and other.evidence not in event.supporting:
        event.supporting.append(other.evidence)
    event.supporting.extend(s for s in other.supporting if s not in event.supporting)
    event.units.extend(other.units)
    event.last_paragraph, event.last_sentence = other.last_paragraph, other.last_sentence
    for actor in other.actors:
        _add_actor(event, actor)
    event.fatalities.extend(other.fatalities)
    for source in other.sources:
        if source not in event.sources:
            event.sources.append(source)
    if event.named_link() is None and other.named_link() is not None:
        event.links = other.links + event.links
    event.date = _union(event.date, other.date)
    if not event.valid and other.valid:
        event.valid = True
        event.event_type, event.sub_event_type = other.event_type, other.sub_event_type


def _union(a: EventDate | None, b: EventDate | None) -> EventDate | None:
    """Dates named in the text win over dates carried from context; two named dates
    give the range covering both."""
    if b is None or b.start is None:
        return a
    if a is None or a.start is None or (a.basis != "text" and b.basis == "text"):
        return b
    if b.basis != "text":
        return a
    start, end = min(a.start, b.start), max(a.end or a.start, b.end or b.start)
    precision = "day" if start == end else "range"
    if (start, end) == (a.start, a.end):
        precision = a.precision
    elif (start, end) == (b.start, b.end):
        precision = b.precision
    return EventDate(start, end, precision, "text", a.span or b.span)


def _keep(draft: _Draft) -> bool:
    return draft.valid and bool(draft.event_type)


def _finalize(
    draft: _Draft,
    mentions: Sequence[LocMention],
    focus: str | None,
    published: dt.date | None,
    earlier: Sequence[Event] = (),
    report_places: Sequence[LocMention] = (),
) -> Event:
    locations = _locations(draft, mentions, earlier)
    geometry_id, basis, note = _geometry(locations, draft, report_places)
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


def _locations(
    draft: _Draft, mentions: Sequence[LocMention], earlier: Sequence[Event]
) -> list[Location]:
    found: list[Location] = []
    seen: set[tuple[int, int]] = set()

    def add(mention: LocMention, label: str) -> None:
        if (mention.start, mention.end) in seen:
            return
        seen.add((mention.start, mention.end))
        found.append(
            Location(
                Span(mention.start, mention.end, mention.text),
                mention.gazetteer_id,
                label,
                mention.feature_type,
                mention.country_code,
                mention.feature_id,
                mention.kind != "unnamed",
            )
        )

    links = [item for item in draft.links if not item[0].origin] or list(draft.links)
    named = [item for item in links if item[0].mention is None or item[0].mention.kind != "unnamed"]
    unnamed = [item for item in links if item not in named]
    for link, offset in named + unnamed:
        check()
        if link.anaphor is not None:
            antecedent = _antecedent(offset + link.anaphor.idx, mentions, earlier)
            if antecedent is not None:
                add(antecedent, "anaphora")
        elif link.mention is not None:
            add(link.mention, ("origin:" if link.origin else "") + link.label)
    if not any(loc.named for loc in found):
        for mention in draft.sentence_places:
            if mention.feature_type not in ("country", "continent"):
                add(mention, "sentence")
                break
    return [loc for loc in found if loc.named] + [loc for loc in found if not loc.named]


def _antecedent(
    position: int, mentions: Sequence[LocMention], earlier: Sequence[Event]
) -> LocMention | None:
    """What a bare "the town" refers to: the place of the event just before, when it is a
    settlement; else the last settlement named before it."""
    if earlier and earlier[-1].locations:
        last = earlier[-1].locations[0]
        settlement = last.feature_type in SETTLEMENT_TYPES or last.gazetteer_id is None
        if last.named and settlement and last.span.end <= position < last.span.end + 1500:
            return LocMention(
                last.span.start,
                last.span.end,
                last.span.text,
                last.gazetteer_id,
                last.feature_type,
                last.country_code,
                last.feature_id,
                "place" if last.resolved else "unresolved",
            )
    before = [
        m
        for m in mentions
        if m.end <= position
        and m.kind in ("place", "unresolved")
        and (m.feature_type in SETTLEMENT_TYPES or m.feature_type is None)
        and position - m.end < 1500
    ]
    return before[-1] if before else None


def _geometry(
    locations: list[Location], draft: _Draft, report_places: Sequence[LocMention] = ()
) -> tuple[str | None, str, str | None]:
    """The geometry's id and why (see :class:`Event`).

    When the place the event happened at is not in the gazetteer, the most specific
    resolved place named with it: another of the event's locations, then a place named
    after it in the sentence ("X, Y district, Z province", "X (Y, Z)"), then one before
    it; in a one-paragraph report (``report_places``: its places), the place it names
    nearest the sentence ("... LOCATION: Kom area, Samburu district"). A country only
    when nothing else is named."""
    first = locations[0] if locations else None
    if first is not None and first.resolved:
        return first.feature_id or first.gazetteer_id, "place", None
    unknown = f"{first.span.text!r} is not in the gazetteer" if first else "no place named"
    for other in locations[1:]:
        if other.resolved:
            basis = "enclosing" if _encloses(other) else "nearby"
            return other.feature_id or other.gazetteer_id, basis, unknown
    qualifier = _qualifying_place(first, draft.sentence_places)
    if qualifier is not None:
        basis = "enclosing" if (qualifier.feature_type or "") in AREA_TYPES else "nearby"
        return qualifier.gazetteer_id, basis, f"{unknown}; the place named with it"
    nearest = _nearest_place(draft.evidence, report_places)
    if nearest is not None:
        basis = "enclosing" if (nearest.feature_type or "") in AREA_TYPES else "nearby"
        return nearest.gazetteer_id, basis, f"{unknown}; the place the report names nearest"
    return None, "none", unknown


_UNSPECIFIC = frozenset({"country", "continent", "river", "border", "lake"})


def _specific(mention: LocMention) -> bool:
    return mention.gazetteer_id is not None and mention.feature_type not in _UNSPECIFIC


def _qualifying_place(first: Location | None, places: Sequence[LocMention]) -> LocMention | None:
    """A resolved town or area of the sentence that qualifies the unknown place: the first
    one after it, else the last one before it."""
    usable = [m for m in places if _specific(m)]
    if first is None:
        return usable[0] if usable else None
    after = [m for m in usable if m.start >= first.span.end]
    before = [m for m in usable if m.end <= first.span.start]
    return after[0] if after else (before[-1] if before else None)


def _nearest_place(evidence: Span, mentions: Sequence[LocMention]) -> LocMention | None:
    usable = [m for m in mentions if _specific(m) and m.kind == "place"]
    if not usable:
        return None

    def distance(m: LocMention) -> int:
        return max(evidence.start - m.end, m.start - evidence.end, 0)

    return min(usable, key=distance)


def _encloses(location: Location) -> bool:
    """An area the place is in (a province, a part of one, a river bank, a valley), not a
    place near it ("near X", "west of X", "the outskirts of X")."""
    if location.feature_id is not None:
        return not is_nearby_area(location.feature_id)
    return (location.feature_type or "") in AREA_TYPES


def score(event: Event, draft: _Draft) -> float:
    """A confidence in 0..1 from how much of the event the text states (not calibrated)."""
    value = 0.5 if draft.strong else 0.35
    location = event.location
    if location is not None and location.link not in ("sentence",):
        value += 0.2
    elif location is not None:
        value += 0.1
    if event.geometry_basis == "place":
        value += 0.1
    if event.date.basis == "text":
        value += 0.1
    if event.actors:
        value += 0.05
    if event.supporting:
        value += 0.05
    return round(min(value, 0.95), 2)

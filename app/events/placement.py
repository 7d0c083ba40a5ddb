"""Where an event happened: the place mentions of the geoparse, the locations linked
to the event, and its geometry, with the reason (``geometry_basis``) when the place
itself is not in the gazetteer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.core.deadline import check
from app.events.drafts import Draft
from app.events.linking import Link, LocMention, is_nearby_area
from app.events.types import Event, Location, Span
from app.events.vocabulary import ORIGIN_NOUNS
from app.gazetteer.types import ENCLOSING_TYPES, SETTLEMENTS
from app.geoparse.types import Mention, ParseResult

if TYPE_CHECKING:
    from spacy.tokens import Doc


def location_mentions(result: ParseResult) -> list[LocMention]:
    """The names that can be where an event happened: places named as places (not
    demonyms or modifiers), names the gazetteer lacks, and derived areas."""
    found = []
    for place in result.places:
        if place.role != "place":
            continue
        entry = place.entry
        for m in _as_places(place.mentions):
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


def _as_places(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions that use the name as a place: not a modifier ("US-led", "the US
    dollar", "Lebanese pounds", marked ``associative`` by the recogniser), which says
    neither where anything happened nor what the document is about."""
    return [m for m in mentions if "associative" not in m.signals]


def document_countries(result: ParseResult) -> frozenset[str]:
    """The countries the document names places in."""
    codes = {
        p.entry.country_code for p in result.places if p.role == "place" and _as_places(p.mentions)
    }
    codes |= {d.country_code for d in result.derived}
    return frozenset(c for c in codes if c)


def focus_country(result: ParseResult) -> str | None:
    """The country the article is about: the most named, counting places in it (and
    nationality words at half weight, a quarter when they name where raiders or rebels
    came from: "Ethiopian raiders attack a Kenyan village")."""
    votes: Counter[str] = Counter()
    for place in result.places:
        code = place.entry.country_code
        if not code or place.role == "associative":
            continue
        votes[code] += sum(  # 0 when named only as a modifier ("the Lebanese pound")
            1.0 if place.role == "place" else 0.25 if _origin(result.text, mention) else 0.5
            for mention in _as_places(place.mentions)
        )
    return votes.most_common(1)[0][0] if votes else None


def _origin(text: str, mention: Mention) -> bool:
    """The nationality word comes before an armed group's noun ("Somali militia") or
    names a force that crossed a border ("Ugandan soldiers cross border")."""
    following = [w.strip(",.;:").lower() for w in text[mention.end : mention.end + 40].split()]
    return bool(following) and (
        following[0] in ORIGIN_NOUNS or any(w.startswith("cross") for w in following[1:3])
    )


def map_tokens(doc: Doc, offset: int, mentions: Sequence[LocMention]) -> dict[int, LocMention]:
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


def link_start(item: tuple[Link, int]) -> int:
    link, offset = item
    if link.mention is not None:
        return link.mention.start
    return offset + link.anaphor.idx if link.anaphor is not None else 0


def event_locations(
    draft: Draft, mentions: Sequence[LocMention], earlier: Sequence[Event]
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
        settlement = last.feature_type in SETTLEMENTS or last.gazetteer_id is None
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
        and (m.feature_type in SETTLEMENTS or m.feature_type is None)
        and position - m.end < 1500
    ]
    return before[-1] if before else None


def event_geometry(
    locations: list[Location], draft: Draft, report_places: Sequence[LocMention] = ()
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
        qualifier = _qualifying_place(first, draft.sentence_places, after_only=True)
        if not _other_country(first, qualifier):
            return first.feature_id or first.gazetteer_id, "place", None
        # "Famale (Dessa, Tillaberi)" read as a Famale in another country: the area
        # named with it says where the event is; the name's own reading does not
        basis = "enclosing" if (qualifier.feature_type or "") in ENCLOSING_TYPES else "nearby"
        note = f"{first.span.text!r} was read in another country than the place named with it"
        return qualifier.gazetteer_id, basis, note
    unknown = f"{first.span.text!r} is not in the gazetteer" if first else "no place named"
    others = [loc for loc in locations[1:] if loc.resolved]
    if len({loc.country_code for loc in others}) > 1:  # the last named decides, as below
        others = [loc for loc in others if loc.country_code == others[-1].country_code]
    if others:
        basis = "enclosing" if encloses(others[0]) else "nearby"
        return others[0].feature_id or others[0].gazetteer_id, basis, unknown
    qualifier = _qualifying_place(first, draft.sentence_places)
    if qualifier is not None:
        basis = "enclosing" if (qualifier.feature_type or "") in ENCLOSING_TYPES else "nearby"
        return qualifier.gazetteer_id, basis, f"{unknown}; the place named with it"
    nearest = _nearest_place(draft.evidence, report_places)
    if nearest is not None:
        basis = "enclosing" if (nearest.feature_type or "") in ENCLOSING_TYPES else "nearby"
        return nearest.gazetteer_id, basis, f"{unknown}; the place the report names nearest"
    return None, "none", unknown


_UNSPECIFIC = frozenset({"country", "continent", "river", "border", "lake"})


def _specific(mention: LocMention) -> bool:
    return mention.gazetteer_id is not None and mention.feature_type not in _UNSPECIFIC


def _qualifying_place(
    first: Location | None, places: Sequence[LocMention], after_only: bool = False
) -> LocMention | None:
    """A resolved town or area of the sentence that qualifies the place: the first one
    after it, else (unless ``after_only``) the last one before it."""
    usable = [m for m in places if _specific(m)]
    if first is None:
        return usable[0] if usable else None
    after = [m for m in usable if m.start >= first.span.end]
    chain = [m for m in after if m.start - first.span.end <= 60]
    if len({m.country_code for m in chain}) > 1:
        # "Famale (Dessa, Tillaberi)" with Dessa read in Ethiopia: the province named
        # last is the most distinctive name, and its country decides
        after = [m for m in after if m.country_code == chain[-1].country_code]
    before = [] if after_only else [m for m in usable if m.end <= first.span.start]
    return after[0] if after else (before[-1] if before else None)


def _other_country(first: Location, qualifier: LocMention | None) -> bool:
    """The qualifying place right after the event's place is in another country: one of
    the two readings is wrong, and the area named second is the safer one."""
    return (
        qualifier is not None
        and qualifier.start - first.span.end <= 40
        and bool(first.country_code and qualifier.country_code)
        and first.country_code != qualifier.country_code
    )


def _nearest_place(evidence: Span, mentions: Sequence[LocMention]) -> LocMention | None:
    usable = [m for m in mentions if _specific(m) and m.kind == "place"]
    if not usable:
        return None

    def distance(m: LocMention) -> int:
        return max(evidence.start - m.end, m.start - evidence.end, 0)

    return min(usable, key=distance)


def encloses(location: Location) -> bool:
    """An area the place is in (a province, a part of one, a river bank, a valley), not a
    place near it ("near X", "west of X", "the outskirts of X")."""
    if location.feature_id is not None:
        return not is_nearby_area(location.feature_id)
    return (location.feature_type or "") in ENCLOSING_TYPES

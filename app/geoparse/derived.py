"""The geoparser stage that turns relative place phrases into derived places.

Runs after resolution (a ``Geoparser`` post-processor): finds the phrases around the
resolved mentions (``app.geoparse.relative``), derives each one's geometry from its
anchors' (``app.geometry.derive``) and adds them to the result as ``DerivedPlace``s,
one per distinct (rule, anchor, distance, clip), with every mention of it: its id is
``derived:<rule>:<anchor id>[:<km>km][:in-<country>]``.

The document's focus is the country most of its place mentions are in, when one holds
at least ``FOCUS_SHARE`` of them: river banks and valleys are then clipped to it (the
eastern bank of the Euphrates in a report about Syria is the Syrian one), and a border
named by one country only ("the Turkish border") is shared with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import shapely
from shapely.geometry.base import BaseGeometry

from app.core.deadline import check
from app.gazetteer.areas import border_gid
from app.gazetteer.lookup import Gazetteer
from app.gazetteer.types import AREA_TYPES, Entry
from app.geometry import derive
from app.geoparse.relative import Relation, find_relations
from app.geoparse.text import boilerplate_ranges
from app.geoparse.types import DerivedPlace, Mention, ParseResult, Place

if TYPE_CHECKING:
    from spacy.tokens import Doc

FOCUS_SHARE = 0.5
"""Share of the place mentions (role ``place``, with a country) one country needs to be
the document's focus."""


def document_focus(places: Sequence[Place]) -> str | None:
    """The ISO code of the country the document is about, or None when none is clear."""
    votes: Counter[str] = Counter()
    for place in places:
        if place.role == "place" and place.entry.country_code:
            votes[place.entry.country_code] += len(place.mentions)
    if not votes:
        return None
    code, count = votes.most_common(1)[0]
    return code if count / sum(votes.values()) >= FOCUS_SHARE else None


class DerivedPlaces:
    """Post-processor: ``(ParseResult, spaCy doc) -> ParseResult`` with ``derived`` set."""

    name = "derived"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._demonyms: dict[tuple[int, str], bool] = {}
        self._has_borders: bool | None = None

    def _is_demonym(self, place: Place, mention: Mention) -> bool:
        """Whether the mention is one of the country's nationality words ("Mexicans")."""
        entry = place.entry
        if entry.feature_type != "country":
            return False
        key = (entry.rowid, mention.text.casefold())
        if key not in self._demonyms:
            matches = self.gazetteer.lookup(mention.text, fuzzy=False)
            self._demonyms[key] = any(
                m.entry.rowid == entry.rowid and m.kind == "demonym" for m in matches
            )
        return self._demonyms[key]

    def __call__(self, result: ParseResult, spacy_doc: Doc | None = None) -> ParseResult:
        if not result.places:
            return result
        focus = document_focus(result.places)
        relations = find_relations(
            result.text,
            result.places,
            focus,
            skip=boilerplate_ranges(result.text),
            is_demonym=self._is_demonym,
        )
        derived: dict[str, DerivedPlace] = {}
        for relation in relations:
            check()
            made = self.derive(result.text, relation, focus)
            if made is None:
                continue
            old = derived.get(made.id)
            if old is not None:
                made = replace(old, mentions=old.mentions + made.mentions)
            derived[made.id] = made
        return replace(result, derived=tuple(derived.values()))

    # -- one relation -----------------------------------------------------------------
    def derive(self, text: str, relation: Relation, focus: str | None) -> DerivedPlace | None:
        """The derived place of one phrase, or None when its geometry is empty."""
        if relation.kind == "border":
            return self._border(text, relation)
        anchor = relation.anchors[0]
        entry = anchor.entry
        geometry = self.gazetteer.geometry(entry)
        try:
            rule, params, shape = self._shape(relation, geometry, anchor, focus)
        except shapely.errors.GEOSException:
            return None  # a degenerate anchor shape: the place itself is still reported
        if shape is None or shape.is_empty:
            return None
        suffix = f":{relation.distance_km:g}km" if relation.distance_km else ""
        if params.get("within"):
            suffix += f":in-{params['within']}"
        feature_type = {"valley": "valley"}.get(relation.kind, "area")
        return DerivedPlace(
            id=f"derived:{rule}:{entry.gid}{suffix}",
            name=text[relation.start : relation.end],
            feature_type=feature_type,
            rule=rule,
            params=tuple(params.items()),
            anchors=(entry.gid,),
            mentions=(_mention(text, relation),),
            geometry=shape,
            geometry_precision="derived",
            geometry_source=f"derived:{rule}:{entry.gid}",
            score=anchor.score,
            country_code=params.get("within") or entry.country_code,
        )

    def _shape(
        self, relation: Relation, geometry: BaseGeometry, anchor: Place, focus: str | None
    ) -> tuple[str, dict, BaseGeometry | None]:
        kind, direction = relation.kind, relation.direction
        entry = anchor.entry
        params: dict = {}
        if kind in ("bank", "valley"):
            within, params["within"] = self._focus_area(geometry, focus)
            if kind == "valley":
                params["half_width_km"] = derive.VALLEY_HALF_WIDTH_KM
                shape = derive.river_valley(geometry, within=within)
            else:
                side = direction if direction in ("left", "right") else derive.BEARINGS[direction]
                params.update(side=direction, depth_km=derive.BANK_DEPTH_KM)
                shape = derive.river_bank(geometry, side, within=within)
            return relation.rule, params, shape if within is not None else self._on_land(shape)
        if (
            geometry.geom_type == "Point"
            and entry.feature_type in AREA_TYPES
            and kind != "distance"
        ):
            return relation.rule, params, None  # an area known only by a point has no parts
        bearing = derive.BEARINGS.get(direction or "", 0.0)
        side = bearing if direction else None
        population = entry.population
        builders: dict[str, Callable[[], BaseGeometry]] = {
            "near": lambda: derive.near(geometry, population=population),
            "outskirts": lambda: derive.outskirts(geometry, population=population, bearing=side),
            "countryside": lambda: derive.countryside(
                geometry, population=population, bearing=side
            ),
            "beyond": lambda: derive.beyond(geometry, bearing, population=population),
            "part": lambda: derive.part_of(geometry, bearing, population=population),
            "distance": lambda: derive.at_distance(geometry, bearing, relation.distance_km or 0.0),
        }
        params.update(_documented(kind, population, geometry))
        shape = builders[kind]()
        if kind != "part" or geometry.geom_type == "Point":
            shape = self._on_land(shape)
        if direction:
            params["direction"] = direction
        if relation.distance_km:
            share, minimum = derive.AT_DISTANCE_RADIUS
            params["distance_km"] = relation.distance_km
            params["radius_km"] = max(minimum, share * relation.distance_km)
        return relation.rule, params, shape

    def _border(self, text: str, relation: Relation) -> DerivedPlace | None:
        for code_a, code_b in relation.countries:
            found = self._border_line(code_a, code_b)
            if found is None:
                continue
            line, entry, precision, source = found
            entry_gid = entry.gid if entry is not None else None
            countries = tuple(sorted((code_a, code_b)))
            anchors = tuple(
                e.gid for e in (self.gazetteer.country_entry(c) for c in countries) if e
            )
            score = min((p.score for p in relation.anchors), default=0.5)
            return DerivedPlace(
                id=entry_gid or f"derived:border-between:{'-'.join(countries)}",
                name=entry.name if entry is not None else text[relation.start : relation.end],
                feature_type="border",
                rule=relation.rule,
                params=(("countries", countries),),
                anchors=anchors,
                mentions=(_mention(text, relation),),
                geometry=line,
                geometry_precision=precision,
                geometry_source=source,
                score=score,
                gazetteer_id=entry_gid,
            )
        return None

    def _border_line(
        self, code_a: str, code_b: str
    ) -> tuple[BaseGeometry, Entry | None, str, str] | None:
        """(line, gazetteer entry, precision, source) of the border two countries share:
        the index's border entry, else the shared part of their polygons' boundaries."""
        entry = self.gazetteer.entry(border_gid(code_a, code_b))
        if entry is not None and entry.has_geometry:
            line = self.gazetteer.geometry(entry)
            return line, entry, entry.geometry_precision, entry.geometry_source
        if self._has_borders is None:
            self._has_borders = self.gazetteer.db.has_type("border")
        if self._has_borders:
            return None  # the index knows the borders: these two countries share none
        a, b = self.gazetteer.country_entry(code_a), self.gazetteer.country_entry(code_b)
        if a is None or b is None or not (a.has_geometry and b.has_geometry):
            return None
        line = derive.shared_border(self.gazetteer.geometry(a), self.gazetteer.geometry(b))
        if line.is_empty:
            return None
        return line, None, "derived", f"derived:border-between:{a.gid}+{b.gid}"

    # -- clipping areas ---------------------------------------------------------------
    def _focus_area(
        self, geometry: BaseGeometry, focus: str | None
    ) -> tuple[BaseGeometry | None, str | None]:
        """The focus country's polygon and code when the river crosses it."""
        country = self.gazetteer.country_entry(focus) if focus else None
        if country is not None and country.has_geometry:
            area = self.gazetteer.geometry(country)
            if area.intersects(geometry):
                return area, focus
        return None, None

    def _on_land(self, shape: BaseGeometry) -> BaseGeometry:
        """The part of an area on land: in the country polygons it touches (unchanged
        when it touches none, as in a gazetteer without polygons)."""
        if shape.is_empty:
            return shape
        pieces = []
        for entry in self.gazetteer.db.in_bbox(shape.bounds, ("country",), limit=300):
            if not entry.has_geometry:
                continue
            country = self.gazetteer.geometry(entry)
            if not country.intersects(shape):
                continue
            if country.contains(shape):
                return shape
            pieces.append(country.intersection(shape))
        return derive.polygonal(shapely.union_all(pieces)) if pieces else shape


def _documented(kind: str, population: int, geometry: BaseGeometry) -> dict:
    """The distances a rule used, for ``properties.derivation``."""
    params: dict = {}
    if geometry.geom_type == "Point":
        params["core_radius_km"] = round(derive.core_radius_km(population), 2)
    distance = {
        "near": derive.NEAR_KM,
        "outskirts": derive.OUTSKIRTS_KM,
        "countryside": derive.COUNTRYSIDE_KM,
        "beyond": derive.BEYOND_KM,
    }.get(kind)
    if distance is not None and not (kind == "countryside" and geometry.geom_type != "Point"):
        params["distance_km"] = distance
    if kind == "beyond":
        params["sector_half_angle"] = derive.SECTOR_HALF_ANGLE
    return params


def _mention(text: str, relation: Relation) -> Mention:
    return Mention(relation.start, relation.end, text[relation.start : relation.end])

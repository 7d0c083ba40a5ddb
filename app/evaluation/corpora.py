"""Readers for the public geoparsing corpora, each in its own XML format.

Four layouts are recognised per ``<article>`` (so one reader serves every file):

* GeoWebNews (Gritta et al. 2019): ``<text>`` and ``<toponyms><toponym>`` with
  ``extractedName``, ``type``, ``modifierType``, ``start``, ``end``, ``latitude``,
  ``longitude`` (child elements in the published file; attributes are accepted too);
* LGL, and TR-News which reuses LGL's layout (format name ``lgl``):
  ``<toponym><phrase/><start/><end/><gaztag><lat/><lon/></gaztag>``; toponyms
  without a ``gaztag`` count for recognition only;
* GeoVirus-style: ``<locations><location><name/><start/><end/><lat/><lon/>``.

Which GeoWebNews annotations are toponyms follows the paper's pragmatic taxonomy:
literal types (Literal, Literal_Modifier, Mixed, Coercion, Embedded_Literal) and
associative types (Metonymic, Non_Literal_Modifier, Embedded_Non_Lit, Homonym) are
toponyms, metonymic and embedded uses included; Non_Toponym and the two
``*_Expression`` context annotations (the only ones ``nonLocational`` applies to)
are not. The remaining associative types are adjectival: Demonym, Language, and
any modifier whose ``modifierType`` is Adjective ("Syrian-Turkish border"). They are
returned apart, in ``GoldArticle.adjectival``, because whether a nationality word is
a toponym is the evaluation's choice (see ``app.evaluation.corpus_scores``), not the
reader's. TR-News and LGL do not mark adjectival toponyms, so theirs stay in
``toponyms``.

Offsets are character offsets into ``<text>``. Where the text at an annotated span
is not the annotated name (TR-News is off by up to ten characters in places), the
span is moved onto the nearest occurrence of the name, within 3 characters and
then within 10; spans that cannot be placed are dropped and counted.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from app.core.errors import SourceUnavailable
from app.evaluation.metrics import GoldToponym

ALIGN_WINDOWS = (3, 10)
"""How far (in characters) a gold span may be moved to land on its name: near first."""

GEOWEBNEWS_TOPONYM_TYPES = frozenset(
    {
        "Literal",
        "Literal_Modifier",
        "Mixed",
        "Coercion",
        "Embedded_Literal",
        "Metonymic",
        "Non_Literal_Modifier",
        "Embedded_Non_Lit",
        "Homonym",
    }
)
GEOWEBNEWS_ADJECTIVAL_TYPES = frozenset({"Demonym", "Language"})


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One annotated document, spans aligned on ``text``.

    ``shifted`` counts spans moved onto their name; ``unaligned`` counts spans
    dropped because their name is not near the annotated offsets.
    """

    doc_id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    adjectival: tuple[GoldToponym, ...] = ()
    format: str = ""
    shifted: int = 0
    unaligned: int = 0


@dataclass(frozen=True, slots=True)
class _Annotation:
    """A span as the file states it, before alignment."""

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    adjectival: bool = False


def align_span(text: str, start: int, end: int, name: str) -> tuple[int, int] | None:
    """The span of ``name`` nearest to the annotated ``start``, or None.

    >>> align_span("in Paris.", 2, 7, "Paris")
    (3, 8)
    """
    if 0 <= start < end <= len(text) and text[start:end] == name:
        return start, end
    if not name:
        return None
    for window in ALIGN_WINDOWS:
        positions = [
            p
            for p in range(max(0, start - window), min(len(text), start + window) + 1)
            if text.startswith(name, p)
        ]
        if positions:
            best = min(positions, key=lambda p: (abs(p - start), p))
            return best, best + len(name)
    return None


def read_corpus(
    source: Path | str | IO[bytes], limit: int | None = None, offset: int = 0
) -> Iterator[GoldArticle]:
    """Yield the corpus's articles in file order, skipping the first ``offset`` and
    returning at most ``limit`` of them (a development split: ``limit=n // 2``; the
    held-out half: ``offset=n // 2``).

    Parses incrementally, so ``limit`` stops reading early on the large files.
    """
    if limit is not None and limit <= 0:
        return
    try:
        index = count = 0
        for _, element in ET.iterparse(source, events=("end",)):
            if element.tag != "article":
                continue
            if index >= offset:
                yield _read_article(element, index)
                count += 1
            element.clear()
            index += 1
            if limit is not None and count >= limit:
                return
    except ET.ParseError as exc:
        raise SourceUnavailable(f"{_describe(source)} is not well-formed XML: {exc}") from exc
    except OSError as exc:
        raise SourceUnavailable(f"cannot read {_describe(source)}: {exc}") from exc


def _describe(source: Path | str | IO[bytes]) -> str:
    return str(source) if isinstance(source, str | Path) else "the corpus"


def _read_article(element: ET.Element, index: int) -> GoldArticle:
    text = element.findtext("text") or ""
    doc_id = element.get("docid") or element.get("file") or element.get("id") or str(index)
    kind, annotations = _annotations(element)
    toponyms: list[GoldToponym] = []
    adjectival: list[GoldToponym] = []
    shifted = unaligned = 0
    for ann in annotations:
        span = align_span(text, ann.start, ann.end, ann.name)
        if span is None:
            unaligned += 1
            continue
        shifted += span != (ann.start, ann.end)
        gold = GoldToponym(span[0], span[1], ann.name, ann.lat, ann.lon)
        (adjectival if ann.adjectival else toponyms).append(gold)
    return GoldArticle(
        doc_id=doc_id,
        text=text,
        toponyms=tuple(toponyms),
        adjectival=tuple(adjectival),
        format=kind,
        shifted=shifted,
        unaligned=unaligned,
    )


def _annotations(article: ET.Element) -> tuple[str, list[_Annotation]]:
    """The article's layout name and its toponym annotations."""
    locations = article.findall("./locations/location")
    if locations:
        return "geovirus", [_geovirus(loc) for loc in locations]
    toponyms = article.findall("./toponyms/toponym")
    if any(_field(t, "extractedName") is not None for t in toponyms):
        found = (_geowebnews(t) for t in toponyms)
        return "geowebnews", [a for a in found if a is not None]
    if toponyms:
        return "lgl", [_lgl(t) for t in toponyms]
    return "", []


def _field(element: ET.Element, name: str) -> str | None:
    """A child element's text, else an attribute's value; None when absent or empty."""
    child = element.find(name)
    value = child.text if child is not None else element.get(name)
    value = value.strip() if value is not None else None
    return value or None


def _number(element: ET.Element | None, name: str) -> float | None:
    value = _field(element, name) if element is not None else None
    return float(value) if value is not None else None


def _offset(element: ET.Element, name: str) -> int:
    value = _field(element, name)
    if value is None:
        return -1  # no offset: alignment will fail and count the span as unaligned
    return int(value)


def _geowebnews(toponym: ET.Element) -> _Annotation | None:
    kind = _field(toponym, "type") or ""
    adjectival = (
        kind in GEOWEBNEWS_ADJECTIVAL_TYPES or _field(toponym, "modifierType") == "Adjective"
    )
    if kind not in GEOWEBNEWS_TOPONYM_TYPES and kind not in GEOWEBNEWS_ADJECTIVAL_TYPES:
        return None
    return _Annotation(
        start=_offset(toponym, "start"),
        end=_offset(toponym, "end"),
        name=_field(toponym, "extractedName") or "",
        lat=_number(toponym, "latitude"),
        lon=_number(toponym, "longitude"),
        adjectival=adjectival,
    )


def _lgl(toponym: ET.Element) -> _Annotation:
    gaztag = toponym.find("gaztag")
    return _Annotation(
        start=_offset(toponym, "start"),
        end=_offset(toponym, "end"),
        name=_field(toponym, "phrase") or "",
        lat=_number(gaztag, "lat"),
        lon=_number(gaztag, "lon"),
    )


def _geovirus(location: ET.Element) -> _Annotation:
    return _Annotation(
        start=_offset(location, "start"),
        end=_offset(location, "end"),
        name=_field(location, "name") or "",
        lat=_number(location, "lat"),
        lon=_number(location, "lon"),
    )

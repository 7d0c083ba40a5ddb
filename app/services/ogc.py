"""OGC API - Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) documents (the vector
tiles' own documents are in :mod:`app.services.tilesets`).

Framework-free: functions take the base URL and the query parameters and return plain
documents (dicts) or HTML strings; the routes only choose the representation. The
collections are the two layers (``events``, ``places``) and the same with flattened
properties (``events_flat``, ``places_flat``) for clients that cannot read JSON objects in
properties.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
from dataclasses import dataclass

from app.core.errors import BadQuery, InvalidInput, NotFound
from app.services.layers import FILTER_PARAMS, MAX_LIMIT, LayerParams, Link, next_url, url_with
from app.store.base import ArticleRepository, Extent, FeaturePage

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    *(
        f"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/{name}"
        for name in ("core", "tileset", "tilesets-list", "geodata-tilesets", "mvt", "datetime")
    ),
]
TILESETS_REL = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
TILING_SCHEMES_REL = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"
GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
ITEM_PARAMS = (
    frozenset({"f", "bbox", "bbox-crs", "crs", "datetime", "limit", "after", "offset"})
    | FILTER_PARAMS
)
"""Query parameters the items endpoint knows; any other is a 400 (OGC /req/core)."""


@dataclass(frozen=True, slots=True)
class Collection:
    id: str
    layer: str
    flat: bool
    title: str
    description: str
    source_dataset: str | None = None
    """Only the events of this source (``acled``), whatever the query says."""

    @property
    def tiled(self) -> bool:
        """Vector tiles (flat properties already) are served for the two layers only."""
        return not self.flat


COLLECTIONS = {
    c.id: c
    for c in (
        Collection(
            "events",
            "events",
            False,
            "Events",
            "Events reported in the stored articles (ACLED-compatible properties; actors, "
            "fatalities and evidence as JSON objects). Ids: article id and event id.",
        ),
        Collection(
            "places",
            "places",
            False,
            "Places",
            "Places named in the stored articles, one feature per gazetteer place, with "
            "the number of mentions, events and articles. Ids: gazetteer ids.",
        ),
        Collection(
            "events_flat",
            "events",
            True,
            "Events (flat properties)",
            "The events collection with nested properties flattened to plain fields.",
        ),
        Collection(
            "places_flat",
            "places",
            True,
            "Places (flat properties)",
            "The places collection with nested properties flattened to plain fields.",
        ),
        Collection(
            "acled_events",
            "events",
            False,
            "ACLED events",
            "Events imported from an ACLED export (geoevents import-events), with ACLED's "
            "columns as properties: the events collection with source_dataset=acled. "
            "Ids: acled and ACLED's event_id_cnty.",
            source_dataset="acled",
        ),
    )
}


def collection_params(collection: Collection, params: LayerParams) -> LayerParams:
    """The request's filters within the collection: ``acled_events`` fixes
    ``source_dataset`` (InvalidInput, 422, when the request asks for another)."""
    fixed = collection.source_dataset
    if fixed is None:
        return params
    asked = (params.source_dataset or "").strip().lower()
    if asked and asked != fixed:
        raise InvalidInput(
            f"source_dataset: collection {collection.id!r} holds only source_dataset={fixed}"
        )
    return dataclasses.replace(params, source_dataset=fixed)


def collection_extent(store: ArticleRepository, collection: Collection) -> Extent:
    kind = "event" if collection.layer == "events" else "place"
    return store.extent(kind, collection.source_dataset)


def collection_extents(store: ArticleRepository) -> dict[str, Extent]:
    """The extent of every collection by id, one query per layer and source."""
    found: dict[tuple[str, str | None], Extent] = {}
    for c in COLLECTIONS.values():
        key = (c.layer, c.source_dataset)
        if key not in found:
            found[key] = collection_extent(store, c)
    return {c.id: found[(c.layer, c.source_dataset)] for c in COLLECTIONS.values()}


def landing(base: str) -> dict:
    return {
        "title": "geoevents OGC API - Features",
        "description": "Events and places found in news text, as GeoJSON feature collections.",
        "links": [
            Link(f"{base}?f=json", "self", JSON, "this document").as_dict(),
            Link(f"{base}?f=html", "alternate", HTML, "this document as HTML").as_dict(),
            Link(
                _root(base) + "/openapi.json", "service-desc", OPENAPI, "the API definition"
            ).as_dict(),
            Link(_root(base) + "/docs", "service-doc", HTML, "the API documentation").as_dict(),
            Link(f"{base}/conformance", "conformance", JSON, "conformance classes").as_dict(),
            Link(f"{base}/collections", "data", JSON, "the feature collections").as_dict(),
            Link(
                f"{base}/tileMatrixSets", TILING_SCHEMES_REL, JSON, "the tile matrix sets"
            ).as_dict(),
        ],
    }


def _root(base: str) -> str:
    return base.rsplit("/ogc", 1)[0]


def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}


def collection_doc(base: str, collection: Collection, extent: Extent) -> dict:
    url = f"{base}/collections/{collection.id}"
    doc: dict = {
        "id": collection.id,
        "title": collection.title,
        "description": collection.description,
        "itemType": "feature",
        "crs": [CRS84],
        "storageCrs": CRS84,
        "links": [
            Link(url, "self", JSON, "this collection").as_dict(),
            Link(f"{url}?f=html", "alternate", HTML, "this collection as HTML").as_dict(),
            Link(f"{url}/items", "items", GEOJSON, "the features").as_dict(),
            Link(f"{url}/items?f=html", "items", HTML, "the features as HTML").as_dict(),
        ],
    }
    if collection.tiled:
        doc["links"].append(Link(f"{url}/tiles", TILESETS_REL, JSON, "vector tiles").as_dict())
    spatial = {"bbox": [list(extent.bbox)], "crs": CRS84} if extent.bbox else None
    start = extent.start.isoformat() + "T00:00:00Z" if extent.start else None
    end = extent.end.isoformat() + "T23:59:59Z" if extent.end else None
    doc["extent"] = {
        **({"spatial": spatial} if spatial else {}),
        "temporal": {
            "interval": [[start, end]],
            "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
        },
    }
    return doc


def collections_doc(base: str, extents: dict[str, Extent]) -> dict:
    return {
        "links": [
            Link(f"{base}/collections", "self", JSON, "the collections").as_dict(),
            Link(f"{base}/collections?f=html", "alternate", HTML, "as HTML").as_dict(),
        ],
        "collections": [collection_doc(base, c, extents[c.id]) for c in COLLECTIONS.values()],
    }


def get_feature(repo: ArticleRepository, collection: Collection, feature_id: str) -> dict:
    """One stored feature of a collection's layer; NotFound when it has none by that id."""
    if collection.layer == "events":
        feature = repo.get_event(feature_id)
    else:
        feature = repo.get_place(feature_id)
    if feature is None:
        raise NotFound(f"feature {feature_id!r} not found in {collection.id!r}")
    return feature


def parse_datetime(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """An RFC 3339 instant or interval (``a/b``, ``../b``, ``a/..``) as a date range.

    Dates are what the store keeps, so times are cut to their date (in UTC when a
    timezone is given). Raises BadQuery (400) for anything else.
    """
    if value is None or not value.strip():
        return None, None
    parts = value.strip().split("/")
    if len(parts) == 1:
        day = _instant(parts[0])
        return day, day
    if len(parts) != 2 or all(p in ("", "..") for p in parts):
        raise BadQuery(f"datetime {value!r}: give an instant or an interval start/end")
    start = None if parts[0] in ("", "..") else _instant(parts[0])
    end = None if parts[1] in ("", "..") else _instant(parts[1])
    if start and end and start > end:
        raise BadQuery(f"datetime {value!r}: the interval ends before it starts")
    return start, end


def _instant(text: str) -> dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        moment = dt.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise BadQuery(f"datetime: {text!r} is not an RFC 3339 date or date-time") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.date()


def check_params(names: list[str], known: frozenset[str] = ITEM_PARAMS) -> None:
    """BadQuery (400) for a query parameter not in ``known`` (the items' by default)."""
    unknown = sorted(set(names) - known)
    if unknown:
        raise BadQuery(
            f"unknown query parameter(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )


def check_crs(value: str | None, name: str) -> None:
    if value is not None and value.strip() not in (CRS84, "EPSG:4326", "CRS84"):
        raise BadQuery(f"{name}: only {CRS84} (lon/lat) is supported")


def clamp_limit(value: str | None, default: int) -> int:
    """``limit`` as OGC wants it: above the maximum means the maximum, not an error."""
    if value is None:
        return default
    try:
        limit = int(value)
    except ValueError:
        raise BadQuery(f"limit must be an integer, got {value!r}") from None
    if limit < 1:
        raise BadQuery("limit must be at least 1")
    return min(limit, MAX_LIMIT)


def parse_offset(value: str | None) -> int:
    if value is None:
        return 0
    if not value.isdigit():
        raise BadQuery(f"offset must be a non-negative integer, got {value!r}")
    return int(value)


def items_doc(
    base: str, collection: Collection, page: FeaturePage, params: list[tuple[str, str]]
) -> dict:
    from app.services.layers import feature_collection

    url = f"{base}/collections/{collection.id}/items"
    json_params = [(k, v) for k, v in params if k != "f"]
    links = [
        Link(url_with(url, params), "self", GEOJSON, "this page"),
        Link(url_with(url, json_params, f="html"), "alternate", HTML, "this page as HTML"),
        Link(f"{base}/collections/{collection.id}", "collection", JSON, "the collection"),
    ]
    following = next_url(url, params, page)
    if following:
        links.append(Link(following, "next", GEOJSON, "the next page"))
    return feature_collection(page, links, collection.flat)


def item_doc(base: str, collection: Collection, feature: dict) -> dict:
    from urllib.parse import quote

    from app.services.layers import flatten_feature

    url = f"{base}/collections/{collection.id}/items/{quote(str(feature['id']), safe=':')}"
    doc = flatten_feature(feature) if collection.flat else dict(feature)
    doc["links"] = [
        Link(url, "self", GEOJSON, "this feature").as_dict(),
        Link(f"{url}?f=html", "alternate", HTML, "this feature as HTML").as_dict(),
        Link(f"{base}/collections/{collection.id}", "collection", JSON, "the collection").as_dict(),
    ]
    return doc


# -- HTML ---------------------------------------------------------------------------------
_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;"
    "vertical-align:top;text-align:left}code{font-size:.9em;word-break:break-word}"
)


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}"
        f"</title><style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>{body}"
        "</body></html>"
    )


def _links_html(links: list[dict]) -> str:
    items = "".join(
        f'<li><a href="{html.escape(link["href"])}">{html.escape(link.get("title") or link["rel"])}'
        f"</a> <small>({html.escape(link['rel'])}, {html.escape(link['type'])})</small></li>"
        for link in links
    )
    return f"<ul>{items}</ul>"


def _value(value: object) -> str:
    if isinstance(value, (dict, list)):
        return f"<code>{html.escape(json.dumps(value, ensure_ascii=False))}</code>"
    return html.escape("" if value is None else str(value))


def landing_html(doc: dict) -> str:
    return _page(
        doc["title"], f"<p>{html.escape(doc['description'])}</p>" + _links_html(doc["links"])
    )


def conformance_html(doc: dict) -> str:
    items = "".join(f"<li>{html.escape(c)}</li>" for c in doc["conformsTo"])
    return _page("Conformance", f"<ul>{items}</ul>")


def collections_html(doc: dict) -> str:
    rows = "".join(
        f'<tr><td><a href="{html.escape(c["links"][1]["href"])}">{html.escape(c["id"])}</a></td>'
        f"<td>{html.escape(c['description'])}</td></tr>"
        for c in doc["collections"]
    )
    return _page("Collections", f"<table><tr><th>id</th><th>description</th></tr>{rows}</table>")


def collection_html(doc: dict) -> str:
    extent = doc.get("extent", {})
    body = (
        f"<p>{html.escape(doc['description'])}</p>"
        f"<p>Extent: <code>{html.escape(json.dumps(extent))}</code></p>" + _links_html(doc["links"])
    )
    return _page(doc["title"], body)


SUMMARY_COLUMNS = (
    "name",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "feature_type",
    "country_code",
    "fatalities_best",
    "mention_count",
    "event_count",
    "article_count",
    "score",
)
"""What the HTML page of a collection shows per feature; the feature's page shows all."""


def items_html(title: str, doc: dict, items_url: str) -> str:
    from urllib.parse import quote

    from app.services.layers import flatten_properties

    features = doc["features"]
    flat = [flatten_properties(f.get("properties") or {}) for f in features]
    columns = [c for c in SUMMARY_COLUMNS if any(p.get(c) is not None for p in flat)]
    header = "".join(f"<th>{html.escape(c)}</th>" for c in ["id", *columns])
    rows = "".join(
        "<tr>"
        + f'<td><a href="{html.escape(items_url)}/{quote(str(f["id"]), safe=":")}?f=html">'
        + f"{html.escape(str(f['id']))}</a></td>"
        + "".join(f"<td>{_value(p.get(c))}</td>" for c in columns)
        + "</tr>"
        for f, p in zip(features, flat, strict=True)
    )
    counts = f"<p>{doc['numberReturned']} features"
    if "numberMatched" in doc:
        counts += f" of {doc['numberMatched']}"
    counts += "</p>"
    nav = "".join(
        f'<p><a href="{html.escape(link["href"])}">next page</a></p>'
        for link in doc["links"]
        if link["rel"] == "next"
    )
    return _page(title, counts + nav + f"<table><tr>{header}</tr>{rows}</table>" + nav)


def item_html(doc: dict) -> str:
    props = doc.get("properties") or {}
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{_value(v)}</td></tr>" for k, v in props.items()
    )
    geometry = _value(doc.get("geometry"))
    return _page(
        f"Feature {doc['id']}",
        f"<table>{rows}</table><h2>Geometry (lon/lat)</h2><p>{geometry}</p>"
        + _links_html(doc["links"]),
    )

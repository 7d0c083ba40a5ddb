"""Events counted per grid cell in the database, on SQLite and PostGIS: the cells' counts
add up to the layer's count under every filter, and each cell's numbers are its own."""

import random

import pytest

from app.geometry.cells import CellRange, cell_of
from app.geometry.tiles import Tile
from app.store.base import LayerFilter
from tests.store.factories import collection, event, new_article

TYPES = ("Battles", "Riots", "Protests")
WORLD = (-180.0, -90.0, 180.0, 90.0)


def _events(n: int = 300, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    features = []
    for i in range(n):
        lon, lat = rng.uniform(-179, 179), rng.uniform(-80, 80)
        day = 1 + i % 28
        features.append(
            event(
                f"e{i}",
                round(lon, 4),
                round(lat, 4),
                f"2020-02-{day:02d}",
                f"2020-02-{day:02d}",
                TYPES[i % 3] if i % 7 else "Battles",
                actors=("Army",) if i % 2 else ("Militia",),
                fatalities={"best": i % 5},
            )
        )
    features.append(event("edge", 180.0, 0.0, event_type="Riots"))  # the last column
    features.append(event("pole", 10.0, 89.0, event_type="Riots"))  # beyond 85.05°: row 0
    return features


@pytest.fixture
def stored(repo):
    features = _events()
    repo.add_article(new_article("aggregates"), collection(*features))
    return features


def _total(cells) -> int:
    return sum(c.count for c in cells)


@pytest.mark.parametrize(
    "filters",
    [
        LayerFilter(),
        LayerFilter(event_types=("Riots",)),
        LayerFilter(actor="army"),
        LayerFilter(start=__import__("datetime").date(2020, 2, 10)),
        LayerFilter(source_dataset="acled"),
    ],
    ids=["all", "event_type", "actor", "start", "source_dataset"],
)
@pytest.mark.parametrize("zoom", [0, 2, 5])
def test_world_cells_add_up_to_the_layer_count(repo, stored, filters, zoom):
    cells = repo.aggregate_events(filters, CellRange.of_bbox(WORLD, zoom))
    matched = repo.query_events(filters, 1).number_matched
    assert _total(cells) == matched
    assert len({c.id for c in cells}) == len(cells)
    assert all(c.count > 0 and c.zoom == zoom + 3 for c in cells)


def test_a_cell_counts_its_own_events(repo, stored):
    zoom = 4
    cells = repo.aggregate_events(LayerFilter(), CellRange.of_bbox(WORLD, zoom - 3))
    expected: dict[tuple[int, int], list[dict]] = {}
    for f in stored:
        lon, lat = f["geometry"]["coordinates"]
        expected.setdefault(cell_of(lon, lat, zoom), []).append(f["properties"])
    assert {(c.x, c.y) for c in cells} == set(expected)
    for cell in cells:
        props = expected[(cell.x, cell.y)]
        assert cell.count == len(props)
        assert cell.fatalities == sum(p["fatalities"]["best"] for p in props)
        counts = {t: sum(p["event_type"] == t for p in props) for t in TYPES}
        top = max(counts.values())
        assert cell.event_type == min(t for t, n in counts.items() if n == top)
        west, south, east, north = cell.bounds_4326()
        assert west <= cell.lon <= east and south <= cell.lat <= north or cell.y == 0


def test_tiles_partition_the_cells(repo, stored):
    """The 16 tiles of zoom 2 hold every event once, in their own cells."""
    total = 0
    for x in range(4):
        for y in range(4):
            cells = repo.aggregate_events(LayerFilter(), CellRange.of_tile(Tile(2, x, y)))
            assert all(x * 8 <= c.x < x * 8 + 8 and y * 8 <= c.y < y * 8 + 8 for c in cells)
            total += _total(cells)
    assert total == len(stored)


def test_a_part_of_the_world(repo, stored):
    box = (-20.0, -10.0, 60.0, 50.0)
    cells = CellRange.of_bbox(box, 3)
    found = repo.aggregate_events(LayerFilter(event_types=("Battles",)), cells)
    west, south, east, north = cells.bounds_4326()
    inside = [
        f
        for f in stored
        if f["properties"]["event_type"] == "Battles"
        and west <= f["geometry"]["coordinates"][0] < east
        and south < f["geometry"]["coordinates"][1] <= north
    ]
    assert _total(found) == len(inside) > 0


def test_an_empty_store(repo):
    assert repo.aggregate_events(LayerFilter(), CellRange.of_bbox(WORLD, 2)) == []


@pytest.mark.parametrize(
    "filters",
    [LayerFilter(), LayerFilter(event_types=("Riots", "Protests")), LayerFilter(actor="army")],
    ids=["all", "event_type", "actor"],
)
def test_counts_per_event_type_add_up_to_the_cells(repo, stored, filters):
    box = (-20.0, -10.0, 60.0, 50.0)
    for cells in (CellRange.of_bbox(WORLD, 2), CellRange.of_bbox(box, 3)):
        counted = repo.count_cells(filters, cells)
        types, found = counted.types, repo.aggregate_events(filters, cells)
        assert counted.cells == found
        assert sum(types.values()) == _total(found) > 0
        expected: dict[str, int] = {}
        for f in stored:
            lon, lat = f["geometry"]["coordinates"]
            props = f["properties"]
            x, y = cell_of(lon, lat, cells.zoom)
            if (
                (not filters.event_types or props["event_type"] in filters.event_types)
                and (not filters.actor or props["actors"][0]["name"] == "Army")
                and cells.min_x <= x <= cells.max_x
                and cells.min_y <= y <= cells.max_y
            ):
                expected[props["event_type"]] = expected.get(props["event_type"], 0) + 1
        assert types == expected


def test_counts_per_event_type_of_events_without_a_type(repo):
    untyped = event("untyped", 5.0, 5.0)
    del untyped["properties"]["event_type"]
    repo.add_article(new_article("untyped"), collection(untyped, event("typed", 6.0, 6.0)))
    assert repo.count_cells(LayerFilter(), CellRange.of_bbox(WORLD, 2)).types == {
        None: 1,
        "Battles": 1,
    }
    nowhere = repo.count_cells(LayerFilter(), CellRange.of_bbox((100, 10, 110, 20), 4))
    assert nowhere.types == {} and nowhere.cells == []

"""The grid of aggregate cells: WebMercatorQuad tiles of the view's zoom + 3."""

import random

import pytest

from app.geometry.cells import CELL_LEVELS, CellRange, cell_of
from app.geometry.tiles import MAX_ZOOM, Tile
from tests.mvt import tile_of


@pytest.mark.parametrize("zoom", [0, 3, 8, 15])
def test_a_point_is_in_the_tile_of_its_cell(zoom):
    rng = random.Random(zoom)
    for _ in range(200):
        lon, lat = rng.uniform(-179.9, 179.9), rng.uniform(-85, 85)
        x, y = cell_of(lon, lat, zoom)
        tile = tile_of(lon, lat, zoom)
        assert (x, y) == (tile.x, tile.y)
        west, south, east, north = Tile(zoom, x, y).bounds_4326()
        assert west <= lon <= east and south <= lat <= north


def test_edges_and_poles_go_to_the_outer_cells():
    assert cell_of(180.0, 0.0, 3) == (7, 4)
    assert cell_of(-180.0, 89.9, 3) == (0, 0)
    assert cell_of(0.0, -90.0, 3) == (4, 7)


def test_the_cells_of_a_view_and_of_a_tile():
    world = CellRange.of_bbox((-180.0, -90.0, 180.0, 90.0), 2)
    assert (world.zoom, world.min_x, world.min_y, world.max_x, world.max_y) == (5, 0, 0, 31, 31)
    tile = CellRange.of_tile(Tile(4, 5, 9))
    side = 2**CELL_LEVELS
    assert tile.zoom == 4 + CELL_LEVELS and tile.count == side * side
    assert tile.bounds_4326() == pytest.approx(Tile(4, 5, 9).bounds_4326())
    deepest = CellRange.of_tile(Tile(MAX_ZOOM, 3, 3))
    assert deepest.zoom == MAX_ZOOM and deepest.count == 1

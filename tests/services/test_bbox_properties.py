"""Properties of the layers' bbox parsing, over generated input (Hypothesis)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import BadQuery
from app.services.layers import parse_bbox

lons = st.floats(min_value=-180, max_value=180, allow_nan=False)
lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
junk = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.one_of(st.floats(), st.integers(), st.text(max_size=5)), min_size=0, max_size=7
    ).map(lambda xs: ",".join(map(str, xs))),
)


def valid(boxes):
    for minx, miny, maxx, maxy in boxes:
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
        assert all(math.isfinite(v) for v in (minx, miny, maxx, maxy))


@settings(max_examples=400, deadline=None)
@given(junk, st.booleans())
def test_any_string_gives_valid_boxes_or_bad_query(value, antimeridian):
    try:
        boxes = parse_bbox(value, antimeridian)
    except BadQuery as exc:
        assert exc.status == 400 and exc.detail
        return
    assert 1 <= len(boxes) <= 2
    valid(boxes)


@settings(max_examples=300, deadline=None)
@given(lons, lats, lons, lats, st.booleans())
def test_numbers_round_trip(x1, y1, x2, y2, antimeridian):
    minx, maxx = sorted((x1, x2))
    miny, maxy = sorted((y1, y2))
    text = f"{minx!r}, {miny!r},{maxx!r} ,{maxy!r}"
    assert parse_bbox(text, antimeridian) == ((minx, miny, maxx, maxy),)
    with_heights = f"{minx!r},{miny!r},0,{maxx!r},{maxy!r},100"
    assert parse_bbox(with_heights, antimeridian) == ((minx, miny, maxx, maxy),)


@settings(max_examples=300, deadline=None)
@given(lons, lats, lons, lats)
def test_a_box_across_the_antimeridian_splits_in_two_that_cover_it(x1, y1, x2, y2):
    west, east = sorted((x1, x2))
    if west == east:
        return
    miny, maxy = sorted((y1, y2))
    text = f"{east!r},{miny!r},{west!r},{maxy!r}"  # minlon > maxlon
    with pytest.raises(BadQuery):
        parse_bbox(text)
    boxes = parse_bbox(text, antimeridian=True)
    valid(boxes)
    assert boxes == ((east, miny, 180.0, maxy), (-180.0, miny, west, maxy))
    span = sum(b[2] - b[0] for b in boxes)
    assert span == pytest.approx(360 - (east - west), abs=1e-9)

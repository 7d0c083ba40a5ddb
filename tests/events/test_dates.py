"""Date expressions resolved against the publication date (rules, no model)."""

import datetime as dt

import pytest

from app.events.dates import find_dates

MONDAY = dt.date(2018, 6, 11)  # the seed article's publication date


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("Last weekend, the SAA repelled", "2018-06-09", "2018-06-10", "range"),
        ("clashes from June 8 to and June 10, about 35", "2018-06-08", "2018-06-10", "range"),
        ("from June 8 to June 10", "2018-06-08", "2018-06-10", "range"),
        ("On June 9, Russian military spokesman", "2018-06-09", "2018-06-09", "day"),
        ("on Sunday", "2018-06-10", "2018-06-10", "day"),
        ("on Monday", "2018-06-11", "2018-06-11", "day"),
        ("last Monday", "2018-06-04", "2018-06-04", "day"),
        ("Thursday night", "2018-06-07", "2018-06-07", "day"),
        ("June 8-10", "2018-06-08", "2018-06-10", "range"),
        ("between 3 and 5 June", "2018-06-03", "2018-06-05", "range"),
        ("on 28 February", "2018-02-28", "2018-02-28", "day"),
        ("on 9 June 2017", "2017-06-09", "2017-06-09", "day"),
        ("2018-06-09", "2018-06-09", "2018-06-09", "day"),
        ("since Saturday", "2018-06-09", "2018-06-11", "range"),
        ("yesterday", "2018-06-10", "2018-06-10", "day"),
        ("two days ago", "2018-06-09", "2018-06-09", "day"),
        ("overnight", "2018-06-10", "2018-06-11", "range"),
        ("last week", "2018-06-04", "2018-06-10", "week"),
        ("earlier this week", "2018-06-11", "2018-06-11", "week"),
        ("last month", "2018-05-01", "2018-05-31", "month"),
        ("in May", "2018-05-01", "2018-05-31", "month"),
        ("in December", "2017-12-01", "2017-12-31", "month"),
        ("early June", "2018-06-01", "2018-06-10", "range"),
        ("from Friday to Sunday", "2018-06-08", "2018-06-10", "range"),
    ],
)
def test_resolved(text, start, end, precision):
    found = find_dates(text, MONDAY)
    assert len(found) == 1, found
    mention = found[0]
    assert (str(mention.start), str(mention.end), mention.precision) == (start, end, precision)
    assert text[mention.offset : mention.stop] == mention.text


def test_weekend_on_a_sunday_is_the_one_before():
    sunday = dt.date(2018, 6, 10)
    (mention,) = find_dates("last weekend", sunday)
    assert (mention.start, mention.end) == (dt.date(2018, 6, 2), dt.date(2018, 6, 3))


def test_month_day_after_publication_is_last_year():
    (mention,) = find_dates("on December 28", dt.date(2019, 1, 3))
    assert mention.start == dt.date(2018, 12, 28)


def test_counts_and_verbs_are_not_dates():
    assert find_dates("killing 20 people, as many may march", MONDAY) == []
    assert find_dates("June 8 to 10 civilians were killed", MONDAY)[0].text == "June 8"


def test_without_publication_date_only_absolute_dates():
    assert find_dates("on Sunday, and last week", None) == []
    (mention,) = find_dates("on June 9, 2018", None)
    assert mention.start == dt.date(2018, 6, 9)

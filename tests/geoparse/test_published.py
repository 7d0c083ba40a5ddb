"""The publication date a document states: HTML metadata, bylines and datelines."""

import datetime as dt

from app.geoparse.published import byline_date, find_publication_date
from tests.support import SEED, need_file

JUNE_11 = dt.date(2018, 6, 11)


def test_the_seed_articles_byline_dates_it():
    need_file(SEED)
    text = SEED.read_text(encoding="utf-8")
    assert "Global Research, June 11, 2018" in text
    assert find_publication_date(text, text, is_html=False) == (JUNE_11, "byline")


def test_bylines_labels_and_datelines():
    assert byline_date("Clashes\n\nBy Jane Doe\n11 June 2018\n\nFighting in Homs.") == JUNE_11
    assert byline_date("Published: Jun. 11, 2018\n\nFighting in Homs.") == JUNE_11
    assert byline_date("Posted on 2018-06-11 by admin\n\nFighting.") == JUNE_11
    dateline = (
        "DAMASCUS, June 11, 2018 (Reuters) - Clashes broke out in the countryside of Homs on"
        " Monday and went on into the night, residents and a monitoring group said."
    )
    assert byline_date(dateline) == JUNE_11


def test_a_date_in_the_story_is_not_the_articles():
    assert byline_date("Clashes on June 9, 2018 killed two people in Homs.") is None
    story = "Residents said the siege, which began " + "in the spring " * 5
    assert byline_date(story + "on 9 June 2018, was the longest of the war in Syria.") is None
    assert byline_date("Shelling hit Aleppo on Monday, killing two civilians.") is None
    assert byline_date("Filed June 11, 2031") is not None  # a date...
    assert find_publication_date("x", "Filed June 11, 2031", False, JUNE_11) is None  # future


def test_html_metadata_comes_first():
    page = (
        "<html><head><meta property='article:published_time' content='2018-06-11T08:00:00Z'>"
        "</head><body><article><p>Global Research, June 1, 2018</p></article></body></html>"
    )
    assert find_publication_date(page, "Global Research, June 1, 2018", True) == (
        JUNE_11,
        "metadata",
    )
    bare = "<html><body><p>Global Research, June 1, 2018</p></body></html>"
    text = "Global Research, June 1, 2018"
    assert find_publication_date(bare, text, True) == (dt.date(2018, 6, 1), "byline")

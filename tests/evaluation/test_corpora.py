"""Corpus readers on tiny hand-written files in each format, then on the real corpora."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.errors import SourceUnavailable
from app.evaluation.corpora import GoldArticle, align_span, read_corpus
from app.evaluation.metrics import GoldToponym, Predicted, match_document, recognition

GEOWEBNEWS = """<?xml version="1.0" ?>
<articles>
  <article file="7">
    <title>Shelling</title>
    <text>Turkey shelled Afrin near the Syrian border. The Washington Post said so.</text>
    <toponyms>
      <toponym>
        <extractedName>Turkey</extractedName><normalisedName/><type>Metonymic</type>
        <modifierType/><nonLocational>No</nonLocational>
        <start>0</start><end>6</end>
        <geonamesID>298795</geonamesID><latitude>39.0</latitude><longitude>35.0</longitude>
      </toponym>
      <toponym>
        <extractedName>Afrin</extractedName><normalisedName/><type>Literal</type>
        <modifierType/><nonLocational>No</nonLocational>
        <start>16</start><end>21</end>
        <geonamesID>174018</geonamesID><latitude>36.51</latitude><longitude>36.87</longitude>
      </toponym>
      <toponym>
        <extractedName>Syrian</extractedName><normalisedName/><type>Literal_Modifier</type>
        <modifierType>Adjective</modifierType><nonLocational>No</nonLocational>
        <start>30</start><end>36</end>
        <geonamesID>163843</geonamesID><latitude>35.0</latitude><longitude>38.0</longitude>
      </toponym>
      <toponym>
        <extractedName>border</extractedName><normalisedName/><type>Literal_Expression</type>
        <modifierType/><nonLocational>No</nonLocational>
        <start>37</start><end>43</end>
      </toponym>
      <toponym>
        <extractedName>Washington</extractedName><normalisedName/><type>Embedded_Non_Lit</type>
        <modifierType>Noun</modifierType><nonLocational>No</nonLocational>
        <start>49</start><end>59</end>
        <geonamesID>4140963</geonamesID><latitude>38.9</latitude><longitude>-77.04</longitude>
      </toponym>
      <toponym>
        <extractedName>The Washington Post</extractedName><normalisedName/>
        <type>Non_Toponym</type><modifierType/><nonLocational>No</nonLocational>
        <start>45</start><end>64</end>
      </toponym>
      <toponym>
        <extractedName>US</extractedName><normalisedName/><type>Literal</type>
        <modifierType/><nonLocational>No</nonLocational>
        <start>-40</start><end>-38</end>
        <geonamesID>6252001</geonamesID><latitude>39.76</latitude><longitude>-98.5</longitude>
      </toponym>
    </toponyms>
  </article>
</articles>
"""

# TR-News layout; "Ankara" is annotated one character late, "Rome" seven early.
TR_NEWS = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1040001">
    <title>Envoy shot</title>
    <text><![CDATA[An envoy was shot in Ankara. Rome called it a tragedy.]]></text>
    <toponyms>
      <toponym>
        <start>22</start><end>28</end><phrase>Ankara</phrase>
        <gaztag geonameid="323786"><name>Ankara</name><lat>39.92</lat><lon>32.85</lon></gaztag>
      </toponym>
      <toponym>
        <start>22</start><end>26</end><phrase>Rome</phrase>
        <gaztag geonameid="3169070"><name>Rome</name><lat>41.89</lat><lon>12.51</lon></gaztag>
      </toponym>
    </toponyms>
  </article>
</articles>
"""

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="40450848">
    <feedid>138</feedid>
    <title>Fire</title>
    <text><![CDATA[Alexandria woman charged. She lives on Orchard St. in Alexandria.]]></text>
    <toponyms count="3">
      <toponym>
        <start>0</start><end>10</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><fclass>P</fclass>
          <lat>31.3113</lat><lon>-92.4451</lon></gaztag>
      </toponym>
      <toponym>
        <start>39</start><end>49</end><phrase>Orchard St</phrase>
      </toponym>
      <toponym>
        <start>54</start><end>64</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><fclass>P</fclass>
          <lat>31.3113</lat><lon>-92.4451</lon></gaztag>
      </toponym>
    </toponyms>
  </article>
  <article docid="41383748">
    <text><![CDATA[No places here.]]></text>
    <toponyms count="0"/>
  </article>
</articles>
"""

GEOVIRUS = """<articles>
  <article>
    <source>http://example.org/ebola</source>
    <text>Ebola cases rose in Sierra Leone and Guinea.</text>
    <locations>
      <location>
        <name>Sierra Leone</name><start>20</start><end>32</end>
        <lat>8.5</lat><lon>-11.5</lon><page>https://en.wikipedia.org/wiki/Sierra_Leone</page>
      </location>
      <location>
        <name>Guinea</name><start>37</start><end>43</end>
        <lat>10.0</lat><lon>-10.0</lon><page>https://en.wikipedia.org/wiki/Guinea</page>
      </location>
    </locations>
  </article>
</articles>
"""


def _read(tmp_path: Path, content: str, limit: int | None = None) -> list[GoldArticle]:
    path = tmp_path / "corpus.xml"
    path.write_text(content, encoding="utf-8")
    return list(read_corpus(path, limit=limit))


def _names(toponyms: tuple[GoldToponym, ...]) -> list[str]:
    return [t.name for t in toponyms]


def test_align_span_keeps_a_correct_span() -> None:
    assert align_span("in Paris.", 3, 8, "Paris") == (3, 8)


def test_align_span_moves_onto_the_nearest_occurrence() -> None:
    assert align_span("in Paris.", 2, 7, "Paris") == (3, 8)
    assert align_span("in Paris.", 4, 9, "Paris") == (3, 8)
    assert align_span("Paris or Paris", 8, 13, "Paris") == (9, 14)  # not the one at 0
    assert align_span("in Paris.", 3, 7, "Paris") == (3, 8)  # right start, wrong end


def test_align_span_tries_the_wider_window_then_gives_up() -> None:
    text = "0123456789 Paris"
    assert align_span(text, 2, 7, "Paris") == (11, 16)  # 9 characters off
    assert align_span(text, 0, 5, "Paris") is None  # 11 off
    assert align_span(text, -40, -35, "Paris") is None  # negative offsets are not indexes
    assert align_span(text, 0, 0, "") is None


def test_geowebnews_types(tmp_path: Path) -> None:
    (article,) = _read(tmp_path, GEOWEBNEWS)
    assert article.doc_id == "7"
    assert article.format == "geowebnews"
    # Literal and associative types are toponyms; Non_Toponym and expressions are not.
    assert _names(article.toponyms) == ["Turkey", "Afrin", "Washington"]
    assert _names(article.adjectival) == ["Syrian"]
    assert article.toponyms[1] == GoldToponym(15, 20, "Afrin", 36.51, 36.87)  # was 16-21
    assert article.unaligned == 1  # "US" has offsets outside the text
    assert article.shifted == 1


def test_tr_news_spans_are_aligned_on_their_names(tmp_path: Path) -> None:
    (article,) = _read(tmp_path, TR_NEWS)
    assert article.doc_id == "1040001"
    assert article.format == "lgl"
    ankara, rome = article.toponyms
    assert (ankara.start, ankara.end) == (21, 27)
    assert article.text[ankara.start : ankara.end] == "Ankara"
    assert (rome.start, rome.end) == (29, 33)
    assert (rome.lat, rome.lon) == (41.89, 12.51)
    assert (article.shifted, article.unaligned) == (2, 0)


def test_alignment_changes_the_score(tmp_path: Path) -> None:
    """Without alignment "Rome" (annotated on "kara") would be missed and the prediction on
    the real "Rome" a false positive."""
    (article,) = _read(tmp_path, TR_NEWS)
    predicted = (
        Predicted(21, 27, 39.92, 32.85, 0.9),
        Predicted(29, 33, 41.89, 12.51, 0.9),
    )
    aligned = recognition([match_document(article.toponyms, predicted)])
    assert (aligned.tp, aligned.fp, aligned.fn) == (2, 0, 0)
    as_annotated = (GoldToponym(22, 28, "Ankara"), GoldToponym(22, 26, "Rome"))
    raw = recognition([match_document(as_annotated, predicted)])
    assert (raw.tp, raw.fp, raw.fn) == (1, 1, 1)


def test_lgl_toponyms_without_gaztag_count_for_recognition_only(tmp_path: Path) -> None:
    first, empty = _read(tmp_path, LGL)
    assert _names(first.toponyms) == ["Alexandria", "Orchard St", "Alexandria"]
    assert [t.has_coordinates for t in first.toponyms] == [True, False, True]
    assert first.toponyms[2].start == 54
    assert (empty.doc_id, empty.toponyms, empty.text) == ("41383748", (), "No places here.")


def test_geovirus_locations(tmp_path: Path) -> None:
    (article,) = _read(tmp_path, GEOVIRUS)
    assert article.doc_id == "0"
    assert article.format == "geovirus"
    assert article.toponyms == (
        GoldToponym(20, 32, "Sierra Leone", 8.5, -11.5),
        GoldToponym(37, 43, "Guinea", 10.0, -10.0),
    )


def test_limit_stops_early(tmp_path: Path) -> None:
    assert [a.doc_id for a in _read(tmp_path, LGL, limit=1)] == ["40450848"]
    assert _read(tmp_path, LGL, limit=0) == []


def test_unreadable_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable, match="not well-formed"):
        _read(tmp_path, "<articles><article><text>cut off")
    with pytest.raises(SourceUnavailable, match="cannot read"):
        list(read_corpus(tmp_path / "missing.xml"))


@pytest.mark.parametrize(
    ("name", "article_format"),
    [("GeoWebNews.xml", "geowebnews"), ("TR-News.xml", "lgl"), ("LGL.xml", "lgl")],
)
def test_real_corpora_first_articles(
    shared_file: Callable[[str], Path], name: str, article_format: str
) -> None:
    articles = list(read_corpus(shared_file(f"corpora/{name}"), limit=3))
    assert len(articles) == 3
    for article in articles:
        assert article.format == article_format
        assert article.text
        assert article.toponyms
        for toponym in article.toponyms + article.adjectival:
            assert article.text[toponym.start : toponym.end] == toponym.name
            if toponym.has_coordinates:
                assert -90 <= toponym.lat <= 90 and -180 <= toponym.lon <= 180
    assert sum(1 for a in articles for t in a.toponyms if t.has_coordinates) > 0
    if name == "LGL.xml":
        first = articles[0]
        assert first.doc_id == "40450848"
        assert first.toponyms[0] == GoldToponym(0, 10, "Alexandria", 31.3113, -92.4451)
        assert len(first.toponyms) == 3


def test_offset_and_limit_make_a_split(tmp_path: Path) -> None:
    path = tmp_path / "corpus.xml"
    path.write_text(LGL, encoding="utf-8")
    assert [a.doc_id for a in read_corpus(path, limit=1)] == ["40450848"]
    assert [a.doc_id for a in read_corpus(path, offset=1)] == ["41383748"]
    assert list(read_corpus(path, offset=2)) == []

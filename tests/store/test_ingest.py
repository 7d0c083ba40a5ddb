"""Ingestion and re-processing with the real geoparser, on SQLite and PostGIS."""

import dataclasses

import pytest

from app.core.errors import GeoparseFailed, InvalidInput, TextTooLarge, UnsupportedMediaType
from app.services import ingest as service
from app.services.geoparser import load_geoparser
from app.store.base import LayerFilter
from tests.support import default_settings, need_file


@pytest.fixture(scope="module")
def geoparser():
    settings = default_settings()
    need_file(settings.gazetteer_path)
    return load_geoparser(settings)


def _item(text: str, label: str = "", **fields):
    return service.article_input({"text": text, **fields}, 20_000, label)


def test_ingest_many_is_idempotent_and_keeps_input_order(repo, geoparser):
    items = [
        _item("Clashes in Homs and Hama.", "a", published_at="2018-06-11"),
        _item("Airstrikes near Raqqa.", "b"),
        _item("Clashes in Homs and Hama.", "c"),  # the same content again, in the same batch
    ]
    results = list(service.ingest_many(repo, items, lambda: geoparser, batch_size=8))
    assert [r.label for r in results] == ["a", "b", "c"]
    assert [r.status for r in results] == ["created", "created", "existing"]
    assert results[0].article_id == results[2].article_id != results[1].article_id
    assert results[0].places >= 1 and results[2].places == results[0].places
    assert repo.list_articles(10).number_matched == 2
    stored = repo.get_article(results[0].article_id)
    assert stored.geoparser_version == service.geoparser_version(geoparser)
    assert stored.published_at.isoformat() == "2018-06-11"

    def no_model():
        raise AssertionError("stored articles must not load the geoparser")

    again = list(service.ingest_many(repo, items, no_model))
    assert {r.status for r in again} == {"existing"}
    assert [r.places for r in again] == [r.places for r in results]


def test_background_writer_keeps_order_and_reports_stored_batches_before_an_error(repo, geoparser):
    towns = ["Homs", "Hama", "Raqqa", "Idlib", "Aleppo", "Deir ez-Zor", "Palmyra"]
    items = [_item(f"Clashes in {town} on day {n}.", f"#{n}") for n, town in enumerate(towns)]
    calls = []

    class Failing:
        """The real geoparser until its third batch, which fails."""

        def __getattr__(self, name):
            return getattr(geoparser, name)

        def parse_many(self, docs, batch_size=32):
            calls.append(1)
            if len(calls) == 3:
                raise RuntimeError("model crashed")
            return geoparser.parse_many(docs, batch_size)

    seen = []
    # the failing batch is retried document by document; the one that fails on its own
    # is raised as its own failure (GeoparseFailed) after the batches before it are stored
    with pytest.raises(GeoparseFailed):
        for result in service.ingest_many(repo, items, Failing, batch_size=3):
            seen.append(result)
    # the two batches geoparsed before the failure are stored and reported, in order
    assert [r.label for r in seen] == ["#0", "#1", "#2", "#3", "#4", "#5"]
    assert all(r.created for r in seen)
    assert repo.list_articles(20).number_matched == 6
    # the run completes without duplicates; the foreground path gives the same ids
    again = list(service.ingest_many(repo, items, lambda: geoparser, batch_size=3))
    assert [r.status for r in again] == ["existing"] * 6 + ["created"]
    assert [r.article_id for r in again[:6]] == [r.article_id for r in seen]
    inline = list(service.ingest_many(repo, items, lambda: geoparser, background=False))
    assert [r.article_id for r in inline] == [r.article_id for r in again]


def test_html_articles_keep_the_page_and_store_the_extracted_text(repo, geoparser):
    page = (
        "<html><head><title>Raid</title></head><body><nav>Home | World</nav><article><p>"
        "Troops raided a village near Idlib on Tuesday, residents said. The operation "
        "lasted several hours and ended at dawn.</p></article></body></html>"
    )
    item = service.article_input({"html": page}, 20_000)
    result = service.ingest(repo, geoparser, item)
    stored = repo.get_article(result.article_id)
    assert stored.body == page and stored.body_format == "html"
    assert "Idlib" in stored.text and "<p>" not in stored.text and "Home | World" not in stored.text
    for feature in repo.article_features(result.article_id):
        for m in feature["properties"]["mentions"]:
            assert stored.text[m["start"] : m["end"]] == m["text"]
    # the same page extracted again (re-processing) gives the same text and offsets
    before = repo.article_features(result.article_id)
    assert len(list(service.reprocess(repo, geoparser, everything=True))) == 1
    assert repo.get_article(result.article_id).text == stored.text
    assert repo.article_features(result.article_id) == before


def test_reprocess_keeps_ids_and_replaces_features(repo, geoparser):
    first = service.ingest(repo, geoparser, _item("Protests in Aleppo and Damascus."))
    second = service.ingest(repo, geoparser, _item("Shelling in Daraa."))
    assert list(service.reprocess(repo, geoparser)) == []  # nothing is outdated
    # an older version of the geoparser produced the first one
    old = dataclasses.replace(repo.get_article(first.article_id))
    repo.replace_features(old.id, {"features": []}, old.text, "geoevents 0.0.1")
    assert repo.get_article(first.article_id).place_count == 0
    done = list(service.reprocess(repo, geoparser))
    assert [r.article_id for r in done] == [first.article_id]
    assert repo.get_article(first.article_id).place_count == first.places >= 1
    everything = list(service.reprocess(repo, geoparser, everything=True))
    assert sorted(r.article_id for r in everything) == sorted([first.article_id, second.article_id])
    assert repo.list_articles(10).number_matched == 2
    aleppo = repo.query_places(LayerFilter(article_id=first.article_id), 10)
    assert aleppo.number_matched == first.places


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        ("<meta charset='iso-8859-1'><p>Caf\u00e9</p>".encode("latin-1"), None, "Caf\u00e9"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
            "<p>\u062d\u0644\u0628</p>".encode("cp1256"),
            None,
            "\u062d\u0644\u0628",
        ),
        ("<p>\u00e9</p>".encode("utf-16"), None, "\u00e9"),
        ("<p>caf\u00e9</p>".encode("cp1252"), "windows-1252", "caf\u00e9"),
        ("<p>caf\u00e9</p>".encode(), None, "caf\u00e9"),
    ],
)
def test_decode_body_by_declared_charset(data, charset, expected):
    assert expected in service.decode_body(data, charset)


def test_decode_body_rejects_what_does_not_decode():
    with pytest.raises(UnsupportedMediaType, match="not valid utf-8"):
        service.decode_body("<p>caf\u00e9</p>".encode("latin-1"))
    with pytest.raises(UnsupportedMediaType, match="unknown charset"):
        service.decode_body(b"<meta charset='x-nope'><p>a</p>")


def test_article_input_validation():
    with pytest.raises(InvalidInput, match="no text"):
        _item("  \n ")
    with pytest.raises(InvalidInput, match="exactly one"):
        service.article_input({"text": "a", "html": "<p>a</p>"}, 1000)
    with pytest.raises(TextTooLarge):
        service.article_input({"text": "x" * 2000}, 1000)
    a = service.content_hash("Homs.\r\nHama.  \n", False)
    assert a == service.content_hash("Homs.\nHama.", False) != service.content_hash("Homs.", False)

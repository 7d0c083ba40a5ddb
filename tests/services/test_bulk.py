"""Bulk ingestion on a real Dask LocalCluster (2 worker processes) into PostGIS and SQLite,
compared with the single-process ingest of the same LGL articles."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from app.evaluation.corpora import read_corpus
from app.services.bulk import (
    ClusterUnavailable,
    PartitionOutcome,
    WorkerConfig,
    bulk_ingest,
    dask_client,
    partitions,
    prepare_workers,
)
from app.services.ingest import ArticleInput, article_input, ingest_many
from app.store.factory import open_repository
from tests.databases import fresh_schema, postgis_server  # noqa: F401
from tests.support import SHARED, default_settings, need_file

ARTICLES = 240  # the shortest LGL articles, in file order
PARTITION = 32  # = the batch size: each worker sees the batches the single process sees


@pytest.fixture(scope="module")
def items() -> list[ArticleInput]:
    """The shortest LGL articles, plus a copy of the first one at the end (another label,
    same content: it lands in another partition, so two workers may race for it)."""
    corpus = need_file(SHARED / "corpora" / "LGL.xml")
    docs = list(read_corpus(corpus))
    keep = set(sorted(range(len(docs)), key=lambda i: (len(docs[i].text), i))[:ARTICLES])
    chosen = [
        article_input({"text": d.text, "title": d.doc_id}, 200_000, f"lgl:{d.doc_id}")
        for i, d in enumerate(docs)
        if i in keep
    ]
    return [*chosen, dataclasses.replace(chosen[0], label="lgl:copy-of-first")]


@pytest.fixture(scope="module")
def config() -> WorkerConfig:
    settings = default_settings()
    need_file(settings.gazetteer_path)
    return WorkerConfig.from_settings(settings)


@pytest.fixture(scope="module")
def client(config):
    with dask_client("local", workers=2) as client:
        yield client


@pytest.fixture(scope="module")
def reference(items, config, postgis_server) -> dict[str, tuple[str, int, int]]:  # noqa: F811
    """The single-process path on the same inputs, into its own PostGIS schema:
    label -> (article id, places, events); plus the stored articles under ``"store"``."""
    from app.services.geoparser import load_geoparser

    repo = open_repository(fresh_schema(postgis_server))
    try:
        settings = config.settings()
        results = list(ingest_many(repo, items, lambda: load_geoparser(settings)))
        stored = _stored(repo)
    finally:
        repo.close()
    assert len(results) == len(items)
    return {
        "results": {r.label: (r.article_id, r.places, r.events) for r in results},
        "store": stored,
    }


def _stored(repo) -> dict[str, tuple[int, int]]:
    articles = list(repo.iter_articles(None))
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids))
    return {a.id: (a.place_count, a.event_count) for a in articles}


def _run(client, items, config, **kw) -> list[PartitionOutcome]:
    outcomes = list(bulk_ingest(client, items, config, partition_size=PARTITION, **kw))
    expected = range(len(list(partitions(items, PARTITION))))
    assert sorted(o.index for o in outcomes) == list(expected)
    return outcomes


def _check_against_reference(client, items, config, reference) -> None:
    assert prepare_workers(client, config) == 2
    outcomes = _run(client, items, config)
    assert [o.error for o in outcomes if o.error] == []
    results = [r for o in outcomes for r in o.results]
    assert len(results) == len(items)
    # every input answered once, with the single-process id and counts
    got = {r.label: (r.article_id, r.places, r.events) for r in results}
    assert got == reference["results"]
    # each distinct content created exactly once (the copy is "existing", whichever ran first)
    statuses = Counter(r.status for r in results)
    assert statuses == {"created": len(items) - 1, "existing": 1}

    repo = open_repository(config.store_url)
    try:
        assert _stored(repo) == reference["store"]
    finally:
        repo.close()

    again = [r for o in _run(client, items, config) for r in o.results]
    assert {r.status for r in again} == {"existing"}
    assert {r.label: (r.article_id, r.places, r.events) for r in again} == got


def test_postgis_matches_single_process(client, items, config, reference, postgis_server):  # noqa: F811
    config = dataclasses.replace(config, store_url=fresh_schema(postgis_server))
    _check_against_reference(client, items, config, reference)


def test_sqlite_store_with_two_worker_processes(client, items, config, reference, tmp_path):
    config = dataclasses.replace(config, store_url=f"sqlite:///{tmp_path / 'bulk.sqlite'}")
    _check_against_reference(client, items, config, reference)


def test_a_failing_document_costs_only_itself_in_its_partition(client, items, config, tmp_path):
    """Issue 15 item 2: a document that cannot be geoparsed (here: over the size limit)
    is reported with its label; the other documents of its partition are stored."""
    config = dataclasses.replace(config, store_url=f"sqlite:///{tmp_path / 'failed.sqlite'}")
    prepare_workers(client, config)
    too_large = article_input({"text": "Homs. " * 40_000}, 10**7, "too-large.txt")
    first, failing = items[:3], [items[3], too_large, items[4]]
    outcomes = list(bulk_ingest(client, [*first, *failing], config, partition_size=3))
    by_index = {o.index: o for o in outcomes}
    assert by_index[0].error is None and [r.status for r in by_index[0].results] == ["created"] * 3
    mixed = by_index[1]
    assert mixed.error is None and mixed.labels == tuple(i.label for i in failing)
    assert [(r.label, r.status) for r in mixed.results] == [
        (items[3].label, "created"),
        (items[4].label, "created"),
    ]
    assert len(mixed.skipped) == 1 and mixed.skipped[0].startswith("too-large.txt: ")
    assert "has 240,000 characters; the limit is 200,000" in mixed.skipped[0]

    rerun = [items[0], items[3], items[4]]
    results = [r for o in bulk_ingest(client, rerun, config, partition_size=1) for r in o.results]
    assert {r.label: r.status for r in results} == dict.fromkeys(
        (items[0].label, items[3].label, items[4].label), "existing"
    )
    repo = open_repository(config.store_url)
    try:
        assert len(_stored(repo)) == 5
    finally:
        repo.close()


def test_input_is_read_only_as_partitions_complete(client, items, config, tmp_path):
    config = dataclasses.replace(config, store_url=f"sqlite:///{tmp_path / 'stream.sqlite'}")
    prepare_workers(client, config)
    pulled = 0

    def stream():
        nonlocal pulled
        for item in items[:40]:
            pulled += 1
            yield item

    seen = 0
    for outcome in bulk_ingest(client, stream(), config, partition_size=4, in_flight=2):
        assert outcome.error is None
        seen += 1
        # read so far: the partitions returned and the one still in flight, no more
        assert pulled <= (seen + 1) * 4, (seen, pulled)
    assert seen == 10 and pulled == 40


def test_workers_that_cannot_reach_the_store_are_named(client, config, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the store's directory should be", encoding="utf-8")
    config = dataclasses.replace(config, store_url=f"sqlite:///{blocked / 'store.sqlite'}")
    with pytest.raises(ClusterUnavailable) as raised:
        prepare_workers(client, config)
    assert raised.value.detail.startswith("workers cannot ingest: tcp://127.0.0.1:")
    assert raised.value.detail.count("tcp://127.0.0.1:") == 2


def test_unreachable_scheduler_is_a_clear_error():
    import dask

    with (
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
        pytest.raises(ClusterUnavailable, match="cannot connect to the Dask scheduler"),
        dask_client("tcp://127.0.0.1:9"),
    ):
        pass


def test_an_article_over_the_time_limit_is_skipped_on_the_worker(client, items, config, tmp_path):
    from app.gazetteer.lookup import Gazetteer
    from tests.slowdoc import slow_text

    slow = article_input(
        {"text": slow_text(Gazetteer.open(config.settings().gazetteer_path))}, 200_000, "slow"
    )
    config = dataclasses.replace(
        config, store_url=f"sqlite:///{tmp_path / 'limit.sqlite'}", timeout=0.5
    )
    prepare_workers(client, config)
    (outcome,) = bulk_ingest(client, [items[0], slow], config, partition_size=2, batch_size=1)
    assert outcome.error is None
    assert [r.label for r in outcome.results] == [items[0].label]
    assert outcome.skipped == ("slow: geoparsing the document took longer than 0.5 s",)

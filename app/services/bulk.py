"""Bulk ingestion on a Dask cluster: the input streamed in partitions, geoparsed and stored
by the workers, small results back.

The client reads the input lazily and keeps only a bounded number of partitions in flight
(twice the number of workers), so an archive of millions of articles is never held in
memory. Each task runs :func:`app.services.ingest.ingest_many` on its partition inside a
worker process, which loads the geoparser and opens the store once and keeps them for
the next tasks. Results come back in the order partitions finish, not in input order. A
partition that fails is reported with the labels of its inputs and the others go on;
ingestion is idempotent by content hash, so running the same input again completes the
failed partitions without duplicating the others.

>>> config = WorkerConfig.from_settings(get_settings())  # doctest: +SKIP
>>> with dask_client("local", workers=2) as client:  # doctest: +SKIP
...     prepare_workers(client, config)
...     for outcome in bulk_ingest(client, items, config, partition_size=100):
...         print(outcome.index, len(outcome.results), outcome.error)
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.config import Settings
from app.core.errors import GeoeventsError
from app.services.ingest import ArticleInput, IngestResult, ingest_many

if TYPE_CHECKING:
    from distributed import Client, Future

    from app.geoparse.pipeline import Geoparser
    from app.store.base import ArticleRepository

LOCAL = "local"
"""The ``--dask`` value that starts a LocalCluster on this machine."""


class ClusterUnavailable(GeoeventsError):
    """The Dask scheduler cannot be reached, or its workers cannot ingest."""

    status = 503
    title = "Cluster unavailable"
    exit_code = 2


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What a worker needs to ingest, sent with every task, so that workers on other
    machines do not depend on the client's environment: the store, the gazetteer's
    directory (``data_dir/gazetteer.sqlite`` must exist on the worker) and the
    geoparser's settings. Paths are the worker's paths."""

    store_url: str
    data_dir: str
    spacy_model: str
    max_text_chars: int
    number_matched_max: int = 1_000_000
    actors_path: str | None = None
    event_triggers_path: str | None = None
    timeout: float | None = None
    """Seconds each article may take to geoparse; one over it is skipped and reported."""

    @classmethod
    def from_settings(cls, settings: Settings, timeout: float | None = None) -> WorkerConfig:
        return cls(
            store_url=settings.store_url,
            data_dir=str(settings.data_dir),
            spacy_model=settings.spacy_model,
            max_text_chars=settings.max_text_chars,
            number_matched_max=settings.number_matched_max,
            actors_path=str(settings.actors_path) if settings.actors_path else None,
            event_triggers_path=(
                str(settings.event_triggers_path) if settings.event_triggers_path else None
            ),
            timeout=timeout,
        )

    def settings(self) -> Settings:
        """The worker's settings: these fields as given, the rest from its defaults."""
        return Settings(
            data_dir=Path(self.data_dir),
            database_url=self.store_url,
            spacy_model=self.spacy_model,
            max_text_chars=self.max_text_chars,
            number_matched_max=self.number_matched_max,
            actors_path=Path(self.actors_path) if self.actors_path else None,
            event_triggers_path=(
                Path(self.event_triggers_path) if self.event_triggers_path else None
            ),
        )

    @property
    def geoparser_key(self) -> tuple:
        """What the geoparser depends on (not the store): one model per process."""
        return (
            self.data_dir,
            self.spacy_model,
            self.max_text_chars,
            self.actors_path,
            self.event_triggers_path,
        )


@dataclass(frozen=True, slots=True)
class PartitionOutcome:
    """One partition's results (input order within it), or the error that stopped it.

    ``index`` counts partitions from 0 in input order; ``labels`` name its inputs;
    ``skipped`` says which inputs were over the time limit (``label: reason``)."""

    index: int
    labels: tuple[str, ...]
    results: tuple[IngestResult, ...] = ()
    error: str | None = None
    skipped: tuple[str, ...] = ()


# -- in the worker processes -----------------------------------------------------------------
_CACHE_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()
_GEOPARSERS: dict[tuple, Geoparser] = {}
_REPOSITORIES: dict[tuple[str, int], ArticleRepository] = {}


def _repository(config: WorkerConfig) -> ArticleRepository:
    from app.store.factory import open_repository

    key = (config.store_url, config.number_matched_max)
    with _CACHE_LOCK:
        if key not in _REPOSITORIES:
            _REPOSITORIES[key] = open_repository(config.store_url, config.number_matched_max)
        return _REPOSITORIES[key]


def _geoparser(config: WorkerConfig) -> Geoparser:
    from app.services.geoparser import load_geoparser

    with _CACHE_LOCK:
        if config.geoparser_key not in _GEOPARSERS:
            _GEOPARSERS[config.geoparser_key] = load_geoparser(config.settings())
        return _GEOPARSERS[config.geoparser_key]


def ingest_partition(
    config: WorkerConfig, items: list[ArticleInput], batch_size: int = 32
) -> tuple[tuple[IngestResult, ...], tuple[str, ...]]:
    """A Dask task: ingest one partition with the worker process's geoparser and store;
    its results and the inputs skipped for the time limit.

    Tasks of one process run one at a time (the geoparser is CPU-bound Python, and
    spaCy pipelines are not shared between threads); run workers with one thread each."""
    skipped: list[str] = []
    with _RUN_LOCK:
        repo = _repository(config)
        results = tuple(
            ingest_many(
                repo,
                items,
                lambda: _geoparser(config),
                batch_size,
                timeout=config.timeout,
                skipped=lambda item, exc: skipped.append(f"{item.label}: {exc.detail}"),
            )
        )
    return results, tuple(skipped)


def _prepare(config: WorkerConfig) -> str:
    """On every worker before the run: the gazetteer index is there, the store opens
    (migrated to the current schema). Returns the store's backend."""
    gazetteer = config.settings().gazetteer_path
    if not gazetteer.is_file():
        raise ClusterUnavailable(
            f"no gazetteer index at {gazetteer} on the worker "
            "(build it there: `geoevents gazetteer build`)"
        )
    return _repository(config).backend


# -- in the client ---------------------------------------------------------------------------
@contextmanager
def dask_client(address: str, workers: int = 2) -> Iterator[Client]:
    """A client of the scheduler at ``address`` (``tcp://host:8786``), or with ``local``
    a LocalCluster of ``workers`` processes, one thread each, on 127.0.0.1 (random ports)
    and without a dashboard, closed at the end. Raises ClusterUnavailable when the
    scheduler cannot be reached (within Dask's ``distributed.comm.timeouts.connect``)."""
    from distributed import Client, LocalCluster

    if address == LOCAL:
        with (
            _quiet("tornado.application"),
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,  # no dashboard; the scheduler's HTTP routes on a free port
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                # Dask's own logs of a cluster we start and stop: on a busy machine its
                # shutdown logs heartbeat failures with tracebacks; what failed reaches
                # the user through the ingest report, line by line
                silence_logs=logging.CRITICAL,
            ) as cluster,
            Client(cluster) as client,
        ):
            try:
                yield client
            finally:
                _retire_workers(client)
        return
    try:
        client = Client(address)
    except (OSError, ValueError, TypeError) as exc:
        reason = str(exc) or type(exc).__name__
        raise ClusterUnavailable(
            f"cannot connect to the Dask scheduler {address!r}: {reason}"
        ) from None
    with client:
        yield client


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """The logger ``name`` silenced below CRITICAL while a local cluster runs and stops:
    tornado logs a stream closed by the stopping scheduler with a traceback on a busy
    machine (what failed reaches the user through the ingest report)."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _retire_workers(client: Client) -> None:
    """Close a local cluster's workers before its scheduler: a worker still running when
    the scheduler stops logs a failed heartbeat, with a traceback, on a busy machine."""
    try:
        workers = list(client.scheduler_info().get("workers", {}))
        if workers:
            client.retire_workers(workers=workers, close_workers=True)
    except Exception:  # noqa: BLE001 - closing the cluster goes on regardless
        pass


def prepare_workers(client: Client, config: WorkerConfig, timeout: float = 60.0) -> int:
    """Wait for at least one worker, then check every worker can ingest (gazetteer index
    present, store reachable and migrated); the number of workers. ClusterUnavailable
    names the workers that cannot."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterUnavailable(
            f"the Dask scheduler {client.scheduler.address} has no workers "
            f"(none joined within {timeout:g} s)"
        ) from None
    # One worker first: it creates the store and runs its migrations alone (two processes
    # creating the same new SQLite file at once can find it locked); then all of them.
    first = sorted(client.scheduler_info()["workers"])[:1]
    client.run(_prepare, config, on_error="return", workers=first)
    outcomes = client.run(_prepare, config, on_error="return")
    failures = [
        f"{worker}: {_describe(value)}"
        for worker, value in sorted(outcomes.items())
        if isinstance(value, BaseException)
    ]
    if failures:
        raise ClusterUnavailable("workers cannot ingest: " + "; ".join(failures))
    return len(outcomes)


def partitions(items: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    """Consecutive lists of ``size`` items (the last one shorter), read lazily."""
    iterator = iter(items)
    while part := list(islice(iterator, size)):
        yield part


def bulk_ingest(
    client: Client,
    items: Iterable[ArticleInput],
    config: WorkerConfig,
    partition_size: int = 100,
    batch_size: int = 32,
    in_flight: int | None = None,
) -> Iterator[PartitionOutcome]:
    """Ingest ``items`` on the cluster (after ``prepare_workers``, which creates and
    migrates the store once); one outcome per partition, in the order they finish. At
    most ``in_flight`` partitions (default: twice the workers) are submitted and not yet
    returned, so the input is read only as fast as the cluster ingests."""
    from distributed import as_completed

    window = in_flight or 2 * max(1, len(client.nthreads()))
    run = uuid.uuid4().hex[:8]
    parts = enumerate(partitions(items, partition_size))
    pending: dict[str, tuple[Future, int, tuple[str, ...]]] = {}
    completed = as_completed()

    def submit(index: int, part: list[ArticleInput]) -> None:
        future = client.submit(
            ingest_partition,
            config,
            part,
            batch_size,
            key=f"geoevents-ingest-{run}-{index}",
            pure=False,
            retries=0,
        )
        pending[future.key] = (future, index, tuple(item.label for item in part))
        completed.add(future)

    try:
        for index, part in islice(parts, window):
            submit(index, part)
        for future in completed:
            _, index, labels = pending.pop(future.key)
            yield _outcome(future, index, labels)
            future.release()
            following = next(parts, None)
            if following is not None:
                submit(*following)
    finally:
        if pending:
            client.cancel([future for future, _, _ in pending.values()])


def _outcome(future: Future, index: int, labels: tuple[str, ...]) -> PartitionOutcome:
    if future.status == "finished":
        results, skipped = future.result()
        return PartitionOutcome(index, labels, results, skipped=skipped)
    if future.status == "error":
        return PartitionOutcome(index, labels, error=_describe(future.exception()))
    return PartitionOutcome(index, labels, error=f"the task was {future.status}")


def _describe(error: BaseException) -> str:
    if isinstance(error, GeoeventsError):
        return error.detail
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__

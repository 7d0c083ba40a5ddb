"""``geoevents ingest FILES... | --jsonl`` and ``geoevents reprocess``: fill the article store.

Files: ``.txt`` (plain text, UTF-8 unless ``--encoding`` says otherwise), ``.html``/``.htm``
(decoded by ``--encoding``, else their declared charset, else UTF-8),
``.json`` (one article object or a list of them), ``.jsonl`` (one article per line); with
``--jsonl`` and no files, JSON lines on stdin. One JSON line per article on stdout
(``{"id", "status", "places", "events", "input"}``), a progress bar on stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

import typer

from app.core.errors import GeoeventsError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def _with_defaults(obj: object, source: str | None, published_at: str | None) -> object:
    """An article object with ``--source`` and ``--published-at`` where it has none."""
    if isinstance(obj, dict):
        if source and not obj.get("source"):
            obj["source"] = source
        if published_at and not obj.get("published_at"):
            obj["published_at"] = published_at
    return obj


def _json_items(
    stream: BinaryIO | TextIO,
    name: str,
    errors: list[str],
    max_chars: int,
    source: str | None,
    published_at: str | None = None,
) -> Iterator:
    """Articles of JSON lines, each line decoded on its own (a line that is not UTF-8 is
    reported and skipped)."""
    from app.cli.lines import decoded_lines
    from app.services.ingest import article_input

    def bad(number: int, message: str) -> None:
        _report(errors, f"{name}:{number}: {message}")

    for number, line in decoded_lines(stream, bad):
        label = f"{name}:{number}"
        try:
            obj = _with_defaults(json.loads(line), source, published_at)
            yield article_input(obj, max_chars, label)
        except json.JSONDecodeError as exc:
            _report(errors, f"{label}: invalid JSON: {exc.msg} (column {exc.colno})")
        except GeoeventsError as exc:
            _report(errors, f"{label}: {exc.detail}")


def _report(errors: list[str], message: str) -> None:
    errors.append(message)
    typer.echo(message, err=True)


def _decode_file(path: Path, data: bytes, is_html: bool, encoding: str | None) -> str:
    """The text of a .txt or .html file; GeoeventsError with a message for the command line
    when it does not decode."""
    from app.core.errors import InvalidInput
    from app.services.ingest import BodyNotDecoded, decode_bytes

    try:
        return decode_bytes(data, encoding, is_html)
    except BodyNotDecoded as exc:
        if exc.position is None:
            raise InvalidInput(f"the page declares an unknown charset {exc.charset!r}") from None
        if exc.how == "given":
            why = f"not valid {exc.charset} (--encoding)"
        elif exc.how == "declared":
            why = f"not valid {exc.charset} (the charset the page declares)"
        else:
            why = "not valid UTF-8"
        raise InvalidInput(
            f"{why} at byte {exc.position + 1}; give the file's encoding with --encoding "
            "(e.g. --encoding cp1252 or --encoding latin-1)"
        ) from None


def _file_items(
    path: Path,
    errors: list[str],
    max_chars: int,
    source: str | None,
    encoding: str | None = None,
    published_at: str | None = None,
) -> Iterator:
    from app.services.ingest import article_input, html_title

    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as stream:
                yield from _json_items(stream, str(path), errors, max_chars, source, published_at)
            return
        data = path.read_bytes()
        if suffix == ".json":
            loaded = json.loads(data)
            objects = loaded if isinstance(loaded, list) else [loaded]
            for n, obj in enumerate(objects, start=1):
                obj = _with_defaults(obj, source, published_at)
                label = str(path) if len(objects) == 1 else f"{path}[{n}]"
                try:
                    yield article_input(obj, max_chars, label)
                except GeoeventsError as exc:
                    _report(errors, f"{label}: {exc.detail}")
            return
        is_html = suffix in HTML_SUFFIXES
        if not is_html and suffix not in TEXT_SUFFIXES:
            _report(errors, f"{path}: unknown file type (use .txt, .html, .json or .jsonl)")
            return
        body = _decode_file(path, data, is_html, encoding)
        fields = {
            "html" if is_html else "text": body,
            "title": html_title(body) if is_html else None,
            "source": source,
            "url": path.resolve().as_uri(),
            "published_at": published_at,
        }
        yield article_input(fields, max_chars, str(path))
    except OSError as exc:
        _report(errors, f"{path}: cannot read: {exc.strerror}")
    except json.JSONDecodeError as exc:
        _report(errors, f"{path}: invalid JSON: {exc}")
    except UnicodeDecodeError as exc:
        _report(errors, f"{path}: not valid UTF-8 at byte {exc.start + 1} (JSON is UTF-8)")
    except GeoeventsError as exc:
        _report(errors, f"{path}: {exc.detail}")


def _items(
    files: list[Path],
    jsonl: bool,
    errors: list[str],
    max_chars: int,
    source: str | None,
    encoding: str | None = None,
    published_at: str | None = None,
) -> Iterator:
    from app.cli.lines import stdin_bytes

    if not files and jsonl:
        yield from _json_items(stdin_bytes(), "stdin", errors, max_chars, source, published_at)
    for path in files:
        yield from _file_items(path, errors, max_chars, source, encoding, published_at)


def _check_encoding(value: str | None) -> str | None:
    import codecs

    if value is None:
        return None
    try:
        codecs.lookup(value)
    except LookupError:
        raise typer.BadParameter(f"unknown encoding {value!r}") from None
    return value


def _dask_results(
    address: str,
    workers: int,
    partition_size: int,
    batch_size: int,
    items: Iterator,
    errors: list[str],
    timeout: float | None,
) -> Iterator:
    """Results from a Dask cluster, in the order partitions finish; the inputs of a failed
    partition are reported (and counted as failed) one by one."""
    from app.core.config import get_settings
    from app.services.bulk import WorkerConfig, bulk_ingest, dask_client, prepare_workers

    config = WorkerConfig.from_settings(get_settings(), timeout)
    with dask_client(address, workers) as client:
        prepare_workers(client, config)
        for outcome in bulk_ingest(client, items, config, partition_size, batch_size):
            if outcome.error is not None:
                for label in outcome.labels:
                    _report(
                        errors,
                        f"{label}: not ingested: partition {outcome.index + 1} failed: "
                        f"{outcome.error}",
                    )
            for message in outcome.skipped:
                _report(errors, f"{message}; skipped")
            yield from outcome.results


def register(cli: typer.Typer) -> None:
    @cli.command("ingest")
    def ingest(
        files: list[Path] = typer.Argument(
            None, help=".txt, .html, .json or .jsonl files (none with --jsonl: stdin)."
        ),
        jsonl: bool = typer.Option(
            False, "--jsonl", help='Read JSON Lines {"text" | "html", "title", ...} on stdin.'
        ),
        source: str | None = typer.Option(None, help="Source name for articles without one."),
        published_at: dt.datetime | None = typer.Option(
            None,
            formats=["%Y-%m-%d"],
            help="Publication date (YYYY-MM-DD) of articles that do not give one; without "
            "it the date the article states (HTML metadata, a byline or dateline) is used.",
        ),
        encoding: str | None = typer.Option(
            None,
            callback=_check_encoding,
            help="Encoding of .txt and .html files (cp1252, latin-1, ...; default: UTF-8, "
            "or the charset an HTML page declares). JSON is always UTF-8.",
        ),
        batch_size: int = typer.Option(32, min=1, max=1024, help="Articles per model batch."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No JSON lines on stdout."),
        timeout: float | None = typer.Option(
            None,
            min=0.001,
            help="Seconds one article may take to geoparse (default: "
            "GEOEVENTS_GEOPARSE_TIMEOUT); an article over it is reported on stderr and "
            "not stored (also on --dask workers).",
        ),
        dask: str | None = typer.Option(
            None,
            "--dask",
            metavar="ADDRESS",
            help="Geoparse and store on a Dask cluster: a scheduler address "
            "(tcp://host:8786) or 'local' for a LocalCluster on this machine. Workers need "
            "the gazetteer index and the store URL; JSON lines come in the order "
            "partitions finish, not in input order.",
        ),
        dask_workers: int = typer.Option(
            2, min=1, max=64, help="Worker processes of --dask local (one thread each)."
        ),
        partition_size: int = typer.Option(
            100, min=1, max=100_000, help="Articles per Dask task (with --dask)."
        ),
    ) -> None:
        """Geoparse articles and store them with their places and events (one transaction
        per article). Content already stored is reported as "existing" and not geoparsed
        again, so running the same ingest twice is safe (also to complete a --dask run
        whose partitions failed)."""
        from tqdm import tqdm

        from app.core.config import get_settings
        from app.services.geoparser import load_geoparser
        from app.services.ingest import ingest_many
        from app.store.factory import display_url, open_repository

        if not files and not jsonl:
            typer.echo("error: give FILES, or --jsonl to read JSON lines on stdin", err=True)
            raise typer.Exit(2)
        settings = get_settings()
        repo = None if dask else open_repository(settings.store_url, settings.number_matched_max)
        errors: list[str] = []
        counts = {"created": 0, "existing": 0}
        published = published_at.date().isoformat() if published_at else None
        items = _items(
            files or [], jsonl, errors, settings.max_text_chars, source, encoding, published
        )
        limit = settings.geoparse_timeout if timeout is None else timeout
        if repo is None:
            results = _dask_results(
                dask, dask_workers, partition_size, batch_size, items, errors, limit
            )
        else:
            results = ingest_many(
                repo,
                items,
                lambda: load_geoparser(settings),
                batch_size,
                timeout=limit,
                skipped=lambda item, exc: _report(errors, f"{item.label}: {exc.detail}; skipped"),
            )
        bar = tqdm(desc="ingest", unit="article", disable=None, file=sys.stderr)
        try:
            for result in results:
                counts[result.status] += 1
                bar.update()
                if not quiet:
                    line = {
                        "id": result.article_id,
                        "status": result.status,
                        "places": result.places,
                        "events": result.events,
                        "input": result.label,
                    }
                    typer.echo(json.dumps(line, ensure_ascii=False))
        finally:
            bar.close()
            results.close()
            if repo is not None:
                repo.close()
        typer.echo(
            f"{counts['created']} created, {counts['existing']} existing, "
            f"{len(errors)} failed ({display_url(settings.store_url)})",
            err=True,
        )
        if errors:
            raise typer.Exit(1)

    @cli.command("reprocess")
    def reprocess(
        everything: bool = typer.Option(
            False, "--all", help="Every article, not only those of another geoparser version."
        ),
        batch_size: int = typer.Option(32, min=1, max=1024, help="Articles per model batch."),
    ) -> None:
        """Geoparse stored articles again (after a gazetteer or model upgrade) and replace
        their places and events; article ids stay the same."""
        from tqdm import tqdm

        from app.core.config import get_settings
        from app.services import ingest as service
        from app.services.geoparser import load_geoparser
        from app.store.factory import open_repository

        settings = get_settings()
        repo = open_repository(settings.store_url, settings.number_matched_max)
        geoparser = load_geoparser(settings)
        done = 0
        bar = tqdm(desc="reprocess", unit="article", disable=None, file=sys.stderr)
        try:
            for _ in service.reprocess(repo, geoparser, everything, batch_size):
                done += 1
                bar.update()
        finally:
            bar.close()
            repo.close()
        typer.echo(f"{done} article(s) reprocessed ({service.geoparser_version(geoparser)})")

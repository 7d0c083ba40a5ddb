"""``geoevents geoparse --jsonl``: JSON Lines in, one FeatureCollection per line out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO

import typer
from tqdm import tqdm

from app.core.errors import GeoeventsError


def _documents(
    stream: BinaryIO | TextIO,
    errors: list[str],
    max_chars: int,
    lines: list[int] | None = None,
) -> Iterator:
    """The valid documents; ``lines`` (when given) gets the line number of each, in order.
    Each line is decoded on its own: one that is not UTF-8 is reported and skipped."""
    from app.cli.lines import decoded_lines
    from app.geoparse.types import check_size
    from app.services.documents import parse_document

    def bad(number: int, message: str) -> None:
        errors.append(f"line {number}: {message}")
        typer.echo(errors[-1], err=True)

    for number, line in decoded_lines(stream, bad):
        try:
            doc = check_size(parse_document(json.loads(line), default_id=str(number)), max_chars)
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})")
        except GeoeventsError as exc:
            errors.append(f"line {number}: {exc.detail}")
        else:
            if lines is not None:
                lines.append(number)
            yield doc
            continue
        typer.echo(errors[-1], err=True)


def register(cli: typer.Typer) -> None:
    @cli.command("geoparse")
    def geoparse(
        jsonl: bool = typer.Option(
            False, "--jsonl", help="Read JSON Lines documents on stdin (required)."
        ),
        full_geometry: bool = typer.Option(
            False, "--full-geometry", help="Do not simplify lines and polygons."
        ),
        batch_size: int = typer.Option(32, min=1, max=1024, help="Documents per model batch."),
        timeout: float | None = typer.Option(
            None,
            min=0.001,
            help="Seconds one document may take (default: GEOEVENTS_GEOPARSE_TIMEOUT); a "
            "document over it is reported on stderr and skipped.",
        ),
    ) -> None:
        """Geoparse documents: {"id", "text" | "html", "published_at", "title"} per line in,
        a GeoJSON FeatureCollection per line out, in input order. Bad lines, documents
        over the time limit and documents that fail are reported on stderr and skipped;
        a document one of whose stages failed is written with what the others found
        (``warnings`` names the stage) and reported on stderr (exit code 1)."""
        from app.cli.lines import stdin_bytes
        from app.core.config import get_settings
        from app.services.geoparse import geoparse_within, warnings_of
        from app.services.geoparser import load_geoparser

        if not jsonl:
            raise typer.BadParameter("only --jsonl input is supported", param_hint="--jsonl")
        settings = get_settings()
        geoparser = load_geoparser(settings)
        errors: list[str] = []
        out = sys.stdout
        bar = tqdm(desc="geoparse", unit="doc", disable=None, file=sys.stderr)
        lines: list[int] = []
        docs = _documents(stdin_bytes(), errors, settings.max_text_chars, lines)
        seconds = settings.geoparse_timeout if timeout is None else timeout
        incomplete = 0
        try:
            outcomes = geoparse_within(geoparser, docs, seconds, full_geometry, batch_size)
            for n, (doc, collection) in enumerate(outcomes):
                bar.update()
                if isinstance(collection, GeoeventsError):
                    errors.append(f"line {lines[n]} (id {doc.id}): {collection.detail}; skipped")
                    typer.echo(errors[-1], err=True)
                    continue
                for warning in warnings_of(collection):
                    typer.echo(f"line {lines[n]} (id {doc.id}): {warning.detail}", err=True)
                incomplete += bool(collection.get("warnings"))
                out.write(json.dumps(collection, ensure_ascii=False) + "\n")
                out.flush()
        finally:
            bar.close()
        if errors:
            typer.echo(f"{len(errors)} line(s) not geoparsed", err=True)
        if incomplete:
            typer.echo(f"{incomplete} line(s) geoparsed without a failed stage's results", err=True)
        if errors or incomplete:
            raise typer.Exit(1)

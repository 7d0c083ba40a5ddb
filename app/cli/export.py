"""``geoevents export --format acled-csv``: events in ACLED's column layout.

From documents geoparsed on the fly (``--jsonl``, JSON Lines on stdin, as ``geoevents
geoparse --jsonl`` reads them) or from the article store (``--store``, with the layer
filters). Writes CSV to stdout or ``--output``.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ExportFormat(StrEnum):
    acled_csv = "acled-csv"


def register(cli: typer.Typer) -> None:
    cli.command("export")(export)


def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="Output format (ACLED's CSV columns).")
    ] = ExportFormat.acled_csv,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Geoparse JSON Lines documents from stdin.")
    ] = False,
    store: Annotated[bool, typer.Option("--store", help="Export the stored events.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    start: Annotated[
        dt.datetime | None, typer.Option(help="--store: events ending on or after (YYYY-MM-DD).")
    ] = None,
    end: Annotated[
        dt.datetime | None, typer.Option(help="--store: events starting on or before.")
    ] = None,
    event_type: Annotated[
        str | None, typer.Option(help="--store: ACLED event types, comma-separated.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="--store: ISO country codes, comma-separated.")
    ] = None,
) -> None:
    """Write events as CSV with ACLED's columns (event_date, event_type, sub_event_type,
    actor1, actor2, country, admin1, location, latitude, longitude, geo_precision, source,
    notes, fatalities)."""
    from app.core.config import get_settings
    from app.services.events import acled_export

    if jsonl == store:
        raise typer.BadParameter("give exactly one of --jsonl or --store", param_hint="--jsonl")
    settings = get_settings()
    errors: list[str] = []
    if jsonl:
        from app.cli.geoparse import _documents
        from app.cli.lines import stdin_bytes
        from app.services.geoparse import geoparse_documents
        from app.services.geoparser import load_geoparser

        docs = _documents(stdin_bytes(), errors, settings.max_text_chars)
        collections = geoparse_documents(load_geoparser(settings), docs)
        text = acled_export(collections)
    else:
        from app.services.layers import LayerParams, build_filter, iter_features
        from app.store.factory import open_repository

        repo = open_repository(settings.store_url, migrate=False)
        try:
            params = LayerParams(
                start=start.date() if start else None,
                end=end.date() if end else None,
                event_type=event_type,
                country=country,
            )
            features = iter_features(
                repo, "events", build_filter(params, repo), settings.max_download_features
            )
            text = acled_export([{"features": list(features)}])
        finally:
            repo.close()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    if errors:
        typer.echo(f"{len(errors)} line(s) not geoparsed", err=True)
        raise typer.Exit(1)

"""``geoevents import-events FILE.csv``: an ACLED export into the store as its own source.

The events appear in the event layers with ``source_dataset: acled`` (filter
``source_dataset=acled``, or the ``acled_events`` OGC collection). A bad row (no id,
missing or impossible coordinates, an unparseable date, an unknown event type) is
reported with its line number; by default nothing is written then (exit 1), with
``--skip-bad-rows`` the good rows are imported and the bad ones listed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

MAX_LISTED = 50
"""Bad rows listed on stderr (the count is always given)."""


def register(cli: typer.Typer) -> None:
    cli.command("import-events")(import_events)


def import_events(
    file: Annotated[Path, typer.Argument(help="An ACLED CSV export.")],
    skip_bad_rows: Annotated[
        bool,
        typer.Option("--skip-bad-rows", help="Import the good rows and list the bad ones."),
    ] = False,
    batch_size: Annotated[
        int, typer.Option(min=1, max=100_000, help="Events per transaction.")
    ] = 2000,
) -> None:
    """Import ACLED's coded events (ACLED's CSV columns) as source_dataset 'acled';
    importing an event_id_cnty again replaces that event."""
    from tqdm import tqdm

    from app.core.config import get_settings
    from app.services.import_events import import_events as run_import
    from app.store.factory import display_url, open_repository

    settings = get_settings()
    repo = open_repository(settings.store_url, settings.number_matched_max)
    bar = tqdm(desc="import-events", unit="event", disable=None, file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        report = run_import(repo, file, skip_bad_rows, batch_size, progress)
    finally:
        bar.close()
        repo.close()
    for bad in report.bad[:MAX_LISTED]:
        typer.echo(f"{file}, {bad.message}", err=True)
    if len(report.bad) > MAX_LISTED:
        typer.echo(f"... and {len(report.bad) - MAX_LISTED} more bad rows", err=True)
    if not report.written:
        typer.echo(
            f"error: {len(report.bad)} bad row(s) in {file}; nothing imported "
            "(fix them, or import the others with --skip-bad-rows)",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(
        f"{report.imported} ACLED events imported ({report.replaced} replaced), "
        f"{len(report.bad)} bad row(s) skipped ({display_url(settings.store_url)})",
        err=True,
    )

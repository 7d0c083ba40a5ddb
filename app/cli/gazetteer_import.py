"""``geoevents gazetteer import-geonames``: add GeoNames dumps to the gazetteer index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.gazetteer import gazetteer_app
from app.core.config import get_settings

COMMAND = "import-geonames"


def register(cli: typer.Typer) -> None:
    """Add the command to the ``gazetteer`` group (already part of ``cli``).

    ``main`` registers on every call; the guard keeps the command from being
    added twice when it is called more than once in a process (tests).
    """
    if any(c.name == COMMAND for c in gazetteer_app.registered_commands):
        return

    @gazetteer_app.command(COMMAND)
    def import_geonames(
        files: Annotated[
            list[Path],
            typer.Argument(
                help="GeoNames place dumps: allCountries.txt, SY.txt, or the .zip they come in.",
                show_default=False,
            ),
        ],
        alternate_names: Annotated[
            Path | None,
            typer.Option(
                "--alternate-names",
                help="alternateNamesV2.txt (or .zip): more names for the places imported.",
            ),
        ] = None,
    ) -> None:
        """Import GeoNames dumps into the index: villages, wadis, border crossings...

        Known places are enriched, new ones added. The index is replaced only when
        every file was read; a malformed line stops the import with its line number.
        """
        from app.gazetteer.imports import import_geonames as run_import

        report = run_import(get_settings(), files, alternate_names)
        for item in report.files:
            typer.echo(f"{item.name}: {item.lines:,} lines, {item.written:,} places", err=True)
        if report.alternate_names is not None:
            names = report.alternate_names
            typer.echo(f"{names.name}: {names.lines:,} lines, {names.written:,} names", err=True)
        typer.echo(
            f"gazetteer index updated at {report.index}: {report.added:,} places added,"
            f" {report.enriched:,} enriched",
            err=True,
        )

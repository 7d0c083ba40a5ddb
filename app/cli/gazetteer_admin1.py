"""``geoevents gazetteer import-admin1``: real admin-1 polygons replace approximate ones."""

from __future__ import annotations

from pathlib import Path

import typer

from app.cli.gazetteer import gazetteer_app
from app.core.config import get_settings

COMMAND = "import-admin1"


def register(cli: typer.Typer) -> None:
    if any(c.name == COMMAND for c in gazetteer_app.registered_commands):
        return

    @gazetteer_app.command(COMMAND)
    def import_admin1(
        path: Path = typer.Argument(..., help="Admin-1 polygons in any OGR format."),
        country_field: str | None = typer.Option(None, help="Field with ISO alpha-2 codes."),
        name_field: str | None = typer.Option(None, help="Field with the area's name."),
    ) -> None:
        """Put real admin-1 polygons (Natural Earth states/provinces, geoBoundaries, GADM)
        on the matching admin-1 areas, replacing the approximate Voronoi polygons."""
        from app.gazetteer.admin1_import import import_admin1 as run

        report = run(get_settings(), path, country_field, name_field)
        typer.echo(
            f"{path.name}: {report.features:,} features, {report.matched:,} admin-1 areas"
            f" updated, {len(report.unmatched):,} not matched",
            err=True,
        )
        for label in report.unmatched[:20]:
            typer.echo(f"  not matched: {label}", err=True)

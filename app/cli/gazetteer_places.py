"""``geoevents gazetteer import-places``: add a table of villages to the gazetteer index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.gazetteer import gazetteer_app
from app.core.config import get_settings
from app.core.errors import InvalidInput

COMMAND = "import-places"


def register(cli: typer.Typer) -> None:
    """Add the command to the ``gazetteer`` group (already part of ``cli``); registered
    once per process, as ``gazetteer_import`` explains."""
    if any(c.name == COMMAND for c in gazetteer_app.registered_commands):
        return
    gazetteer_app.command(COMMAND)(import_places)


def import_places(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV, GeoJSON or GeoPackage of places: OCHA COD-PP, an ACLED export, any"
            " table with a name, a latitude and a longitude.",
            show_default=False,
        ),
    ],
    source: Annotated[
        str | None,
        typer.Option(help="Name of the source; importing it again replaces its places."),
    ] = None,
    licence: Annotated[
        str, typer.Option(help='The data\'s licence, kept with the source ("CC BY-IGO").')
    ] = "unspecified",
    country: Annotated[
        str | None, typer.Option(help="ISO code of every place's country, if no column has it.")
    ] = None,
    layer: Annotated[str | None, typer.Option(help="GeoPackage layer to read.")] = None,
    name_column: Annotated[str | None, typer.Option(help="Column of the place names.")] = None,
    lat_column: Annotated[str | None, typer.Option(help="Column of the latitudes.")] = None,
    lon_column: Annotated[str | None, typer.Option(help="Column of the longitudes.")] = None,
    names_column: Annotated[
        list[str] | None,
        typer.Option(help="Column of more names (Arabic, other spellings); repeatable."),
    ] = None,
    country_column: Annotated[
        str | None, typer.Option(help="Column of the country (ISO code or name).")
    ] = None,
    admin1_column: Annotated[
        str | None, typer.Option(help="Column of the admin-1 area's name.")
    ] = None,
    skip_bad_rows: Annotated[
        bool,
        typer.Option(help="Import the good rows and list the bad ones instead of stopping."),
    ] = False,
) -> None:
    """Import a table of places (villages, camps, neighbourhoods) into the index.

    Columns are recognised (OCHA COD-PP, ACLED, name/latitude/longitude) unless
    --name-column is given (then the latitude, longitude and country columns are still
    found by their usual names unless given). A bad row stops the import with its line
    number and the index stays as it was.
    """
    from app.gazetteer.places_import import Columns
    from app.gazetteer.places_import import import_places as run_import

    columns = None
    others = (lat_column, lon_column, names_column, country_column, admin1_column)
    if name_column is None and any(others):
        raise InvalidInput("give the names' column with --name-column too")
    if name_column is not None:
        columns = Columns(
            name=name_column,
            lon=lon_column,
            lat=lat_column,
            names=tuple(names_column or ()),
            country=country_column,
            admin1=admin1_column,
        )
    report = run_import(
        get_settings(),
        file,
        source=source,
        licence=licence,
        columns=columns,
        country=country,
        layer=layer,
        skip_bad_rows=skip_bad_rows,
    )
    for problem in report.skipped:
        typer.echo(f"skipped {problem}", err=True)
    typer.echo(
        f"gazetteer index updated at {report.index}: source {report.source}"
        f" ({report.layout} layout), {report.rows:,} rows, {report.places:,} places"
        f" ({report.replaced:,} of an earlier import replaced)",
        err=True,
    )

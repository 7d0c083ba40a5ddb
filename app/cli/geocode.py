"""``geoevents geocode NAME`` and ``geoevents reverse LAT LON``."""

from __future__ import annotations

import json

import typer


def register(cli: typer.Typer) -> None:
    @cli.command("geocode")
    def geocode(
        q: str = typer.Argument(..., help="A place name, e.g. al-Bukamal."),
        country: str | None = typer.Option(None, help="ISO 3166-1 alpha-2 country code."),
        limit: int = typer.Option(5, min=1, max=50),
    ) -> None:
        """Ranked gazetteer candidates for a name, as a GeoJSON FeatureCollection."""
        from app.core.config import get_settings
        from app.gazetteer.lookup import Gazetteer
        from app.services import geocode as service

        gazetteer = Gazetteer.open(get_settings().gazetteer_path)
        typer.echo(json.dumps(service.geocode(gazetteer, q, country, limit), ensure_ascii=False))

    @cli.command("reverse")
    def reverse(
        lat: float = typer.Argument(..., min=-90, max=90),
        lon: float = typer.Argument(..., min=-180, max=180),
    ) -> None:
        """The nearest populated place and the country/admin-1 area of a point."""
        from app.core.config import get_settings
        from app.gazetteer.lookup import Gazetteer
        from app.services import geocode as service

        gazetteer = Gazetteer.open(get_settings().gazetteer_path)
        typer.echo(json.dumps(service.reverse(gazetteer, lon, lat), ensure_ascii=False))

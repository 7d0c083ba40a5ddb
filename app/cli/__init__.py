"""The ``geoevents`` command line. Each command group lives in its own module."""

from __future__ import annotations

import sys

import typer

from app.core.errors import GeoeventsError

cli = typer.Typer(
    name="geoevents",
    help="Geoparse news into places and events; serve them as GeoJSON and maps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported here so that `import app.cli` stays cheap and free of cycles.
    from app.cli import gazetteer, geocode, geoparse, serve

    cli.add_typer(gazetteer.gazetteer_app, name="gazetteer")
    for module in (geocode, geoparse, serve):
        module.register(cli)
    for optional in ("app.cli.gazetteer_import", "app.cli.gazetteer_download", "app.cli.evaluate"):
        try:
            module = __import__(optional, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != optional:
                raise
            continue
        module.register(cli)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``geoevents`` console script."""
    _register()
    try:
        result = cli(args=argv, standalone_mode=False)
    except GeoeventsError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        return exc.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 130
    except SystemExit as exc:  # typer/click exits for --help and usage errors
        return int(exc.code or 0)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        raise
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())

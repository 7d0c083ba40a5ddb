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
    """Add every command module of this package: each defines ``register(cli)``.

    Imported here, not at module level, so that `import app.cli` stays cheap.
    """
    import importlib
    import pkgutil

    from app.cli import gazetteer

    if not any(group.name == "gazetteer" for group in cli.registered_groups):
        cli.add_typer(gazetteer.gazetteer_app, name="gazetteer")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None and info.name not in _REGISTERED:
            register(cli)
            _REGISTERED.add(info.name)


_REGISTERED: set[str] = set()


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
    except typer.TyperException as exc:  # usage errors: bad option values, missing arguments
        show = getattr(exc, "show", None)
        if show is None:
            raise
        show()
        return int(getattr(exc, "exit_code", 2))
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())

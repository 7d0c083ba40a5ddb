"""``geoevents gazetteer download``: fetch the Natural Earth layers the index is built from."""

from __future__ import annotations

from pathlib import Path

import typer

from app.cli.gazetteer import gazetteer_app


def register(cli: typer.Typer) -> None:
    """Add ``download`` to the ``gazetteer`` group.

    ``app.cli.main`` registers modules on every call (tests call it repeatedly), so
    this adds the command only once.
    """
    del cli  # the command belongs to the gazetteer group, not the top level
    if any(info.name == "download" for info in gazetteer_app.registered_commands):
        return

    @gazetteer_app.command("download")
    def download(
        base_url: str | None = typer.Option(
            None,
            "--base-url",
            help="Mirror holding Natural Earth's {scale}/{category}/{layer}.zip|.geojson paths "
            "(default: GEOEVENTS_NATURALEARTH_URL, else https://naciscdn.org/naturalearth).",
        ),
        dest: Path | None = typer.Option(
            None, "--dest", help="Target directory (default: <data_dir>/naturalearth)."
        ),
        force: bool = typer.Option(False, "--force", help="Download layers already present."),
    ) -> None:
        """Download the Natural Earth layers into the directory the gazetteer build reads."""
        from app.core.config import get_settings
        from app.gazetteer.download import download_layers

        settings = get_settings()
        target = dest if dest is not None else settings.data_dir / "naturalearth"
        if dest is None and settings.naturalearth_dir is not None:
            typer.echo(
                f"note: GEOEVENTS_NATURALEARTH_DIR={settings.naturalearth_dir} is set; "
                f"the build reads that directory, not {target}",
                err=True,
            )
        report = download_layers(
            target,
            base_url=base_url or settings.naturalearth_url,
            force=force,
            log=lambda message: typer.echo(message, err=True),
        )
        typer.echo(report.summary())

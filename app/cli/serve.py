"""``geoevents serve``: run the HTTP API with uvicorn."""

from __future__ import annotations

import os

import typer


def register(cli: typer.Typer) -> None:
    @cli.command("serve")
    def serve(
        host: str | None = typer.Option(None, help="Default: GEOEVENTS_HOST (127.0.0.1)."),
        port: int | None = typer.Option(None, help="Default: GEOEVENTS_PORT (8000)."),
        workers: int = typer.Option(1, min=1, max=32, help="Worker processes."),
    ) -> None:
        """Serve the API. The gazetteer and the NLP model load once per worker at start-up."""
        import uvicorn

        from app.core.config import get_settings

        settings = get_settings()
        host = host or settings.host
        port = port or settings.port
        if host != settings.host:  # the app (and each worker) reads it: writes need a
            os.environ["GEOEVENTS_HOST"] = host  # key beyond loopback (GEOEVENTS_AUTH=auto)
            get_settings.cache_clear()
        base = f"http://{host}:{port}"
        typer.echo(f"API docs:        {base}/docs", err=True)
        typer.echo(f"Geocode:         {base}/v1/geocode?q=al-Bukamal", err=True)
        typer.echo(f"Readiness:       {base}/ready", err=True)
        typer.echo(
            f"Geoparse:        curl -s -H 'Content-Type: application/json' "
            f"-d @examples/euphrates-report.json {base}/v1/geoparse",
            err=True,
        )
        typer.echo(f"Places layer:    {base}/v1/layers/places", err=True)
        typer.echo(f"Events layer:    {base}/v1/layers/events", err=True)
        typer.echo(f"OGC API:         {base}/ogc (GIS: OAPIF:{base}/ogc)", err=True)
        typer.echo(f"Events map:      {base}/v1/maps/events", err=True)
        typer.echo(
            f"Article maps:    {base}/v1/maps/articles/<id> (ids: {base}/v1/articles)", err=True
        )
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            timeout_graceful_shutdown=20,
            # Slow clients: an idle kept-alive connection closes after 5 s, headers are
            # at most 16 KiB, and the body must arrive within GEOEVENTS_BODY_TIMEOUT
            # (app/api/body.py: 408 and the connection closed).
            timeout_keep_alive=5,
            h11_max_incomplete_event_size=16 * 1024,
            server_header=False,
        )

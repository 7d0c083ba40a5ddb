"""``geoevents keys create --name NAME | list | revoke ID_OR_NAME``: the API keys.

Keys live (hashed) in the article store named by ``GEOEVENTS_DATABASE_URL``; the server
reads them from there, so a key created here works at once, without a restart.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import typer

keys_app = typer.Typer(help="API keys for writes (and reads, when configured).")


@contextmanager
def _key_store() -> Iterator:
    from app.core.config import get_settings
    from app.store.factory import open_repository
    from app.store.keys import ApiKeyStore

    settings = get_settings()
    repo = open_repository(settings.store_url, settings.number_matched_max)
    try:
        yield ApiKeyStore(repo.engine)
    finally:
        repo.close()


@keys_app.command("create")
def create(
    name: str = typer.Option(..., "--name", help="Who or what uses the key."),
    scope: list[str] = typer.Option(
        ["read", "write"],
        "--scope",
        help="read, write (ingest; delete what it stored), admin (delete anything); "
        "repeat for several.",
    ),
) -> None:
    """Create a key and print it once on stdout; only its salted hash is stored."""
    from app.services.keys import create_key

    with _key_store() as store:
        created = create_key(store, name, scope)
    typer.echo(created.key)
    scopes = " ".join(sorted(created.record.scopes))
    typer.echo(
        f"key {created.record.id} ({created.record.name}, scopes: {scopes}) created; "
        "it is shown only once: "
        "send it as `X-API-Key: KEY` or `Authorization: Bearer KEY`",
        err=True,
    )


@keys_app.command("list")
def list_keys(
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Every key: id, name, created, revoked (never the key itself)."""
    with _key_store() as store:
        records = store.list()
    for record in records:
        row = {
            "id": record.id,
            "name": record.name,
            "created_at": record.created_at.isoformat(),
            "revoked_at": record.revoked_at.isoformat() if record.revoked_at else None,
            "scopes": sorted(record.scopes),
        }
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            state = f"revoked {row['revoked_at']}" if record.revoked_at else "active"
            scopes = ",".join(row["scopes"])
            typer.echo(f"{record.id}\t{record.name}\t{scopes}\t{row['created_at']}\t{state}")
    if not records and not as_json:
        typer.echo("no API keys (create one with `geoevents keys create --name NAME`)", err=True)


@keys_app.command("revoke")
def revoke(
    id_or_name: str = typer.Argument(..., help="A key id, or a name (all its keys)."),
) -> None:
    """Revoke a key (by id) or every active key with a name; effective at once."""
    from app.core.errors import NotFound
    from app.services.keys import revoke_key

    with _key_store() as store:
        ids = revoke_key(store, id_or_name)
    if not ids:
        raise NotFound(f"no active key with id or name {id_or_name!r}")
    typer.echo(f"revoked {', '.join(ids)}")


def register(cli: typer.Typer) -> None:
    if not any(group.name == "keys" for group in cli.registered_groups):
        cli.add_typer(keys_app, name="keys")

"""The FastAPI application: ``create_app()`` and the lifespan that loads the geoparser."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import __version__
from app.api import cors, docs, edge, openapi, problems
from app.api.access import Guard
from app.api.routes import ROUTERS
from app.core.config import Settings, get_settings
from app.core.errors import GeoeventsError
from app.core.heap import freeze_loaded

log = logging.getLogger("geoevents")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from app.services.geoparser import load_geoparser

        app.state.geoparser, app.state.load_error = None, None
        try:
            app.state.geoparser = load_geoparser(settings)
        except GeoeventsError as exc:  # serve /health and clear 503s instead of crashing
            log.error("geoparser not loaded: %s", exc.detail)
            app.state.load_error = exc
        app.state.store, app.state.store_error = None, None
        try:  # the article store, migrated to the current schema (Alembic)
            from app.store.factory import open_repository

            app.state.store = open_repository(
                settings.store_url,
                settings.number_matched_max,
                count_ms=settings.number_matched_ms,
            )
        except GeoeventsError as exc:
            log.error("article store not opened: %s", exc.detail)
            app.state.store_error = exc
        log.info("%d objects loaded at start-up left to the process", freeze_loaded())
        yield
        if app.state.geoparser is not None:
            app.state.geoparser.gazetteer.db.close()
        if app.state.store is not None:
            app.state.store.close()

    app = FastAPI(
        title="geoevents",
        version=__version__,
        summary="Places, geometries and events from news text, as GeoJSON.",
        lifespan=lifespan,
        docs_url=None,  # served offline by app.api.docs
        redoc_url=None,
        dependencies=[Guard],  # API keys and the rate limit (app/api/access.py)
    )
    app.state.settings = settings
    app.state.geoparser, app.state.load_error = None, None
    app.state.store, app.state.store_error = None, None
    problems.install(app)
    openapi.install(app)  # every operation's problem+json error responses
    cors.install(app, settings)
    # outermost: Host and NUL checks before CORS and routing
    app.add_middleware(edge.EdgeChecks, allowed_hosts=settings.allowed_host_list)
    docs.install(app)
    for name in ROUTERS:
        app.include_router(importlib.import_module(f"app.api.routes.{name}").router)
    return app

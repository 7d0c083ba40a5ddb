"""The interactive API docs, served without a CDN.

FastAPI's default ``/docs`` page loads Swagger UI from a CDN; analysts often work
offline, so the page's script and style come from the PyPI package ``fastapi-offline``,
which bundles Swagger UI 5 (the first major version that reads OpenAPI 3.1, the version
FastAPI writes). The page carries the same kind of Content-Security-Policy as the map
pages: scripts from the service and the page's own inline script by its hash, connections
only to the service.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.maps.csp import content_security_policy

ASSETS = "/docs-assets"


def install(app: FastAPI) -> None:
    """Add ``/docs`` (Swagger UI) with its assets under ``/docs-assets``."""
    static = files("fastapi_offline") / "static"
    app.mount(ASSETS, StaticFiles(directory=str(static)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} - API docs",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
        )
        html = bytes(page.body).decode()
        page.headers["Content-Security-Policy"] = content_security_policy(html, ["'self'"])
        return page

"""Absolute URLs for links: from ``GEOEVENTS_PUBLIC_URL`` when set, else from the request
(whose ``Host`` the edge has checked against ``GEOEVENTS_ALLOWED_HOSTS``)."""

from __future__ import annotations

from fastapi import Request


def public_base(request: Request) -> str:
    """The service's base URL, without a trailing slash."""
    configured = request.app.state.settings.public_url
    if configured:
        return configured.rstrip("/")
    return str(request.base_url).rstrip("/")


def public_url(request: Request, with_query: bool = False) -> str:
    """The request's own URL on the public base (its query too when ``with_query``)."""
    root = request.scope.get("root_path", "")
    path = request.url.path
    if root and path.startswith(root):
        path = path[len(root) :]
    url = public_base(request) + path
    if with_query and request.url.query:
        url += "?" + request.url.query
    return url

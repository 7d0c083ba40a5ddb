"""HEAD for the GET routes of a router: link checkers, proxies and tile caches ask with
HEAD whether a page or a tile is there and what it is, without its body."""

from __future__ import annotations

import functools
import inspect

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from fastapi.routing import APIRoute


def add_head_routes(router: APIRouter) -> None:
    """A HEAD route for every GET route of ``router``: the same handler, with the same
    parameters and status codes, and the body left out (``Content-Length`` kept)."""
    for route in list(router.routes):
        if isinstance(route, APIRoute) and "GET" in route.methods:
            router.add_api_route(
                route.path.removeprefix(router.prefix),  # the router adds its prefix again
                _without_body(route.endpoint),
                methods=["HEAD"],
                include_in_schema=False,
                response_class=route.response_class,
                name=f"{route.name}_head",
            )


def _without_body(endpoint):
    is_async = inspect.iscoroutinefunction(endpoint)

    @functools.wraps(endpoint)
    async def head(*args, **kwargs) -> Response:
        if is_async:
            response = await endpoint(*args, **kwargs)
        else:
            response = await run_in_threadpool(endpoint, *args, **kwargs)
        if isinstance(response, FileResponse):
            return response  # sends only its headers to a HEAD request
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        headers["Content-Length"] = str(len(response.body))
        return Response(b"", status_code=response.status_code, headers=headers, media_type=None)

    return head

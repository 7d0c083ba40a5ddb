"""RFC 9457 problem details for every error response."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.errors import GeoeventsError

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 413: "Too large"}


def problem(
    status: int, title: str, detail: str, request: Request, type_: str = "about:blank", **extra
) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail}
    body["instance"] = request.url.path
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def install(app: FastAPI) -> None:
    @app.exception_handler(GeoeventsError)
    async def _domain(request: Request, exc: GeoeventsError) -> JSONResponse:
        response = problem(exc.status, exc.title, exc.detail, request, exc.type)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": e.get("msg", "")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
        return problem(422, "Invalid request", detail, request, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = _TITLES.get(exc.status_code, "HTTP error")
        return problem(exc.status_code, title, str(exc.detail), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The server logs the exception and closes the connection after this answer;
        # ``Connection: close`` says so, and a client does not send its next request on
        # a connection about to be reset.
        response = problem(500, "Internal error", "an unexpected error occurred", request)
        response.headers["Connection"] = "close"
        return response

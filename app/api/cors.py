"""CORS for browsers on other origins: off unless ``cors_origins`` lists some.

Starlette's middleware answers a refused preflight with a plain-text 400; here it is an
RFC 9457 problem like every other error.
"""

from __future__ import annotations

import json

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from app.core.config import Settings, cors_origin_list

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemCORSMiddleware(CORSMiddleware):
    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        detail = bytes(response.body).decode("utf-8", "replace")
        body = {"type": "about:blank", "title": "CORS preflight refused", "status": 400}
        body["detail"] = detail
        headers = {k: v for k, v in response.headers.items() if k.lower() == "vary"}
        return Response(json.dumps(body), 400, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def install(app: FastAPI, settings: Settings) -> None:
    """Add the CORS middleware when origins are configured; nothing otherwise."""
    origins = cors_origin_list(settings.cors_origins)
    if not origins:
        return
    app.add_middleware(
        ProblemCORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "HEAD", "POST", "DELETE", "OPTIONS"],
        allow_headers=["Content-Type", "X-API-Key", "Authorization"],
        expose_headers=["Location", "Retry-After", "Link"],
        max_age=600,
    )

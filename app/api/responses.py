"""Responses for the large documents: layer pages of up to 10,000 features, written by
orjson (``app.core.fastjson``) rather than the standard library."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from app.core import fastjson


class FastJSONResponse(JSONResponse):
    def render(self, content: object) -> bytes:
        return fastjson.dumps(content)

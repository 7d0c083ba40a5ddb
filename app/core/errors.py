"""Domain errors. Each knows the HTTP status and CLI exit code it maps to.

The API turns them into RFC 9457 problem documents; the CLI prints the message
and exits with ``exit_code``. Nothing below the API layer imports HTTP types.
"""

from __future__ import annotations


class GeoeventsError(Exception):
    """Base class: a failure the user can act on."""

    status: int = 500
    title: str = "Internal error"
    exit_code: int = 1
    headers: dict[str, str] = {}  # extra HTTP response headers (read-only)

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def type(self) -> str:
        return f"https://geoevents.dev/problems/{self.slug}"

    @property
    def slug(self) -> str:
        name = type(self).__name__
        return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


class InvalidInput(GeoeventsError):
    status = 422
    title = "Invalid input"


class BadQuery(GeoeventsError):
    status = 400
    title = "Bad query"


class TextTooLarge(GeoeventsError):
    status = 413
    title = "Document too large"


class NotFound(GeoeventsError):
    status = 404
    title = "Not found"


class IndexMissing(GeoeventsError):
    """The gazetteer index has not been built (or was removed)."""

    status = 503
    title = "Gazetteer index missing"
    exit_code = 2


class IndexIncompatible(GeoeventsError):
    """The index was built by an incompatible version or is corrupt."""

    status = 503
    title = "Gazetteer index incompatible"
    exit_code = 2


class SourceUnavailable(GeoeventsError):
    """A data source (file or download) could not be read."""

    status = 502
    title = "Data source unavailable"
    exit_code = 2


class MalformedBody(GeoeventsError):
    status = 400
    title = "Malformed request body"


class UnsupportedMediaType(GeoeventsError):
    status = 415
    title = "Unsupported media type"


class StoreUnavailable(GeoeventsError):
    """The article store (SQLite file or PostgreSQL/PostGIS database) cannot be used."""

    status = 503
    title = "Store unavailable"
    exit_code = 2


class Unauthorized(GeoeventsError):
    """No API key, or one that is unknown or revoked, where a key is required."""

    status = 401
    title = "Unauthorized"
    headers = {"WWW-Authenticate": 'Bearer realm="geoevents"'}


class Forbidden(GeoeventsError):
    """A valid API key whose scopes do not allow this request."""

    status = 403
    title = "Forbidden"


class GeoparseTimeout(GeoeventsError):
    """Geoparsing one document took longer than the configured limit."""

    status = 408
    title = "Geoparsing timed out"


class GeoparseFailed(GeoeventsError):
    """Geoparsing one document failed (or one of its stages did, where only whole results
    are kept, as in ingestion); the other documents go on."""

    status = 500
    title = "Geoparsing failed"


class BodyTimeout(GeoeventsError):
    """The request body did not arrive within the time limit (a slow or stalled client)."""

    status = 408
    title = "Request body timed out"
    headers = {"Connection": "close"}


class RateLimited(GeoeventsError):
    """Too many requests from one key (or one client address) in a short time."""

    status = 429
    title = "Too many requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}

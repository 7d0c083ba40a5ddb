"""The Content-Security-Policy of a map page.

Scripts: only files from the service itself and the page's own inline scripts, each
allowed by its SHA-256 hash (no ``'unsafe-inline'``), so no external script runs and no
inline event handler (``onerror=...``) would run even if one slipped into the page.
Connections go only to the service; images come from the service, ``data:`` URLs and the
tile server when one is configured. ``frame-ancestors`` lists who may put the page in an
iframe.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def script_hashes(html: str) -> list[str]:
    """``'sha256-...'`` sources for every inline ``<script>`` element of the page."""
    hashes = []
    for body in _INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def content_security_policy(
    html: str, frame_ancestors: list[str], img_origins: list[str] | None = None
) -> str:
    """The header value for a rendered page; ``frame_ancestors`` as checked by the
    settings (``Settings.map_frame_ancestors``)."""
    scripts = " ".join(["'self'", *script_hashes(html)])
    images = " ".join(["'self'", "data:", *(img_origins or [])])
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "connect-src 'self'",
            "font-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            f"frame-ancestors {' '.join(frame_ancestors)}",
        ]
    )

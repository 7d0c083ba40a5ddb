"""A cooperative deadline for the work on one document.

A thread cannot be stopped from outside, so a time limit only saves CPU if the work
itself looks at the clock. ``deadline(seconds)`` sets a limit for the current context
(thread or task); the geoparsing stages call ``check()`` at cheap, regular points
(between stages, once per sentence or chunk), which raises ``GeoparseTimeout`` once the
limit has passed. Without a deadline ``check()`` is one context-variable lookup.

>>> with deadline(0.5, "geoparsing the document"):   # doctest: +SKIP
...     geoparser.parse(doc)          # GeoparseTimeout after about half a second

The limit lives in a ``contextvars.ContextVar``: it is seen by the code the context runs,
including a worker thread started by ``anyio.to_thread.run_sync`` (which runs the function
in a copy of the caller's context), but a limit set inside such a thread does not leak
back. Nested deadlines: the earlier end wins.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from app.core.errors import GeoparseTimeout


@dataclass(frozen=True, slots=True)
class Deadline:
    end: float
    """``time.monotonic()`` value after which the work stops."""
    seconds: float
    what: str

    def check(self) -> None:
        if time.monotonic() >= self.end:
            raise GeoparseTimeout(f"{self.what} took longer than {self.seconds:g} s")

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())


_CURRENT: ContextVar[Deadline | None] = ContextVar("geoevents_deadline", default=None)


@contextmanager
def deadline(
    seconds: float, what: str = "geoparsing the document", *, end: float | None = None
) -> Iterator[Deadline]:
    """A limit of ``seconds`` from now (or until the monotonic time ``end``, when the
    clock started earlier, e.g. while a request waited for a worker thread) on the
    work done in this context. ``what`` names the work in the error message."""
    new = Deadline(time.monotonic() + seconds if end is None else end, seconds, what)
    outer = _CURRENT.get()
    if outer is not None and outer.end <= new.end:
        new = outer
    token = _CURRENT.set(new)
    try:
        yield new
    finally:
        _CURRENT.reset(token)


def current() -> Deadline | None:
    """The deadline of this context, None without one."""
    return _CURRENT.get()


def check() -> None:
    """Raise ``GeoparseTimeout`` when this context's deadline has passed; nothing without
    a deadline."""
    limit = _CURRENT.get()
    if limit is not None:
        limit.check()

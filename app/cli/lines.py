"""Lines of JSON Lines input, each decoded on its own.

Standard input is read as bytes: one line that is not UTF-8 (a Latin-1 "é" from an old
export, a truncated multi-byte character) is reported with its number and skipped, and
the lines around it are processed as usual.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO


def stdin_bytes() -> BinaryIO:
    """Standard input as bytes (``sys.stdin.buffer``; a bytes stream as it is otherwise)."""
    return getattr(sys.stdin, "buffer", sys.stdin)


def decoded_lines(
    stream: Iterable[bytes] | Iterable[str], bad: Callable[[int, str], None]
) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of each line that is not blank; ``bad(number, message)``
    for each line that is not valid UTF-8. Lines already decoded pass through."""
    for number, raw in enumerate(stream, start=1):
        if isinstance(raw, str):
            line = raw
        else:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad(number, f"not valid UTF-8 (byte {exc.start + 1} of the line); skipped")
                continue
        if line.strip():
            yield number, line

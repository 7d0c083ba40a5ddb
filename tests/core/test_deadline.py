"""The cooperative deadline: raises once passed, nothing without one, nests, and is seen
by a worker thread of ``anyio.to_thread.run_sync`` (which copies the caller's context)."""

import threading
import time

import anyio
import pytest

from app.core.deadline import check, current, deadline
from app.core.errors import GeoparseTimeout


def test_no_deadline_costs_nothing_and_never_raises():
    assert current() is None
    for _ in range(10_000):
        check()
    start = time.perf_counter()
    for _ in range(100_000):
        check()
    assert (time.perf_counter() - start) / 100_000 < 5e-6  # ~0.1 µs here


def test_check_raises_once_passed_with_what_and_limit():
    with deadline(0.05, "geoparsing doc-7") as limit:
        check()
        assert 0 < limit.remaining() <= 0.05
        time.sleep(0.06)
        with pytest.raises(GeoparseTimeout, match=r"geoparsing doc-7 took longer than 0.05 s"):
            check()
    check()  # gone after the block
    assert current() is None


def test_nested_deadlines_the_earlier_end_wins():
    with deadline(0.05, "outer") as outer:
        with deadline(60, "inner") as inner:
            assert inner is outer
            time.sleep(0.06)
            with pytest.raises(GeoparseTimeout, match="outer"):
                check()
        with deadline(0.01, "tighter") as tighter:
            assert tighter.end < outer.end + 0.01 and current() is tighter
        assert current() is outer


def test_deadline_reaches_anyio_worker_threads_and_does_not_leak_back():
    seen = {}

    def in_thread():
        seen["outer"] = current()
        seen["thread"] = threading.get_ident()
        with deadline(0.0, "in the thread"):
            seen["inner"] = current()
        time.sleep(0.03)
        check()  # the outer deadline, copied into this thread's context

    async def main():
        with deadline(0.02, "the request"):
            with pytest.raises(GeoparseTimeout, match="the request"):
                await anyio.to_thread.run_sync(in_thread)
            seen["after"] = current()

    anyio.run(main)
    assert seen["thread"] != threading.get_ident()
    assert seen["outer"].what == "the request" and seen["inner"].what == "in the thread"
    assert seen["after"].what == "the request"  # the thread's own deadline stayed there
    assert current() is None


def test_a_deadline_set_in_a_thread_is_not_seen_by_other_threads():
    errors = []

    def other():
        try:
            check()
        except GeoparseTimeout as exc:
            errors.append(exc)

    with deadline(0.0, "here only"):
        thread = threading.Thread(target=other)  # a plain thread starts with a new context
        thread.start()
        thread.join()
        with pytest.raises(GeoparseTimeout):
            check()
    assert errors == []

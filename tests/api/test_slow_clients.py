"""A client that trickles its request body gets 408 and its connection closed within the
body time limit (issue 15, item 6), against a real ``geoevents serve``."""

from __future__ import annotations

import socket
import time

import pytest

from tests.live_server import LiveServer
from tests.support import default_settings, need_file

LIMIT = 2.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need_file(default_settings().gazetteer_path)
    tmp = tmp_path_factory.mktemp("slow")
    env = {
        "GEOEVENTS_DATABASE_URL": f"sqlite:///{tmp / 'store.sqlite'}",
        "GEOEVENTS_BODY_TIMEOUT": str(LIMIT),
    }
    with LiveServer(env, log=tmp / "server.log") as server:
        yield server


def trickle(server: LiveServer, path: str, give_up_after: float = 4 * LIMIT) -> tuple[bytes, float]:
    """POST ``path`` declaring 1,000 bytes and sending one every half second; what the
    server answered and when it closed the connection (seconds, or ``give_up_after``)."""
    start = time.monotonic()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    ).encode()
    answer = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(head + b"[")
        sock.settimeout(0.5)
        while time.monotonic() - start < give_up_after:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                try:
                    sock.sendall(b" ")
                except OSError:  # closed by the server
                    return answer, time.monotonic() - start
                continue
            except OSError:
                return answer, time.monotonic() - start
            if not chunk:  # closed by the server
                return answer, time.monotonic() - start
            answer += chunk
    return answer, give_up_after


@pytest.mark.parametrize("path", ["/v1/geoparse", "/v1/articles", "/v1/maps/render"])
def test_a_trickled_body_gets_408_and_the_connection_closes(server, path):
    answer, closed_after = trickle(server, path)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b"application/problem+json" in answer
    assert closed_after < LIMIT + 2, f"the connection stayed open {closed_after:.1f} s"


def test_the_server_still_answers_after_slow_clients(server):
    import httpx

    assert httpx.get(f"{server.url}/health", timeout=5).status_code == 200

"""Headless Chromium driven over the DevTools protocol, to look at pages as a person would.

Debian's ``/usr/bin/chromium`` (installed by ``make chromium``), a fresh profile per
browser, and a resolver that sends every host name but 127.0.0.1 nowhere, so a page that
tries to load something from the internet fails visibly instead of reaching out. Every
request the page makes is recorded (``Page.requests``), as are script errors and console
messages.

>>> with Chromium() as browser:                       # doctest: +SKIP
...     page = browser.page()
...     page.open("http://127.0.0.1:8000/v1/maps/events", until="window.GeoEvents")
...     page.evaluate("document.querySelectorAll('.ge-event').length")
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from websocket import WebSocketTimeoutException, create_connection

CHROMIUM = Path(os.environ.get("GEOEVENTS_CHROMIUM", "/usr/bin/chromium"))
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    "--window-size=1280,800",
    # nothing but loopback resolves: an attempt to reach a CDN is recorded and fails
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
_LISTENING = re.compile(r"DevTools listening on (ws://\S+)")


class BrowserError(RuntimeError):
    pass


class Chromium:
    """One headless browser with its own profile directory; a context manager."""

    def __init__(self, binary: Path = CHROMIUM, timeout: float = 30.0) -> None:
        self.binary = binary
        self.timeout = timeout
        self.profile = Path(tempfile.mkdtemp(prefix="geoevents-chromium-"))
        self.process: subprocess.Popen | None = None
        self.connection: _Connection | None = None

    def __enter__(self) -> Chromium:
        self.process = subprocess.Popen(
            [
                str(self.binary),
                *FLAGS,
                f"--user-data-dir={self.profile}",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        url = self._devtools_url()
        self.connection = _Connection(create_connection(url, timeout=self.timeout))
        return self

    def _devtools_url(self) -> str:
        assert self.process is not None and self.process.stderr is not None
        deadline = time.monotonic() + self.timeout
        seen = []
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            match = _LISTENING.search(line)
            if match:
                # keep reading what Chromium logs, or it blocks on a full pipe
                threading.Thread(target=self._drain, daemon=True).start()
                return match.group(1)
        raise BrowserError("Chromium did not start: " + "".join(seen[-20:]))

    def _drain(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        for _ in self.process.stderr:
            pass

    def __exit__(self, *exc: object) -> None:
        if self.connection is not None:
            self.connection.close()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def page(self, width: int = 1280, height: int = 800) -> Page:
        """A new tab, with network, console and script errors recorded."""
        assert self.connection is not None
        target = self.connection.call("Target.createTarget", {"url": "about:blank"})
        attached = self.connection.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
        )
        page = Page(self.connection, attached["sessionId"], self.timeout, target["targetId"])
        page.call("Network.enable")
        page.call("Runtime.enable")
        page.call("Page.enable")
        page.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        return page


class _Connection:
    """One WebSocket to the browser; commands of every tab go over it (flat sessions)."""

    def __init__(self, socket) -> None:
        self.socket = socket
        self.next_id = 0
        self.listeners: dict[str, list] = {}

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        """Send a command without waiting for its reply; its id."""
        self.next_id += 1
        message: dict = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        return self.next_id

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        sent = self.send(method, params, session)
        while True:
            reply = self.receive()
            if reply.get("id") == sent:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def receive(self, timeout: float | None = None) -> dict:
        if timeout is not None:
            self.socket.settimeout(timeout)
        try:
            message = json.loads(self.socket.recv())
        finally:
            if timeout is not None:
                self.socket.settimeout(None)
        if "method" in message:
            for listener in self.listeners.get(message.get("sessionId", ""), []):
                listener(message)
        return message

    def close(self) -> None:
        self.socket.close()


class Page:
    def __init__(
        self, connection: _Connection, session: str, timeout: float, target: str = ""
    ) -> None:
        self.connection = connection
        self.target = target
        self.session = session
        self.timeout = timeout
        self.requests: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self._ids: dict[str, str] = {}
        connection.listeners.setdefault(session, []).append(self._event)

    def call(self, method: str, params: dict | None = None) -> dict:
        return self.connection.call(method, params, self.session)

    def close(self) -> None:
        self.connection.listeners.pop(self.session, None)
        self.connection.call("Target.closeTarget", {"targetId": self.target})

    def _event(self, message: dict) -> None:
        method, params = message["method"], message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
            self._ids[params["requestId"]] = params["request"]["url"]
        elif method == "Network.loadingFailed":
            url = self._ids.get(params["requestId"], "?")
            self.failed.append((url, params.get("errorText", "")))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            exception = details.get("exception", {})
            text = exception.get("description") or exception.get("value") or details.get("text")
            where = f"{details.get('url', '')}:{details.get('lineNumber')}"
            self.errors.append(f"{text} at {where}")
        elif method == "Runtime.consoleAPICalled":
            args = [str(a.get("value", a.get("description", ""))) for a in params["args"]]
            self.console.append(f"{params['type']}: {' '.join(args)}")

    def open(self, url: str, until: str = "document.readyState === 'complete'") -> None:
        """Load ``url`` and wait until the JavaScript expression ``until`` is true."""
        self.call("Page.navigate", {"url": url})
        self.wait_for(until)

    def open_post(self, url: str, body: dict, until: str) -> None:
        """Load ``url`` as a POST of ``body`` (JSON): the navigation's request is paused and
        sent on as a POST, so the page and its response headers are the real ones."""
        self.call("Fetch.enable", {"patterns": [{"urlPattern": url, "requestStage": "Request"}]})
        paused: list[dict] = []
        self.connection.listeners[self.session].append(
            lambda m: paused.append(m["params"]) if m["method"] == "Fetch.requestPaused" else None
        )
        self.connection.send("Page.navigate", {"url": url}, self.session)  # replies when sent
        deadline = time.monotonic() + self.timeout
        while not paused and time.monotonic() < deadline:
            self.pump(0.1)
        if not paused:
            raise BrowserError(f"the request to {url} was not sent")
        data = json.dumps(body).encode()
        self.call(
            "Fetch.continueRequest",
            {
                "requestId": paused[0]["requestId"],
                "method": "POST",
                "postData": base64.b64encode(data).decode(),
                "headers": [{"name": "Content-Type", "value": "application/json"}],
            },
        )
        self.call("Fetch.disable")
        self.wait_for(until)

    def wait_for(self, expression: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            try:
                if self.evaluate(f"!!({expression})"):
                    return
            except BrowserError:
                pass
            self.pump(0.1)
        raise BrowserError(
            f"timed out waiting for {expression!r}; errors: {self.errors}; "
            f"failed requests: {self.failed}; console: {self.console[-5:]}"
        )

    def pump(self, seconds: float) -> None:
        """Handle the browser's events for a while."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                self.connection.receive(timeout=left)
            except WebSocketTimeoutException:
                return

    def evaluate(self, expression: str):
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise BrowserError(str(result["exceptionDetails"].get("exception", result)))
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def outside_requests(self, host: str = "127.0.0.1") -> list[str]:
        """Requests to anywhere but ``host`` (``data:`` and ``about:`` URLs stay inside)."""
        outside = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "about", "blob"):
                continue
            if parts.hostname != host:
                outside.append(url)
        return outside

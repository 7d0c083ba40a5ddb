"""The API docs page works offline: no script or style from another host."""

import re

from tests.browser import CHROMIUM, Chromium
from tests.live_server import LiveServer
from tests.support import default_settings, need_file


def test_docs_page_and_its_assets_are_served_locally(client):
    page = client.get("/docs")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy.split(";")[1]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources, "the page should reference its script and style"
    assert all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert "https://" not in page.text.split("SwaggerUIBundle")[0]
    assert client.get("/openapi.json").json()["info"]["title"] == "geoevents"
    assert client.get("/redoc").status_code == 404


def test_docs_page_renders_the_operations_in_chromium(tmp_path):
    """Swagger UI must read FastAPI's OpenAPI 3.1 document: the operations are drawn, no
    request leaves 127.0.0.1, no script fails and the page's policy blocks nothing."""
    need_file(default_settings().gazetteer_path)
    need_file(CHROMIUM)
    env = {"GEOEVENTS_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}"}
    with LiveServer(env, log=tmp_path / "server.log") as server, Chromium() as browser:
        page = browser.page()
        page.open(
            f"{server.url}/docs",
            until="document.querySelectorAll('.opblock-summary-path').length > 0"
            " || document.body.innerText.includes('Unable to render')",
        )
        paths = page.evaluate(
            "[...document.querySelectorAll('.opblock-summary-path')]"
            ".map(e => e.getAttribute('data-path') || e.textContent)"
        )
        assert "/v1/geoparse" in paths, page.evaluate("document.body.innerText.slice(0, 500)")
        assert "/v1/articles" in paths
        assert page.outside_requests() == [], page.outside_requests()
        assert page.errors == [], page.errors
        assert [c for c in page.console if "Content Security Policy" in c] == []
        page.close()

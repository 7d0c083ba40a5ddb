"""The API docs page works offline: no script or style from another host."""

import re


def test_docs_page_and_its_assets_are_served_locally(client):
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources, "the page should reference its script and style"
    assert all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert "https://" not in page.text.split("SwaggerUIBundle")[0]
    assert client.get("/openapi.json").json()["info"]["title"] == "geoevents"
    assert client.get("/redoc").status_code == 404

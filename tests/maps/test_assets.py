"""The static files of the map pages come from installed packages, and nothing else is
served from them."""

import pytest

from app.core.errors import NotFound
from app.maps import assets


def test_every_file_a_page_loads_is_installed():
    for path in assets.page_assets():
        file, media_type = assets.resolve(path)
        assert file.is_file() and file.stat().st_size > 500, path
        assert media_type.startswith(("text/javascript", "text/css")), path


def test_leaflet_comes_from_its_package_and_its_css_images_resolve():
    file, _ = assets.resolve(assets.LEAFLET_JS)
    assert "xstatic" in file.parts and "leaflet" in file.parts
    css = assets.resolve(assets.LEAFLET_CSS)[0].read_text()
    assert "images/layers.png" in css
    assert assets.resolve("vendor/leaflet/images/layers.png")[1] == "image/png"


@pytest.mark.parametrize(
    "path",
    [
        "vendor/leaflet/../leaflet_markercluster/data/MarkerCluster.css",
        "vendor/leaflet/../../../../../etc/passwd",
        "/etc/passwd.js",
        "vendor/leaflet/leaflet.js.map",
        "vendor/leaflet/__init__.py",
        "vendor/leaflet.heat/heat_map.js",
        "vendor/leaflet.heat/leaflet_heat.min.js",
        "geoevents/../render.py",
        "nothing/here.js",
    ],
)
def test_nothing_else_is_served(path):
    with pytest.raises(NotFound):
        assets.resolve(path)

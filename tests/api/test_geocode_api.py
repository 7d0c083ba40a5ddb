import pytest

PROBLEM = "application/problem+json"


def test_geocode_ranks_news_spellings(client):
    r = client.get("/v1/geocode", params={"q": "al-Bukamal", "country": "SY", "limit": 3})
    assert r.status_code == 200
    [first, *_] = r.json()["features"]
    assert first["id"] == "geonames:174448"
    props = first["properties"]
    assert props["country_code"] == "SY" and props["feature_type"] == "town"
    assert props["population"] > 10_000 and 0 < props["score"] <= 1
    assert props["matched_name"]
    assert props["match_method"] == "exact"


def test_geocode_finds_a_romanisation_by_its_phonetic_key(client):
    """GeoNames spells Qala i Naw "Qal'ah-ye Now", "Kala-i-Nao"..., not "Qala-e-Naw"."""
    r = client.get("/v1/geocode", params={"q": "Qala-e-Naw", "country": "AF", "limit": 3})
    assert r.status_code == 200
    [first, *_] = r.json()["features"]
    assert first["id"] == "geonames:1129867"
    assert first["properties"]["match_method"] == "phonetic"


@pytest.mark.parametrize(
    "q, gid",
    [
        ("Wales", "geonames-admin1:GB:WLS"),  # the whole of a code Natural Earth splits up
        ("Texas", "naturalearth:admin1:USA-3536"),
        ("Heathrow Airport", "airport:LHR"),
    ],
)
def test_geocode_ranks_a_province_and_an_airport_before_villages(client, q, gid):
    r = client.get("/v1/geocode", params={"q": q, "limit": 3})
    assert r.status_code == 200
    assert r.json()["features"][0]["id"] == gid


def test_reverse_finds_town_admin1_and_country(client):
    r = client.get("/v1/reverse", params={"lat": 34.45, "lon": 40.92})
    assert r.status_code == 200
    roles = {f["properties"]["role"]: f for f in r.json()["features"]}
    assert roles["nearest_place"]["id"] == "geonames:174448"
    assert roles["country"]["properties"]["country_code"] == "SY"
    assert "Zawr" in roles["admin1"]["properties"]["name"]


@pytest.mark.parametrize(
    "params, status",
    [
        ({"q": ""}, 400),
        ({"q": "   "}, 400),
        ({"q": "x" * 201}, 400),
        ({"q": "Homs", "limit": 0}, 422),
        ({"q": "Homs", "limit": 51}, 422),
        ({"q": "Homs", "country": "Syria"}, 422),
    ],
)
def test_geocode_bad_input(client, params, status):
    r = client.get("/v1/geocode", params=params)
    assert r.status_code == status and r.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize(
    "params", [{"lat": 91, "lon": 0}, {"lat": 0, "lon": -181}, {"lat": "x", "lon": 0}, {"lon": 0}]
)
def test_reverse_bad_input(client, params):
    r = client.get("/v1/reverse", params=params)
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)


def test_health_and_ready(client):
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready").json()
    assert ready["status"] == "ready"
    assert ready["gazetteer"]["counts_by_feature_type"]["country"] > 200


def test_missing_index_is_a_clear_503(tmp_path):
    from fastapi.testclient import TestClient

    from app.core.config import Settings
    from app.main import create_app

    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        r = client.get("/v1/geocode", params={"q": "Homs"})
        assert r.status_code == 503 and "geoevents gazetteer build" in r.json()["detail"]
        assert client.get("/ready").status_code == 503
        assert client.get("/health").status_code == 200

"""An article's publication date: found in its byline when not given (``date_basis``),
and corrected with ``PATCH /v1/articles/{id}``, which re-dates its events. On SQLite and
PostGIS."""

import uuid

PROBLEM = "application/problem+json"


def _event_dates(fc: dict) -> set[str]:
    return {
        f["properties"].get("date_start")
        for f in fc["features"]
        if f["properties"].get("kind") == "event"
    }


def test_a_byline_dates_the_article_and_a_patch_corrects_it(store_client):
    text = (
        f"Clashes near Homs\n\nSyria Monitor, June 11, 2018\n\nHeavy clashes broke out in Homs"
        f" on Monday between the army and rebels, residents said. (report {uuid.uuid4().hex[:8]})"
    )
    created = store_client.post("/v1/articles", json={"text": text, "source": "SM"})
    assert created.status_code == 201, created.text
    article_id = created.json()["id"]
    fc = store_client.get(f"/v1/articles/{article_id}").json()
    assert fc["published_at"] == "2018-06-11" and fc["date_basis"] == "byline"
    assert _event_dates(fc) == {"2018-06-11"}  # "on Monday": June 11, 2018 was a Monday

    patched = store_client.patch(
        f"/v1/articles/{article_id}",
        json={"published_at": "2019-03-06", "title": "Clashes in Homs", "url": "https://x.org/a"},
    )
    assert patched.status_code == 200, patched.text
    fc = patched.json()
    assert fc["id"] == article_id and fc["title"] == "Clashes in Homs"
    assert fc["url"] == "https://x.org/a" and fc["source"] == "SM"  # not given: unchanged
    assert fc["published_at"] == "2019-03-06" and fc["date_basis"] == "given"
    assert _event_dates(fc) == {"2019-03-04"}  # the Monday before
    events = store_client.get("/v1/layers/events", params={"article_id": article_id})
    assert events.status_code == 200, events.text
    dates = {f["properties"].get("date_start") for f in events.json()["features"]}
    assert dates == {"2019-03-04"}  # the stored layer too, not only the article

    back = store_client.patch(f"/v1/articles/{article_id}", json={"published_at": None})
    assert back.status_code == 200, back.text
    assert back.json()["published_at"] == "2018-06-11"
    assert back.json()["date_basis"] == "byline"


def test_bad_patches(store_client):
    missing = store_client.patch("/v1/articles/0000000000000000", json={"title": "x"})
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    text = f"Protests in Aleppo. (report {uuid.uuid4().hex[:8]})"
    article_id = store_client.post("/v1/articles", json={"text": text}).json()["id"]
    for body, status in (
        ({"published_at": "yesterday"}, 422),
        ({"colour": "red"}, 422),
        (["a list"], 422),
    ):
        r = store_client.patch(f"/v1/articles/{article_id}", json=body)
        assert r.status_code == status, r.text
        assert r.headers["content-type"] == PROBLEM
    r = store_client.patch(
        f"/v1/articles/{article_id}", content="x", headers={"Content-Type": "text/plain"}
    )
    assert r.status_code == 415

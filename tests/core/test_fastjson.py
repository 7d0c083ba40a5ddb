"""The fast JSON codec reads and writes what the standard library does."""

import json
import math

from app.core import fastjson


def test_reads_what_the_standard_library_wrote():
    value = {"name": "Dayr az-Zawr", "score": 0.87, "actors": ["SAA", "ISIS"], "n": None}
    assert fastjson.loads(json.dumps(value)) == value
    assert fastjson.loads(json.dumps(value).encode()) == value


def test_reads_nan_an_older_store_holds():
    """The standard library writes NaN, which is not JSON; orjson refuses it."""
    value = fastjson.loads(json.dumps({"score": float("nan")}))
    assert math.isnan(value["score"])


def test_writes_compact_utf8_json_with_nan_as_null_and_keys_as_strings():
    data = fastjson.dumps({"name": "Ḥomṣ", "score": float("nan"), 3: [1, 2.5]})
    assert data == '{"name":"Ḥomṣ","score":null,"3":[1,2.5]}'.encode()
    assert json.loads(data) == {"name": "Ḥomṣ", "score": None, "3": [1, 2.5]}

"""A document that takes long to geoparse: sentences naming many different countries (each
name a place to resolve against all the others, and a polygon to draw). 5 000 characters
take about 10 s on the test machine (2026-11, 2 shared cores); the names come from the
gazetteer itself."""

from __future__ import annotations

from app.gazetteer.lookup import Gazetteer


def slow_text(gazetteer: Gazetteer, chars: int = 5_000) -> str:
    entries = sorted(
        (entry for entry, _ in gazetteer.db.with_geometry("country")),
        key=lambda e: (-e.population, e.gid),
    )
    names = [e.name for e in entries if e.name.isascii() and e.name.replace(" ", "").isalpha()]
    sentences, size, i = [], 0, 0
    while size < chars:
        a, b, c = (names[(i + k) % len(names)] for k in range(3))
        sentence = f"Shelling was reported in {a}, near {b}, and troops clashed outside {c}."
        sentences.append(sentence)
        size += len(sentence) + 1
        i += 3
    return " ".join(sentences)[:chars]

"""Which stages the geoparser runs: the one place that composes ``app.geoparse`` (places)
with the stages after it (``app.geoparse.derived``, ``app.events``).

The geoparser itself knows only the ``PostProcessor`` contract, so that the packages of
the stages it runs need not import one another (the event stage reads a geoparser's
``ParseResult``; the geoparser does not know the event stage).

>>> geoparser = load_geoparser(get_settings())                   # doctest: +SKIP
>>> places_only = load_geoparser(get_settings(), stages=False)    # doctest: +SKIP
"""

from __future__ import annotations

from app.core.config import Settings
from app.events.stage import EventStage
from app.gazetteer.lookup import Gazetteer
from app.geoparse.derived import DerivedPlaces
from app.geoparse.pipeline import Geoparser, load_nlp


def load_geoparser(settings: Settings, stages: bool = True) -> Geoparser:
    """The geoparser with its later stages (derived places, events); ``stages=False``:
    places only, the spaCy model loaded only if something asks for ``nlp``."""
    gazetteer = Gazetteer.open(settings.gazetteer_path)
    if not stages:
        return Geoparser(gazetteer, lambda: load_nlp(settings.spacy_model), settings.max_text_chars)
    nlp = load_nlp(settings.spacy_model)
    return Geoparser(
        gazetteer,
        nlp,
        settings.max_text_chars,
        (DerivedPlaces(gazetteer), EventStage.load(settings, nlp)),
    )

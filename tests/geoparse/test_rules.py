"""Every recognition signal has a rule (or a finding step), an example and a weight, and
every example, run through the real recogniser, gives its signal."""

from __future__ import annotations

import re

import pytest

from app.gazetteer.normalize import name_key
from app.geoparse.recognize import Entity, recognize
from app.geoparse.rules import FOUND, MENTION_RULES, NAME_RULES
from app.geoparse.signals import Signal
from app.geoparse.weights import UNWEIGHED, WEIGHTS

EXAMPLES = [
    *((rule.signal, rule.example) for rule in (*NAME_RULES, *MENTION_RULES)),
    *FOUND.items(),
]
_MARK = re.compile(r"\[([^\]|]+)(?:\|([A-Z_]+))?\]")


def parse_example(example: str) -> tuple[str, set[str], list[Entity], tuple[int, int]]:
    """The text of an example, the names the test gazetteer knows (those in brackets), the
    NER spans (``[Name|GPE]``) and the span of the first marked name.

    >>> parse_example("in [Arlington], [Va].")[0]
    'in Arlington, Va.'
    """
    text, known, entities, spans = "", set(), [], []
    last = 0
    for m in _MARK.finditer(example):
        text += example[last : m.start()]
        start = len(text)
        text += m.group(1)
        spans.append((start, len(text)))
        known.add(name_key(m.group(1)))
        if m.group(2):
            entities.append(Entity(start, len(text), m.group(2)))
        last = m.end()
    text += example[last:]
    return text, known, entities, spans[0]


@pytest.mark.parametrize(("signal", "example"), EXAMPLES, ids=lambda v: str(v)[:40])
def test_the_example_gives_its_signal(signal: Signal, example: str) -> None:
    text, known, entities, (start, end) = parse_example(example)
    mentions = recognize(text, entities, lambda keys: {k for k in keys if k in known})
    found = [m.signals for m in mentions if m.start <= start < m.end]
    assert found, f"no mention of {text[start:end]!r} in {text!r}"
    assert any(signal in signals for signals in found), found


def test_every_signal_has_a_rule_or_a_finding_step() -> None:
    ruled = {rule.signal for rule in (*NAME_RULES, *MENTION_RULES)}
    assert set(Signal) - ruled - set(FOUND) == set()
    assert ruled & set(FOUND) == set(), "a signal is given by a rule or a finding step, not both"


def test_every_rule_has_an_example() -> None:
    assert all(example.strip() for _, example in EXAMPLES)


def test_every_signal_has_a_weight_or_a_declared_reader() -> None:
    assert set(WEIGHTS) == set(Signal)
    assert {s for s, w in WEIGHTS.items() if w == 0.0} == set(UNWEIGHED)
    assert all(reason.strip() for reason in UNWEIGHED.values())


def test_a_signal_without_a_weight_is_an_error_not_a_zero() -> None:
    with pytest.raises(KeyError):
        WEIGHTS["prpe"]  # type: ignore[index]

"""The event trigger lexicon: words that report an event, mapped to ACLED's taxonomy.

Curated in ``geodata/event_triggers.csv`` (``forms,event_type,sub_event_type,strength,
agent_role,note``); a deployment adds its own rows with ``GEOEVENTS_EVENT_TRIGGERS_PATH``.
``sub_event_type`` values starting with ``@`` are typed by context (``@territory`` by who
took the place, ``@attack``/``@kill`` by the victims, ``@explosion`` by the weapon,
``@property`` by who did it, ``@found`` by what was found: a body). A ``weak`` trigger
("advance", "operation", "struck") does not make an event on its own unless a place and
a weapon, an armed actor, civilian victims or (for protests) a crowd come with it.

>>> lexicon = TriggerLexicon([TriggerEntry(("shelled",), "Explosions/Remote violence",
...     "Shelling/artillery/missile attack")])
>>> [(m.text, m.entry.sub_event_type) for m in lexicon.find("Troops shelled Homs.")]
[('shelled', 'Shelling/artillery/missile attack')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.core.csvfile import csv_rows
from app.core.errors import SourceUnavailable
from app.events.types import EVENT_TYPES, SUB_EVENT_TYPES

CONTEXT_TYPES = ("@territory", "@attack", "@kill", "@explosion", "@property", "@found")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    forms: tuple[str, ...]
    event_type: str
    sub_event_type: str
    strength: str = "strong"
    agent_role: str = "actor1"
    """The role of the trigger's grammatical subject: ``actor1``, or ``actor2`` for
    "repelled" (the subject defended)."""

    @property
    def weak(self) -> bool:
        return self.strength == "weak"


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    start: int
    end: int
    text: str
    entry: TriggerEntry


class TriggerLexicon:
    """Finds trigger words in text, longest form first, case-insensitively.

    Matching walks the text's words once and looks each up by its first word (a form
    never starts or ends inside a hyphenated word: "anti-protest" is not "protest"),
    which stays fast however many forms the lexicon holds."""

    def __init__(self, entries: Iterable[TriggerEntry]) -> None:
        self.entries = tuple(entries)
        by_form: dict[tuple[str, ...], TriggerEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                by_form[_form_key(form)] = entry  # later rows (user files) win
        self._by_form = by_form
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for key in sorted(by_form, key=len, reverse=True):
            by_first.setdefault(key[0], []).append(key)
        self._by_first = by_first

    @classmethod
    def load(cls, *paths: Path | None) -> TriggerLexicon:
        entries: list[TriggerEntry] = []
        for path in paths:
            if path is not None:
                entries.extend(read_triggers(path))
        return cls(entries)

    def find(self, text: str) -> list[TriggerMatch]:
        tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        firsts = self._by_first
        matches = []
        i = 0
        while i < len(tokens):
            # most words start no form: skip them without the call
            length = self._longest_at(text, tokens, i) if tokens[i][0] in firsts else 0
            if length:
                start, end = tokens[i][1], tokens[i + length - 1][2]
                key = tuple(t[0] for t in tokens[i : i + length])
                matches.append(TriggerMatch(start, end, text[start:end], self._by_form[key]))
                i += length
            else:
                i += 1
        return matches

    def _longest_at(self, text: str, tokens: list[tuple[str, int, int]], i: int) -> int:
        for key in self._by_first.get(tokens[i][0], ()):
            n = len(key)
            if i + n > len(tokens):
                continue
            if all(tokens[i + k][0] == key[k] for k in range(1, n)) and all(
                not text[tokens[i + k][2] : tokens[i + k + 1][1]].strip() for k in range(n - 1)
            ):
                return n
        return 0


_TOKEN = re.compile(r"[\w-]+|[/']")
"""Words (hyphenated ones whole) and the marks forms may contain ("group/activity")."""


def _form_key(form: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _TOKEN.findall(form))


def read_triggers(path: Path) -> list[TriggerEntry]:
    """Rows of a trigger CSV; SourceUnavailable for a missing file or a bad row."""
    entries = []
    for number, row in csv_rows(path, "the event trigger lexicon"):
        event_type = (row.get("event_type") or "").strip()
        sub_type = (row.get("sub_event_type") or "").strip()
        forms = tuple(f.strip().lower() for f in (row.get("forms") or "").split("|") if f.strip())
        known = SUB_EVENT_TYPES.get(event_type, ())
        if not forms or event_type not in EVENT_TYPES:
            raise SourceUnavailable(f"{path}, line {number}: needs forms and an ACLED event_type")
        if sub_type not in known and sub_type not in CONTEXT_TYPES:
            raise SourceUnavailable(
                f"{path}, line {number}: unknown sub_event_type {sub_type!r} for {event_type}"
            )
        strength = (row.get("strength") or "strong").strip() or "strong"
        role = (row.get("agent_role") or "actor1").strip() or "actor1"
        entries.append(TriggerEntry(forms, event_type, sub_type, strength, role))
    return entries

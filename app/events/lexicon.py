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
_WORD = re.compile(r"[^\W\d_]+")


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
    """Finds trigger words in text, longest form first, case-insensitively."""

    def __init__(self, entries: Iterable[TriggerEntry]) -> None:
        self.entries = tuple(entries)
        by_form: dict[str, TriggerEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                by_form[form.lower()] = entry  # later rows (user files) win
        self._by_form = by_form
        forms = sorted(by_form, key=len, reverse=True)
        body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
        self._first_words = frozenset(_WORD.findall(" ".join(f.split()[0] for f in by_form)))

    @classmethod
    def load(cls, *paths: Path | None) -> TriggerLexicon:
        entries: list[TriggerEntry] = []
        for path in paths:
            if path is not None:
                entries.extend(read_triggers(path))
        return cls(entries)

    def find(self, text: str) -> list[TriggerMatch]:
        matches = []
        for m in self._pattern.finditer(text):
            key = " ".join(m.group(0).lower().split())
            matches.append(TriggerMatch(m.start(), m.end(), m.group(0), self._by_form[key]))
        return matches

    def search(self, text: str) -> bool:
        """Whether ``text`` has any trigger (a cheap pre-filter before parsing)."""
        if self._first_words.isdisjoint(_WORD.findall(text.lower())):
            return False
        return self._pattern.search(text) is not None


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

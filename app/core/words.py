"""Word sets written as one string, the way the rule modules list their vocabulary."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A set of words written as one string, split on white space.

    >>> sorted(words("in on  at\\n in"))
    ['at', 'in', 'on']
    """
    return frozenset(text.split())

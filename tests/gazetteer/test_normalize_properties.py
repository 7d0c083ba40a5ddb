"""Properties of the name keys, over generated text (Hypothesis)."""

import re
import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.gazetteer.normalize import (
    ARTICLES,
    FATHER_OF,
    LEADING_ABBREVIATIONS,
    name_key,
    variant_key,
)

KEY = re.compile(r"^([0-9a-z]+( [0-9a-z]+)*)?$")
"""Lowercase ASCII letters and digits, tokens joined by single spaces."""

words = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=12).filter(
    lambda w: w not in ARTICLES | FATHER_OF | set(LEADING_ABBREVIATIONS)
)
any_text = st.text(max_size=80)
separators = st.sampled_from(["-", " ", " - ", "\u2010", "_"])
"""Hyphens and spaces separate; apostrophes join ("Ma'arrat" -> "maarrat"), see below."""


@settings(max_examples=300, deadline=None)
@given(any_text)
@example("Ālbū Kamāl")
@example("دير الزور")
@example("al- -al abu")
def test_name_key_is_folded_ascii_and_idempotent(name):
    key = name_key(name)
    assert KEY.match(key), key
    assert name_key(key) == key


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=string.ascii_letters + " -'", max_size=40))
def test_name_key_ignores_case(name):
    assert name_key(name.upper()) == name_key(name.lower()) == name_key(name)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(ARTICLES)), separators, words, st.booleans())
def test_a_leading_article_is_dropped(article, sep, word, capital):
    article = article.capitalize() if capital else article
    assert name_key(f"{article}{sep}{word}") == name_key(word) == word


@settings(max_examples=200, deadline=None)
@given(words, st.sampled_from(sorted(ARTICLES)), words)
def test_an_inner_article_is_dropped_and_a_final_one_kept(first, article, last):
    assert name_key(f"{first} {article}-{last}") == f"{first} {last}"
    assert name_key(f"{first} {article}") == f"{first} {article}"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(FATHER_OF)), st.sampled_from(["", "al-", "el "]), words)
def test_abu_is_joined_to_the_next_word(father, article, word):
    assert name_key(f"{father.capitalize()} {article}{word}") == f"bu{word}"


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_variant_key_never_raises_and_is_empty_or_long_enough(name):
    variant = variant_key(name_key(name))
    assert variant == "" or len(variant.replace(" ", "")) >= 4
    assert KEY.match(variant)


@given(words, words)
def test_apostrophes_join_rather_than_separate(first, second):
    for apostrophe in ("'", "\u2019", "\u02bf"):
        assert name_key(f"{first}{apostrophe}{second}") == first + second

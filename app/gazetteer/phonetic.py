"""A phonetic key for romanised Arabic, Persian, Pashto, Kurdish and Somali names.

News, ACLED and GeoNames romanise the same name differently: "Khan Sheikhoun" and
"Khān Shaykhūn", "Tell Tamer" and "Tall Tamr", "Shaddadi" and "Ash Shaddādah". The
exact and variant keys of ``app.gazetteer.normalize`` keep the vowels, which these
spellings disagree on; the phonetic key keeps what they agree on: the consonants (with
the letters romanisations confuse merged), whether the word opens with a vowel (an
ayn, an alif), and the words for "eastern", "upper"... in either language. It collides
far more than the other keys, so a match on it only proposes candidates: the lookup
tries it when the name and its variant find nothing, and the resolver weighs it less.

Every rule is registered below with a name and the spellings it reconciles; the tests
check each example.

>>> phonetic_key("Khan Sheikhoun") == phonetic_key("Khān Shaykhūn")
True
>>> phonetic_key("Tell Tamer") == phonetic_key("Tall Tamr")
True
>>> phonetic_key("Shaddadi") == phonetic_key("Ash Shaddādah")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from app.gazetteer.normalize import is_latin, tokens

VOWELS = "aeiou"
MIN_SYMBOLS = 3
"""A key with fewer letters than this ("dm" for Douma) would match too many places;
such names get no phonetic key (the variant key still matches Douma and Dūmā). A
direction word counts as one letter."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the key: what it does to a word and two spellings it reconciles."""

    name: str
    apply: Callable[[str], str]
    example: tuple[str, str]


def _sub(pattern: str, repl: str) -> Callable[[str], str]:
    compiled = re.compile(pattern)
    return lambda word: compiled.sub(repl, word)


DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(["eastern", "east", "sharqi", "sharqiya", "sharqiyah", "sharqiyeh",
                     "sharqia", "shargi", "shargiya", "sharki", "sharkiya"], "=east"),
    **dict.fromkeys(["western", "west", "gharbi", "gharbiya", "gharbiyah", "gharbiyeh",
                     "gharbia", "garbi", "gharbiye"], "=west"),
    **dict.fromkeys(["northern", "north", "shamali", "shamaliya", "shamaliyah", "shimali",
                     "shamaliyeh"], "=north"),
    **dict.fromkeys(["southern", "south", "janubi", "janubiya", "janubiyah", "jnubi",
                     "janoubi", "janoubiyeh"], "=south"),
    **dict.fromkeys(["upper", "ulya", "olya", "oulya", "fauqani", "fawqani",
                     "bala", "ulia"], "=upper"),
    **dict.fromkeys(["lower", "sufla", "sifla", "soufla", "tahtani", "tahtaniyah",
                     "payin", "pain"], "=lower"),
}  # fmt: skip
""""Eastern", "upper"... and the Arabic and Persian words that romanisations keep
("ash Sharqiyah", "al Ulya", "Bala", "Payin"): one token each, whatever the language."""

EZAFE = frozenset({"e", "i", "ye", "yi", "y"})
"""The Persian and Pashto ezafe, written as a word of its own ("Qala-e-Naw",
"Qal'ah-ye Now"), or left out ("Qala Naw")."""

WORD_RULES: tuple[Rule, ...] = (
    Rule("direction words", lambda w: DIRECTIONS.get(w, w),
         ("Eastern Ghouta", "Al Ghutah ash Sharqiyah")),
    Rule("ezafe", lambda w: "" if w in EZAFE else w, ("Qala-e-Naw", "Qal'ah-ye Now")),
)  # fmt: skip
"""Rules on whole words, after ``normalize.tokens`` has folded case, diacritics,
apostrophes and hyphens, dropped the article (al-, el-, ad-, ar-, as-, ash-, at-, az-)
and joined "Abu" to its word."""

LETTER_RULES: tuple[Rule, ...] = (
    Rule("dj is j", _sub("dj", "j"), ("Djerba", "Jerba")),
    Rule("sh is one letter", _sub("sh", "S"), ("Qamishli", "Qamişlo")),
    Rule("kh is h", _sub("kh", "h"), ("Kharasta", "Harasta")),
    Rule("gh is g", _sub("gh", "g"), ("Ghazni", "Gazni")),
    Rule("dh, th and z are one", _sub("dh|th|z", "z"), ("Dhi Qar", "Thi Qar")),
    Rule("q, k and g are one", _sub("[qg]|ck", "k"), ("Qamishli", "Kamishli")),
    Rule("ph is f", _sub("ph", "f"), ("Phalluja", "Falluja")),
    Rule("v is w", _sub("v", "w"), ("Vardak", "Wardak")),
    Rule("a word-initial ou or u before a vowel is w", _sub(r"^(?:ou|u)(?=[aeio])", "w"),
         ("Ouadi Khaled", "Wadi Khaled")),
    Rule("ou and oo are u", _sub("ou|oo", "u"), ("Sheikhoun", "Shaykhun")),
    Rule("doubled letters are single", _sub(r"(.)\1+", r"\1"), ("Tall Rifat", "Tal Rifat")),
    Rule("iy before a vowel is i", _sub(r"iy(?=[aeiou])", "i"), ("Hamidiyah", "Hamidia")),
    Rule("y and w after a vowel and not before one are vowels",
         _sub(r"(?<=[aeiou])[yw](?![aeiou])", "a"), ("Huwayjah", "Hawija")),
    Rule("a final h after a vowel is silent", _sub(r"(?<=[aeiouy])h$", ""),
         ("Hasakah", "Hasaka")),
    Rule("y at the end of a word is a vowel", _sub(r"(?<=[^aeiou])y$", "i"),
         ("Shaddady", "Shaddadi")),
    Rule("a word-initial vowel is one letter", _sub(r"^[aeiou]+", "@"),
         ("Tal Afar", "Tall 'Afar")),
    Rule("vowels inside a word are left out", _sub("[aeiou]+", ""), ("Tell Tamer", "Tall Tamr")),
)  # fmt: skip
"""Rules on the letters of each word, in order; later rules see earlier results."""

RULES: tuple[Rule, ...] = WORD_RULES + LETTER_RULES


def _word(word: str) -> str:
    for rule in WORD_RULES:
        word = rule.apply(word)
    if not word or word.startswith("="):
        return word
    for rule in LETTER_RULES:
        word = rule.apply(word)
    return word


@lru_cache(maxsize=200_000)
def phonetic_key(name: str) -> str:
    """The phonetic key of a name: its words' consonant skeletons, sorted ("Eastern
    Ghouta" and "al-Ghouta ash-Sharqiya" agree). '' for a name not in Latin letters or
    with a key too short to tell places apart (``MIN_SYMBOLS``).

    >>> phonetic_key("Tal Rifaat") == phonetic_key("Tall Rif'at")
    True
    >>> phonetic_key("Douma")
    ''
    """
    if not is_latin(name):
        return ""
    folded = name.replace("ş", "sh").replace("Ş", "Sh")  # Turkish and Kurdish Latin
    words = sorted(w for w in (_word(t) for t in tokens(folded)) if w)
    if not words or all(w.startswith("=") for w in words):
        return ""
    key = " ".join(words)
    if sum(1 if w.startswith("=") else len(w) for w in words) < MIN_SYMBOLS:
        return ""
    return key


ROMANISED_COUNTRIES = frozenset(
    # the Arab League
    {"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS",
     "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE", "EH"}
    # Persian, Pashto, Urdu and Kurdish names; Somali, Tigrinya and Arabic names of the
    # Horn and the Sahel; Arabic names in Israel and Turkey
    | {"AF", "IR", "PK", "TR", "ET", "ER", "TD", "ML", "NE", "IL"}
)  # fmt: skip
"""Countries whose places' names get a phonetic key: where names are romanised from
Arabic, Persian, Pashto, Kurdish or Somali, as the rules assume. Elsewhere a name's
consonants say little ("Biden" and Badin), and a key would only add false matches."""


def phonetic_keys_for(country_code: str | None) -> bool:
    """Whether the names of a place in this country get a phonetic key."""
    return country_code in ROMANISED_COUNTRIES

"""Place-name recognition: gazetteer names in capitalised runs, judged by their context.

Candidates are the longest gazetteer names inside runs of capitalised words (with
articles like al-/Abu/de inside), all-capital acronyms the gazetteer spells that way
("US", "UK"), abbreviations ("W.Va.", "Calif."), and names that cue phrases introduce
even when the gazetteer does not know them ("the town of X", "the villages of A, B and
C", "X Valley"), so that those can be reported as unresolved instead of lost.

Each mention carries the evidence around it as ``signals``; the resolver weighs them
against what the gazetteer says (``app.geoparse.resolve``):

* for a place: a locative preposition before it (``prep``: "in", "near"), a following
  qualifier (``qualified``: "Arlington, Va."), a dateline (``dateline``), a noun it
  modifies ("a Toronto man", "the Cottonport area": ``modifier``), a cue noun (``cue``),
  an organisation or facility it names ("Alexandria Police": ``org``), a direction
  ("Northeast Georgia": ``direction``), a political affiliation ("D-Ill.": ``party``);
* against: being part of a longer name that is no place ("Paul Taylor":
  ``name-part``), a person's context (a title before, "said" or an age after, or a
  word the document uses in a person's name: ``person``), an owner's possessive before a
  property noun ("Wilson's Farm": ``owner``), a common word at the start of a sentence
  (``common``), a headline (``titlecase``), a street ("Royal Street": ``street``), an
  acronym (``acronym``).

Statistical NER spans, when given, add ``ner:LABEL`` (a place label) or
``inside:LABEL`` (another label) and may add names no other rule found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from app.core.words import words as _wordset
from app.gazetteer.normalize import ARTICLES, FATHER_OF, LEADING_ABBREVIATIONS, name_key
from app.geoparse.types import Mention

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NON_PLACE_LABELS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"}
MAX_NGRAM = 6

CUE_NOUNS = {
    "town": "town",
    "towns": "town",
    "village": "village",
    "villages": "village",
    "city": "city",
    "cities": "city",
    "valley": "valley",
    "river": "river",
    "province": "admin1",
    "governorate": "admin1",
    "district": "admin1",
    "state": "admin1",
    "county": "county",
    "co": "county",  # "Plymouth Co."
    "parish": "county",
    "region": "region",
    "area": "area",
    "outskirts": "area",
    "countryside": "area",
    "desert": "region",
    "mountains": "mountain",
    "mount": "mountain",
    "lake": "lake",
    "island": "island",
}
"""Nouns that introduce a place name ("the town of X") or follow one ("X Valley")."""

GENERIC_AFTER = {
    "valley": "valley",
    "river": "river",
    "province": "admin1",
    "governorate": "admin1",
    "district": "admin1",
    "county": "county",
    "co": "county",  # "Plymouth Co."
    "parish": "county",
    "region": "region",
    "area": "area",
    "desert": "region",
    "mountains": "mountain",
    "lake": "lake",
    "island": "island",
    "islands": "island",
}
"""Capitalised words closing a place name ("Euphrates Valley", "Laurel County")."""
GENERIC_ABBREVIATIONS = frozenset({"co"})
"""Abbreviated generic words, which close a place name only after a known one."""

STREET_WORDS = _wordset(
    """
    street st road rd avenue ave boulevard blvd drive lane ln highway hwy way parkway
    pkwy pike circle terrace trail alley expressway freeway turnpike bypass plaza square
    """
)
"""Words that make "X Street" a street, not the place X."""

ORG_WORDS = _wordset(
    """
    police department dept sheriff sheriff's fire rescue ems council commission board
    school schools high middle elementary academy college university institute hospital
    medical health clinic center centre airport station church cathedral mosque temple
    synagogue bank press times post news herald journal tribune gazette chronicle
    observer star sun daily record register courier telegraph examiner club association
    society chamber museum library zoo stadium arena mall hotel theater theatre
    community public federal regional metro transit airlines airways railway railroad
    patrol army navy guard national international group company co inc corp ltd party
    government assembly parliament senate house legislature office agency authority
    service services bureau ministry committee union league federation foundation fund
    trust alliance coalition network broadcasting radio tv television fc united city-
    county jail prison court courthouse correctional convention festival fair marathon
    open cup games olympics symphony orchestra ballet opera zoning planning housing
    utilities water power electric energy gas oil industries industry motors hospitals
    clinics museums parks park conference district's wing summit congress
    """
)
"""Head words of organisations and facilities: "Alexandria Police", "Toronto General
Hospital". A place name that starts such a name still names the place."""

SCHOOL_WORDS = _wordset("university college school academy institute seminary")
"""Head words of schools, named after their founders as often as their towns ("Cornell
University", "Loyola University")."""

PROPERTY_WORDS = _wordset(
    """
    village farm farms ranch bridge mill inn tavern pub bar grill cafe
    café diner bakery kitchen restaurant store shop pharmacy garden gardens
    orchard orchards vineyard vineyards landing ferry crossing saloon motel lodge
    """
)
"""Nouns of a property called after its owner: "Eva's Village", "Wilson's Farm", "Estey's
Bridge" name a person's place, not the place Eva or Wilson. Not "house": "Ohio's House"
is the state's legislature."""
_OWNER_BEFORE = re.compile(r"^['’]s?\s+(?P<noun>[A-Z][a-zé]+)\b(?!\s+[A-Z])")
"""A possessive and a capitalised noun ending the name: "Wilson's Farm", not "Texas' Farm
Bureau", where the place names an organisation."""

DIRECTIONS = _wordset(
    """
    north south east west northern southern eastern western northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern central
    greater upstate downstate downtown rural outer inner upper lower coastal mid
    """
)

TITLES = _wordset(
    """
    mr mrs ms miss dr gov sen rep gen lt sgt capt col maj cpl pvt adm cmdr det insp supt
    officer deputy sheriff judge justice president vice chairman chairwoman chair
    minister secretary chief coach pastor rev reverend father sister brother bishop
    mayor councilman councilwoman commissioner director spokesman spokeswoman trooper
    detective attorney prosecutor prof professor king queen prince princess pope sir
    lord lady dame corporal sergeant lieutenant captain colonel general senator
    representative governor congressman congresswoman assemblyman assemblywoman rabbi
    imam sheikh dean principal superintendent manager ceo chancellor ambassador premier
    saint st
    """
)
"""Words before a person's name ("Gov. Mark Sanford", "Officer Baker")."""
TITLE_SAINT = frozenset({"saint", "st"})
STATE_TITLES = frozenset({"gov", "governor"})
"""Titles after a place name that make it a state or province ("Texas Gov. Perry")."""

CALENDAR_WORDS = _wordset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december christmas easter
    thanksgiving ramadan passover halloween hanukkah jan feb mar apr jun jul aug sep sept
    oct nov dec mon tue tues wed thu thur thurs fri sat sun
    """
)
POLITICAL_WORDS = _wordset(
    """
    republican republicans democrat democrats democratic liberal liberals conservative
    conservatives labour socialist socialists communist communists independent
    """
)
SECTION_WORDS = _wordset(
    """
    section division unit ward zone sector block lot phase chapter article part league
    god lord heaven union justice peace hope liberty freedom unity victory commerce culture
    media human big little grand great royal state city county town village north south
    east west
    """
)  # "St. Louis" is a place, "Saint" only a hint

PERSON_AFTER = re.compile(
    r"^(?:\s+(?:said|says|told|added|asked|explained|noted|wrote|stated|testified|argued"
    r"|claimed|recalled|replied|admitted|agreed|announced|insisted|warned|believes|thinks"
    r"|was\s+(?:born|arrested|charged|sentenced|elected|hired|named)|himself|herself"
    r"|administration|campaign|presidency)\b"
    r"|,\s*(?:who|whose)\b|,\s*\d{1,3},|\s+\(\d{1,3}\)|\s+Jr\b|\s+Sr\b|\s+I{2,3}\b)",
)
PREP_STRONG = _wordset(
    """
    in at near outside across throughout around from into toward towards within via
    between through inside nearby
    """
)
PREP_WEAK = _wordset(
    """
    to of for by on
    """
)
PLACE_PREPOSITIONS = PREP_STRONG | {"to"}
"""Prepositions after which a lone name is taken as a place by ``_person_words``."""
ABBREVIATIONS = (
    _wordset(
        """
        ala ariz ark calif cal colo conn del fla ga ill ind kan kans ky la md mass mich minn
        miss mo mont neb nebr nev okla ore oreg pa penn tenn tex vt va wash wis wisc wyo
        alta sask man ont que nfld mex co mt ft pt ste
        """
    )
    | TITLES
)
"""Abbreviations written with a stop (state and province abbreviations, titles): the stop
after them does not end the sentence ("Arlington, Va. The mayor", "Gen. Smith")."""
_SENTENCE_END_AFTER = re.compile(r"\.(?:\s*$|\s+[\"“'‘(]?[A-Z])")
"""A stop that ends a sentence: at the end of the text or before a capitalised word."""
_PREP_BEFORE = re.compile(
    r"(?P<prep>\b[A-Za-z]+)\s+(?:(?:the|downtown|northern|southern|eastern|western|central"
    r"|rural|suburban|greater|nearby|neighboring|neighbouring)\s+)?$"
)
_OF_DIRECTION = re.compile(
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
MODIFIER_AFTER = re.compile(
    r"^(?:-based|-area|\s+(?:area|areas|residents?|natives?|man|woman|men|women|boy|girl"
    r"|teen|couple|family|families|police|officials|authorities|county|city|town|township"
    r"|metro|region|suburbs?|neighborhoods?|downtown|campus|branch|office|offices|plant"
    r"|factory|mayor|council|schools?|airport|border|coast|province|state|government"
    r"|native|headquarters)\b)"
)
"""Lowercase nouns a place name modifies: "a Toronto man", "the Cottonport area"."""

_WORD = re.compile(
    r"(?:[A-Z]\.){2,}(?![A-Za-z])"  # U.S., D.C., N.J., P.E.I.
    r"|[A-Z]\.[A-Z][a-z]{1,3}\."  # W.Va.
    r"|[^\W\d_][\w'’]*",
    re.UNICODE,
)
_POSSESSIVE = re.compile(r"(?:['’](?:s|ll|d|ve|re|m)|n['’]t|['’])$", re.IGNORECASE)
"""Endings left out of a word: possessives ("Gainesville's") and contractions ("I'll")."""
_JOINERS = {" ", "-", "‐", "–"}
_CONNECTORS = ARTICLES | FATHER_OF | {"de", "del", "la", "le", "du", "bin", "ibn", "um", "umm"}
_ENGLISH_CONNECTORS = {"at", "an", "as", "en", "on", "un", "et", "es", "ed", "er", "ad", "ar", "il"}
"""Article forms that are English words: they join a name only with a hyphen ("as-Suwayda")."""
_INNER_ONLY = {"of"}  # "Gulf of Aden"; never "on"/"and", which join separate names
_CUE_BEFORE = re.compile(
    r"\b(?:the\s+)?(?P<noun>" + "|".join(sorted(CUE_NOUNS, key=len, reverse=True)) + r")\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_DIRECTION_BEFORE = re.compile(
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)? $"
    r"|\b(?:central|rural|greater|outer) $",
    re.IGNORECASE,
)
_THE_BEFORE = re.compile(
    r"\b[Tt]he\s+(?:(?:north|south|east|west|[a-z]+(?:al|ic|ern))\s+){0,2}$"
)  # "the Atlantic", "the tropical Atlantic", "the eastern tropical Atlantic"
_NOUN_AFTER = re.compile(
    r"^\s+(?!(?:and|or|of|in|on|at|to|for|from|with|by|as|is|are|was|were|has|have|had|will"
    r"|would|can|could|said|says|where|which|that|who|when|while|but|after|before|since"
    r"|ocean|sea|coast|basin|region|islands?)\b)[a-z]{3,}\b"
)
"""A lowercase word after a name that makes it a modifier ("the Manhattan tycoon"), not
a verb, a preposition or a word naming the area itself ("the Atlantic coast")."""
_ASSOCIATIVE_BEFORE = re.compile(r"\b(?:pro|anti)-$", re.IGNORECASE)
_ASSOCIATIVE_AFTER = re.compile(
    r"^-(?:led|backed|based|born|allied|controlled|held|made|funded|sponsored|supported)\b"
    r"|^[ -](?:dollars?|euros?|pounds?|rupees?|yen|yuan|francs?|lira|pesos?|shillings?|"
    r"dinars?|riyals?|rials?|naira|cedis?|rand|rubles?|roubles?|hryvnias?|takas?|"
    r"afghanis?)\b",
    re.IGNORECASE,
)
"""After the name: "US-led", and a currency ("the US dollar", "Lebanese pounds")."""
_PARTY_BEFORE = re.compile(r"\b[DRI]-$")
LIST_SEPARATOR = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*)$")


def listed_together(text: str, a: Mention, b: Mention) -> bool:
    """Whether ``b`` follows ``a`` in one list of names ("Homs, Hama and Idlib")."""
    between = text[a.end : b.start]
    return bool(LIST_SEPARATOR.match(between)) and "\n" not in between


_QUALIFIER_SEPARATOR = re.compile(r"^(?:,\s*|\s+\()$")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”'‘’(\[]|\n|—|--)\s*$")
_DATELINE_AFTER = re.compile(
    r"^(?:\s*,\s*[A-Z][\w.]*)?\s*(?:\((?:AP|Reuters|AFP|UPI|CNN|dpa|Xinhua)\)|(?:\(\w+\)\s*)?(?:—|–|--|-\s))"
)
_DETERMINERS = _wordset(
    """
    a an the this that these those another each every both several many most some all no
    any his her their our my your its in on at by for from with of to and or but if when
    while as after before since until because although though so not
    """
)
_FUNCTION_WORDS = _wordset(
    """
    a an the this that these those it its he she they we you i his her their our my your
    in on at by for from with of to and or but if then when while as after before since
    until because although though so not no yes all any some every each many much more
    most other such what which who whom whose where why how there here also only just
    even still yet again once however meanwhile according last next first new old today
    yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december mr mrs
    ms dr is are was were be been being have has had do does did will would can could
    should shall might must
    """
)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()

    @property
    def connector(self) -> bool:
        return self.text.lower() in _CONNECTORS

    @property
    def lower(self) -> str:
        return self.text.lower().rstrip(".")

    @property
    def is_acronym(self) -> bool:
        letters = self.text.replace(".", "")
        return letters.isupper() and len(letters) <= 5


def words(text: str) -> list[Token]:
    """Word tokens; a possessive or contracted ending ("Gainesville's", "I'll") is left
    out of the word."""
    out = []
    for m in _WORD.finditer(text):
        start, end, word = m.start(), m.end(), m.group(0)
        possessive = _POSSESSIVE.search(word)
        if possessive and possessive.start() > 0:
            end -= len(possessive.group(0))
            word = word[: len(word) - len(possessive.group(0))]
        out.append(Token(start, end, word))
    return out


@lru_cache(maxsize=64)
def tokens_and_runs(text: str) -> tuple[list[Token], list[list[Token]]]:
    """``words`` and ``capitalized_runs`` of ``text``, kept for the last texts (a batch of
    documents): the pipeline asks for them more than once per document. The lists are
    shared: read only."""
    tokens = words(text)
    return tokens, capitalized_runs(text, tokens)


def capitalized_runs(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Maximal runs of capitalised words (with articles like al-/Abu/de inside),
    joined by a single space or hyphen."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for tok in tokens:
        gap = text[current[-1].end : tok.start] if current else ""
        joined = (
            current
            and (gap in _JOINERS or (gap == ". " and _is_initial_or_abbreviation(current[-1])))
            and not _case_break(current[-1], tok)
        )
        connector = tok.connector and (
            tok.text not in _ENGLISH_CONNECTORS or text[tok.end : tok.end + 1] in "-‐–"
        )
        if tok.capitalized and tok.lower in CALENDAR_WORDS:
            if current:  # "Alexandria Friday night": a date is no part of a name
                runs.append(current)
            runs.append([tok])
            current = []
        elif tok.capitalized or (connector and (not current or joined)):
            if current and not joined:
                runs.append(current)
                current = []
            current.append(tok)
        elif tok.text.lower() in _INNER_ONLY and joined:
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [trimmed for run in runs if (trimmed := _trim(text, run))]


def _shouting(token: Token) -> bool:
    letters = token.text.replace(".", "")
    return len(letters) > 1 and letters.isalpha() and letters.isupper()


def _case_break(left: Token, right: Token) -> bool:
    """Upper-case words next to title-case ones are two names, not one: a dateline
    without its dash ("LONDON The Latest"), a broadcaster or bank before a city ("CTV
    Saskatoon", "HSBC Malta"), a country code before a title ("US President")."""
    return (
        right.capitalized
        and left.capitalized
        and _shouting(left) != _shouting(right)
        and not (len(right.text) == 1 or len(left.text) == 1)
    )


def _is_initial_or_abbreviation(token: Token) -> bool:
    """A middle initial ("Tyrise M. Bell") or a leading abbreviation ("St. Cloud",
    "Ft. Worth"): it joins the names around it."""
    return (len(token.text) == 1 and token.text.isupper()) or token.lower in LEADING_ABBREVIATIONS


def _trim(text: str, run: list[Token]) -> list[Token]:
    while run and not run[-1].capitalized:
        run = run[:-1]
    while (
        len(run) > 1
        and run[0].lower in _DETERMINERS
        and _SENTENCE_END.search(text[max(0, run[0].start - 3) : run[0].start])
    ):
        run = run[1:]  # ". An Alexandria man", but "the area of At Tanf" keeps its article
    while run and not run[0].capitalized and not run[0].connector:
        run = run[1:]
    # "D-Oakland", "R-Ky.": a party letter is no part of the name
    if len(run) > 1 and run[0].text in ("D", "R", "I") and text[run[0].end : run[1].start] == "-":
        run = run[1:]
    return run


def ngrams(run: list[Token]) -> Iterable[tuple[int, int]]:
    """(i, j) token index ranges of sub-spans that may be names (no dangling connector)."""
    for i in range(len(run)):
        if run[i].text.lower() in _INNER_ONLY:
            continue
        for j in range(i + 1, min(len(run), i + MAX_NGRAM) + 1):
            if run[j - 1].capitalized:
                yield i, j


def cue_before(text: str, start: int) -> str | None:
    """The feature-type hint of a cue phrase ending right before ``start``: "the town of"
    gives ``town``; a direction ("eastern al-Suwayda") gives ``area``."""
    before = text[max(0, start - 40) : start]
    m = _CUE_BEFORE.search(before)
    if m:
        return CUE_NOUNS[m.group("noun").lower()]
    return "area" if _DIRECTION_BEFORE.search(before) else None


def is_associative(text: str, start: int, end: int) -> bool:
    """A name used as a modifier ("US-led", "pro-Damascus", "the US dollar"), not as a
    location: it is reported, but says nothing about where the text is."""
    return bool(
        _ASSOCIATIVE_BEFORE.search(text[max(0, start - 5) : start])
        or _ASSOCIATIVE_AFTER.match(text[end : end + 16])
    )


def title_case_ranges(text: str) -> list[tuple[int, int]]:
    """Lines written in Title Case (headlines), where a capital says nothing about names."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        long_words = [w for w in _WORD.findall(line) if len(w) > 3]
        if len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(
            long_words
        ):
            out.append((pos, pos + len(line)))
        pos += len(line)
    return out


def cue_after(run_words: list[str]) -> str | None:
    """The hint of a generic word closing a name ("Euphrates Valley", "Homs Province")."""
    last = run_words[-1].lower()
    if last in GENERIC_ABBREVIATIONS:
        return None  # "Ford Motor Co.": only a known name before it makes "Co." a county
    return GENERIC_AFTER.get(last) if len(run_words) > 1 else None


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str


def recognize(
    text: str,
    entities: list[Entity],
    known_keys: Callable[[list[str]], set[str]],
    skip: Iterable[tuple[int, int]] = (),
    is_common_word: Callable[[int, int], bool] | None = None,
) -> list[Mention]:
    """Place-name mentions of ``text`` with the evidence around them, in text order.

    ``entities`` are NER spans (may be empty); ``known_keys`` says which normalised
    names the gazetteer knows; ``skip`` holds boilerplate ranges; ``is_common_word``
    tells a word capitalised only because it starts a sentence (default: a function
    word, or a word the document also writes in lower case, at a sentence start).
    """
    tokens, runs = tokens_and_runs(text)
    runs = _bridged(text, runs, known_keys)
    if is_common_word is None:
        is_common_word = _common_word_test(text, tokens)
    spans = [(run, i, j) for run in runs for i, j in ngrams(run)]
    keys = [name_key(_span_text(text, run, i, j)) for run, i, j in spans]
    known = known_keys(keys)
    lower_words = {t.text for t in tokens if t.text.islower()}
    person_words = _person_words(text, runs, known, is_common_word, lower_words)

    found: list[Mention] = []
    for run in runs:
        found.extend(_run_mentions(text, run, known, person_words, is_common_word))
    found.extend(_cued(text, runs))
    for ent in entities:
        if ent.label in PLACE_LABELS:
            mention = _entity_mention(text, ent)
            if " " not in mention.text and is_common_word(mention.start, mention.end):
                continue  # "Published" tagged GPE at the start of a sentence
            found.append(mention)

    mentions = _merge(found, entities)
    mentions = _mark_lists(text, mentions)
    headlines = title_case_ranges(text)
    out = []
    skip = list(skip)
    for m in mentions:
        if _inside(m, skip):
            continue
        extra: tuple[str, ...] = ()
        if is_associative(text, m.start, m.end):
            extra += ("associative",)
        if _inside(m, headlines):
            extra += ("titlecase",)
        out.append(replace(m, signals=m.signals + extra) if extra else m)
    return out


def _span_text(text: str, run: list[Token], i: int, j: int) -> str:
    return text[run[i].start : run[j - 1].end]


def _common_word_test(text: str, tokens: list[Token]) -> Callable[[int, int], bool]:
    lower_words = {t.text for t in tokens if t.text.islower()}

    def is_common(start: int, end: int) -> bool:
        word = text[start:end]
        low = word.lower()
        if low in _FUNCTION_WORDS:
            return True
        if len(word) > 1 and word.isupper():
            return False  # "US President-elect": a code, not the word "us"
        if not _SENTENCE_END.search(text[max(0, start - 3) : start]):
            return False
        return low in lower_words

    return is_common


def _person_words(
    text: str,
    runs: list[list[Token]],
    known: set[str],
    is_common_word: Callable[[int, int], bool],
    lower_words: frozenset[str] | set[str] = frozenset(),
) -> set[str]:
    """Surnames the document uses: the last word of a run of two or three capitalised
    words that is no known place and no organisation ("Paul Taylor"), and the words of a
    name after a title ("Gov. Mark Sanford"). "Taylor said" later is the same person.
    Not a run that starts with a word the document writes in lower case ("Air Berlin")
    or ends with a generic word ("a Kettering Republican"), and not a place name the
    document also writes alone after a preposition ("Air Berlin ... a flight to Berlin")."""
    out: set[str] = set()
    placed = _words_after_preposition(text, runs, known)
    for run in runs:
        while run and (run[0].lower in _FUNCTION_WORDS or is_common_word(run[0].start, run[0].end)):
            run = run[1:]  # "Another Gainesville business"
        if not run or any(t.connector or t.is_acronym for t in run):
            continue
        if any(text[a.end : b.start] != " " for a, b in zip(run, run[1:], strict=False)):
            continue  # hyphenated: "Russia-Turkey", "Jean-Paul"
        lowers = [t.lower for t in run]
        if _title_before(text, run[0].start) and len(run) <= 3:
            out.update(lowers)
            continue
        if not 2 <= len(run) <= 3:
            continue
        if name_key(text[run[0].start : run[-1].end]) in known:
            continue
        if any(w in ORG_WORDS or w in DIRECTIONS or w in STREET_WORDS for w in lowers):
            continue
        if any(w in GENERIC_AFTER or w in CUE_NOUNS for w in lowers):
            continue
        if _is_generic_word(lowers[-1]):
            continue  # "a Kettering Republican", "Fargo Police"
        if lowers[0] in lower_words:
            continue  # "Air Berlin", "Environment Canada": a common word, not a first name
        if lowers[-1] in placed:
            continue  # "Air Berlin" and "a flight to Berlin": the place, not a surname
        out.add(lowers[-1])
    return out


_BRIDGES = frozenset({" ", "'s ", "’s ", " and "})
"""Gaps between two runs that a gazetteer name may span: a possessive ("Democratic
People's Republic of Korea"), a change of case ("U.S. Virgin Islands"), "and" ("Trinidad
and Tobago", but not "England and Wales")."""


def _bridged(
    text: str, runs: list[list[Token]], known_keys: Callable[[list[str]], set[str]]
) -> list[list[Token]]:
    """The runs, with neighbours joined where a gazetteer name starts in one and ends in
    the next. "London's Heathrow" and "US President" stay apart: no name spans them."""
    joints = [
        k for k in range(len(runs) - 1) if text[runs[k][-1].end : runs[k + 1][0].start] in _BRIDGES
    ]
    if not joints:
        return runs
    spans = {
        k: [
            name_key(text[runs[k][i].start : runs[k + 1][j - 1].end])
            for i in range(max(0, len(runs[k]) - MAX_NGRAM + 1), len(runs[k]))
            for j in range(1, min(len(runs[k + 1]), MAX_NGRAM - (len(runs[k]) - i)) + 1)
            if runs[k + 1][j - 1].capitalized
        ]
        for k in joints
    }
    known = known_keys([key for keys in spans.values() for key in keys])
    join = {k for k, keys in spans.items() if any(key in known for key in keys)}
    if not join:
        return runs
    out: list[list[Token]] = []
    for k, run in enumerate(runs):
        if k - 1 in join:
            out[-1] = out[-1] + run
        else:
            out.append(run)
    return out


def _words_after_preposition(text: str, runs: list[list[Token]], known: set[str]) -> set[str]:
    """Gazetteer names that stand alone after a locative preposition ("to Berlin", "in
    Taylor"): the document uses them as places. Not a name that owns or modifies what
    follows it ("to Henry's arrest", "in Fairfield hearing")."""
    out = set()
    for run in runs:
        if len(run) != 1 or name_key(run[0].text) not in known:
            continue
        after = text[run[0].end : run[0].end + 40]
        if after[:1] in ("'", "’") or _NOUN_AFTER.match(after):
            continue
        prep = _PREP_BEFORE.search(text[max(0, run[0].start - 40) : run[0].start])
        if prep and prep.group("prep").lower() in PLACE_PREPOSITIONS:
            out.add(run[0].lower)
    return out


def _title_before(text: str, start: int) -> bool:
    before = text[max(0, start - 20) : start]
    m = re.search(r"\b([A-Za-z]+)\.?\s+$", before)
    return bool(m) and m.group(1).lower() in TITLES - TITLE_SAINT


def _run_mentions(
    text: str,
    run: list[Token],
    known: set[str],
    person_words: set[str],
    is_common_word: Callable[[int, int], bool],
) -> list[Mention]:
    """The longest gazetteer names of one run, left to right, with their evidence."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(run):
        j = _longest_known(text, run, i, known)
        if j is None:
            i += 1
            continue
        found.append((i, j))
        i = j
    cuts = [
        j1
        for (_, j1), (i2, _) in zip(found, found[1:], strict=False)
        if j1 == i2 and text[run[j1 - 1].end : run[i2].start] in "-‐–"
    ]  # "Russia-Turkey ties", "Syrian-Iraqi border": each name judged on its own
    out = []
    for i, j in found:
        lo = max([c for c in cuts if c <= i], default=0)
        hi = min([c for c in cuts if c >= j], default=len(run))
        while lo < i and is_common_word(run[lo].start, run[lo].end):
            lo += 1  # "Former New York Gov.": a sentence's first word is no part of the name
        part = run[lo:hi]
        a, b = i - lo, j - lo
        start, end = run[i].start, run[j - 1].end
        signals = ("gazetteer",) + _evidence(text, part, a, b, person_words, is_common_word)
        out.append(Mention(start, end, text[start:end], signals, _run_cue(text, part, a, b)))
    return out


def _longest_known(text: str, run: list[Token], i: int, known: set[str]) -> int | None:
    if run[i].text.lower() in _INNER_ONLY:
        return None
    for j in range(min(len(run), i + MAX_NGRAM), i, -1):
        if run[j - 1].capitalized and name_key(_span_text(text, run, i, j)) in known:
            return j
    return None


def _run_cue(text: str, run: list[Token], i: int, j: int) -> str | None:
    before = cue_before(text, run[i].start) if i == 0 else None
    if i > 0 and run[i - 1].lower in DIRECTIONS:
        before = "area"
    after = GENERIC_AFTER.get(run[j].lower) if j < len(run) else None
    if j < len(run) and run[j].lower in STATE_TITLES:
        after = "admin1"  # "New York Gov. Andrew Cuomo": the state
    return before or after


def _evidence(
    text: str,
    run: list[Token],
    i: int,
    j: int,
    person_words: set[str],
    is_common_word: Callable[[int, int], bool],
) -> tuple[str, ...]:
    """The signals around the gazetteer name ``run[i:j]`` (see the module docstring)."""
    start, end = run[i].start, run[j - 1].end
    name = run[i:j]
    signals: list[str] = []
    embedding = _embedding(text, run, i, j)
    if "name-head" in embedding and not any(t.lower in person_words for t in run[j:]):
        # "Fargo City Commissioner", "a Kettering Republican", "Mississippi State": no
        # person's name follows, so the place names what follows
        embedding = [s if s != "name-head" else "head" for s in embedding]
    signals += embedding
    run_start, run_end = run[0].start, run[-1].end
    before = text[max(0, run_start - 40) : run_start]
    after = text[run_end : run_end + 40]
    if i == 0 or all(t.lower in DIRECTIONS for t in run[:i]):  # "in the South Pacific"
        prep = _PREP_BEFORE.search(before)
        word = prep.group("prep").lower() if prep else ""
        school = j < len(run) and any(t.lower in SCHOOL_WORDS for t in run[j:])
        if (word in PREP_STRONG or _OF_DIRECTION.search(before)) and not school:
            signals.append("prep")
        elif word in PREP_WEAK or word in PREP_STRONG:
            # "at Cornell University": the preposition is the school's, and schools are
            # named after people as often as after places
            signals.append("prep-weak")
        if _PARTY_BEFORE.search(text[max(0, run_start - 3) : run_start]) or (
            run_start >= 2 and _PARTY_BEFORE.search(text[max(0, run_start - 2) : run_start])
        ):
            signals.append("party")
        if _title_before(text, run_start):
            signals.append("person")
        if _THE_BEFORE.search(before) and j == len(run) and not _NOUN_AFTER.match(after):
            # "the Atlantic", "the tropical Atlantic": seldom a town; but "the Washington
            # Post" and "the Manhattan tycoon" are about the longer name or the noun
            signals.append("the")
    if j == len(run):
        if MODIFIER_AFTER.match(after):
            signals.append("modifier")
        if PERSON_AFTER.match(after):
            signals.append("person")
        owned = _OWNER_BEFORE.match(after)
        if owned and owned.group("noun").lower() in PROPERTY_WORDS:
            signals.append("owner")  # "Eva's Village", "Wilson's Farm": the owner's name
    if _is_dateline(text, run, i, j):
        signals.append("dateline")
    if j - i == 1 and _is_generic_word(name[0].lower):
        signals.append("generic-word")  # "University", "Police", "Section", "Republican"
    if len(name) > 1 and name[-1].lower in STREET_WORDS and "street" not in signals:
        signals.append("street")  # "Washington Square", "Church Street": a town's name too
    if name[0].lower in TITLE_SAINT and len(name) > 1 and text[end : end + 2] in ("'s", "’s"):
        signals.append("person")  # "St. Peter's Basilica", "St. Patrick's Day": the saint
    if len(name) == 1 and name[0].is_acronym and not name[0].text.endswith("."):
        signals.append("acronym")
    if (
        len(name) == 1
        and len(name[0].text) <= 5
        and text[end : end + 1] == "."
        and (name[0].lower in ABBREVIATIONS or not _SENTENCE_END_AFTER.match(text[end:]))
    ):  # "Va.", "Calif.", "Gen.", "Ga. officials"; not a name ending a sentence ("Wales. He")
        signals.append("abbrev")
    if j - i == 1 and (
        is_common_word(start, end)
        or (i == 0 and _SENTENCE_END.search(before[-3:]) and name[0].lower in _FUNCTION_WORDS)
    ):
        signals.append("common")
    if len(run) == j - i and all(t.lower in person_words for t in name):
        signals.append("person-name")
    if _QUALIFIER_SEPARATOR.match(text[end : end + 3]) or text[end : end + 2] == ", ":
        signals.append("comma-after")
    if text[max(0, start - 2) : start] == ", ":
        signals.append("comma-before")
    return tuple(dict.fromkeys(signals))


def _embedding(text: str, run: list[Token], i: int, j: int) -> list[str]:
    """How a name sits inside a longer capitalised run."""
    if i == 0 and j == len(run):
        return []
    out = ["embedded"]
    left = run[i - 1] if i > 0 else None
    right = run[j:]
    rights = [t.lower for t in right]
    if rights and rights[0] in STREET_WORDS:
        return out + ["street"]
    if left is not None:
        if left.lower in DIRECTIONS:
            out.append("direction")
        elif left.lower in _INNER_ONLY:
            out.append("org")  # "University of Alabama", "Gulf of Aden"
        elif left.is_acronym and len(left.text) > 1:
            out.append("org")  # "CTV Winnipeg", "CBC Toronto"
        elif left.lower in ORG_WORDS and i == len(run) - (j - i) and left.lower != "city":
            out.append("org")  # "Police Toronto" is rare; "Radio Free Europe" is not
        else:
            return out + ["name-part"]
    if rights:
        if rights[0] in GENERIC_AFTER:
            out.append("generic")
        elif rights[0] in TITLES - TITLE_SAINT or (
            len(rights) > 1 and rights[1] in TITLES - TITLE_SAINT - {"president"}
        ):
            out.append("org")  # "Russian President Putin", "British Columbia Finance Minister"
        elif any(w in ORG_WORDS for w in rights) or any(t.is_acronym for t in right):
            out.append("org")  # "Alexandria Police Department", "Gainesville VFW"
        elif "direction" not in out and left is None:
            out.append("name-head")  # "Jackson Browne", but also "Mississippi State"
        elif "direction" not in out:
            out.append("name-part")  # "Paul Stone"
    return out


def _is_generic_word(word: str) -> bool:
    return (
        word in ORG_WORDS
        or word in STREET_WORDS
        or word in DIRECTIONS
        or word in TITLES
        or word in GENERIC_AFTER
        or word in CUE_NOUNS
        or word in CALENDAR_WORDS
        or word in POLITICAL_WORDS
        or word in SECTION_WORDS
    )


def _is_dateline(text: str, run: list[Token], i: int, j: int) -> bool:
    """An upper-case place at the start of a line or paragraph followed by a dash
    ("TORONTO —", "SAN FRANCISCO --"), the wire-story dateline."""
    if i != 0:
        return False
    start = run[0].start
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start].strip(" .\t")
    name = text[start : run[j - 1].end]
    if prefix and not prefix.endswith((".", "?", "!")) and len(prefix) > 3:
        return False
    letters = name.replace(" ", "").replace("-", "")
    return (
        letters.isupper()
        and len(letters) > 2
        and bool(_DATELINE_AFTER.match(text[run[-1].end : run[-1].end + 30]))
    )


def _entity_mention(text: str, ent: Entity) -> Mention:
    start, end = ent.start, ent.end
    for prefix in ("the ", "The ", "pro-", "anti-", "Pro-", "Anti-"):
        if text[start:end].startswith(prefix):
            start += len(prefix)
    for suffix in ("'s", "’s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return Mention(start, end, text[start:end], (f"ner:{ent.label}",))


def _cued(text: str, runs: list[list[Token]]) -> list[Mention]:
    out: list[Mention] = []
    previous_cue: tuple[int, str] | None = None  # (end of the last cued run, cue)
    for run in runs:
        start, end = run[0].start, run[-1].end
        cue = cue_before(text, start)
        signals: tuple[str, ...] = ("cue",)
        if cue is None and previous_cue and LIST_SEPARATOR.match(text[previous_cue[0] : start]):
            cue = previous_cue[1]  # "the villages of A, B and C"
            signals = ("cue", "list-cue")  # or "the town of Lewisburg, West Virginia"
        after = cue_after([t.text for t in run])
        if cue:
            out.append(Mention(start, end, text[start:end], signals, cue))
            previous_cue = (end, cue)
        else:
            previous_cue = None
        if after and not cue:
            out.append(Mention(start, end, text[start:end], ("cue",), after))
    return out


def _merge(found: list[Mention], entities: list[Entity]) -> list[Mention]:
    """Overlapping mentions become the longest one, with every signal and cue."""
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    merged: list[Mention] = []
    for m in found:
        if merged and m.start < merged[-1].end:
            last = merged[-1]
            if m.end - m.start > last.end - last.start:
                last, m = m, last
            signals = last.signals + m.signals
            if "cue" in signals:  # a cue phrase outweighs the doubts of a partial match
                signals = tuple(
                    s for s in signals if s not in ("name-part", "name-head", "embedded")
                )
            merged[-1] = replace(last, signals=tuple(dict.fromkeys(signals)), cue=last.cue or m.cue)
        else:
            merged.append(m)
    if not entities:
        return merged
    out = []
    for m in merged:
        label = next((e.label for e in entities if e.start <= m.start and m.end <= e.end), None)
        if label and f"ner:{label}" not in m.signals:
            m = replace(m, signals=m.signals + (f"inside:{label}",))
        out.append(m)
    return out


def _mark_lists(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions joined by list separators ("Homs, Hama and Idlib") share their evidence:
    each gets ``list``; a list with a well-evidenced member lends ``prep`` to the rest."""
    if len(mentions) < 2:
        return mentions
    groups: list[list[int]] = [[0]]
    for k in range(1, len(mentions)):
        if listed_together(text, mentions[k - 1], mentions[k]):
            groups[-1].append(k)
        else:
            groups.append([k])
    out = list(mentions)
    for group in groups:
        if len(group) < 2:
            continue
        lent = ("prep",) if any("prep" in mentions[k].signals for k in group) else ()
        for k in group:
            out[k] = replace(
                out[k], signals=tuple(dict.fromkeys(out[k].signals + ("list",) + lent))
            )
    return out


def _inside(m: Mention, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s <= m.start and m.end <= e for s, e in ranges)

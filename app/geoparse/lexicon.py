"""The words and context patterns place-name recognition reads.

Word sets (``DIRECTIONS``, ``TITLES``, ``ORG_WORDS``...) and the regular expressions that
look just before or after a name (``PREP_BEFORE``, ``PERSON_AFTER``, ``MODIFIER_AFTER``...).
``app.geoparse.recognize`` finds the names and ``app.geoparse.rules`` turns what these
say into signals; the resolver reads a few of the word sets to strip generic words.
"""

from __future__ import annotations

import re

from app.core.words import words

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
    "district": "district",
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
    "district": "district",
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

STREET_WORDS = words(
    """
    street st road rd avenue ave boulevard blvd drive lane ln highway hwy way parkway
    pkwy pike circle terrace trail alley expressway freeway turnpike bypass plaza square
    """
)
"""Words that make "X Street" a street, not the place X."""

ORG_WORDS = words(
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

SCHOOL_WORDS = words("university college school academy institute seminary")
"""Head words of schools, named after their founders as often as their towns ("Cornell
University", "Loyola University")."""

PROPERTY_WORDS = words(
    """
    village farm farms ranch bridge mill inn tavern pub bar grill cafe
    café diner bakery kitchen restaurant store shop pharmacy garden gardens
    orchard orchards vineyard vineyards landing ferry crossing saloon motel lodge
    """
)
"""Nouns of a property called after its owner: "Eva's Village", "Wilson's Farm", "Estey's
Bridge" name a person's place, not the place Eva or Wilson. Not "house": "Ohio's House"
is the state's legislature."""
OWNER_BEFORE = re.compile(r"^['’]s?\s+(?P<noun>[A-Z][a-zé]+)\b(?!\s+[A-Z])")
"""A possessive and a capitalised noun ending the name: "Wilson's Farm", not "Texas' Farm
Bureau", where the place names an organisation."""

DIRECTIONS = words(
    """
    north south east west northern southern eastern western northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern central
    greater upstate downstate downtown rural outer inner upper lower coastal mid
    """
)

TITLES = words(
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

CALENDAR_WORDS = words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december christmas easter
    thanksgiving ramadan passover halloween hanukkah jan feb mar apr jun jul aug sep sept
    oct nov dec mon tue tues wed thu thur thurs fri sat sun
    """
)
POLITICAL_WORDS = words(
    """
    republican republicans democrat democrats democratic liberal liberals conservative
    conservatives labour socialist socialists communist communists independent
    """
)
SECTION_WORDS = words(
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
PREP_STRONG = words(
    """
    in at near outside across throughout around from into toward towards within via
    between through inside nearby
    """
)
PREP_WEAK = words(
    """
    to of for by on
    """
)
PLACE_PREPOSITIONS = PREP_STRONG | {"to"}
"""Prepositions after which a lone name is taken as a place by ``_person_words``."""
ABBREVIATIONS = (
    words(
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
SENTENCE_END_AFTER = re.compile(r"\.(?:\s*$|\s+[\"“'‘(]?[A-Z])")
"""A stop that ends a sentence: at the end of the text or before a capitalised word."""
PREP_BEFORE = re.compile(
    r"(?P<prep>\b[A-Za-z]+)\s+(?:(?:the|downtown|northern|southern|eastern|western|central"
    r"|rural|suburban|greater|nearby|neighboring|neighbouring)\s+)?$"
)
OF_DIRECTION = re.compile(
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

CUE_BEFORE = re.compile(
    r"\b(?:the\s+)?(?P<noun>" + "|".join(sorted(CUE_NOUNS, key=len, reverse=True)) + r")\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
DIRECTION_BEFORE = re.compile(
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)? $"
    r"|\b(?:central|rural|greater|outer) $",
    re.IGNORECASE,
)
THE_BEFORE = re.compile(
    r"\b[Tt]he\s+(?:(?:north|south|east|west|[a-z]+(?:al|ic|ern))\s+){0,2}$"
)  # "the Atlantic", "the tropical Atlantic", "the eastern tropical Atlantic"
NOUN_AFTER = re.compile(
    r"^\s+(?!(?:and|or|of|in|on|at|to|for|from|with|by|as|is|are|was|were|has|have|had|will"
    r"|would|can|could|said|says|where|which|that|who|when|while|but|after|before|since"
    r"|ocean|sea|coast|basin|region|islands?)\b)[a-z]{3,}\b"
)
"""A lowercase word after a name that makes it a modifier ("the Manhattan tycoon"), not
a verb, a preposition or a word naming the area itself ("the Atlantic coast")."""
ASSOCIATIVE_BEFORE = re.compile(r"\b(?:pro|anti)-$", re.IGNORECASE)
ASSOCIATIVE_AFTER = re.compile(
    r"^-(?:led|backed|based|born|allied|controlled|held|made|funded|sponsored|supported)\b"
    r"|^[ -](?:dollars?|euros?|pounds?|rupees?|yen|yuan|francs?|lira|pesos?|shillings?|"
    r"dinars?|riyals?|rials?|naira|cedis?|rand|rubles?|roubles?|hryvnias?|takas?|"
    r"afghanis?)\b",
    re.IGNORECASE,
)
"""After the name: "US-led", and a currency ("the US dollar", "Lebanese pounds")."""
PARTY_BEFORE = re.compile(r"\b[DRI]-$")
LIST_SEPARATOR = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*)$")

QUALIFIER_SEPARATOR = re.compile(r"^(?:,\s*|\s+\()$")
SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”'‘’(\[]|\n|—|--)\s*$")
DATELINE_AFTER = re.compile(
    r"^(?:\s*,\s*[A-Z][\w.]*)?\s*(?:\((?:AP|Reuters|AFP|UPI|CNN|dpa|Xinhua)\)|(?:\(\w+\)\s*)?(?:—|–|--|-\s))"
)
DETERMINERS = words(
    """
    a an the this that these those another each every both several many most some all no
    any his her their our my your its in on at by for from with of to and or but if when
    while as after before since until because although though so not
    """
)
FUNCTION_WORDS = words(
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

"""The typing table (app/events/typing_rules.py): every rule's example sentence gives the
type the rule says, and the table is complete."""

import pytest

from app.events.lexicon import CONTEXT_TYPES
from app.events.types import EVENT_TYPES, SUB_EVENT_TYPES
from app.events.typing_rules import PLAIN, PRIORITY, RULES
from app.geoparse.types import Document


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_each_rule_example_gives_its_type(geoparser, rule):
    result = geoparser.parse(Document(rule.name, rule.example))
    got = [(e.event_type, e.sub_event_type) for e in result.events]
    assert rule.expect in got, (rule.example, got)


def test_the_table_is_complete():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)), "rule names are unique"
    for rule in RULES:
        assert rule.example.strip() and rule.example.endswith("."), rule.name
        event_type, sub = rule.expect
        assert event_type in EVENT_TYPES and sub in SUB_EVENT_TYPES[event_type], rule.name
    classes = {t for r in RULES for t in r.triggers}
    # every context-typed trigger class has rules, and one that always applies or a
    # reason to give no event (a weak blast word with no weapon, a "body" not found)
    assert set(CONTEXT_TYPES) <= classes
    assert PLAIN in classes
    for sub in (s for subs in SUB_EVENT_TYPES.values() for s in subs):
        if sub not in ("Other", "Change to group/activity", "Headquarters or base established"):
            assert sub in PRIORITY, sub


def test_the_crowd_of_a_riot_is_its_rioters(geoparser):
    text = "In Santiago, Chile, protesters torched metro stations and clashed with riot police."
    result = geoparser.parse(Document("riot", text))
    riots = [e for e in result.events if e.event_type == "Riots"]
    assert riots and [a.name for a in riots[0].actors if a.role == "actor1"] == ["Rioters (Chile)"]


EXPLOSIONS = "Explosions/Remote violence"
CODEBOOK_CASES = [
    # who the sides are decides between a battle, violence against civilians and a riot
    ("Members of the Borana and Gabra communities clashed near Moyale on Sunday.", "Battles"),
    ("Supporters of two rival candidates clashed in Comilla on Sunday.", "Riots"),
    # people named after a community are a communal militia, not a crowd
    ("Borana and Gabra groups clashed over grazing land near Moyale.", "Battles"),
    ("Gabra youths killed two Borana herders near Moyale on Monday.", "Violence against civilians"),
    ("Several people attacked a man in Bhola on Tuesday.", "Riots"),
    # a headline's verb that the tagger reads as a noun ("militia attack traders")
    ("Moran militia attack traders at a market in Narok", "Violence against civilians"),
    ("Bandits attack police post in Mandera", "Battles"),
    # a killing of armed suspects is the fight the arrest or seizure told with it was part of
    ("Police shot dead a robbery suspect and arrested two others in Eldoret.", "Battles"),
    ("A gang suspect was killed by police in Eldoret, three more arrested.", "Battles"),
    ("Police arrested two robbery suspects in Eldoret on Monday.", "Strategic developments"),
    # a self-defense group is a militia, not a crowd
    ("Peacekeepers clashed with a local self-defense group in Bangui on Monday.", "Battles"),
    # what a protest is against is not an event of its own
    ("Activists led demonstrations in Lilongwe against abductions and killings.", "Protests"),
    # what a report says happened, not what it followed or answered
    (
        "In retaliation for an attack on farmers, soldiers clashed with raiders in Marakwet.",
        "Battles",
    ),
    (
        "Kenyan air forces carried out strikes on a militant camp in Gedo in response to an "
        "attack in Lamu.",
        EXPLOSIONS,
    ),
    # the weapon a killing or an attack was done with, not one seized, a death or the air
    ("Police shot dead a suspect and recovered two grenades in Kwale on Monday.", "Battles"),
    (
        "Residents accuse police of killing a man in custody in Garissa and claiming his "
        "death was a suicide.",
        "Violence against civilians",
    ),
    (
        "Israeli forces attacked residents of Qalqiliyah while firing flares into the air.",
        "Violence against civilians",
    ),
    ("Gunmen hurled grenades at worshippers in a church in Garissa, killing two.", EXPLOSIONS),
    # a police officer, a cop or a reservist is an armed side, named or referred to
    ("Gunmen ambushed a top cop in Garissa and shot him twice.", "Battles"),
    ("A policeman dies when suspected Al-Shabaab members shoot him in Lamu.", "Battles"),
    ("Gunmen ambushed a teacher in Garissa and shot him twice.", "Violence against civilians"),
    # destruction with killing or wounding is the attack it was part of
    ("Two houses were torched in Kapedo. Three people were killed.", "Violence against civilians"),
    (
        "Bandits torched 70 houses in Kapedo. Four residents were injured.",
        "Violence against civilians",
    ),
    ("Defusal: Police seized explosives from suspects in Mombasa.", "Strategic developments"),
    ("Three people killed in Garissa on Monday.", "Violence against civilians"),
    ("Police shot dead two suspected robbers in Kisumu on Tuesday.", "Battles"),
    ("Two suspected Tarik members killed in Kisumu on Monday.", "Battles"),
    ("Police reservist killed when raiders attack", "Battles"),
    (
        "Two herders were shot dead by a group of youths near Isiolo on Friday.",
        "Violence against civilians",
    ),
    (
        "An unknown group attacked a wedding party in Lamu on Saturday.",
        "Violence against civilians",
    ),
    ("Villagers beat a suspected thief to death in Bogra on Monday.", "Riots"),
    ("Unknown assailants attacked a police post in Lamu on Saturday.", "Battles"),
    ("ISIS attacked the town of al-Bukamal on Friday.", "Battles"),
    # the dead and wounded of a clash are its casualties, not another attack
    ("Two soldiers killed in Mandera on Monday.", "Battles"),
    ("Four policemen shot dead near Garissa on Monday.", "Battles"),
    # a passive the tagger misreads ("shot" a noun after "were"): the subject is the victims
    (
        "Two policemen were Friday afternoon shot dead by unknown gunmen while on patrol "
        "near Thika.",
        "Battles",
    ),
    (
        "Five people were wounded after members of two clans clashed over grazing land "
        "near Wajir on Sunday.",
        "Battles",
    ),
    ("Eight people have been killed in clan clashes near Moyale.", "Battles"),
    # a killing with an armed side named against the killers is a battle
    ("Six killed during a search for the killers of two police officers in Nakuru.", "Battles"),
    # a crowd that destroys riots; burning an effigy is how a protest is held
    (
        "Textile workers vandalised buses and threw bricks at police during their "
        "demonstration in Ashulia on Monday, demanding unpaid wages.",
        "Riots",
    ),
    ("Hundreds of people vandalised the offices of a party in Jessore on Monday.", "Riots"),
    (
        "Students burned an effigy of the minister and staged a protest in Sylhet on Monday.",
        "Protests",
    ),
    # an attack on a demonstration or its people is a protest with intervention
    (
        "Members of a student wing assaulted and injured the demonstrating members of a "
        "teachers' union in Rajshahi city.",
        "Protests",
    ),
    ("Ruling party activists attacked a protest rally of opposition members in Feni.", "Protests"),
    # an attack met by armed resistance is one battle
    (
        "Gunmen attacked a village near Garissa on Sunday, killing two herders. Police "
        "officers responded and exchanged fire with the gunmen.",
        "Battles",
    ),
    (
        "Raiders attacked a village near Lodwar on Sunday and stole cattle. Police "
        "intervened, killing four of the raiders.",
        "Battles",
    ),
    # an arrest told with killing is the attack it was part of, as destruction is
    (
        "Police arrested a sect leader in Kisumu on Monday. Five civilians were killed in a "
        "restaurant.",
        "Violence against civilians",
    ),
    # a mob does not shoot: a gun used by the same doer makes it an attack
    (
        "Ten unknown men ambushed and shot a ranger near Nanyuki on Monday.",
        "Violence against civilians",
    ),
    # people called angry are a crowd
    (
        "A bank branch in Masvingo was burnt by angry depositors on Monday.",
        "Riots",
    ),
    # whose home was stormed is no fighter killed
    (
        "Gunmen attacked a village near Lodwar on Sunday and killed two herders. They then "
        "stormed the policeman's home and killed him.",
        "Violence against civilians",
    ),
    # a later sentence that kills no fighters does not make the attack a battle
    (
        "Raiders attacked a village near Lodwar on Sunday and killed two herders. Police "
        "later arrested a suspect.",
        "Violence against civilians",
    ),
    # an attack in which armed guards fall is a battle; a civilian hurt at a police station
    # is a victim, the station only where it happened
    (
        "Militants attacked a church in Kapedo, killing two police officers who guarded it.",
        "Battles",
    ),
    (
        "Police assaulted a civilian at a police station in Kupang on Monday.",
        "Violence against civilians",
    ),
    # one side of "between" a crowd: a riot; no sides named and suspects killed: a battle
    ("Clashes were reported in Annaba between police and informal traders.", "Riots"),
    ("Three suspected gang members killed in Eldoret on Monday.", "Battles"),
    # an attack "from" an armed group at a place, with only civilians hurt
    (
        "A man is dead and two others are injured following an attack from suspected "
        "militia at Esoit on Sunday.",
        "Violence against civilians",
    ),
    # an execution kills a captive; what someone is accused of is no event
    ("Militants beheaded two soldiers near Gao on Monday.", "Violence against civilians"),
    (
        "A militia executed a man accused of armed robbery in Tripoli on Sunday.",
        "Violence against civilians",
    ),
    # a captive harmed is a civilian; an arrest that came before is no side of the harm
    ("Police arrested and tortured a suspect in Mombasa on Monday.", "Violence against civilians"),
    (
        "Militiamen slashed residents in Pangani after police arrested seven militia leaders.",
        "Violence against civilians",
    ),
    ("One man was burned to death in his car in Naivasha on Sunday.", "Violence against civilians"),
    # an officer is armed as a police, army or security officer, not as a Red Cross one
    (
        "A Red Cross officer was shot and injured by an armed group near Lodwar on Monday.",
        "Violence against civilians",
    ),
    ("Unidentified gunmen killed a NISS officer in Khartoum on Monday.", "Battles"),
    # what a commission investigates is no event of its own
    (
        "Armed men kidnapped the chair of a commission investigating the clashes in Hola.",
        "Violence against civilians",
    ),
    # an attack a fight followed is an earlier event; people who fight back are a side
    ("Police battled raiders following an attack on civilians in Mandera.", "Battles"),
    ("Five raiders were killed by residents who fought back near Wajir.", "Battles"),
    # an acronym the tagger takes for a name is still a weapon; a blast with its weapon
    # named is an explosion even beside a harm word; a weapon seized did not go off
    (
        "A suspected al Shabaab IED targets a bus near Mogadishu, killing 20.",
        "Explosions/Remote violence",
    ),
    (
        "A man was injured following the explosion of a mine in a house in Ben Gardane.",
        "Explosions/Remote violence",
    ),
    ("Police seized an IED near the village of Gubden on Monday.", "Strategic developments"),
    # force with nobody gathered is no protest: on civilians an attack, on armed men a fight
    (
        "Police fired tear gas into a nursery school in Kisumu, injuring three children.",
        "Violence against civilians",
    ),
    ("Police intervened in Molo, killing one of the raiders.", "Battles"),
    # a tank destroyed is no weapon used; the injured of an assault are its toll
    (
        "Militants attacked a military convoy in Qadis, destroying two tanks.",
        "Battles",
    ),
    (
        "Party activists assaulted the protesters in Rangpur, injuring at least 15 students.",
        "Protests",
    ),
    # a beating beside an arrest is done to a captive; arrests at a protest are its
    # intervention, arrests of men planning to disrupt one are arrests; land is goods
    (
        "Security forces arrested and beat an opposition leader in Warder.",
        "Violence against civilians",
    ),
    (
        "Police arrested 27 youths who were planning to disrupt a rally in Nyando.",
        "Strategic developments",
    ),
    (
        "Soldiers seized a large area of farmland in the village of Azzun on Saturday.",
        "Strategic developments",
    ),
    ("Four Indian nationals clashed with border police near Ratnapur on Monday.", "Riots"),
    # a clash with the police during a demonstration is a riot; "battling" a virus is no
    # fight; a date in March is no march
    (
        "Five workers were injured in a clash with police in Gazipur during their demonstration.",
        "Riots",
    ),
    (
        "A protest was held in Zagreb against measures imposed to battle the coronavirus.",
        "Protests",
    ),
    (
        "On 4 March 2020, two militiamen were killed during clashes between two militia groups "
        "in Baharak district.",
        "Battles",
    ),
    # an off-duty soldier is a civilian to ACLED
    ("Gunmen killed an off-duty soldier in Mombasa on Monday.", "Violence against civilians"),
    # a force the actor list lacks, named by its security word, meets armed suspects
    ("Village guards shot dead two cattle rustlers near Marigat on Friday.", "Battles"),
    ("Gunmen shot dead two cattle rustlers near Marigat on Friday.", "Violence against civilians"),
    # an extrajudicial killing is violence against civilians, whoever was killed; a gang
    # killing five is who attacked, not whom
    (
        "Police shot dead two suspected robbers in Kisumu in what residents called an "
        "extrajudicial killing.",
        "Violence against civilians",
    ),
    ("A village near Endebes was attacked by a gang killing five.", "Violence against civilians"),
    # a battle is a fight; a riot's "running battles" are not
    ("Youths fought running battles with police in Kisumu on Monday.", "Riots"),
    # a convoy is armed only as a military or police convoy
    (
        "Gunmen attacked a Red Cross convoy near Mandera, injuring two aid workers.",
        "Violence against civilians",
    ),
    ("Gunmen attacked a military convoy near Mandera on Sunday.", "Battles"),
    (
        "Gunmen attacked a convoy of aid workers near Mandera on Sunday.",
        "Violence against civilians",
    ),
    # an officer on patrol is armed, whoever employs him
    ("A Kenya Forest Service officer on patrol was shot by settlers near Narok.", "Battles"),
    # the people a harm was done to are not the crowd that did it
    (
        "A group of five men armed with machetes broke into a college in Kakamega, "
        "attacking at least five students.",
        "Violence against civilians",
    ),
    # the noun of an active relative clause is its doer, not whom it was done to
    (
        "Villagers were attacked by soldiers, who descended on their village at midnight "
        "and opened fire, near Garissa.",
        "Violence against civilians",
    ),
    # a protest the event led to is another event; a clash a protest led to is the protest's
    (
        "Police shot dead a hawker in Kisumu on Monday, sparking protests.",
        "Violence against civilians",
    ),
    (
        "Traders staged a demonstration in Kisumu on Monday, which led to a clash with police.",
        "Riots",
    ),
    # suspected members of a group are its armed men, of a party a crowd
    (
        "Suspected members of a sect killed two men near Thika on Monday.",
        "Violence against civilians",
    ),
    ("Suspected members of the Awami League assaulted two rivals in Natore on Monday.", "Riots"),
    # a verb's own armed victim makes the fight, whoever a coordinated verb harmed; a
    # civilian guard is a civilian
    (
        "Police crossed the border and killed a police reservist and abducted four herders.",
        "Battles",
    ),
    ("Militants shot dead a civilian school guard in Gao on Monday.", "Violence against civilians"),
    # a beating while arresting someone is an attack on him
    ("Police beat a matatu operator while arresting him in Nairobi.", "Violence against civilians"),
    # a shooting's weapon is a gun, whatever bomb its victims carried
    ("Police shot two suspects who were trying to plant bombs at the port in Mombasa.", "Battles"),
    # an MP, a mayor, a correspondent or an informant is a civilian
    (
        "Wajir West MP was attacked by gunmen, his bodyguard was wounded.",
        "Violence against civilians",
    ),
    ("The town's mayor was beaten up at a public rally in Kitui.", "Violence against civilians"),
    # a counted name of people is whom the attack harmed, a date is not
    (
        "Members of a Kipsigis militia attack and kill two Maasai near Narok.",
        "Violence against civilians",
    ),
    # arson that kills the people inside, or has victims, is an attack on them
    (
        "A house was set on fire in Wote on Sunday night, killing its four occupants.",
        "Violence against civilians",
    ),
    (
        "A gang robbed a petrol station in Wote on Sunday, killing a security guard.",
        "Battles",
    ),
    (
        "Five people in Wote were victims of an arson attack on Sunday.",
        "Violence against civilians",
    ),
    # the riot an event happened during is its setting
    ("Police killed a youth during riots in Kisumu on Monday.", "Violence against civilians"),
    # an abduction told with a killing is typed by whom the killing harmed
    (
        "Bandits attacked a police post near Marsabit, killing an officer and abducting "
        "two others.",
        "Battles",
    ),
    # a civilian is one whatever the words after him say
    (
        "A civilian, working as a cook on a military base, was killed by militants near "
        "Gao on Monday.",
        "Violence against civilians",
    ),
]


@pytest.mark.parametrize(("text", "event_type"), CODEBOOK_CASES)
def test_the_sides_decide_the_type(geoparser, text, event_type):
    """A communal group is an armed side, a headline's counted dead are victims, armed
    suspects met by a state force make a clash, a gun is not a mob's, an attack with no
    armed side against it is violence against civilians."""
    result = geoparser.parse(Document("codebook", text))
    assert [e.event_type for e in result.events] == [event_type], text


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        (
            "On 3 March 2024, rioters (likely supporters of the ongoing blockade "
            "programme) set fire to a truck in Bogra, during the nationwide blockade "
            "demanding new elections.",
            "Riots",
        ),
    ],
)
def test_the_most_confident_event_is_the_main_clauses(geoparser, text, event_type):
    """A note is scored by its most confident event: the one its main clause states
    ("rioters set fire to a truck") ranks above one named in a parenthesis or a
    "during ..." phrase ("the ongoing blockade programme")."""
    events = geoparser.parse(Document("main-clause", text)).events
    assert len(events) > 1, "the background protest is reported too"
    best = max(events, key=lambda e: e.score)
    assert best.event_type == event_type
    assert best.score > min(e.score for e in events)


def test_an_analysts_label_names_the_most_confident_event(geoparser):
    """A note that starts with ACLED's label says what it reports: the other events it
    mentions ("to quell clashes") rank below it."""
    text = (
        "Movement of forces: Troops were deployed to Mandera on Monday to quell clashes "
        "between two clans."
    )
    events = geoparser.parse(Document("label", text)).events
    best = max(events, key=lambda e: e.score)
    assert (best.event_type, best.sub_event_type) == (
        "Strategic developments",
        "Change to group/activity",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Students protested against the new fees in Jimma on Monday. Soldiers fired on the "
        "protesters, killing one.",
        "Teachers held a demonstration in Rangpur on Sunday. Police dispersed the "
        "demonstrators with batons.",
    ],
)
def test_a_protest_met_by_force_is_one_protest_with_intervention(geoparser, text):
    events = geoparser.parse(Document("intervention", text)).events
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Protests", "Protest with intervention")
    ]


def test_a_chain_of_harm_words_joins_the_blast_that_caused_them(geoparser):
    """Weak triggers join from the one nearest a strong trigger out: "killed" reaches
    the IED through "injured in an IED blast", so the blast is one event with its dead."""
    text = (
        "A police officer was killed and two conscripts injured in an IED blast in Rafah "
        "on 29 June."
    )
    events = geoparser.parse(Document("chain", text)).events
    assert [(e.event_type, [f.count for f in e.fatalities]) for e in events] == [
        ("Explosions/Remote violence", [1])
    ]


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Gunmen abducted and killed a trader near Mandera on Monday.", "Attack"),
        ("Gunmen abducted a trader near Mandera on Monday.", "Abduction/forced disappearance"),
    ],
)
def test_an_abduction_told_with_a_killing_is_the_killing(geoparser, text, sub_event_type):
    """ACLED codes the killing of whom it abducted as the attack, not the abduction."""
    result = geoparser.parse(Document("abducted", text))
    assert [e.sub_event_type for e in result.events] == [sub_event_type], text


READING_CASES = [
    # a sentence that names the event only as one already told ("The attackers", "the
    # attack") adds to it rather than making a second event of another type
    (
        "Gunmen threw a grenade into a market in Garissa on Monday. The attackers "
        "escaped into Somalia.",
        "Explosions/Remote violence",
    ),
    (
        "Gunmen attacked a family in Kisii on Monday and burnt their houses. Three "
        "people died in the attack in Nyamira.",
        "Violence against civilians",
    ),
    # "the site of a previous attack" says where, not what happened
    (
        "A roadside bomb hit an army truck near the site of a previous attack in Mandera "
        "on Tuesday.",
        "Explosions/Remote violence",
    ),
    # what the same men did first, "after killing", is part of the event
    (
        "Armed men abducted two aid workers in Wajir after killing their guard, a police officer.",
        "Battles",
    ),
    # an "including" phrase names some of the harmed
    ("Gunmen attacked a bus near Lamu, killing six, including police officers.", "Battles"),
    (
        "Gunmen attacked a bus near Lamu, killing six, including two women.",
        "Violence against civilians",
    ),
    # the harm word in the present tense, explosives hurled
    ("A bomb in Garissa injures two.", "Explosions/Remote violence"),
    ("Gunmen hurled explosives at a county office in Wajir.", "Explosions/Remote violence"),
    # a headline's verb phrase the tagger reads as a noun ("shot" after a number)
    ("Four shot dead by armed bandits who also stole cattle.", "Violence against civilians"),
    ("Ethiopian militia guns down two Kenyan police officers.", "Battles"),
    ("A bomb explodes near a military truck, wounding two.", "Explosions/Remote violence"),
    # a harm with its doer named needs no place
    ("Police beat civilians during searches for suspects.", "Violence against civilians"),
    # what was found on those arrested did not go off
    ("Two suspects were arrested with explosive devices in Garissa.", "Strategic developments"),
    # what the victims were doing is no event of its own
    (
        "Five soldiers on patrol died when their truck ran over an explosive device near Mandera.",
        "Explosions/Remote violence",
    ),
]


@pytest.mark.parametrize(("text", "event_type"), READING_CASES)
def test_the_report_is_read_as_one_event_of_its_type(geoparser, text, event_type):
    """Continuations, earlier events, circumstances and headlines: each text reports
    exactly one event, of this type."""
    events = geoparser.parse(Document("reading", text)).events
    assert [e.event_type for e in events] == [event_type], text


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        # "took over" with a killing told: force was used
        (
            "Al Shabaab fighters took over a village near Lamu, killing three soldiers.",
            ("Battles", "Non-state actor overtakes territory"),
        ),
        # a hyphenated "re-captured" is a recapture, whatever came before it
        (
            "The army re-captured Quissanga after it was taken over by militants.",
            ("Battles", "Government regains territory"),
        ),
    ],
)
def test_how_a_place_changed_hands(geoparser, text, typed):
    events = geoparser.parse(Document("territory", text)).events
    assert [(e.event_type, e.sub_event_type) for e in events] == [typed]

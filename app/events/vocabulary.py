"""The words the event stage reads: who is a civilian or armed, what a crowd, a
settlement or property is, which words make a trigger irrealis, the weapons named near
a trigger. The groups of feature types (settlements, areas) are in ``app.gazetteer.types``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.words import words

if TYPE_CHECKING:
    pass


IRREALIS = words(
    "warn warned warns warning threaten threatened threatens threatening fear fears feared "
    "plan plans planned planning prepare prepares prepared preparing try tried tries trying "
    "attempt attempts attempted attempting fail failed fails failing deny denied denies "
    "denying prevent prevented prevents preventing avoid avoided urge urged urges urging "
    "demand demanded demands speculate speculated speculating encourage encouraged "
    "encouraging vow vowed vows seek seeks sought aim aims aimed intend intends intended "
    "want wants wanted hope hoped expect expected expects rumours rumors possible potential "
    "future threat threats"
)

NO_ENEMIES = words(
    "coronavirus virus pandemic epidemic covid covid-19 disease diseases corruption poverty "
    "hunger inflation blaze blazes flames wildfire wildfires drought floods locusts malaria "
    "cholera ebola"
)
"""What a fight word is fought against when it is no fight: a disease, a fire, poverty."""

MODALS = words("could would should may might will shall can must 'll")

CIVILIAN_WORDS = words(
    "civilians civilian villagers villager residents resident farmers farmer worshippers "
    "worshipper children child women woman men man boy boys girl girls person persons people "
    "individual individuals passengers passenger students student schoolgirls schoolchildren "
    "family families herders herder pastoralist pastoralists traders trader journalists "
    "journalist reporter reporters patients patient pilgrims displaced refugees refugee "
    "migrant migrants teacher teachers activist activists doctor doctors nurse nurses worker "
    "workers driver drivers shopkeeper shopkeepers businessman businessmen businesswoman "
    "vendor vendors trader father mother son daughter wife husband brother sister pastor "
    "priest imam cleric elder elders contractor councillor councilor politician politicians "
    "candidate lawyer judge teenager teenagers teen minor minors fisherman fishermen miner "
    "miners pedestrian pedestrians motorist customer customers landowner chief chiefs "
    "couple infant baby victim victims owner brothers sisters sons daughters members member "
    "supporters supporter followers youths youth schoolboys schoolboy pupils pupil "
    "herdsman herdsmen herdboys campaigner campaigners missionary missionaries tourists "
    "tourist foreigners foreigner christians muslims deacon bishop monk monks nun nuns "
    "sheikh medic medics paramedic paramedics volunteer volunteers correspondent "
    "correspondents photographer photographers cameraman cameramen informant informants "
    "mp mps lawmaker lawmakers legislator legislators mayor aspirant aspirants bystander "
    "bystanders passerby operator operators tout touts conductor conductors rider riders "
    "hawker hawkers cyclist cyclists"
)

ARMED_WORDS = words(
    "soldier soldiers troops police policeman policemen cop cops reservist reservists officer "
    "officers militant militants "
    "fighter fighters army military guard guards gunmen insurgents rebels militia militiamen "
    "forces commander commanders gendarme gendarmes gang gangs bandits bandit assailants "
    "attackers gunman terrorists terrorist jihadists jihadist insurgent rebel militiaman "
    "peacekeepers peacekeeper personnel sniper snipers arbaki arbakis checkpoint checkpoints "
    "outpost outposts base bases convoy convoys barracks positions armed"
)

SECURITY_WORDS = words(
    "soldier soldiers troops police policeman policemen cop cops reservist reservists army "
    "military guard guards gendarme gendarmes peacekeepers personnel"
)
"""Armed words for a security force: when it is the doer, the suspects it harms are an
armed side ("home guards kill a cattle raider")."""

PARTY_WORDS = words("party parties league dal congress")
"""Words of a political party's name ("Awami League", "Jatiya Party", "Chhatra Dal"):
its members and supporters are a crowd, whatever they are suspected of."""

CONSEQUENCE_WORDS = words(
    "sparking sparked sparks prompting prompted triggering triggered provoking provoked"
)
"""Words after which a trigger is what the event led to ("sparking protests")."""

ORIGIN_NOUNS = words(
    "raiders raider militia militias militiamen militiaman rebels rebel fighters fighter "
    "gunmen gunman bandits bandit rustlers rustler insurgents militants attackers "
    "assailants pirates"
)
"""Armed groups that a nationality word names the origin of, not the place ("Ethiopian
raiders attack a Kenyan village")."""

OFFICER_WORDS = words("officer officers official officials convoy convoys")
"""Armed only as police, army or security officers: a Red Cross officer, an electoral
official or a presiding officer is a civilian, and so is a Red Cross or a Garissa-bound
convoy."""
ARMED_QUALIFIERS = words(
    "police army military security prison intelligence gsu ap administration "
    "counter-terrorism anti-terror border customs wildlife kws navy naval air"
)
"""Words that make an officer armed ("a police officer", "security officials")."""

SUSPECT_WORDS = words(
    "suspect suspects suspected robber robbers raider raiders thug thugs criminal criminals "
    "poacher poachers smuggler smugglers kidnapper kidnappers rustler rustlers sect cult"
)
"""People force is used on as armed suspects: ACLED codes a state force killing them as
a clash, not as violence against civilians."""

OPPONENT_WORDS = ARMED_WORDS | SUSPECT_WORDS
"""Whom a harm is done to when that makes it a fight: armed people and armed suspects."""

DOER_WORDS = words(
    "armed gunmen gunman assailants attackers bandits bandit gang gangs terrorists terrorist"
)
"""Armed words that name who attacks, not whom: they are no armed opponent."""

COMMUNAL_WORDS = words(
    "community communities clan clans clansmen subclan subclans tribe tribes tribesmen "
    "tribal ethnic raiders herders herdsmen pastoralists warring"
)
"""Words for a communal group: ACLED codes its fighters as a communal militia."""

DEFENCE_WORDS = words("defense defence self-defense self-defence")
"""A group named for defending itself ("a self-defense group", "a land defence force"):
ACLED's militias, not a crowd."""

COMMUNITY_NOUNS = words(
    "youths youth villagers groups group people men warriors morans tribesmen elders"
)
"""People named after their community ("Kalenjin youths", "Kikuyu and Maasai groups",
"Pokot warriors"): ACLED codes them, when they fight or attack, as a communal or ethnic
militia, not a mob. Supporters, activists and members are a party's, not a community's."""

UNIDENTIFIED_WORDS = words("unknown unidentified criminal")
"""Words for a group nobody identified ("an unknown group"): ACLED's unidentified armed
group."""

FIGHT_WORDS = words(
    "fighting fight fights fought gunfire firefight firefights shootout shoot-out clash "
    "clashes battle battles skirmish skirmishes exchange engagement encounter crossfire"
)
"""Words for a fight both sides take part in."""

FIREARM_TRIGGERS = words("shot shoot shoots shooting gunned fired")
"""Triggers that say a gun was used: whoever uses one is armed, not a mob."""

CAPTIVE_HARMS = words(
    "executed execute executes executing beheaded behead beheading tortured torture "
    "torturing tortures"
)
"""Triggers that harm a captive: ACLED's violence against civilians, whoever he was."""

PLACE_OBJECTS = words(
    "town towns city cities district districts province provinces region regions county "
    "counties capital outskirts"
)
"""Places held by someone: attacking one is fighting whoever holds it."""

SETTLEMENT_OBJECTS = words(
    "village villages settlement settlements home homes house houses market markets school "
    "schools church churches mosque mosques camp camps hamlet hamlets farm farms compound "
    "compounds neighbourhood neighborhood hospital clinic orphanage hotel residence "
    "residences homestead homesteads manyatta manyattas shelter church"
)

PROPERTY_OBJECTS = words(
    "shop shops store stores vehicle vehicles car cars truck trucks bus office offices bank "
    "banks building buildings property properties mall factory warehouse station "
    "company headquarters premises ambulance ambulances"
)

CROWD_NOUNS = words(
    "supporters supporter activists activist members locals residents villagers people "
    "students youths rivals workers followers mob mobs crowd crowds group groups traders "
    "partisans loyalists cadres leaders factions faction relatives persons men locals "
    "demonstrators protesters villagers lawyers teachers traders drivers opponents "
    "nationals citizens inmates prisoners migrants refugees passengers vendors hawkers"
)

ANGER_WORDS = words("angry irate enraged furious agitated incensed")
"""Words that make the people they describe a crowd ("angry depositors")."""

TOPIC_MARKS = words("against over following after about demanding denouncing condemning")
"""What a protest is about: triggers under these words are its cause, not more events
("protested against the killing of a student", "a rally following the attack")."""
EARLIER_MARKS = words("following after amid")
"""An event named "following", "after" or "amid" another happened before or around it."""
BOMBINGS = words("bombed bombing bombings")
"""A bomb went off, whatever carried it: an explosion even with no weapon named."""
PAST_MARKS = words("previous earlier prior past")
"""A "previous" or "past" attack is one before the event told."""
ANSWER_NOUNS = words("response retaliation revenge reprisal reprisals")
"""An event named "in response to" or "in retaliation for" another answered it."""
DURING_MARKS = words("during amid")
"""Violence "during a demonstration" is the demonstration turning violent."""
PROTEST_WORDS = words(
    "demonstration demonstrations protest protests rally rallies march marches procession "
    "processions sit-in blockade hartal gathering demonstrators protesters protestors "
    "demonstrating protesting"
)
"""Words that say a demonstration was going on (a riot is then a violent demonstration)."""
GATHERINGS = words(
    "meeting meetings crowd crowds gathering gatherings rally rallies procession funeral "
    "vigil campaign campaigns supporters demonstrators protesters mob mobs strike strikers"
)
"""Words for people gathered, whom force used by police breaks up: a protest's or a
meeting's intervention, not an attack."""
PROTESTER_WORDS = words(
    "protesters protestors demonstrators marchers demonstrating protesting agitating"
)
"""Whom an attack on a demonstration harms: its people ("the demonstrating members")."""
GATHERING_OBJECTS = words(
    "demonstration demonstrations protest protests rally rallies march marches procession "
    "processions sit-in gathering"
)
"""A demonstration attacked as such ("attacked the protest rally of ...")."""
ACCUSED = words(
    "accused suspected charged convicted wanted blamed investigating investigate probing"
)
"""Participles that say what someone is said to have done or looks into ("a man accused
of armed robbery", "a commission investigating the clashes"): no event of its own."""
ARREST_REASONS = words("for over with")
"""What an arrest was for, or what was found on those arrested: "arrested 23 students
for attacking a school", "two suspects arrested with explosive devices"."""

FOUND_VERBS = words("find found discover discovered recover recovered retrieve retrieved dump")

CROWD_TYPES = ("protesters", "rioters", "civilians")

PERSON_OBJECTS = words(
    "fighters soldiers militants members people prisoners leader leaders commander "
    "commanders men troops hostages suspects"
)

WEAPONS = {
    "Air/drone strike": words(
        "warplane warplanes jet jets aircraft drone drones helicopter helicopters aerial "
        "airstrike airstrikes planes bombers air"
    ),
    "Shelling/artillery/missile attack": words(
        "artillery mortar mortars rocket rockets missile missiles shell shells shelling "
        "howitzer howitzers tank tanks"
    ),
    "Suicide bomb": frozenset({"suicide"}),
    "Remote explosive/landmine/IED": words(
        "ied ieds bomb bombs explosive explosives landmine landmines mine mines "
        "explosion explosions blast blasts"
    ),
    "Grenade": frozenset({"grenade", "grenades"}),
}

WEAPON_WORDS = frozenset().union(*WEAPONS.values())
"""Every word that names a weapon."""


DISRUPTS = words(
    "seized seize seizes seizing defused defuse defuses defusing found find finds discovered "
    "discover discovers uncovered uncover uncovers recovered recover dismantled dismantle "
    "dismantles removed remove removes disarmed disarm neutralised neutralized impounded "
    "confiscated"
)
"""Verbs whose object, a weapon, did not go off: ACLED's disrupted weapons use."""
WEAPON_ONLY_BEFORE = {
    "suicide": words(
        "bomber bombers bombing bombings bomb attack attacks attacker attackers vest vests car "
        "blast explosion truck"
    ),
    "air": words(
        "strike strikes raid raids attack attacks force forces bombardment bombardments support"
    ),
}
"""Weapon words that name a weapon only before one of these ("a suicide bomber", "an air
strike"), not alone ("his death was a suicide", "fired into the air")."""
UNCONTESTED = words(
    "withdrew withdrawn withdrawal withdrawing withdraw vacated vacating abandoned unopposed "
    "peacefully uncontested handed handover"
)
"""Words that say a place changed hands without a fight ("took control of the town after
the troops withdrew")."""
DESTROYED_OR_TAKEN = words(
    "destroyed destroy destroys destroying damaged damaging burned burnt burning torched "
    "captured capturing shot downed"
)
"""Verbs whose object is no weapon in use: a tank destroyed, an aircraft shot down (a
weapon seized or defused still says what the event was about: ``DISRUPTS``)."""
WEAPON_THINGS = words(
    "weapons weapon arms ammunition ammo explosives explosive ied ieds firearms firearm guns "
    "gun rifles rifle bombs bomb grenades mortars rockets cache caches munitions"
)
"""What is seized when weapons use is disrupted."""
GOODS = words(
    "drugs marijuana cocaine heroin cannabis cattle livestock goats sheep camels cows "
    "vehicles vehicle car cars truck trucks motorcycles money cash goods food aid "
    "property properties equipment phones land lands farmland"
)
"""What is seized when property is taken."""

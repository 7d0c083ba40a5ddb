"""The curated actor dictionary and trigger lexicon, and how a deployment extends them."""

import pytest

from app.core.config import PROJECT_ROOT
from app.core.errors import SourceUnavailable
from app.events.actors import ActorDictionary, read_actors
from app.events.lexicon import TriggerLexicon, read_triggers
from app.events.stage import EventStage
from app.events.types import EVENT_TYPES
from tests.support import default_settings

GEODATA = PROJECT_ROOT / "geodata"


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load(GEODATA / "actors.csv", demonyms=GEODATA / "demonyms.csv")


@pytest.mark.parametrize(
    ("text", "focus", "name"),
    [
        ("the Syrian Arab Army", "SY", "Syrian Arab Army"),
        ("the SAA", "SY", "Syrian Arab Army"),
        ("government forces", "SY", "Syrian Arab Army"),
        ("pro-government fighters", "SY", "Syrian Arab Army"),
        ("ISIS", "SY", "Islamic State"),
        ("Islamic State", "IQ", "Islamic State"),
        ("IS militants", "IQ", "Islamic State"),
        ("Daesh", "SY", "Islamic State"),
        ("the SDF", "SY", "Syrian Democratic Forces"),
        ("the US-led coalition", "SY", "US-led coalition"),
        ("Iraqi warplanes", "SY", "Military Forces of Iraq"),
        ("Russian forces", "UA", "Military Forces of Russia"),
        ("Myanmar's military", "MM", "Military Forces of Myanmar"),
        ("Kenyan police", "KE", "Police Forces of Kenya"),
        ("government forces", "NG", "Military Forces of Nigeria"),
        ("gunmen", "NG", "Unidentified Armed Group (Nigeria)"),
        ("protesters", "KE", "Protesters (Kenya)"),
        ("villagers", "ML", "Civilians (Mali)"),
        ("the army", "SD", "Sudanese Armed Forces"),
    ],
)
def test_surface_forms_normalise(actors, text, focus, name):
    found = actors.find(text, focus)
    assert [m.name for m in found] == [name], found


def test_country_bound_forms_need_their_country(actors):
    # "regime forces" is the SAA only in an article about Syria
    assert actors.find("regime forces", "SY")[0].name == "Syrian Arab Army"
    assert actors.find("regime forces", "VE")[0].name == "Military Forces of Venezuela"
    # "coalition aircraft": the coalition of the country the article is about
    assert actors.find("coalition aircraft", "YE")[0].name == "Saudi-led coalition"
    assert actors.find("coalition aircraft", "IQ")[0].name == "US-led coalition"


def test_acronyms_match_only_in_capitals(actors):
    assert actors.find("this is what it is", "SY") == []
    assert [m.name for m in actors.find("IS fighters", "SY")] == ["Islamic State"]


def test_longest_name_wins(actors):
    found = actors.find("the Turkish-backed Syrian fighters and Syrian Democratic Forces", "SY")
    assert [m.name for m in found] == ["Syrian National Army", "Syrian Democratic Forces"]


def test_every_curated_row_is_valid():
    rows = read_actors(GEODATA / "actors.csv")
    assert len(rows) >= 40
    assert all(row.source for row in rows), "every actor row says where its names come from"
    triggers = read_triggers(GEODATA / "event_triggers.csv")
    assert {t.event_type for t in triggers} == set(EVENT_TYPES)


def test_bad_rows_are_reported_with_their_line(tmp_path):
    bad = tmp_path / "actors.csv"
    bad.write_text("name,type,countries,surface_forms,source\nX,alien,,x,test\n", "utf-8")
    with pytest.raises(SourceUnavailable, match="line 2"):
        read_actors(bad)
    triggers = tmp_path / "triggers.csv"
    triggers.write_text(
        "forms,event_type,sub_event_type,strength,agent_role,note\nzap,Battles,Zapping,strong,actor1,\n",
        "utf-8",
    )
    with pytest.raises(SourceUnavailable, match="line 2.*Zapping"):
        read_triggers(triggers)


def test_a_deployment_extends_both_by_settings(tmp_path):
    extra_actors = tmp_path / "my-actors.csv"
    extra_actors.write_text(
        "name,type,countries,surface_forms,source\n"
        "Liwa al-Quds,militia,SY,Liwa al-Quds|Jerusalem Brigade,analyst notes\n",
        "utf-8",
    )
    extra_triggers = tmp_path / "my-triggers.csv"
    extra_triggers.write_text(
        "forms,event_type,sub_event_type,strength,agent_role,note\n"
        "sniped|sniped at,Battles,Armed clash,strong,actor1,local usage\n",
        "utf-8",
    )
    settings = default_settings().model_copy(
        update={"actors_path": extra_actors, "event_triggers_path": extra_triggers}
    )
    stage = EventStage.load(settings)
    found = stage.extractor.actors.find("the Jerusalem Brigade and the SAA", "SY")
    assert [m.name for m in found] == ["Liwa al-Quds", "Syrian Arab Army"]
    (match,) = stage.extractor.lexicon.find("militants sniped at troops")
    assert (match.text, match.entry.event_type) == ("sniped at", "Battles")


def test_triggers_longest_form_first():
    lexicon = TriggerLexicon.load(GEODATA / "event_triggers.csv")
    found = [(m.text, m.entry.sub_event_type) for m in lexicon.find("A suicide car bomb hit")]
    assert found[0] == ("suicide car bomb", "Suicide bomb")


def test_an_unreadable_curated_file_names_itself(tmp_path):
    from app.core.errors import SourceUnavailable
    from app.events.actors import read_actors, read_demonyms
    from app.events.lexicon import read_triggers

    missing = tmp_path / "nope.csv"
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"name,type\n\xff\xfe\x00bad\n")
    for read, what in (
        (read_actors, "the actor dictionary"),
        (read_triggers, "the event trigger lexicon"),
        (read_demonyms, "the demonyms"),
    ):
        for path in (missing, binary):
            with pytest.raises(SourceUnavailable, match=f"cannot read {what} {path}"):
                read(path)

import pytest

from app.gazetteer.normalize import is_latin, name_key, variant_key


@pytest.mark.parametrize(
    "spellings",
    [
        ("al-Bukamal", "Abu Kamal", "Albu Kamal", "Ālbū Kamāl", "Abū Kamāl", "AL-BUKAMAL"),
        ("al-Suwayda", "As-Suwayda", "As Suwayda'", "as-Suwayda"),
        ("At Tanf", "Al-Tanf", "al Tanf"),
        ("Ar'ar", "Ar‘ar", "Arar"),
    ],
)
def test_name_key_folds_articles_abu_case_diacritics_and_apostrophes(spellings):
    keys = {name_key(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    "a, b",
    [
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Deir ez-Zor", "Deir el-Zour"),
        ("al-Suwayda", "Sweida"),
        ("Abu Hamdah", "Abu Hamda"),
        ("Shamas", "Shammas"),
    ],
)
def test_variant_key_joins_transliteration_variants(a, b):
    assert name_key(a) != name_key(b)
    assert variant_key(name_key(a)) == variant_key(name_key(b)) != ""


def test_variant_key_keeps_different_names_apart():
    assert variant_key(name_key("Shamas")) != variant_key(name_key("Samsun"))
    assert variant_key(name_key("Homs")) != variant_key(name_key("Hama"))


def test_article_alone_is_kept_and_empty_names_give_empty_keys():
    assert name_key("As") == "as"
    assert name_key(" - ") == ""
    assert variant_key("abc") == ""  # too short to be a useful variant


def test_is_latin():
    assert is_latin("Ālbū Kamāl")
    assert not is_latin("البوكمال")
    assert not is_latin("123")

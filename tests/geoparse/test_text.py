from app.geoparse.text import boilerplate_ranges, document_text, is_boilerplate, paragraphs


def test_paragraphs_cover_text_between_blank_lines():
    text = "One.\n\nTwo\nlines.\n\n\nThree."
    assert [text[s:e] for s, e in paragraphs(text)] == ["One.", "Two\nlines.", "Three."]


def test_boilerplate_is_recognised():
    assert is_boilerplate("Please support the project: PayPal: someone@example.org")
    assert is_boilerplate("Copyright © Example News, 2018")
    assert is_boilerplate("By [Some Author](#)")
    assert is_boilerplate("Region: [Middle East & North Africa](#)")
    assert is_boilerplate("BTC: 13iYp9CDYZwgSnFXNtpEKgRRqaoxHPr2MH,")
    assert not is_boilerplate("Shelling hit the town of Hajin near the Euphrates on Sunday.")


def test_boilerplate_ranges_keep_offsets_into_the_original_text():
    text = "Clashes in Homs.\n\nDisclaimer: the views are the author's.\n\nMore in Hama."
    ranges = boilerplate_ranges(text)
    assert any(text[s:e].startswith("Disclaimer") for s, e in ranges)
    assert not any(s <= text.index("Homs") < e for s, e in ranges)


def test_html_main_text_leaves_out_navigation():
    html = (
        "<html><body><nav><a href='/'>Home</a> | <a href='/donate'>Donate via PayPal</a></nav>"
        "<article><h1>Clashes</h1><p>Heavy fighting was reported in Aleppo and in the"
        " countryside of Idlib on Monday, according to local sources, who said that"
        " dozens of families had fled.</p></article>"
        "<footer>Copyright 2024 Example</footer></body></html>"
    )
    text = document_text(html, is_html=True)
    assert "Aleppo" in text and "Idlib" in text
    assert "PayPal" not in text and "Copyright" not in text


def test_plain_text_is_never_rewritten():
    text = "  Odd   spacing <not html> stays.  "
    assert document_text(text, is_html=False) == text


def test_a_long_article_that_mentions_a_donation_once_is_not_boilerplate():
    article = "Residents of Gainesville gathered downtown. " * 20 + "A donation was made."
    assert not is_boilerplate(article)
    assert is_boilerplate("Please donate to support our work: " + "x " * 20)
    assert not is_boilerplate("Local businesses donated $10,000 to the water line project.")


def test_a_hash_in_a_long_paragraph_is_skipped_alone():
    token = "9f86d081884c7d659a2feaa0c55ad015"
    article = "Residents of Gainesville gathered downtown on Monday. " * 10 + f"Ref {token}."
    assert not is_boilerplate(article)
    ranges = boilerplate_ranges(article)
    assert ranges == [(article.index(token), article.index(token) + len(token))]
    assert is_boilerplate(f"Tracking: {token}")


def test_a_one_paragraph_document_is_never_all_boilerplate():
    text = "© AFP. Shelling hit Aleppo on Monday, killing two civilians."
    assert is_boilerplate(text)  # as a paragraph among others it would be left out
    assert not any(s <= text.index("Aleppo") < e for s, e in boilerplate_ranges(text))
    two = text + "\n\nClashes were reported in Homs."
    assert any(s <= two.index("Aleppo") < e for s, e in boilerplate_ranges(two))


def test_html_without_main_text_falls_back_to_its_own_text():
    body = "Shelling hit Aleppo on Monday, killing two civilians."
    assert document_text(body, is_html=True) == body
    assert document_text(f"<p>{body}</p>", is_html=True) == body
    page = "<html><head><title>T</title><script>var x = 1;</script></head><body><div>"
    assert document_text(page + "Fighting in Homs &amp; Hama.</div></body></html>", True) == (
        "Fighting in Homs & Hama."
    )
    assert document_text("<html><body><div> </div></body></html>", is_html=True) == ""

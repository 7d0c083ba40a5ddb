"""Main text of a document, and the boilerplate inside plain text.

HTML goes through trafilatura, which keeps the article and drops navigation,
share buttons and the like; offsets then refer to the extracted text. When it finds no
main text (a short fragment, a "page" that is text without tags) the page's own text is
used instead, so no text is lost for being too short to look like an article. Plain text
is never rewritten (offsets must stay true to the input), but paragraphs that
are boilerplate (donation appeals, disclaimers, bylines, link lists, copyright
lines) are reported as ranges the recogniser skips. A document of one paragraph is never
all boilerplate: that paragraph is the article.
"""

from __future__ import annotations

import html as html_lib
import re
from functools import lru_cache
from html.parser import HTMLParser

_HTML_HINT = re.compile(r"<\s*(html|body|p|div|article|br|span|h[1-6])\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?https?://\S+|www\.\S+|\S+@\S+\.\w+")
_TOKEN_GIBBERISH = re.compile(r"\b[A-Za-z0-9]{25,}\b")
_LABELLED_LINKS = re.compile(r"^[\w\- ]{2,30}:\s*\[")
_BOILERPLATE_WORDS = re.compile(
    r"copyright|©|all rights reserved|disclaimer|\bdonat(?:e|ions?)\b|paypal|patreon|subscribe"
    r"|newsletter|follow us|comment on|become a member|share this|privacy policy|cookies?\b"
    r"|media inquiries|original source of this article|copyrighted material|fair use"
    r"|articles by:|sole responsibility of the author|support the project|cross-post",
    re.IGNORECASE,
)
LINK_DENSITY = 0.5
"""A paragraph whose characters are mostly link text, URLs or addresses is boilerplate."""
SHORT_PARAGRAPH = 400
CHARS_PER_BOILERPLATE_WORD = 250
"""A boilerplate word ("donate", "copyright") marks a short paragraph as boilerplate, or a
long one where such words come at least once every this many characters: a news text
without paragraph breaks that mentions a donation once is still the article."""


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def extract_main_text(html: str) -> str:
    """The article text of an HTML page (trafilatura), or a clear error when there is none."""
    import trafilatura

    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,  # its cache is process-wide: a page seen twice lost its text
    )
    if not text or not text.strip():
        text = trafilatura.html2txt(html) or ""
    if not text.strip():
        text = page_text(html)
    return text.strip()


_HIDDEN = {"script", "style", "noscript", "template", "head", "title", "svg", "iframe"}
_BLOCK = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "article", "section", "blockquote", "pre", "table", "ul", "ol", "header", "footer",
}  # fmt: skip


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def page_text(html: str) -> str:
    """All the visible text of a page or fragment (no scripts, styles or head), one line
    per block, for when trafilatura finds no main text; a body without tags is its own
    text (character references decoded)."""
    if "<" not in html:
        return html_lib.unescape(html).strip()
    parser = _PageText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text between blank lines."""
    spans, start = [], 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        if brk.start() > start:
            spans.append((start, brk.start()))
        start = brk.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def is_boilerplate(paragraph: str) -> bool:
    """True for donation appeals, disclaimers, bylines, link lists and the like."""
    stripped = paragraph.strip()
    if not stripped:
        return True
    gibberish = sum(len(m.group(0)) for m in _TOKEN_GIBBERISH.finditer(stripped))
    if gibberish and (len(stripped) < SHORT_PARAGRAPH or gibberish * 4 >= len(stripped)):
        return True  # tracking ids, hashes: a token in running prose is skipped alone
    hits = len(_BOILERPLATE_WORDS.findall(stripped))
    if hits and (
        len(stripped) < SHORT_PARAGRAPH or hits * CHARS_PER_BOILERPLATE_WORD >= len(stripped)
    ):
        return True
    if _LABELLED_LINKS.match(stripped):  # "Region: [Middle East](#)" site metadata
        return True
    linked = sum(len(m.group(0)) for m in _MARKDOWN_LINK.finditer(stripped))
    linked += sum(len(m.group(0)) for m in _URL.finditer(_MARKDOWN_LINK.sub("", stripped)))
    return linked / len(stripped) >= LINK_DENSITY


def boilerplate_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of boilerplate paragraphs and of link targets in ``text``."""
    return list(_boilerplate_ranges(text))


@lru_cache(maxsize=64)
def _boilerplate_ranges(text: str) -> tuple[tuple[int, int], ...]:
    # kept for the last texts (a batch): recognition and the event stage both ask
    spans = paragraphs(text)
    # one paragraph is the article itself, whatever words it has ("© AFP. Shelling hit ...")
    ranges = [(s, e) for s, e in spans if is_boilerplate(text[s:e])] if len(spans) > 1 else []
    # Link targets "(#)" / "(http...)" in markdown-like text are never prose.
    ranges += [(m.start(0) + len(m.group(1)) + 2, m.end(0)) for m in _MARKDOWN_LINK.finditer(text)]
    ranges += [(m.start(), m.end()) for m in _URL.finditer(text)]
    ranges += [(m.start(), m.end()) for m in _TOKEN_GIBBERISH.finditer(text)]
    return tuple(sorted(ranges))


def document_text(text: str, is_html: bool | None) -> str:
    """The text to geoparse: main text of HTML, or the plain text unchanged."""
    if is_html is None:
        is_html = looks_like_html(text)
    if not is_html:
        return text
    return extract_main_text(text)

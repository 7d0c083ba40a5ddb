"""Date expressions of news text, resolved against the publication date.

Rules, not a model: news names event dates in a small set of forms ("on Sunday",
"last weekend", "on June 9", "from June 8 to June 10", "overnight", "last week"), and the
publication date fixes what they mean. Weekdays and month days without a year mean the
latest such day on or before publication ("on Sunday" in a Monday paper is yesterday);
"last <weekday>" is strictly before it.

>>> [(m.text, str(m.start), str(m.end), m.precision)
...  for m in find_dates("Clashes from June 8 to and June 10.", dt.date(2018, 6, 11))]
[('from June 8 to and June 10', '2018-06-08', '2018-06-10', 'range')]
>>> [(m.text, str(m.start), str(m.end)) for m in find_dates("Last weekend,", dt.date(2018, 6, 11))]
[('Last weekend', '2018-06-09', '2018-06-10')]
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

_MONTH = (
    r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?"
    r"|Dec\.?)"
)
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<{0}>(?:19|20)\d\d))?"
_WEEKDAY = r"(?P<{0}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def _month_day(tag: str) -> str:
    """``June 9[, 2018]`` or ``9 June [2018]`` or ``9th of June``, group names suffixed."""
    return (
        rf"(?:{_MONTH.format('m' + tag)}\s+{_DAY.format('d' + tag)}{_YEAR.format('y' + tag)}\b"
        rf"|{_DAY.format('e' + tag)}(?:\s+of)?\s+{_MONTH.format('n' + tag)}"
        rf"{_YEAR.format('z' + tag)}\b"
        rf"|(?P<iso{tag}>(?:19|20)\d\d-[01]\d-[0-3]\d)\b)"
    )


_SINGLE = rf"(?:{_month_day('a')}|{_WEEKDAY.format('wa')})"
_RANGE_JOIN = r"\s*(?:to\s+and|to|until|till|through|thru|and|-|–|—)\s*"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: ``text == source[offset:offset + len(text)]``."""

    offset: int
    text: str
    start: dt.date
    end: dt.date
    precision: str

    @property
    def stop(self) -> int:
        return self.offset + len(self.text)


Handler = Callable[[re.Match, dt.date], tuple[dt.date, dt.date, str] | None]


def _latest(published: dt.date, month: int, day: int, year: int | None) -> dt.date | None:
    """The date with this month and day: in ``year``, or the latest not after publication
    (a week of slack for reports filed ahead of their date line)."""
    try:
        if year is not None:
            return dt.date(year, month, day)
        candidate = dt.date(published.year, month, day)
        if candidate > published + dt.timedelta(days=7):
            candidate = dt.date(published.year - 1, month, day)
        return candidate
    except ValueError:
        return None


def _weekday_on_or_before(published: dt.date, weekday: int, strictly: bool = False) -> dt.date:
    back = (published.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def _single(match: re.Match, tag: str, published: dt.date, month_hint: int | None = None):
    """One day from the groups suffixed ``tag`` (month day, ISO date or weekday)."""
    groups = match.groupdict()
    if groups.get(f"iso{tag}"):
        try:
            return dt.date.fromisoformat(groups[f"iso{tag}"])
        except ValueError:
            return None
    if groups.get(f"w{tag}"):
        return _weekday_on_or_before(published, WEEKDAYS[groups[f"w{tag}"].lower()])
    for month_key, day_key, year_key in (
        (f"m{tag}", f"d{tag}", f"y{tag}"),
        (f"n{tag}", f"e{tag}", f"z{tag}"),
    ):
        if groups.get(day_key):
            name = groups.get(month_key)
            month = MONTHS[name.lower().rstrip(".")] if name else month_hint
            if month is None:
                return None
            year = int(groups[year_key]) if groups.get(year_key) else None
            return _latest(published, month, int(groups[day_key]), year)
    return None


def _month_of(match: re.Match, tag: str) -> int | None:
    name = match.groupdict().get(f"m{tag}") or match.groupdict().get(f"n{tag}")
    return MONTHS[name.lower().rstrip(".")] if name else None


# -- handlers: (match, published) -> (start, end, precision) | None --------------------------
def _ordered(
    first: dt.date, second: dt.date, weekdays: bool
) -> tuple[dt.date, dt.date, str] | None:
    if second < first and weekdays:
        first -= dt.timedelta(days=7)  # "from Friday to Monday"
    elif second < first and second.month < first.month:
        second = second.replace(year=first.year + 1)  # "from December 30 to January 2"
    if second < first:
        return None
    return (first, second, "range") if second > first else (first, first, "day")


def _h_range(match: re.Match, published: dt.date):
    first = _single(match, "a", published)
    if first is None:
        return None
    second = _single(match, "b", published, month_hint=_month_of(match, "a"))
    if second is None and match.group("bare"):
        second = _latest(published, first.month, int(match.group("bare")), first.year)
    if second is None:
        return None
    return _ordered(first, second, bool(match.group("wa") and match.group("wb")))


def _h_day_span(match: re.Match, published: dt.date):
    """``June 8-10``, ``June 8 to 10``, ``8-10 June``."""
    month = MONTHS[(match.group("m1") or match.group("m2")).lower().rstrip(".")]
    year = int(match.group("y")) if match.group("y") else None
    first = _latest(published, month, int(match.group("d1") or match.group("d2")), year)
    if first is None:
        return None
    second = _latest(published, month, int(match.group("e1") or match.group("e2")), first.year)
    return None if second is None else _ordered(first, second, False)


def _h_single(match: re.Match, published: dt.date):
    day = _single(match, "a", published)
    if day is None:
        return None
    if match.group("last") and match.group("wa"):
        day = _weekday_on_or_before(published, WEEKDAYS[match.group("wa").lower()], strictly=True)
    return day, day, "day"


def _h_since(match: re.Match, published: dt.date):
    day = _single(match, "a", published)
    if day is None or day > published:
        return None
    return (day, published, "range") if day < published else (day, day, "day")


def _h_relative_day(match: re.Match, published: dt.date):
    word = match.group(0).lower()
    if "before yesterday" in word:
        back = 2
    elif "yesterday" in word or "last night" in word:
        back = 1
    elif "ago" in word:
        count = match.group("count").lower()
        back = int(count) if count.isdigit() else _NUMBER_WORDS.get(count, 0)
        if not back:
            return None
    else:
        back = 0
    day = published - dt.timedelta(days=back)
    return day, day, "day"


def _h_overnight(match: re.Match, published: dt.date):
    return published - dt.timedelta(days=1), published, "range"


def _h_weekend(match: re.Match, published: dt.date):
    saturday = _weekday_on_or_before(published, 5)
    if match.group("which").lower() == "last" and published.weekday() in (5, 6):
        saturday -= dt.timedelta(days=7)
    sunday = min(saturday + dt.timedelta(days=1), published)
    return saturday, sunday, "range" if sunday > saturday else "day"


def _h_week(match: re.Match, published: dt.date):
    monday = published - dt.timedelta(days=published.weekday())
    if match.group("which").lower() == "last":
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "week"
    return monday, published, "week"


def _h_month_relative(match: re.Match, published: dt.date):
    first = published.replace(day=1)
    if match.group("which").lower() == "last":
        end = first - dt.timedelta(days=1)
        return end.replace(day=1), end, "month"
    return first, published, "month"


def _h_month(match: re.Match, published: dt.date):
    month = MONTHS[match.group("month").lower().rstrip(".")]
    year = int(match.group("year")) if match.group("year") else published.year
    if not match.group("year") and dt.date(year, month, 1) > published:
        year -= 1
    last = calendar.monthrange(year, month)[1]
    part = " ".join((match.group("part") or "").lower().replace("-", " ").split())
    if part in ("early", "beginning of", "start of"):
        return dt.date(year, month, 1), dt.date(year, month, 10), "range"
    if part in ("mid", "middle of"):
        return dt.date(year, month, 11), dt.date(year, month, 20), "range"
    if part in ("late", "end of"):
        return dt.date(year, month, 21), dt.date(year, month, last), "range"
    return dt.date(year, month, 1), dt.date(year, month, last), "month"


_SECOND = _SINGLE.replace("a>", "b>")
_SPAN_JOIN = r"\s*(?:-|–|to\s+and|to|and)\s*"
_NOT_A_COUNT = r"(?!\s*(?:people|persons|killed|dead|civilians|soldiers|fighters))"
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
PATTERNS: tuple[tuple[re.Pattern, Handler], ...] = (
    (
        re.compile(
            rf"\b(?:from|between)\s+{_SINGLE}{_RANGE_JOIN}"
            rf"(?:{_SECOND}|(?P<bare>[0-3]?\d)\b{_NOT_A_COUNT})",
            re.IGNORECASE,
        ),
        _h_range,
    ),
    (
        re.compile(
            rf"\b(?:(?:from|between)\s+)?(?:{_MONTH.format('m1')}\s+{_DAY.format('d1')}"
            rf"{_SPAN_JOIN}{_DAY.format('e1')}"
            rf"|{_DAY.format('d2')}{_SPAN_JOIN}{_DAY.format('e2')}\s+{_MONTH.format('m2')})"
            rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b{_NOT_A_COUNT}"
        ),
        _h_day_span,
    ),
    (re.compile(rf"\bsince\s+{_SINGLE}", re.IGNORECASE), _h_since),
    (re.compile(rf"\b(?P<last>[Ll]ast\s+)?{_SINGLE}"), _h_single),
    (
        re.compile(
            r"\b(?:the\s+day\s+before\s+yesterday|yesterday|last\s+night|today|tonight|"
            r"this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today|"
            r"(?P<count>\d|one|two|three|four|five|six|seven)\s+days?\s+ago)\b",
            re.IGNORECASE,
        ),
        _h_relative_day,
    ),
    (re.compile(r"\bovernight\b", re.IGNORECASE), _h_overnight),
    (
        re.compile(r"\b(?P<which>last|this|over\s+the|on\s+the|at\s+the)\s+weekend\b", re.I),
        _h_weekend,
    ),
    (re.compile(r"\b(?:earlier\s+)?(?P<which>last|this)\s+week\b", re.IGNORECASE), _h_week),
    (
        re.compile(r"\b(?:earlier\s+)?(?P<which>last|this)\s+month\b", re.IGNORECASE),
        _h_month_relative,
    ),
    (
        re.compile(
            r"\b(?:(?P<part>early|mid-|mid|late|beginning\s+of|start\s+of|middle\s+of|end\s+of)"
            rf"\s*|in\s+)(?P<month>{_MONTH_NAMES})(?:\s+(?P<year>(?:19|20)\d\d))?\b"
            r"(?!\s*[0-3]?\d\b)"
        ),
        _h_month,
    ),
)


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """The date expressions of ``text`` that resolve against ``published``, in text order,
    non-overlapping (the longest at each place). Nothing without a publication date, except
    month days with a year and ISO dates."""
    reference = published or dt.date.today()
    found: list[tuple[int, int, int, DateMention]] = []
    for rank, (pattern, handler) in enumerate(PATTERNS):
        for match in pattern.finditer(text):
            if published is None and not _absolute(match):
                continue
            resolved = handler(match, reference)
            if resolved is None:
                continue
            start, end, precision = resolved
            if published is not None:
                if start > published + dt.timedelta(days=7):
                    continue
                end = max(start, min(end, published))  # nothing reported happens later
                if end == start and precision == "range":
                    precision = "day"
            mention = DateMention(match.start(), match.group(0), start, end, precision)
            found.append((match.start(), -(match.end() - match.start()), rank, mention))
    found.sort(key=lambda item: item[:3])
    chosen: list[DateMention] = []
    for _, _, _, mention in found:
        if all(mention.offset >= c.stop or mention.stop <= c.offset for c in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.offset)


def _absolute(match: re.Match) -> bool:
    groups = match.groupdict()
    return bool(groups.get("isoa") or groups.get("ya") or groups.get("za") or groups.get("year"))

"""When it happened: document dates, datelines, and the date of a clause from its time phrases.

Dates are ISO 8601 strings as precise as the source allows:

========== ============== =====================================================
precision  form           example
========== ============== =====================================================
day        ``YYYY-MM-DD`` ``"2009-02-03"``
week       ``YYYY-Www``   ``"2009-W06"`` (ISO week: Monday 2 to Sunday 8 February 2009)
month      ``YYYY-MM``    ``"2009-02"``
year       ``YYYY``       ``"2009"``
========== ============== =====================================================

Every date stands for a range of days (:func:`date_range`); filters keep what overlaps a range
(:func:`overlaps`) and sorting uses :func:`sort_key`, since plain string order puts a week
after every day of its year.

Three jobs, each a pure function of strings, dates and a clause's tense:

* :func:`read_date` reads a date from metadata ("2009-02-03T10:00:00Z", "Tue, 03 Feb 2009
  10:00:00 GMT", "February 3, 2009", "20090203", "03/02/2009"...). A numeric date whose two
  first parts are both 12 or less is *ambiguous*: the reading says so and gives both, and
  :func:`choose_date` settles it with the text's dateline or the input's own convention.
* :func:`find_dateline` reads the date at the top of a text ("May 01, 2009", "Friday 3 March
  2006", "OSLO, March 4, 2009 (Wire) -").
* :func:`resolve_phrase` turns a time phrase of a clause ("on Friday", "last week", "in 2003",
  "on Nov. 3", "two days ago") into a date, against the document's date and the clause's tense
  (:func:`clause_tense`); :func:`dated` puts the result on a :class:`~kg.model.Triple`.

The rules and the reasons for them (and for not using a date-parsing library in the hot path)
are in ``docs/dates.md``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from operator import attrgetter
from typing import Any

from kg.errors import KgError
from kg.model import Triple

__all__ = [
    "document_dated",
    "DateReading",
    "PRECISIONS",
    "TENSES",
    "read_date",
    "find_dateline",
    "choose_date",
    "date_range",
    "precision",
    "overlaps",
    "parse_bound",
    "sort_key",
    "period_of",
    "resolve_phrase",
    "clause_tense",
    "clause_time_phrases",
    "clause_date",
    "dated",
]

#: Date precisions, finest first.
PRECISIONS = ("day", "week", "month", "year")
#: Clause tenses :func:`clause_tense` tells apart.
TENSES = ("past", "present", "future")

# -- calendar words -------------------------------------------------------------------------------
# The English calendar is fixed vocabulary (not a tunable word list), so it lives here.

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"), 1
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9
del _i, _name
_WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")):
    _WEEKDAYS[_name] = _i
    _WEEKDAYS[_name[:3]] = _i
_WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})
del _i, _name
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100,
}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
# the month a season starts in (northern hemisphere, meteorological)
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WEEKDAY_RE = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_DAY_RE = r"(\d{1,2})(?:st|nd|rd|th)?"

# -- tense words ----------------------------------------------------------------------------------
# Auxiliaries are a closed grammatical class; the prospective verbs are those whose
# to-infinitive points forward in time ("is expected to meet on Friday": the coming Friday).

_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "'d"})
_MODAL_AUX = frozenset({"can", "ca", "could", "may", "might", "must", "should", "ought"})
_PRESENT_AUX = frozenset({"is", "are", "am", "'s", "'re", "'m", "does", "do", "has", "have", "'ve"})
_PROSPECTIVE = frozenset({
    "be", "go", "expect", "plan", "schedule", "set", "due", "intend", "aim", "hope", "want", "wish", "prepare",
    "agree", "decide", "promise", "pledge", "vow", "threaten", "seek", "propose", "offer", "vote", "likely",
    "poised", "slate", "tip", "have", "need", "try",
})
_PAST_TAGS = frozenset({"VBD"})
_TIME_ENTS = frozenset({"DATE", "TIME"})

# -- ranges, precision, comparison ------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2}))?$")


@lru_cache(maxsize=65536)
def date_range(value: str) -> tuple[date, date]:
    """The first and last day a date stands for.

    Args:
        value: An ISO date of any precision: ``"2009"``, ``"2009-02"``, ``"2009-W06"``,
            ``"2009-02-03"``.

    Returns:
        ``(first, last)`` days, both included.

    Raises:
        ValueError: ``value`` is not such a date.

    Example:
        >>> date_range("2009-02")
        (datetime.date(2009, 2, 1), datetime.date(2009, 2, 28))
        >>> date_range("2009-W06")
        (datetime.date(2009, 2, 2), datetime.date(2009, 2, 8))
    """
    m = _ISO.match(value) if isinstance(value, str) else None
    if m is None:
        raise ValueError(f"not an ISO date of day, week, month or year precision: {value!r}")
    year = int(m.group(1))
    if m.group(4):
        start = date.fromisocalendar(year, int(m.group(4)), 1)
        return start, start + timedelta(days=6)
    if m.group(3):
        d = date(year, int(m.group(2)), int(m.group(3)))
        return d, d
    if m.group(2):
        month = int(m.group(2))
        first = date(year, month, 1)
        return first, _month_start(year, month + 1) - timedelta(days=1)
    return date(year, 1, 1), date(year, 12, 31)


def precision(value: str) -> str:
    """``"day"``, ``"week"``, ``"month"`` or ``"year"``: how precise an ISO date is.

    Example:
        >>> precision("2009-02"), precision("2009-W06")
        ('month', 'week')
    """
    if "W" in value:
        return "week"
    return ("year", "month", "day")[value.count("-")]


def sort_key(value: str | None) -> tuple[int, date, date]:
    """A key that sorts dates by their first day, then their last; None (undated) goes last.

    Example:
        >>> sorted(["2009-03", "2009-W06", "2009-02-01", None, "2009"], key=sort_key)
        ['2009', '2009-02-01', '2009-W06', '2009-03', None]
    """
    if not value:
        return (1, date.max, date.max)
    start, end = date_range(value)
    return (0, start, end)


def overlaps(value: str | None, since: date | None, until: date | None) -> bool:
    """Whether a date overlaps the days from ``since`` to ``until`` (both included; None is
    open). An undated value (None) overlaps nothing once a bound is given."""
    if since is None and until is None:
        return True
    if not value:
        return False
    try:
        start, end = date_range(value)
    except ValueError:
        return False
    return (until is None or start <= until) and (since is None or end >= since)


def parse_bound(value: str | date | None, *, end: bool = False, name: str = "date") -> date | None:
    """A ``since``/``until`` bound as a day: the first day of ``value`` (or its last day
    with ``end=True``), so ``until="2009-02"`` includes the whole of February.

    Raises:
        KgError: ``value`` is not an ISO date ("2009", "2009-02", "2009-W06", "2009-02-03").
    """
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        first, last = date_range(text)
    except ValueError:
        raise KgError(
            f"{name} {value!r} is not a date: give an ISO date like 2009, 2009-02, 2009-02-03 or 2009-W06"
        ) from None
    return last if end else first


def period_of(value: str, by: str) -> str | None:
    """The period (``by`` = ``"day"``, ``"week"``, ``"month"`` or ``"year"``) a date falls in,
    or None when the date is less precise than the period (a month-precise date has no week).

    Example:
        >>> period_of("2009-02-03", "week"), period_of("2009-02-03", "month"), period_of("2009", "month")
        ('2009-W06', '2009-02', None)
    """
    if by not in PRECISIONS:
        raise KgError(f"a period is one of {', '.join(PRECISIONS)}, not {by!r}")
    p = precision(value)
    if PRECISIONS.index(p) > PRECISIONS.index(by) or (p == "week" and by == "month"):
        return None
    start, _ = date_range(value)
    if by == "day":
        return start.isoformat()
    if by == "week":
        return _week(start)
    if by == "month":
        return f"{start.year:04d}-{start.month:02d}"
    return f"{start.year:04d}"


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _month_start(year: int, month: int) -> date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1)


def _month(year: int, month: int) -> str:
    d = _month_start(year, month)
    return f"{d.year:04d}-{d.month:02d}"


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# -- reading dates from metadata ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateReading:
    """What :func:`read_date` made of a metadata value.

    Attributes:
        date: The date (ISO, as precise as given), or None when unreadable or ambiguous.
        readings: For an ambiguous numeric date, its two readings: (month first, day first).
        order: What the value shows of its input's numeric order: ``"dmy"`` for "25/12/2009",
            ``"mdy"`` for "12/25/2009", None otherwise.
        problem: Why the value could not be read, or None.
    """

    date: str | None = None
    readings: tuple[str, str] | None = None
    order: str | None = None
    problem: str | None = None


_ISO_DATETIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$", re.I
)
_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$|^(\d{4})-W(\d{2})$")
_YMD_SEP = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?Z?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[T ,]+\d{1,2}:\d{2}.*)?$")
_WORDY = re.compile(
    r"^(?:(?:" + _WEEKDAY_RE + r")\.?,?\s+)?(?:"
    r"(?P<m1>" + _MONTH_RE + r")\.?\s+" + _DAY_RE.replace("(\\d", "(?P<d1>\\d") + r",?\s+(?P<y1>\d{4})"
    r"|" + _DAY_RE.replace("(\\d", "(?P<d2>\\d") + r"\s+(?:of\s+)?(?P<m2>" + _MONTH_RE + r")\.?,?\s+(?P<y2>\d{4})"
    r"|(?P<m3>" + _MONTH_RE + r")\.?,?\s+(?:of\s+)?(?P<y3>\d{4})"
    r")\b",
    re.I,
)


def read_date(value: Any) -> DateReading:
    """Read a document date given as metadata.

    Understood: ISO 8601 dates and date-times (``2009-02-03``, ``2009-02-03T10:00:00Z``,
    ``2009-02``, ``2009``, ``2009-W06``), ``2009/02/03``, compact ``20090203`` and
    ``20090203101500`` (GDELT), dates with month names in English (``February 3, 2009``,
    ``Tue, 03 Feb 2009 10:00:00 GMT``, ``3rd of February 2009``, ``Feb 2009``), Unix
    timestamps (a number of 9 to 13 digits: seconds or milliseconds), and numeric day/month
    dates (``25/12/2009``, ``12-25-2009``, ``03.02.09``). A time of day and a time zone are
    dropped: the date is the one written.

    A numeric date whose first two parts are both 12 or less ("03-02-2009") is ambiguous: the
    reading has no ``date`` but both ``readings``, for :func:`choose_date` to settle.

    Args:
        value: A string, a number (a year, ``YYYYMMDD`` or a Unix timestamp), or a Python
            ``date`` or ``datetime``.

    Returns:
        A :class:`DateReading`.

    Example:
        >>> read_date("Tue, 03 Feb 2009 10:00:00 GMT").date
        '2009-02-03'
        >>> read_date("03-02-2009").readings
        ('2009-03-02', '2009-02-03')
    """
    if isinstance(value, bool) or value is None:
        return DateReading(problem=f"not a date: {value!r}")
    if isinstance(value, datetime):
        return DateReading(date=value.date().isoformat())
    if isinstance(value, date):
        return DateReading(date=value.isoformat())
    if isinstance(value, (int, float)):
        return _read_number(value)
    if not isinstance(value, str):
        return DateReading(problem=f"a date must be a string or a number, not {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        return DateReading(problem="empty date")
    if text.isdigit() and len(text) in (9, 10, 12, 13):
        return _read_number(int(text))
    m = _ISO_DATETIME.match(text)
    if m:
        return _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    m = _ISO_PARTIAL.match(text)
    if m:
        if m.group(3):
            year, week = int(m.group(3)), int(m.group(4))
            try:
                date.fromisocalendar(year, week, 1)
            except ValueError:
                return DateReading(problem=f"no such week: {text!r}")
            return DateReading(date=f"{year:04d}-W{week:02d}")
        year = int(m.group(1))
        if m.group(2):
            month = int(m.group(2))
            if not 1 <= month <= 12:
                return DateReading(problem=f"no such month: {text!r}")
            return DateReading(date=f"{year:04d}-{month:02d}")
        return DateReading(date=f"{year:04d}")
    m = _YMD_SEP.match(text)
    if m:
        return _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    m = _COMPACT.match(text)
    if m:
        return _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    m = _NUMERIC.match(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(3)), m.group(4)
        year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 70 else 1900 + int(y))
        month_first = _day(year, a, b)
        day_first = _day(year, b, a)
        if month_first and day_first and a != b:
            return DateReading(readings=(month_first.isoformat(), day_first.isoformat()))
        if month_first:
            return DateReading(date=month_first.isoformat(), order="mdy" if a != b else None)
        if day_first:
            return DateReading(date=day_first.isoformat(), order="dmy")
        return DateReading(problem=f"no such date: {text!r}")
    m = _WORDY.match(text)
    if m:
        g = m.groupdict()
        if g["m3"]:
            return DateReading(date=f"{int(g['y3']):04d}-{_month_number(g['m3']):02d}")
        return _checked(int(g["y1"] or g["y2"]), _month_number(g["m1"] or g["m2"]), int(g["d1"] or g["d2"]), text)
    return DateReading(
        problem=f"unreadable date {text[:60]!r}: write dates as YYYY-MM-DD (or e.g. 'February 3, 2009', '2009-02-03T10:00:00Z')"
    )


def _checked(year: int, month: int, day: int, text: str) -> DateReading:
    d = _day(year, month, day)
    if d is None:
        return DateReading(problem=f"no such date: {text!r}")
    return DateReading(date=d.isoformat())


def _read_number(value: float) -> DateReading:
    if isinstance(value, float) and not value == value:  # NaN
        return DateReading(problem="not a date: NaN")
    n = int(value)
    if 1000 <= n <= 2999 and n == value:
        return DateReading(date=f"{n:04d}")
    if 10_000_000 <= n <= 99_999_999:
        return _checked(n // 10000, n // 100 % 100, n % 100, str(n))
    if 100_000_000 <= abs(n) < 100_000_000_000_000:
        seconds = value / 1000 if abs(n) >= 100_000_000_000 else value
        try:
            return DateReading(date=datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat())
        except (OverflowError, OSError, ValueError):
            pass
    return DateReading(problem=f"not a date: {value!r} (a number is read as a year, YYYYMMDD or a Unix timestamp)")


# -- datelines ----------------------------------------------------------------------------------------

_DATELINE = re.compile(
    r"^[ \t]*(?:(?:published|posted|updated|dated?|last\s+updated)(?:\s+on)?\s*:?\s+)?"
    r"(?:[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){0,3}(?:\s*\([^)\n]{1,40}\))?\s*,\s+)?"  # OSLO, / WASHINGTON (AP),
    r"(?:" + _WEEKDAY_RE + r")?\.?,?\s*"
    r"(?:(?P<m1>" + _MONTH_RE + r")\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + _MONTH_RE + r")\.?,?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
    r"(?![\w/\-])",
    re.I,
)
_DATELINE_LINES = 6
_DATELINE_CHARS = 600


def find_dateline(text: str) -> str | None:
    """The date at the top of a text, as ``YYYY-MM-DD``, or None.

    Looks at the first lines (up to 600 characters) for a line that starts with a date with
    its year: "May 01, 2009", "Friday 3 March 2006", "2009-05-01", after an optional place
    and agency ("OSLO, March 4, 2009 (Wire) -", "WASHINGTON (AP), May 1, 2009") or label
    ("Published: 1 May 2009"). A date without a year ("OSLO, March 4 -") gives nothing.

    Example:
        >>> find_dateline("Markets fall\\n\\nFebruary 03, 2009\\n\\nStocks fell on Monday.")
        '2009-02-03'
    """
    head = text[:_DATELINE_CHARS]
    for n, line in enumerate(head.splitlines()):
        if n >= _DATELINE_LINES:
            break
        if not line.strip():
            continue
        found = _dateline_of(line)
        if found is not None:
            return found[0]
    return None


def _dateline_of(line: str) -> tuple[str, int] | None:
    """The date a line opens with, as a dateline, and where that dateline ends in the line."""
    m = _DATELINE.match(line)
    if m is None:
        return None
    g = m.groupdict()
    if g["y3"]:
        d = _day(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    else:
        d = _day(int(g["y1"] or g["y2"]), _month_number(g["m1"] or g["m2"]), int(g["d1"] or g["d2"]))
    return (d.isoformat(), m.end()) if d is not None else None


def choose_date(reading: DateReading, dateline: str | None, order: str | None = None) -> tuple[str | None, str | None]:
    """The document date from a metadata reading and the text's dateline.

    * No metadata date (or an unreadable one): the dateline.
    * A certain date: that date; a dateline more than a day away from it is worth a warning.
    * An ambiguous numeric date: the reading the dateline agrees with, else the one the
      input's ``order`` (``"dmy"`` or ``"mdy"``, learnt from its unambiguous dates) gives;
      else no reading is guessed: the dateline (or no date) with a warning.

    Args:
        reading: From :func:`read_date` (``DateReading()`` when there was no date).
        dateline: From :func:`find_dateline`.
        order: The numeric order of the input's other dates, if known.

    Returns:
        ``(date, warning)``: the date (or None) and a message for the user (or None).

    Example:
        >>> choose_date(read_date("03-02-2009"), "2009-02-03")
        ('2009-02-03', None)
    """
    if reading.problem:
        return dateline, reading.problem + ("; using the text's dateline " + dateline if dateline else "; the date is ignored")
    if reading.readings:
        month_first, day_first = reading.readings
        if dateline in reading.readings:
            return dateline, None
        if order in ("mdy", "dmy"):
            chosen = month_first if order == "mdy" else day_first
            return chosen, None
        both = f"{_spoken(month_first)} or {_spoken(day_first)}"
        fallback = f"using the text's dateline {dateline}" if dateline else "no date is used"
        return dateline, (
            f"ambiguous date ({both}?) and neither the text's dateline nor another date of this input settles it: "
            f"{fallback}; write dates as YYYY-MM-DD"
        )
    if reading.date is None:
        return dateline, None
    if dateline and precision(reading.date) == "day":
        gap = abs((date.fromisoformat(reading.date) - date.fromisoformat(dateline)).days)
        if gap > 1:
            return reading.date, (
                f"the date {reading.date} and the text's dateline {dateline} disagree; kg uses {reading.date} "
                "(correct the one that is wrong)"
            )
    return reading.date, None


def _spoken(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


# -- the tense of a clause --------------------------------------------------------------------------


def clause_tense(verb: Any, _depth: int = 0) -> str:
    """``"past"``, ``"present"`` or ``"future"``: the tense of the clause headed by ``verb``.

    Read from the verb's tag and its auxiliaries: "will"/"would"/"shall" and modals ("could
    meet") are future; a past tag (VBD), "had"/"has" with a past participle and "was" are past;
    "is meeting", "meets" are present. A to-infinitive takes the tense of the verb it
    complements, except after prospective verbs ("is expected to meet", "plans to visit",
    "is to meet", "is going to meet", "agreed to meet"), which make it future.

    Args:
        verb: A token (spaCy's ``Token`` or kg's ``TokenView``): ``tag_``, ``dep_``,
            ``lower_``, ``lemma_``, ``head`` and ``children`` are read.

    Returns:
        The tense; "past" when nothing tells (news reports mostly what happened).
    """
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        if "'d" in words and verb.tag_ == "VBN":
            return "past"  # "he'd met"
        return "future"
    if words & _MODAL_AUX:
        return "future"
    head = verb.head
    if "to" in words or (verb.tag_ == "VB" and verb.dep_ == "xcomp"):
        if verb.dep_ == "xcomp" and head is not verb:
            if head.lemma_.lower() in _PROSPECTIVE:
                return "future"
            if _depth < 4:
                return clause_tense(head, _depth + 1)
        if verb.dep_ in ("advcl", "ccomp", "conj") and head is not verb and _depth < 4:
            return clause_tense(head, _depth + 1)
        return "future"
    for a in auxes:
        if a.tag_ in _PAST_TAGS:
            return "past"  # was, were, had, did
        if a.lower_ in ("has", "have", "'ve") and verb.tag_ == "VBN":
            return "past"  # has met
    if words & _PRESENT_AUX:
        return "present"
    tag = verb.tag_
    if tag in _PAST_TAGS or tag == "VBN":
        return "past"
    if tag in ("VBZ", "VBP"):
        return "present"
    if tag == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp") and head is not verb and _depth < 4:
        return clause_tense(head, _depth + 1)
    if verb.dep_ == "conj" and head is not verb and _depth < 4:
        return clause_tense(head, _depth + 1)
    return "past"


# -- time phrases -----------------------------------------------------------------------------------

_NOT_A_POINT = re.compile(
    r"^(?:since|until|till|til|by|before|after|within|for|over(?! the weekend)|through|throughout|between|from|ahead|prior|"
    r"every|each|per|several|few|some|many|recent|recently|past|the past|coming|the coming|the same|that|those|"
    r"the previous|previous|the following|following|the next (?:day|morning|week|month|year)|"
    r"the day before(?! yesterday)|the day after(?! tomorrow)|the week before|the week after|earlier in the day)\b"
)
_STRIP_TIME = re.compile(
    r"\b(?:at\s+)?(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d{2}|noon|midnight)"
    r"(?:\s+(?:local time|gmt|utc|[a-z]{2,4}t))?\b\.?"
)
_PARTS_OF_DAY = re.compile(r"\b(?:morning|afternoon|evening|night|overnight|early hours)\b")
_EDGE_WORDS = re.compile(r"\b(?:early|late|mid|middle of|beginning of|end of|start of|around|about|circa|as early as|as late as)\b")


def _normalise(text: str) -> str:
    s = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"[,;()\"]", " ", s)
    s = re.sub(r"\bmid-", "mid ", s)
    return " ".join(s.split()).strip(" .")


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


@lru_cache(maxsize=16384)
def resolve_phrase(text: str, document_date: str | None, tense: str = "past") -> str | None:
    """The date a time phrase of a clause gives, or None when it fixes none.

    Shapes (each with its precision; "the document" is ``document_date``):

    * explicit dates: "on March 4, 2009", "4 March 2009", "2009-03-04" (day); "March 2009"
      (month); "in 2003", "in early 2003" (year);
    * a day and month without year, "on Nov. 3": that day on or before the document for a past
      clause, on or after it for a future one (day);
    * a weekday, "on Friday", "Friday night": a past clause's is the latest such day before
      the document, a future or present clause's the next one after; the document's own day
      when it is that weekday (wire copy names the day of the week for the same day).
      "last Friday" is strictly before, "next Friday" strictly after (day);
    * "yesterday", "today", "tonight", "tomorrow", "last night", "this morning" (day);
    * "last week", "this week", "earlier this week", "next week", "this weekend", "the
      weekend" (ISO week);
    * "last month", "this month", "next month" (month); "in March": the month itself when it
      holds the document date, else the March before (past) or after (future) (month);
    * "last year", "this year", "next year" (year);
    * "two days ago", "a week ago", "six months ago", "a year ago" (day, week, month, year);
      "in two weeks" for a future clause ("will meet in two weeks"; a present one, "closes at
      its lowest level in six years", measures time);
    * "in the first quarter", "the second half of 2009", "last summer": the year they fall in
      (year: a quarter or a season has no ISO 8601 form that sorts with the others).

    Phrases that bound or measure time rather than place an event ("since 2003", "until
    Friday", "by 2012", "for two years", "in recent weeks", "the next day") give None, as do
    relative phrases without a document date.

    Args:
        text: The phrase as written, preposition included.
        document_date: The document's date (ISO), or None.
        tense: The clause's tense (:func:`clause_tense`).

    Returns:
        An ISO date, or None.

    Example:
        >>> resolve_phrase("on Friday", "2009-03-04", "past"), resolve_phrase("on Friday", "2009-03-04", "future")
        ('2009-02-27', '2009-03-06')
    """
    s = _normalise(text)
    if not s:
        return None
    ref = _reference(document_date)
    future = tense in ("future", "present")
    m = re.match(r"^in (\S+) (day|week|month|year)s?(?: time)?$", s)
    if m:
        n = _number(m.group(1))
        # only a future clause makes it a point ahead: in the present, a headline's or a
        # superlative's ("at its lowest level in six years"), it measures time
        if n is None or tense != "future" or ref is None:
            return None
        return _shift(ref, n, m.group(2))
    s = re.sub(r"^(?:on|in|at|during|of|as of|over|this past|this coming)\b\s*", lambda x: {"this past": "last ", "this coming": "next "}.get(x.group(0).strip(), ""), s)
    if _NOT_A_POINT.match(s):
        return None
    s = _STRIP_TIME.sub(" ", s)
    s = s.replace("last night", "yesterday").replace("tonight", "today")
    s = re.sub(r"\bcurrent (week|month|year|quarter)\b", r"this \1", s)
    s = re.sub(r"\b(?:earlier|later) (?:in )?(?:the |this )?(day|week|weekend|month|year)\b", r"this \1", s)
    s = re.sub(r"\b(?:earlier|later) today\b", "today", s)
    s = re.sub(r"^this (morning|afternoon|evening)$", "today", s)
    s = _PARTS_OF_DAY.sub(" ", s)
    s = _EDGE_WORDS.sub(" ", s)
    s = re.sub(r"\b(?:the|of|on|in|at|during)\b", " ", s)
    s = " ".join(s.split()).strip(" .")
    if not s:
        return None
    return _resolve(s, ref, future)


def _reference(document_date: str | None) -> tuple[date, str] | None:
    if not document_date:
        return None
    try:
        start, _ = date_range(document_date)
    except ValueError:
        return None
    return start, precision(document_date)


def _needs(ref: tuple[date, str] | None, finest: str) -> date | None:
    """The document's day when it is known at least to ``finest`` precision."""
    if ref is None:
        return None
    d, p = ref
    if PRECISIONS.index(p) > PRECISIONS.index(finest) or (p == "week" and finest == "month"):
        return None
    return d


def _shift(ref: tuple[date, str], n: int, unit: str) -> str | None:
    if unit == "day":
        d = _needs(ref, "day")
        return (d + timedelta(days=n)).isoformat() if d else None
    if unit == "week":
        d = _needs(ref, "day")
        return _week(d + timedelta(days=7 * n)) if d else None
    if unit == "month":
        d = _needs(ref, "month")
        return _month(d.year, d.month + n) if d else None
    d = _needs(ref, "year")
    return f"{d.year + n:04d}" if d else None


_FULL_DATES = (
    re.compile(r"^(?P<m>" + _MONTH_RE + r")\.? " + _DAY_RE.replace("(\\d", "(?P<d>\\d") + r" (?P<y>\d{4})$"),
    re.compile(r"^" + _DAY_RE.replace("(\\d", "(?P<d>\\d") + r" (?P<m>" + _MONTH_RE + r")\.? (?P<y>\d{4})$"),
)
_MONTH_DAY = (
    re.compile(r"^(?P<m>" + _MONTH_RE + r")\.? " + _DAY_RE.replace("(\\d", "(?P<d>\\d") + r"$"),
    re.compile(r"^" + _DAY_RE.replace("(\\d", "(?P<d>\\d") + r" (?P<m>" + _MONTH_RE + r")\.?$"),
)
_MONTH_YEAR = re.compile(r"^(?P<m>" + _MONTH_RE + r")\.? (?P<y>\d{4})$")
_MONTH_OF_YEAR = re.compile(r"^(?P<m>" + _MONTH_RE + r")\.? (?P<which>last|this|next) year$")
_YEAR = re.compile(r"^(\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RELATIVE = re.compile(r"^(last|this|next)? ?(week|weekend|month|year)$")
_AGO = re.compile(r"^(\S+) (day|week|month|year)s? ago$")
_QUARTER = re.compile(r"^(?:(first|second|third|fourth|1st|2nd|3rd|4th|last|final) quarter|q([1-4]))(?: (\d{4}))?$|^(\d{4}) q([1-4])$")
_HALF = re.compile(r"^(first|second|1st|2nd) half(?: (\d{4}))?$")
_SEASON = re.compile(r"^(last|this|next)? ?(spring|summer|autumn|fall|winter)(?: (\d{4}))?$")


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return _MONTHS[name[:4] if name.startswith("sept") else name[:3]]


def _resolve(s: str, ref: tuple[date, str] | None, future: bool) -> str | None:
    # an explicit date wins over a weekday before it ("Friday March 3 2009")
    words = s.split()
    if len(words) > 1 and words[0].rstrip(".") in _WEEKDAYS:
        rest = _resolve(" ".join(words[1:]), ref, future)
        if rest is not None:
            return rest
    m = _ISO_DAY.match(s)
    if m:
        d = _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d.isoformat() if d else None
    for rx in _FULL_DATES:
        m = rx.match(s)
        if m:
            d = _day(int(m.group("y")), _month_number(m.group("m")), int(m.group("d")))
            return d.isoformat() if d else None
    m = _MONTH_YEAR.match(s)
    if m:
        return f"{int(m.group('y')):04d}-{_month_number(m.group('m')):02d}"
    m = _MONTH_OF_YEAR.match(s)
    if m:
        d = _needs(ref, "year")
        if d is None:
            return None
        return _month(d.year + {"last": -1, "this": 0, "next": 1}[m.group("which")], _month_number(m.group("m")))
    m = _YEAR.match(s)
    if m:
        year = int(m.group(1))
        return f"{year:04d}" if 1000 <= year <= 2999 else None
    for rx in _MONTH_DAY:
        m = rx.match(s)
        if m:
            d = _needs(ref, "day")
            if d is None:
                return None
            return _month_day(d, _month_number(m.group("m")), int(m.group("d")), future)
    if s in ("yesterday", "today", "tomorrow", "day before yesterday", "day after tomorrow"):
        d = _needs(ref, "day")
        if d is None:
            return None
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "day before yesterday": -2, "day after tomorrow": 2}[s]
        return (d + timedelta(days=offset)).isoformat()
    m = re.match(r"^(last|next|this)? ?(" + _WEEKDAY_RE + r")\.?$", s)
    if m and m.group(2) in _WEEKDAYS:
        d = _needs(ref, "day")
        return _weekday(d, _WEEKDAYS[m.group(2)], m.group(1), future) if d else None
    m = re.match(r"^(last|next|this)? ?(" + _MONTH_RE + r")\.?$", s)
    if m and m.group(2).rstrip(".") in _MONTHS:
        d = _needs(ref, "month")
        return _named_month(d, _month_number(m.group(2)), m.group(1), future) if d else None
    m = _RELATIVE.match(s)
    if m and (m.group(1) or m.group(2) == "weekend"):
        return _relative(ref, m.group(1), m.group(2), future)
    m = _AGO.match(s)
    if m:
        n = _number(m.group(1))
        return _shift(ref, -n, m.group(2)) if n is not None and ref is not None else None
    m = _QUARTER.match(s)
    if m:
        return _quarter(ref, m, future)
    m = _HALF.match(s)
    if m:
        half = 1 if m.group(1) in ("first", "1st") else 2
        return _part_of_year(ref, m.group(2), 1 if half == 1 else 7, 6, None, future)
    m = _SEASON.match(s)
    if m:
        return _part_of_year(ref, m.group(3), _SEASONS[m.group(2)], 3, m.group(1), future)
    return None


def _month_day(d: date, month: int, day: int, future: bool) -> str | None:
    years = (d.year, d.year + 1) if future else (d.year, d.year - 1)
    for year in years:
        got = _day(year, month, day)
        if got is not None and (got >= d if future else got <= d):
            return got.isoformat()
    return None


def _weekday(d: date, weekday: int, modifier: str | None, future: bool) -> str:
    if modifier == "last" or (modifier is None and not future) or (modifier == "this" and not future):
        back = (d.weekday() - weekday) % 7
        if back == 0 and modifier == "last":
            back = 7
        return (d - timedelta(days=back)).isoformat()
    ahead = (weekday - d.weekday()) % 7
    if ahead == 0 and modifier == "next":
        ahead = 7
    return (d + timedelta(days=ahead)).isoformat()


def _named_month(d: date, month: int, modifier: str | None, future: bool) -> str:
    if modifier == "this":
        return _month(d.year, month)
    if modifier == "last" or (modifier is None and not future):
        year = d.year if month < d.month or (month == d.month and modifier is None) else d.year - 1
        return _month(year, month)
    year = d.year if month > d.month or (month == d.month and modifier is None) else d.year + 1
    return _month(year, month)


def _relative(ref: tuple[date, str] | None, modifier: str | None, unit: str, future: bool) -> str | None:
    step = {"last": -1, "this": 0, "next": 1, None: 0}[modifier]
    if unit == "weekend":
        d = _needs(ref, "day")
        if d is None:
            return None
        if modifier is None and not future and d.weekday() < 5:
            step = -1  # "at the weekend" in a past clause, written on a weekday: the one before
        return _week(d + timedelta(days=7 * step))
    if unit == "week":
        d = _needs(ref, "week")
        return _week(d + timedelta(days=7 * step)) if d else None
    return _shift(ref, step, unit) if ref is not None else None


def _quarter(ref: tuple[date, str] | None, m: re.Match[str], future: bool) -> str | None:
    if m.group(4):
        return m.group(4)
    year = m.group(3)
    if year:
        return year
    d = _needs(ref, "month")
    if d is None:
        return None
    word = m.group(1)
    if word in ("last", "final"):
        q = 4 if future else ((d.month - 1) // 3 or 4)
        if not future and q == 4 and d.month <= 3:
            return f"{d.year - 1:04d}"
        return f"{d.year:04d}"
    q = _ORDINALS.get(word, 0) if word else int(m.group(2))
    return _part_of_year(ref, None, 3 * q - 2, 3, None, future)


def _part_of_year(ref: tuple[date, str] | None, year: str | None, start_month: int, months: int, modifier: str | None, future: bool) -> str | None:
    """The year of a part of the year (a quarter, a half, a season) that starts in
    ``start_month`` and lasts ``months``: the one holding the document date, else the last
    one before (past) or the next one after (future)."""
    if year:
        return year
    d = _needs(ref, "month")
    if d is None:
        return None
    here = d.year * 12 + d.month - 1
    # the occurrence that starts in the document's year, and its neighbours
    starts = [(y * 12 + start_month - 1) for y in (d.year - 1, d.year, d.year + 1)]
    if modifier == "last":
        chosen = max(s for s in starts if s + months - 1 < here)
    elif modifier == "next":
        chosen = min(s for s in starts if s > here)
    elif modifier == "this":
        chosen = starts[1]
    else:
        holding = [s for s in starts if s <= here <= s + months - 1]
        if holding:
            chosen = holding[0]
        elif future:
            chosen = min(s for s in starts if s > here)
        else:
            chosen = max(s for s in starts if s + months - 1 < here)
    return f"{chosen // 12:04d}"


# -- the date of a clause -------------------------------------------------------------------------------


def clause_time_phrases(doc: Any, prop: Any) -> list[tuple[str, str]]:
    """The time phrases of a proposition's clause, each with the tense of the verb it belongs to.

    Reads the proposition's time extras and the time phrases (DATE or TIME entities, bare or
    after a preposition) that hang on the verbs of its relation, so every reading of a clause
    ("signed a deal with Sweden in May": *sign deal* and *sign with Sweden*) gets them.

    Args:
        doc: The parsed document (a spaCy ``Doc`` or kg's ``DocView``), indexable by token.
        prop: A :class:`~kg.extract.Proposition` of ``doc``.

    Returns:
        ``(phrase, tense)`` pairs, in sentence order.
    """
    if not _has_time(doc, prop.sentence):
        return []  # most sentences name no date: nothing more to look at
    found: dict[int, tuple[list[int], Any]] = {}
    for arg in prop.extras:
        if arg.kind == "time" and arg.full:
            anchor = doc[arg.prep].head if arg.prep is not None else doc[arg.head].head
            idx = sorted(arg.full)
            timed = [i for i in idx if doc[i].ent_type_ in _TIME_ENTS]
            if timed:  # "in late 2006 for US$51 million": the date, not what else hangs on it
                idx = ([arg.prep] if arg.prep is not None else []) + timed
            found[arg.head] = (idx, anchor)
    for i in prop.relation:
        v = doc[i]
        if v.pos_ not in ("VERB", "AUX"):
            continue
        # time phrases of the verb, and those the parser hung on its direct object ("announced
        # the move on Wednesday": in news the day is nearly always when it was announced)
        holders = [v, *(c for c in v.children if c.dep_ == "dobj")]
        for h in holders:
            for c in h.children:
                if c.dep_ in ("npadvmod", "advmod", "tmod") and c.ent_type_ in _TIME_ENTS and c.i not in found:
                    found[c.i] = (sorted(t.i for t in c.subtree if t.ent_type_ in _TIME_ENTS), v)
                elif c.dep_ == "prep":
                    for k in c.children:
                        if k.dep_ == "pobj" and k.ent_type_ in _TIME_ENTS and k.i not in found:
                            found[k.i] = ([c.i, *sorted(t.i for t in k.subtree if t.ent_type_ in _TIME_ENTS)], v)
    out = []
    for _, (idx, anchor) in sorted(found.items()):
        if not idx:
            continue
        text = " ".join(doc[i].text for i in idx)
        if _in_dateline(doc, doc[idx[0]]):
            continue
        verb = anchor if anchor.pos_ in ("VERB", "AUX") else _relation_verb(doc, prop)
        out.append((text, clause_tense(verb) if verb is not None else "past"))
    return out


def _has_time(doc: Any, sentence: tuple[int, int]) -> bool:
    """Whether the tokens ``sentence`` spans hold a DATE or TIME entity (the indices of
    such tokens are found once per document and kept in its ``user_data``)."""
    cache = getattr(doc, "user_data", None)
    found = cache.get(_TIME_TOKENS) if cache is not None else None
    if found is None:
        found = [t.i for t in doc if t.ent_type_ in _TIME_ENTS]
        if cache is not None:
            cache[_TIME_TOKENS] = found
    start, end = sentence
    if end <= start:
        return bool(found)
    k = bisect_left(found, start)
    return k < len(found) and found[k] < end


_TIME_TOKENS = "kg.dates.time_tokens"


def _in_dateline(doc: Any, first: Any) -> bool:
    """Whether a time phrase is the dateline its line opens with ("May 7, 2005 Apple
    released ...", "OSLO, March 4, 2009 (Wire) - ..."): the document's date, which the parser
    took into the first clause, not a time phrase of the clause."""
    text = doc.text
    start = first.idx
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start > 80 or first.pos_ == "ADP":
        return False
    line_end = text.find("\n", start)
    found = _dateline_of(text[line_start : line_end if line_end != -1 else min(len(text), start + 200)])
    return found is not None and start < line_start + found[1]


def _relation_verb(doc: Any, prop: Any) -> Any:
    tokens = [doc[i] for i in prop.relation]
    for pos in ("VERB", "AUX"):
        for t in tokens:
            if t.pos_ == pos:
                return t
    return None


def clause_date(phrases: Iterable[tuple[str, str]], document_date: str | None) -> tuple[str | None, str | None]:
    """A clause's date and where it comes from.

    Args:
        phrases: The clause's ``(time phrase, tense)`` pairs (:func:`clause_time_phrases`).
        document_date: The document's date (ISO), or None.

    Returns:
        ``(date, "text")`` from the most precise phrase that gives one, else
        ``(document_date, "document")``, else ``(None, None)``.

    Example:
        >>> clause_date([("last week", "past")], "2009-02-03")
        ('2009-W05', 'text')
    """
    best: str | None = None
    for text, tense in phrases:
        got = resolve_phrase(text, document_date, tense)
        if got is not None and (best is None or PRECISIONS.index(precision(got)) < PRECISIONS.index(precision(best))):
            best = got
    if best is not None:
        return best, "text"
    if document_date:
        return document_date, "document"
    return None, None


@lru_cache(maxsize=1024)
def _document_date(value: Any) -> str | None:
    reading = read_date(value)
    return reading.date


def dated(triple: Any, doc: Any, prop: Any, meta: Mapping[str, Any] | None) -> Any:
    """``triple`` with its ``date`` and ``date_source`` set from its clause and the document.

    Args:
        triple: A :class:`~kg.model.Triple` read from ``prop``.
        doc: The parsed document (spaCy ``Doc`` or kg's ``DocView``).
        prop: The proposition the triple comes from.
        meta: The document's metadata; its ``"date"`` (ISO, as :mod:`kg.corpus.inputs` writes it) is
            the document date.

    Returns:
        A new triple (or ``triple`` itself when no date is known).
    """
    raw = meta.get("date") if meta else None
    doc_date = _document_date(raw) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
    phrases = clause_time_phrases(doc, prop)
    if not phrases:
        return _with_date(triple, doc_date, "document") if doc_date is not None else triple
    when, source = clause_date(phrases, doc_date)
    if when is None:
        return triple
    return _with_date(triple, when, source)


def date_of(doc: Any, prop: Any, meta: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """The ``(date, date_source)`` that :func:`dated` gives the triples of ``prop``: from a
    time phrase of its clause, else the document's date; ``(None, None)`` when none is known."""
    raw = meta.get("date") if meta else None
    doc_date = _document_date(raw) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
    phrases = clause_time_phrases(doc, prop)
    if not phrases:
        return (doc_date, "document") if doc_date is not None else (None, None)
    when, source = clause_date(phrases, doc_date)
    if when is None:
        return None, None
    return when, source


def document_dated(triple: Any, meta: Mapping[str, Any] | None) -> Any:
    """``triple`` dated by its document alone (for facts no clause dates: a membership read
    from a title is as of the document)."""
    raw = meta.get("date") if meta else None
    doc_date = _document_date(raw) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
    return _with_date(triple, doc_date, "document") if doc_date is not None else triple


# a copy of a triple with another date, made without dataclasses.replace (which costs twice
# as much, on every triple of a dated document)
_NAMES = [f.name for f in fields(Triple)]
_AT = _NAMES.index("date")
assert _NAMES[_AT + 1] == "date_source", "Triple.date_source must follow Triple.date"
_BEFORE = attrgetter(*_NAMES[:_AT])
_AFTER = tuple(_NAMES[_AT + 2 :])


def _with_date(triple: Triple, when: str, source: str) -> Triple:
    if _AFTER:
        return Triple(*_BEFORE(triple), when, source, *(getattr(triple, n) for n in _AFTER))
    return Triple(*_BEFORE(triple), when, source)

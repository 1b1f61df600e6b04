"""Date and time functions: ``timeadd``, ``timecmp``, ``formatdate``, ``plantimestamp``, ``timestamp``.

Terraform (cty's stdlib) reads timestamps as RFC 3339 with Go's ``time.Parse(time.RFC3339, …)``: a
four-digit year, an upper-case ``T``, optional fractional seconds, and ``Z`` or a ``±hh:mm`` offset.
Results are written with Go's ``time.RFC3339`` layout, which keeps the input's offset (``Z`` when it
is zero) and drops fractional seconds. Durations are Go's ``time.ParseDuration`` syntax
(``"1.5h"``, ``"-2h5m"``, units ``ns us µs ms s m h``).
https://developer.hashicorp.com/terraform/language/functions/timeadd,
https://developer.hashicorp.com/terraform/language/functions/timecmp,
https://developer.hashicorp.com/terraform/language/functions/formatdate,
https://developer.hashicorp.com/terraform/language/functions/plantimestamp.

``plantimestamp()`` is the time of the plan. A scan is a dry run, that is a plan made now, so it is
the scan's clock (:func:`iacsim.clock.scan_time`, pinned by ``IACSIM_NOW``): an imported key's
``valid_to = timeadd(plantimestamp(), "9000h")`` can be judged. ``timestamp()`` is the time of the
*apply* and stays unknown (Terraform itself leaves it unknown in the plan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

from iacsim.clock import scan_time
from iacsim.load.hcl.convert import EvalError, to_string
from iacsim.load.hcl.functions.registry import function
from iacsim.values import Unknown

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})")
_NS = 1_000_000_000
_UNITS = {"ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": _NS, "m": 60 * _NS,
          "h": 3600 * _NS}
_DURATION_PART = re.compile(r"(\d*)(?:\.(\d*))?([^\d.]+)")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Instant:
    """A parsed RFC 3339 timestamp: whole seconds in its own offset, plus nanoseconds."""

    when: datetime
    """Whole seconds, aware, in the timestamp's offset."""
    nanos: int

    def epoch_nanos(self) -> int:
        return int((self.when - _EPOCH).total_seconds()) * _NS + self.nanos


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_timestamp(value: Any) -> Instant:
    """A timestamp as Go's ``time.Parse(time.RFC3339, …)`` reads it; EvalError otherwise."""
    text = to_string(value, "a timestamp")
    m = _RFC3339.fullmatch(text)
    if m is None:
        raise EvalError(f'not a valid RFC3339 timestamp: "{text}"')
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    fraction, zone = m.group(7), m.group(8)
    if zone == "Z":
        tz: timezone = UTC
    else:
        sign = -1 if zone[0] == "-" else 1
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        if hours > 23 or minutes > 59:
            raise EvalError(f'not a valid RFC3339 timestamp: cannot use "{zone}" as UTC offset')
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        when = datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError as exc:
        raise EvalError(f'not a valid RFC3339 timestamp: "{text}" ({exc})') from None
    nanos = int((fraction[1:] + "000000000")[:9]) if fraction else 0
    return Instant(when, nanos)


def parse_duration(value: Any) -> int:
    """Nanoseconds of a Go duration string (``time.ParseDuration``); EvalError otherwise."""
    text = to_string(value, "a duration")
    rest = text
    sign = 1
    if rest[:1] in ("-", "+"):
        sign = -1 if rest[0] == "-" else 1
        rest = rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise EvalError(f'time: invalid duration "{text}"')
    total = Fraction(0)
    pos = 0
    while pos < len(rest):
        m = _DURATION_PART.match(rest, pos)
        if m is None or (not m.group(1) and not m.group(2)):
            raise EvalError(f'time: invalid duration "{text}"')
        unit = m.group(3)
        if unit not in _UNITS:
            raise EvalError(f'time: unknown unit "{unit}" in duration "{text}"' if unit.isalpha() or
                            unit in ("µs", "μs") else f'time: invalid duration "{text}"')
        whole = int(m.group(1) or "0")
        frac = Fraction(int(m.group(2)), 10 ** len(m.group(2))) if m.group(2) else Fraction(0)
        total += (whole + frac) * _UNITS[unit]
        pos = m.end()
    nanos = int(total) * sign  # Go truncates the fraction of a nanosecond
    if abs(nanos) > 2**63 - 1:
        raise EvalError(f'time: invalid duration "{text}"')
    return nanos


def format_rfc3339(when: datetime) -> str:
    """Go's ``time.RFC3339`` layout: whole seconds, ``Z`` for a zero offset, else ``±hh:mm``."""
    return when.strftime("%Y-%m-%dT%H:%M:%S") + _offset(when, colon=True, zulu=True)


def _offset(when: datetime, *, colon: bool, zulu: bool) -> str:
    delta = when.utcoffset() or timedelta(0)
    if zulu and delta == timedelta(0):
        return "Z"
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}" if colon else f"{sign}{hours:02d}{mins:02d}"


@function("timeadd")
def timeadd(timestamp: Any, duration: Any) -> str:
    start = parse_timestamp(timestamp)
    total = start.nanos + parse_duration(duration)
    seconds, _ = divmod(total, _NS)  # floor: the fraction left over is dropped by the RFC 3339 layout
    try:
        return format_rfc3339(start.when + timedelta(seconds=seconds))
    except OverflowError:
        raise EvalError("the resulting timestamp is out of range") from None


@function("timecmp")
def timecmp(a: Any, b: Any) -> int:
    left, right = parse_timestamp(a).epoch_nanos(), parse_timestamp(b).epoch_nanos()
    return (left > right) - (left < right)


@function("plantimestamp")
def plantimestamp() -> str:
    """The time of the plan: for a dry run, the scan's clock (``IACSIM_NOW`` pins it)."""
    return format_rfc3339(scan_time().astimezone(UTC).replace(microsecond=0))


@function("timestamp")
def timestamp() -> Unknown:
    return Unknown("timestamp() is the time of the apply; Terraform knows it only then (plantimestamp() is "
                   "the time of the plan)")


# --- formatdate ----------------------------------------------------------------------------------------


def _tokens(spec: str) -> list[str]:
    """cty's ``splitDateFormat``: quoted literals, runs of one ASCII letter, and other text."""
    out: list[str] = []
    i = 0
    while i < len(spec):
        ch = spec[i]
        if ch == "'":
            if spec[i + 1:i + 2] == "'":
                out.append("''")
                i += 2
                continue
            j = i + 1
            while j < len(spec):
                if spec[j] == "'":
                    if spec[j + 1:j + 2] == "'":
                        j += 2
                        continue
                    break
                j += 1
            out.append(spec[i:j + 1])
            i = j + 1
        elif _is_letter(ch):
            j = i
            while j < len(spec) and spec[j] == ch:
                j += 1
            out.append(spec[i:j])
            i = j
        else:
            j = i + 1
            while j < len(spec) and spec[j] != "'" and not _is_letter(spec[j]):
                j += 1
            out.append(spec[i:j])
            i = j
    return out


def _is_letter(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


_VERB_ERRORS = {
    "Y": 'year must either be "YY" or "YYYY"',
    "M": 'month must be "M", "MM", "MMM", or "MMMM"',
    "D": 'day of month must either be "D" or "DD"',
    "E": 'day of week must either be "EEE" or "EEEE"',
    "h": '24-hour must either be "h" or "hh"',
    "H": '12-hour must either be "H" or "HH"',
    "m": 'minute must either be "m" or "mm"',
    "s": 'second must either be "s" or "ss"',
    "Z": "timezone must be Z, ZZZZ, or ZZZZZ",
}


def _verb(tok: str, t: datetime) -> str | None:
    n, c = len(tok), tok[0]
    hour12 = t.hour % 12 or 12
    table: dict[str, dict[int, str]] = {
        "Y": {2: f"{t.year % 100:02d}", 4: f"{t.year:04d}"},
        "M": {1: str(t.month), 2: f"{t.month:02d}", 3: _MONTHS[t.month - 1][:3], 4: _MONTHS[t.month - 1]},
        "D": {1: str(t.day), 2: f"{t.day:02d}"},
        "E": {3: _WEEKDAYS[t.weekday()][:3], 4: _WEEKDAYS[t.weekday()]},
        "h": {1: str(t.hour), 2: f"{t.hour:02d}"},
        "H": {1: str(hour12), 2: f"{hour12:02d}"},
        "A": {2: "AM" if t.hour < 12 else "PM"},
        "a": {2: "am" if t.hour < 12 else "pm"},
        "m": {1: str(t.minute), 2: f"{t.minute:02d}"},
        "s": {1: str(t.second), 2: f"{t.second:02d}"},
        "Z": {1: _offset(t, colon=True, zulu=True),
              3: "UTC" if _offset(t, colon=False, zulu=False) == "+0000" else _offset(t, colon=False, zulu=False),
              4: _offset(t, colon=False, zulu=False), 5: _offset(t, colon=True, zulu=False)},
    }
    return table.get(c, {}).get(n)


@function("formatdate")
def formatdate(spec: Any, timestamp_value: Any) -> str:
    t = parse_timestamp(timestamp_value).when
    out: list[str] = []
    for tok in _tokens(to_string(spec, "the format")):
        if tok[0] == "'":
            if len(tok) == 1 or tok[-1] != "'":
                raise EvalError("unterminated literal '")
            out.append("'" if tok == "''" else tok[1:-1].replace("''", "'"))
        elif _is_letter(tok[0]):
            text = _verb(tok, t)
            if text is None:
                why = _VERB_ERRORS.get(tok[0])
                if tok[0] in "Aa":
                    why = f'must be "{tok[0] * 2}"'
                raise EvalError(f'invalid date format verb "{tok}"' + (f": {why}" if why else ""))
            out.append(text)
        else:
            out.append(tok)
    return "".join(out)

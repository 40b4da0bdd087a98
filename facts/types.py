"""Typed values parsed from profile text: phone numbers, opening hours, money.

Rules compare these derived values (a number's cost class, hours open per
week), so parsing happens once, here, and never inside a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field

# ---------------------------------------------------------------- what a fact value may be
# The matching engine (durable-rules' C code) reads integers as int64 and compares text with
# 16-bit lengths, so every value a rule can read is bounded here, once, for the profile and the
# rules alike (docs/engine.md, "Engine limits"). A number must also be finite.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# A text fact is at most this many characters: written as JSON with every character escaped
# (at most 12 bytes each), it stays within the 65,535 bytes the engine compares correctly.
MAX_TEXT_CHARS = 4096
MAX_PENCE = INT64_MAX
MAX_MONEY = Decimal(MAX_PENCE) / 100

# ---------------------------------------------------------------- phone numbers

CostClass = Literal[
    "geographic", "uk_wide", "freephone", "mobile", "service_charge", "premium", "personal", "pager", "other"
]
BASIC_RATE_CLASSES = frozenset({"geographic", "uk_wide", "freephone", "mobile"})

# Longest prefix wins. Sources: Ofcom's UK numbering plan (01/02 geographic, 03 charged as
# geographic, 0800/0808 free, 07 mobile except 070 personal and 076 pagers, 084/087 service
# charge, 09 and 118 premium).
_PREFIXES: tuple[tuple[str, CostClass], ...] = (
    ("0800", "freephone"), ("0808", "freephone"),
    ("070", "personal"), ("076", "pager"), ("084", "service_charge"), ("087", "service_charge"),
    ("01", "geographic"), ("02", "geographic"), ("03", "uk_wide"), ("07", "mobile"), ("09", "premium"),
    ("118", "premium"),
)


def compact_phone(raw: str) -> str:
    """A UK number in compact national form (``03456001234``); ValueError if it is not one."""
    text = str(raw).strip()
    compact = re.sub(r"[\s\-().]", "", text)
    if compact.startswith("+44"):
        compact = "0" + compact[3:].lstrip("0")
    elif compact.startswith("0044"):
        compact = "0" + compact[4:].lstrip("0")
    if not compact.isdigit():
        raise ValueError(f"not a UK phone number: {raw!r} (digits, spaces and a leading +44 only)")
    if compact.startswith("118") and len(compact) == 6:
        return compact
    if not compact.startswith("0") or not 10 <= len(compact) <= 11:
        raise ValueError(f"not a UK phone number: {raw!r} (expected 10 or 11 digits starting with 0)")
    return compact


def check_phone(raw: str) -> str:
    """Validate a UK number, keeping it as written (so reports show what the user published)."""
    compact_phone(raw)
    return str(raw).strip()


def cost_class(number: str) -> CostClass:
    """Cost class of a UK number, from its prefix."""
    number = compact_phone(number)
    for prefix, klass in sorted(_PREFIXES, key=lambda p: -len(p[0])):
        if number.startswith(prefix):
            return klass
    return "other"


PhoneNumber = Annotated[
    str,
    AfterValidator(check_phone),
    Field(description="UK phone number, e.g. '0345 600 1234' or '+44 345 600 1234'", examples=["0345 600 1234"]),
]

# ---------------------------------------------------------------- money

def parse_money(value: object) -> object:
    """Accept 250, 250.5, '250', '£1,250.50'; leave anything else for pydantic to reject."""
    if isinstance(value, bool):
        raise ValueError("expected an amount in pounds, e.g. 250 or '£250.00'")
    if isinstance(value, (int, float, Decimal)):
        amount = Decimal(str(value))
    elif isinstance(value, str):
        cleaned = value.strip().replace(",", "").removeprefix("£").strip()
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"expected an amount in pounds, e.g. 250 or '£250.00'; got {value!r}") from None
    else:
        return value
    if not amount.is_finite():
        raise ValueError(f"expected a finite amount in pounds, e.g. 250 or '£250.00'; got {value!r}")
    if amount < 0:
        raise ValueError("an amount cannot be negative")
    if amount > MAX_MONEY or amount.quantize(Decimal("0.01")) > MAX_MONEY:  # pence must fit in 64 bits
        raise ValueError(f"an amount can be at most £{MAX_MONEY:,.2f}")
    return amount.quantize(Decimal("0.01"))


Money = Annotated[
    Decimal,
    BeforeValidator(parse_money),
    Field(description="Amount in pounds sterling, e.g. 250 or '£1,250.00'"),
]

# ---------------------------------------------------------------- opening hours

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {d: i for i, d in enumerate(DAYS)}
_DAY_NAMES.update({"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
                   "sunday": 6, "tues": 1, "wed": 2, "thur": 3, "thurs": 3})
_TIME = r"(\d{1,2}):?(\d{2})"
_INTERVAL = re.compile(rf"^{_TIME}\s*-\s*{_TIME}$")


@dataclass(frozen=True)
class WeeklyHours:
    """Opening hours as minute intervals within a week (Monday 00:00 = 0)."""

    intervals: tuple[tuple[int, int], ...]

    @property
    def minutes_per_week(self) -> int:
        return sum(end - start for start, end in self.intervals)

    def open_on(self, day: int) -> bool:
        lo, hi = day * 1440, (day + 1) * 1440
        return any(s < hi and e > lo for s, e in self.intervals)

    def open_after(self, day: int, minute_of_day: int) -> bool:
        lo, hi = day * 1440 + minute_of_day, (day + 1) * 1440
        return any(s < hi and e > lo for s, e in self.intervals)


def _minutes(h: str, m: str) -> int:
    hours, mins = int(h), int(m)
    if hours > 24 or mins > 59 or (hours == 24 and mins):
        raise ValueError(f"{h}:{m} is not a time of day")
    return hours * 60 + mins


def _days(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        part = part.strip().lower()
        if "-" in part:
            a, b = (x.strip() for x in part.split("-", 1))
            if a not in _DAY_NAMES or b not in _DAY_NAMES:
                raise ValueError(f"unknown day range {part!r} (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)")
            i, j = _DAY_NAMES[a], _DAY_NAMES[b]
            out.extend(range(i, j + 1) if i <= j else list(range(i, 7)) + list(range(0, j + 1)))
        else:
            if part not in _DAY_NAMES:
                raise ValueError(f"unknown day {part!r} (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)")
            out.append(_DAY_NAMES[part])
    return out


@lru_cache(maxsize=4096)
def parse_hours(text: str) -> WeeklyHours:
    """Parse 'Mon-Fri 08:00-20:00; Sat 09:00-13:00; Sun closed', '24/7' or 'closed'."""
    spec = text.strip()
    if spec.lower() in ("24/7", "24x7", "always"):
        return WeeklyHours(((0, 7 * 1440),))
    if spec.lower() in ("closed", "none", ""):
        return WeeklyHours(())
    raw: list[tuple[int, int]] = []
    for clause in re.split(r"[;\n]", spec):
        clause = clause.strip()
        if not clause:
            continue
        m = re.match(r"^([A-Za-z,\-\s]+?)\s+(.+)$", clause)
        if not m:
            raise ValueError(f"cannot read {clause!r}: expected days then times, e.g. 'Mon-Fri 09:00-17:00'")
        days, times = _days(m.group(1)), m.group(2).strip().lower()
        if times == "closed":
            continue
        for day in days:
            for piece in times.split(","):
                if piece.strip() in ("24h", "24 hours", "00:00-24:00"):
                    raw.append((day * 1440, (day + 1) * 1440))
                    continue
                t = _INTERVAL.match(piece.strip())
                if not t:
                    raise ValueError(f"cannot read time range {piece.strip()!r}: expected HH:MM-HH:MM")
                start, end = _minutes(t.group(1), t.group(2)), _minutes(t.group(3), t.group(4))
                if end == start:
                    raise ValueError(f"empty time range {piece.strip()!r}")
                if end < start:  # runs past midnight into the next day
                    end += 1440
                lo, hi = day * 1440 + start, day * 1440 + end
                if hi > 7 * 1440:
                    raw.extend([(lo, 7 * 1440), (0, hi - 7 * 1440)])
                else:
                    raw.append((lo, hi))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(raw):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return WeeklyHours(tuple(merged))


def _check_hours(text: str) -> str:
    parse_hours(text)
    return text


OpeningHours = Annotated[
    str,
    AfterValidator(_check_hours),
    Field(
        description="Weekly opening hours, e.g. 'Mon-Fri 08:00-20:00; Sat 09:00-13:00; Sun closed' or '24/7'",
        examples=["Mon-Fri 08:00-20:00; Sat 09:00-13:00"],
    ),
]

"""Parsing of phone numbers, opening hours and money into the values rules compare."""

from __future__ import annotations

from decimal import Decimal

import pytest
from csaudit.facts.types import BASIC_RATE_CLASSES, check_phone, cost_class, parse_hours, parse_money


@pytest.mark.parametrize("number, klass", [
    ("0345 600 1234", "uk_wide"), ("020 7946 0000", "geographic"), ("01632 960001", "geographic"),
    ("0800 123 456", "freephone"), ("0808 157 0192", "freephone"), ("07700 900123", "mobile"),
    ("07012 345678", "personal"), ("07624 123456", "pager"), ("0845 123 4567", "service_charge"),
    ("0871 234 5678", "service_charge"), ("0906 555 0199", "premium"), ("+44 345 600 1234", "uk_wide"),
    ("0044 20 7946 0000", "geographic"), ("118 118", "premium"),
])
def test_cost_class_follows_the_prefix(number, klass):
    assert cost_class(number) == klass


def test_basic_rate_classes_are_the_ones_the_regulations_allow():
    assert BASIC_RATE_CLASSES == {"geographic", "uk_wide", "freephone", "mobile"}


@pytest.mark.parametrize("bad", ["abc", "12345", "0345 60", "+1 555 0100"])
def test_phone_rejects_non_uk_numbers(bad):
    with pytest.raises(ValueError, match="not a UK phone number"):
        check_phone(bad)


def test_phone_is_kept_as_written():
    assert check_phone(" 0345 600 1234 ") == "0345 600 1234"


def test_hours_parse_ranges_days_and_splits():
    hours = parse_hours("Mon-Fri 09:00-12:00, 13:00-17:30; Sat 10:00-14:00; Sun closed")
    assert hours.minutes_per_week == 5 * (180 + 270) + 240
    assert hours.open_on(5) and not hours.open_on(6)
    assert not hours.open_after(0, 18 * 60)


def test_hours_24_7_and_closed():
    assert parse_hours("24/7").minutes_per_week == 7 * 24 * 60
    assert parse_hours("closed").minutes_per_week == 0


def test_hours_past_midnight_wrap_into_the_next_day():
    hours = parse_hours("Sun 22:00-02:00")
    assert hours.minutes_per_week == 240
    assert hours.open_on(0) and hours.open_on(6)


@pytest.mark.parametrize("bad, message", [
    ("Mon-Fri 9-5", "expected HH:MM-HH:MM"), ("Funday 09:00-17:00", "unknown day"),
    ("Mon 25:00-26:00", "is not a time of day"), ("09:00-17:00", "expected days then times"),
])
def test_hours_errors_say_what_was_expected(bad, message):
    with pytest.raises(ValueError, match=message):
        parse_hours(bad)


@pytest.mark.parametrize("given, pounds", [(250, "250.00"), ("£1,250.50", "1250.50"), ("0", "0.00"), (9.999, "10.00")])
def test_money_accepts_numbers_and_pound_strings(given, pounds):
    assert parse_money(given) == Decimal(pounds)


@pytest.mark.parametrize("bad", ["£lots", -5, True])
def test_money_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        parse_money(bad)

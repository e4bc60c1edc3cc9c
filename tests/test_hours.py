"""Opening hours: what 'open now' says at the moments people actually ask."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.knowledge import hours
from assistant.knowledge.models import Counter

TZ = hours.TZ
SOURCE = {"url": "https://example.nl/loket", "kind": "organisation", "date": "2026-11", "about": ["hours"]}


def counter(**fields) -> Counter:
    base = {"name": "Loket", "sources": [SOURCE], "topics": ["briefadres"]}
    return Counter.model_validate(base | fields)


def at(y, m, d, hh, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


WEEKDAYS = {k: "09:00-12:30, 13:30-17:00" for k in ("ma", "di", "wo", "do", "vr")}


def test_open_on_a_weekday_and_closed_over_lunch():
    c = counter(hours=WEEKDAYS)
    st = hours.status(c, at(2026, 11, 23, 10))  # a Monday
    assert st.open_now and st.closes_at == at(2026, 11, 23, 12, 30)
    st = hours.status(c, at(2026, 11, 23, 13))
    assert not st.open_now and st.opens_at == at(2026, 11, 23, 13, 30)


def test_closed_day_points_to_the_next_opening():
    c = counter(hours=WEEKDAYS | {"wo": "gesloten"})
    st = hours.status(c, at(2026, 11, 25, 10))  # Wednesday
    assert not st.open_now
    assert st.opens_at == at(2026, 11, 26, 9)


def test_weekend_closed_opens_monday():
    st = hours.status(counter(hours=WEEKDAYS), at(2026, 11, 28, 12))  # Saturday
    assert st.opens_at == at(2026, 11, 30, 9)


def test_overnight_shelter_is_open_after_midnight():
    c = counter(hours={k: "21:00-08:00" for k in hours.DAY_KEYS})
    st = hours.status(c, at(2026, 11, 24, 2))
    assert st.open_now and st.closes_at == at(2026, 11, 24, 8)
    st = hours.status(c, at(2026, 11, 24, 12))
    assert not st.open_now and st.opens_at == at(2026, 11, 24, 21)


def test_always_open():
    st = hours.status(counter(hours="24/7"), at(2026, 12, 25, 3))
    assert st.open_now and st.always


def test_unknown_hours_are_said_to_be_unknown():
    assert hours.status(counter()).known is False


def test_public_holiday_closes_the_counter():
    c = counter(hours=WEEKDAYS, closed_on_holidays=True)
    st = hours.status(c, at(2026, 12, 25, 10))  # Christmas, a Friday
    assert not st.open_now
    assert st.opens_at == at(2026, 12, 28, 9)
    assert hours.holiday_name(dt.date(2026, 4, 27)) == "Koningsdag"
    assert hours.holiday_name(dt.date(2026, 5, 14)) == "Hemelvaartsdag"  # Easter 2026 is 5 April
    assert hours.holiday_name(dt.date(2025, 4, 26)) == "Koningsdag"  # 27 April 2025 was a Sunday


def test_dated_exception_wins_over_the_week():
    c = counter(hours=WEEKDAYS, exceptions=[{"date": "2026-12-24", "hours": "09:00-14:00"}])
    st = hours.status(c, at(2026, 12, 24, 15))
    assert not st.open_now
    st = hours.status(c, at(2026, 12, 24, 13))
    assert st.closes_at == at(2026, 12, 24, 14)


def test_summer_time_change_keeps_wall_clock_times():
    # 29 March 2026: clocks go from 02:00 to 03:00 in the Netherlands.
    c = counter(hours={k: "22:00-08:00" for k in hours.DAY_KEYS})
    st = hours.status(c, at(2026, 3, 29, 1))
    assert st.open_now
    assert st.closes_at == at(2026, 3, 29, 8)
    assert st.closes_at.utcoffset() == dt.timedelta(hours=2)
    # And back to winter time on 25 October 2026.
    st = hours.status(c, at(2026, 10, 25, 7))
    assert st.open_now and st.closes_at.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "text, message",
    [
        ("9-17", "not a time range"),
        ("25:00-26:00", "does not exist"),
        ("09:00-12:00, 11:00-13:00", "overlap"),
        ("10:00-10:00", "same time"),
    ],
)
def test_bad_hours_are_explained(text, message):
    problems = hours.validate(counter(hours={"ma": text}))
    assert problems and message in problems[0][1]
    assert problems[0][0] == ("hours", "ma")

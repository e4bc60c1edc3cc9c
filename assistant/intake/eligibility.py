"""Which counters a person can use, from what they told us and what each counter's source says.

The rule that protects people: a counter is left out only when something the person
told us contradicts what its source says (age, group, papers). What we do not know
never excludes anyone, and a counter whose source says nothing stays in. Among the
counters that fit, the plan shows first the one open now (or opening soonest), then the
one most specific to this person.
"""

from __future__ import annotations

import datetime as dt

from ..knowledge import hours
from ..knowledge.models import Counter

# The intake's age answers as ranges of years.
AGES = {"onder-18": (0, 17), "18-26": (18, 26), "27-plus": (27, 120)}
HOMELESS = {"straat", "nachtopvang", "tijdelijke-opvang", "geen-woning", "bank", "instelling"}
STATUS = frozenset({"dakloos", "dreigend-dakloos"})  # where someone stands; the other groups say who they are


def _in_group(group: str, facts: dict) -> bool | None:
    """True or False when the facts say whether the person is in the group; None when they do not."""
    age = AGES.get(str(facts.get("age")))
    situation = facts.get("situation")
    nationality = facts.get("nationality")
    if group == "iedereen":
        return True
    if group == "volwassenen":
        return None if age is None else age[0] >= 18
    if group == "jongeren":
        return None if age is None else age[0] <= 26
    if group in ("gezinnen", "alleenstaanden"):
        children = facts.get("children")
        if not isinstance(children, bool):
            return None
        return children if group == "gezinnen" else not children
    if group == "eu-burgers":
        return None if nationality in (None, "") else nationality == "eu"
    if group == "zonder-verblijfsvergunning":
        return None if nationality in (None, "") else nationality == "geen-vergunning"
    if group == "dakloos":
        if facts.get("sleep_tonight") is False:
            return True
        return None if situation is None else situation in HOMELESS
    if group == "dreigend-dakloos":
        return None if situation is None else situation == "uitzetting"
    if group == "onverzekerd":
        insured = facts.get("insured")
        return None if not isinstance(insured, bool) else not insured
    return None  # vrouwen, mannen: the intake does not ask, so it never excludes


def fits(counter: Counter, facts: dict) -> bool:
    """False only when what the person said rules this counter out."""
    serves = counter.serves
    if serves is None:
        return True
    age = AGES.get(str(facts.get("age")))
    if age is not None:
        if serves.age_min is not None and age[1] < serves.age_min:
            return False
        if serves.age_max is not None and age[0] > serves.age_max:
            return False
    # Groups count per dimension: whether someone is homeless yet, and who they are. Within a
    # dimension one group is enough ("young people or families"); across, each must hold
    # ("adults" and "homeless": not a family still in its home).
    for dimension in (STATUS, None):
        listed = [g for g in serves.groups if (g in STATUS) == (dimension is STATUS)]
        if listed and all(_in_group(g, facts) is False for g in listed):
            return False
    if "rechtmatig-verblijf" in serves.requires and facts.get("nationality") == "geen-vergunning":
        return False
    return True


def specificity(counter: Counter, facts: dict) -> int:
    """How many of the counter's groups the person is known to be in: a counter for young
    EU citizens beats one for everyone, for a young EU citizen."""
    serves = counter.serves
    if serves is None:
        return 0
    return sum(1 for g in serves.groups if g != "iedereen" and _in_group(g, facts)) + (
        1 if serves.age_min is not None or serves.age_max is not None else 0
    )


def _soon(counter: Counter, moment: dt.datetime) -> int:
    """0 open now, 1 opens today, 2 opens within three days, 3 later or hours unknown."""
    st = hours.status(counter, moment)
    if st.open_now or st.always:
        return 0
    if st.opens_at is None:
        return 3
    if st.opens_at.astimezone(hours.TZ).date() == moment.astimezone(hours.TZ).date():
        return 1
    return 2 if st.opens_at - moment <= dt.timedelta(days=3) else 3


def ranked(counters: list[Counter], facts: dict, now: dt.datetime | None = None) -> list[Counter]:
    """The counters this person can use: open now or opening soonest first, then the most
    specific for this person, then the order of the files."""
    moment = now or dt.datetime.now(hours.TZ)

    def key(pair: tuple[int, Counter]) -> tuple:
        position, counter = pair
        return (_soon(counter, moment), -specificity(counter, facts), position)

    usable = [(i, c) for i, c in enumerate(counters) if fits(c, facts)]
    return [c for _i, c in sorted(usable, key=key)]

"""The content model: what a topic, municipality, counter and flow file may hold.

pydantic with extra="forbid" so a misspelt key ("adress:") is an error with a line,
not a silently missing fact.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import languages
from . import provenance

# Derived from the one language registry; kept here because much code imports them.
LANGUAGES = languages.CODES
LANGUAGE_NAMES = languages.NAMES
RTL_LANGUAGES = languages.RTL

# The twelve provinces, as the province itself writes its name (Fryslân, not Friesland).
PROVINCES = (
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)
_PROVINCE_SPELLINGS = {p.casefold(): p for p in PROVINCES} | {"friesland": "Fryslân"}

TOPIC_IDS = (
    "waar-begin-ik",
    "briefadres",
    "inschrijven-brp",
    "identiteitsbewijs",
    "zorgverzekering",
    "zorg-zonder-verzekering",
    "eu-burgers",
    "nachtopvang",
    "maatschappelijke-opvang",
    "wonen-eerst",
    "huisuitzetting",
    "schulden",
    "inkomen",
    "jongeren",
    "gezinnen",
    "na-detentie-of-opname",
    "lhbtiqa",
    "zorgen-om-iemand",
    "clientondersteuning",
    "juridische-hulp",
    "crisis",
    "zonder-verblijfsvergunning",
    "huiselijk-geweld",
)
# Topics that must exist beyond nl and en (issue: the five-language set).
FIVE_LANGUAGE_TOPICS = (
    "briefadres",
    "zorgverzekering",
    "zorg-zonder-verzekering",
    "eu-burgers",
    "nachtopvang",
    "crisis",
    "waar-begin-ik",
    "huiselijk-geweld",
)
REQUIRED_LANGUAGES = {t: ("nl", "en") for t in TOPIC_IDS} | {
    t: ("nl", "en", "pl", "ro", "bg") for t in FIVE_LANGUAGE_TOPICS
}

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Topics where a counter is the route for a bed tonight: old facts are left out there.
TONIGHT = ("nachtopvang",)
SUMMARY_MAX = 160


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Source(Strict):
    title: str = Field(min_length=3)
    url: str | None = None
    seed: str | None = None
    lines: str | int | None = None
    checked: dt.date

    @field_validator("url")
    @classmethod
    def _https(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://[^\s]+$", v):
            raise ValueError("a source url must start with https:// (or http://) and contain no spaces")
        return v

    @model_validator(mode="after")
    def _where(self) -> Source:
        if not self.url and not self.seed:
            raise ValueError("a source needs a 'url' or a 'seed' file (with 'lines')")
        if self.seed and self.lines is None:
            raise ValueError("a seed source needs 'lines', for example lines: \"120-128\"")
        return self


class Variant(Strict):
    """Words that are only true for some people: shown instead of the topic's own when `when` matches."""

    when: dict[str, object] | list[dict[str, object]]  # facts, as in the flow's rules
    summary: str | None = Field(default=None, min_length=10, max_length=SUMMARY_MAX)
    say: str | None = None
    counter_card: str | None = None

    def matches(self, facts: dict) -> bool:
        alternatives = self.when if isinstance(self.when, list) else [self.when]
        return any(matches(alt, facts) for alt in alternatives)


class Topic(Strict):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=3, max_length=90)
    summary: str = Field(min_length=10, max_length=SUMMARY_MAX)
    tags: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)
    bring: list[str] = Field(default_factory=list)
    say: str | None = None  # true for everyone who gets this step; variants hold the rest
    counter_card: str | None = None
    variants: list[Variant] = Field(default_factory=list)  # the first that matches wins
    # Help that is national, not at a local counter (Veilig Thuis): the plan shows no local
    # counter for it, never the town hall in its place.
    national: bool = False
    sources: list[Source] = Field(min_length=1)
    reviewed: dt.date
    # Filled by the loader, not written in the file.
    lang: str = "nl"
    body: str = ""

    @property
    def dir(self) -> str:
        """Text direction of this topic's language, for the HTML dir attribute."""
        return languages.direction(self.lang)

    def say_for(self, facts: dict) -> str | None:
        """The sentence to say that is true for this person."""
        return next((v.say for v in self.variants if v.say and v.matches(facts)), self.say)

    def summary_for(self, facts: dict) -> str:
        return next((v.summary for v in self.variants if v.summary and v.matches(facts)), self.summary)

    def card_for(self, facts: dict) -> str | None:
        return next((v.counter_card for v in self.variants if v.counter_card and v.matches(facts)), self.counter_card)

    @field_validator("tags", "synonyms", "bring", mode="before")
    @classmethod
    def _list_of_text(cls, v):
        if v is None:
            return []
        if isinstance(v, str):
            raise ValueError("write a list: one item per line starting with '- '")
        return [str(item) for item in v]


Access = Literal["walk-in", "appointment", "phone-first", "walk-in-or-appointment", "unknown"]
DAY_KEYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


class Address(Strict):
    street: str | None = None
    postcode: str | None = Field(default=None, pattern=r"^\d{4} ?[A-Z]{2}$")
    city: str | None = None

    def one_line(self) -> str:
        return ", ".join(p for p in (self.street, " ".join(x for x in (self.postcode, self.city) if x)) if p)


class HoursException(Strict):
    date: dt.date
    hours: str | None = None
    closed: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _one(self) -> HoursException:
        if self.closed and self.hours:
            raise ValueError("an exception is either 'closed: true' or has 'hours', not both")
        if not self.closed and not self.hours:
            raise ValueError("an exception needs 'closed: true' or 'hours: \"09:00-12:00\"'")
        return self


# Who a counter is for. A person is matched on what they told us; what they did not tell
# us never excludes them.
Group = Literal[
    "iedereen",  # anyone
    "volwassenen",  # 18 and older
    "jongeren",  # young people (the age range says which ages)
    "gezinnen",  # people with children
    "alleenstaanden",  # people without children with them
    "vrouwen",
    "mannen",
    "eu-burgers",  # citizens of the EU/EEA/Switzerland
    "zonder-verblijfsvergunning",  # people without a residence permit
    "dakloos",  # people who are already homeless (street, shelter, sofa, no home)
    "dreigend-dakloos",  # people about to lose their home
    "onverzekerd",  # people without health insurance
]
Requirement = Literal[
    "rechtmatig-verblijf",  # lawful residence in the Netherlands
    "regiobinding",  # ties with the region (the municipality looks at this)
    "verwijzing",  # a referral or voucher: `referral` says from whom
    "inschrijving-gemeente",  # registered in this municipality (BRP)
    "identiteitsbewijs",  # a valid ID
]


class Serves(Strict):
    """Whom a counter serves, as its source says. Leave out what the source does not say."""

    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    groups: list[Group] = Field(default_factory=list)  # empty: the source does not say
    requires: list[Requirement] = Field(default_factory=list)
    referral: str | None = None  # where the referral or voucher comes from
    source: str | None = Field(default=None, pattern=r"^https?://\S+$")  # when not the counter's own source

    @model_validator(mode="after")
    def _ages(self) -> Serves:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("age_min is higher than age_max")
        if "verwijzing" in self.requires and not self.referral:
            raise ValueError("'verwijzing' needs 'referral': say where the person gets the referral or voucher")
        return self


class CounterSource(Strict):
    """One page a counter's facts rest on: its kind, its own date, and which facts it carries."""

    url: str = Field(pattern=r"^https?://\S+$")
    kind: str
    date: str | dt.date  # the source's own date: 2024, 2024-05, 2024-05-12, or undated
    about: list[str] = Field(min_length=1)  # fact groups: address, phone, hours, access, serves, bring, text
    publisher: str | None = None  # as a person would name it: "gemeente Utrecht"

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in provenance.KINDS:
            raise ValueError(f"unknown source kind '{v}'; use one of: {', '.join(provenance.KINDS)}")
        return v

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v):
        provenance.parse_date(v)  # raises with a message an editor understands
        return v if isinstance(v, dt.date) else str(v)

    @field_validator("about")
    @classmethod
    def _about(cls, v: list[str]) -> list[str]:
        for group in v:
            if group not in provenance.FACT_GROUPS:
                raise ValueError(f"unknown fact group '{group}'; use: {', '.join(provenance.FACT_GROUPS)}")
        return v

    @property
    def parsed(self) -> provenance.SourceDate | None:
        return provenance.parse_date(self.date)


class Verified(Strict):
    """Someone confirmed the facts with the organisation itself: when, how, and in which role."""

    date: dt.date
    how: str | None = None
    role: str = Field(min_length=2)  # "redacteur gemeente", never a person's name

    @model_validator(mode="after")
    def _how(self) -> Verified:
        if not self.how:
            raise ValueError(f"'verified' needs 'how': one of {', '.join(provenance.VERIFY_METHODS)}")
        if self.how not in provenance.VERIFY_METHODS:
            raise ValueError(f"unknown method '{self.how}'; use one of {', '.join(provenance.VERIFY_METHODS)}")
        return self


class Counter(Strict):
    name: str = Field(min_length=2)
    organization: str | None = None
    topics: list[str] = Field(default_factory=list)
    address: Address | None = None
    phone: str | None = Field(default=None, pattern=r"^(\+31 ?)?[0-9][0-9 \-]{1,14}[0-9]$")
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
    website: str | None = Field(default=None, pattern=r"^https?://\S+$")
    access: Access = "unknown"
    serves: Serves | None = None  # None: nobody has read the source for this yet (check warns)
    hours: dict[str, str] | str | None = None
    closed_on_holidays: bool = False
    exceptions: list[HoursException] = Field(default_factory=list)
    bring: list[str] = Field(default_factory=list)
    sources: list[CounterSource] = Field(min_length=1)
    verified: Verified | None = None
    notes: str | None = None  # for editors only: never rendered to the person
    # Filled from `field: unknown` (the source was read and does not say).
    unknown: list[str] = Field(default_factory=list)
    # Filled by the loader.
    id: str = ""
    municipality: str = ""
    body: str = ""

    @model_validator(mode="before")
    @classmethod
    def _unknowns(cls, data):
        if isinstance(data, dict):
            marked = [k for k in provenance.UNKNOWABLE if data.get(k) == "unknown"]
            data = {k: v for k, v in data.items() if k not in marked or k == "access"}
            data["unknown"] = marked
        return data

    @property
    def website_or_source(self) -> str:
        return self.website or self.sources[0].url

    @field_validator("hours", mode="before")
    @classmethod
    def _days(cls, v):
        if isinstance(v, dict):
            for key in v:
                if key not in DAY_KEYS:
                    raise ValueError(f"unknown day '{key}': use ma, di, wo, do, vr, za, zo")
            return {k: ("gesloten" if val in (None, False) else str(val)) for k, val in v.items()}
        return v


class Municipality(Strict):
    name: str = Field(min_length=2)
    official_name: str = Field(min_length=2)
    aliases: list[str] = Field(default_factory=list)
    # Optional only because a number we could not confirm must not be guessed; check warns.
    phone: str | None = Field(default=None, pattern=r"^(14 ?0\d{1,3}|0\d[0-9 \-]{7,12})$")
    website: str = Field(pattern=r"^https?://\S+$")
    province: str  # one of PROVINCES; the HSDS export needs it for a full address
    centrumgemeente: str
    centrumgemeente_name: str | None = None
    cbs_code: str | None = Field(default=None, pattern=r"^GM\d{4}$")  # else found by name in knowledge/places/
    sources: list[Source] = Field(min_length=1)
    reviewed: dt.date
    # Filled by the loader.
    slug: str = ""
    counters: dict[str, Counter] = Field(default_factory=dict)

    @field_validator("province", mode="before")
    @classmethod
    def _province(cls, v):
        written = str(v or "").strip()
        found = _PROVINCE_SPELLINGS.get(written.casefold())
        if found is None:
            what = f"'{written}' is not a Dutch province" if written else "the province is empty"
            raise ValueError(f"{what}; write one of: {', '.join(PROVINCES)}")
        return found

    def counters_for(self, topic_id: str, today: dt.date | None = None) -> list[Counter]:
        """The local counters serving a topic; the general contact when none does.

        A bed tonight never rests on facts older than two years alone (a 2018 news item)."""
        today = today or dt.date.today()
        found = [
            c
            for c in self.counters.values()
            if topic_id in c.topics and (topic_id not in TONIGHT or provenance.fit_for_tonight(c, today))
        ]
        if not found and "gemeente" in self.counters:
            found = [self.counters["gemeente"]]
        return found


# ---- the intake flow -------------------------------------------------------

Text = dict[str, str]  # language -> text; Dutch required


class Option(Strict):
    id: str = Field(pattern=SLUG)
    label: Text
    sms: Text | None = None  # a shorter label for SMS, where every character costs
    set: dict[str, object] = Field(default_factory=dict)
    next: str
    # Reading a typed sentence (assistant/understand.py): words and phrases per language that
    # mean this answer ("in mijn auto"; "uitgezet*": any ending). Editors add them, no code.
    phrases: dict[str, list[str]] = Field(default_factory=dict)
    # For an age question: the ages this option covers, both ends included ("ik ben 19").
    ages: tuple[int, int] | None = None


class Question(Strict):
    text: Text
    sms: Text | None = None  # a shorter question for SMS, where every character costs
    help: Text | None = None
    kind: Literal["choice", "municipality"] = "choice"
    options: list[Option] = Field(default_factory=list)
    # For kind=municipality: where to go after the answer.
    next: str | None = None
    skippable: bool = False
    # Not asked at all when the facts so far match (its answer could change nothing for
    # this person, or is already known): the intake goes on as if it was skipped.
    skip_when: Condition | list[Condition] | None = None
    # Set when the question is skipped ("sla over"): the next node.
    skip_next: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> Question:
        if self.kind == "choice" and not self.options:
            raise ValueError("a choice question needs 'options'")
        if self.kind == "municipality" and not self.next:
            raise ValueError("a municipality question needs 'next'")
        return self

    def skipped_for(self, facts: dict) -> bool:
        """True when this question is not asked of a person with these facts."""
        if not self.skip_when:
            return False
        alternatives = self.skip_when if isinstance(self.skip_when, list) else [self.skip_when]
        return any(matches(alt, facts) for alt in alternatives)


Condition = dict[str, object]  # fact -> value or list of allowed values


def matches(condition: Condition, facts: dict) -> bool:
    """Every fact named has the value wanted (or one of the values in a list)."""
    for key, wanted in condition.items():
        have = facts.get(key)
        if isinstance(wanted, list):
            if have not in wanted:
                return False
        elif have != wanted:
            return False
    return True


class Rule(Strict):
    topic: str
    priority: int = Field(ge=0, le=1000)
    when: Condition | list[Condition] = Field(default_factory=dict)
    unless: Condition | None = None

    def alternatives(self) -> list[Condition]:
        return self.when if isinstance(self.when, list) else [self.when]


class UrgencyRule(Strict):
    level: Literal["acuut", "hoog", "middel", "laag"]
    when: Condition | list[Condition]

    def alternatives(self) -> list[Condition]:
        return self.when if isinstance(self.when, list) else [self.when]


class Outcome(Strict):
    text: Text
    max_steps: int = Field(default=6, ge=1, le=10)  # steps in full; the rest are listed under "Ook voor jou"
    always: list[str] = Field(default_factory=list)  # topics in every plan of this outcome
    fallback: list[str] = Field(default_factory=list)  # topics only when no rule gave a step


class Contradiction(Strict):
    """Answers on the outreach-worker form that do not fit together, and what to check."""

    when: dict[str, str] = Field(min_length=2)  # question -> option, all must be chosen
    message: Text

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(self.when)

    def matches(self, chosen: dict[str, str]) -> bool:
        return all(chosen.get(qid) == option for qid, option in self.when.items())


class WorkerForm(Strict):
    """The outreach-worker form (/werker): preset answers and the contradiction checks."""

    defaults: dict[str, str] = Field(default_factory=dict)  # question -> option
    contradictions: list[Contradiction] = Field(default_factory=list)

    def found(self, chosen: dict[str, str]) -> list[Contradiction]:
        return [c for c in self.contradictions if c.matches(chosen)]


class Flow(Strict):
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]
    rules: list[Rule]
    urgency: list[UrgencyRule] = Field(default_factory=list)
    ethos: dict[int, Text] = Field(default_factory=dict)
    texts: dict[str, Text] = Field(default_factory=dict)
    worker: WorkerForm = Field(default_factory=WorkerForm)

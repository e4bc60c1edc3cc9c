"""Reading what people text: commands, the language of a first message, and answers.

Answers come as option numbers ("2", "2 1 3", "213"), 0 for "skip", or a word of an
option in any language ("nee hoor" still means "nee").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import conversation, languages, textfold
from ..conversation import Asked
from ..knowledge.loader import Knowledge
from . import texts

MAX_INBOUND = 1600  # characters we look at; longer texts are cut


fold = textfold.fold


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def clean(text: str) -> str:
    return textfold.clean(text, MAX_INBOUND)


_KEYWORDS = {fold(k): v for k, v in texts.KEYWORDS.items()}
LANGUAGE_WORDS = {fold(k): v for k, v in texts.LANGUAGE_WORDS.items()}


def keyword(text: str) -> tuple[str, str] | None:
    """('menu' | 'lang' | 'help' | 'back', argument) when the whole message is a command."""
    ws = words(text)
    if not 1 <= len(ws) <= 2 or ws[0] not in _KEYWORDS:
        return None
    kind = _KEYWORDS[ws[0]]
    if len(ws) == 2 and kind != "lang":
        return None  # "terug naar huis" is a sentence, not a command
    return kind, ws[1] if len(ws) == 2 else ""


def guess_lang(text: str) -> str:
    """The person's language from their first message: script first, then common words; else Dutch."""
    return languages.by_script(text) or languages.by_common_words(set(words(text)))


_YES_NO = {fold(w) for lang in languages.REGISTRY for w in lang.yes_no}


def looks_like_answer(text: str) -> bool:
    """A bare number or yes/no: probably an answer to a question from an expired chat."""
    if re.fullmatch(r"\s*\d{1,2}([\s,.]+\d{1,2})*\s*", text):
        return True
    return fold(text).strip(" .!") in _YES_NO


# Greetings and small words that are not a question: searching them gives random topics.
SMALL_TALK = {
    fold(w)
    for w in "hallo hoi hey hi hello dag goedemorgen goedemiddag goedenavond ok oke oké bedankt dank dankjewel thanks "
    "thank you yes no ja nee tak nie da nu cześć czesc dzień dobry bună buna ziua salut привет здравей здравейте "
    "привіт да не так ні مرحبا شكرا maybe misschien".split()
}


def meaningful(text: str) -> list[str]:
    return [w for w in words(text) if w not in SMALL_TALK]


def _match_option(text: str, a: Asked, kb: Knowledge) -> str | None:
    """The option a word (or a few) points to, in the person's language or any other."""
    typed = words(text)
    if not typed or len(typed) > 6:
        return None
    assert kb.flow is not None
    q = kb.flow.questions[a.qid]
    langs = [None] + list(texts.LANGS)  # None: the labels as shown; then every language

    def hit(option_words: list[str], ws: list[str]) -> bool:
        return all(any(o == w or (len(w) >= 4 and o.startswith(w)) for o in option_words) for w in ws)

    attempts = [typed, typed[:1]]  # "nee hoor" still means "nee"
    if len(typed) <= 3:
        attempts += [[w] for w in typed[1:]]  # "Привет nee maybe": the one word we know
    for attempt in attempts:
        for lang in langs:
            labels = {
                o.id: words(shown.label if lang is None else conversation.text(o.label, lang))
                for o, shown in zip(q.options, a.choices, strict=False)
            }
            exact = [oid for oid, ws in labels.items() if ws == attempt]
            if len(exact) == 1:
                return exact[0]
            found = [oid for oid, ws in labels.items() if hit(ws, attempt)]
            if len(found) == 1:
                return found[0]
    return None


@dataclass
class Parsed:
    values: list[str] = field(default_factory=list)
    out_of_range: int = 0  # the option count of the question whose number did not fit
    out_of_range_qid: str = ""  # that question


def parse_choices(text: str, asked: list[Asked], kb: Knowledge) -> Parsed | None:
    """Numbers ("2", "2 1 3", "213") or a word of an option; None when it is neither."""
    folded = fold(text).strip()
    if re.fullmatch(r"[\d\s,.;:/+\-]+", folded) and re.search(r"\d", folded):
        nums = re.findall(r"\d+", folded)
        if len(nums) == 1 and len(asked) > 1 and 1 < len(nums[0]) <= len(asked):
            nums = list(nums[0])  # "32" for two questions means 3 and 2
        parsed = Parsed()
        for raw, a in zip(nums, asked, strict=False):
            n = int(raw)
            if n == 0 and a.skippable:
                parsed.values.append(conversation.SKIP)
            elif 1 <= n <= len(a.choices):
                parsed.values.append(a.choices[n - 1].value)
            else:
                parsed.out_of_range, parsed.out_of_range_qid = len(a.choices), a.qid
                break
        return parsed
    value = _match_option(text, asked[0], kb)
    return Parsed(values=[value]) if value else None


def step_number(text: str) -> int | None:
    """The step a person asks about after the plan: "3", "3.", "stap 3", "krok 3"; else None."""
    found = re.fullmatch(r"(?:[^\W\d]+\s*)?(\d{1,2})\.?", fold(text).strip())
    return int(found.group(1)) if found else None


def reply_for(kb: Knowledge, asked: list[str], intended: dict[str, str], one_at_a_time: bool = False) -> str:
    """The SMS a person sends to give `intended` answers to the asked questions: the inverse
    of parse_choices (option numbers; a town by its name). Plays conversations in tests and
    the cost bench."""
    assert kb.flow is not None
    values = []
    for qid in asked:
        q = kb.flow.questions[qid]
        if q.kind == "municipality":
            values.append(intended[qid])
            break
        options = [o.id for o in q.options]
        # A question an earlier answer in the same SMS made moot: any answer will do.
        values.append(str(options.index(intended[qid]) + 1) if qid in intended else str(len(options)))
        if one_at_a_time:
            break
    # As the message asks: the town with the answer that leads to "which town?" ("2 Utrecht").
    if len(asked) == 1 and not one_at_a_time and asked[0] in intended and values[0].isdigit():
        place = next((v for q, v in intended.items() if kb.flow.questions[q].kind == "municipality"), None)
        if place and int(values[0]) in conversation.place_next(kb, asked[0]):
            values.append(place)
    return " ".join(values)

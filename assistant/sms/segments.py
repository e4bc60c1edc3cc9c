"""SMS cost: how many segments a text takes, and shaping replies to stay cheap.

A text that fits the GSM 03.38 alphabet goes as GSM-7: 160 characters in one SMS, 153
per part when it has to be split (the rest carries the part header). Characters from
the extension table (€, [, ], {, }, ...) take two places. Any other character (Polish
ę, Romanian ț, Cyrillic, Arabic, emoji) makes the whole text UCS-2: 70 UTF-16 code
units in one SMS, 67 per part. Hand-written on purpose: the rules are tiny and a
library for them would be larger than this file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import languages

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
MAX_SEGMENTS = 3  # the most one reply may cost

# What a whole intake may cost: outbound segments from the first message to the plan
# (welcome, questions, the plan with its link), per realistic path
# (tests/fixtures/intake_paths.yaml) and language. bench/sms.py prints the figures and
# tests/test_sms_budget.py holds them, with the plan link on BUDGET_BASE_URL (its length
# is paid for). Latin-script languages are GSM-7 (Polish and Romanian in plain Latin, the
# default); Bulgarian, Ukrainian and Arabic cannot be, so every segment holds 67
# characters instead of 153: their targets follow from what their texts need
# (bench/README.md gives the floor). The crisis path has no budget: it says what it must.
BUDGET_BASE_URL = "https://loketwijzer.nl"
BUDGET: dict[str, dict[str, int]] = {
    "eviction_rotterdam": {"nl": 12, "en": 12, "pl": 16, "ro": 16, "bg": 22, "uk": 22, "ar": 21},
    # Eighteen questions (five about EU work and stay): the plan as one line a counter with
    # "Bel eerst" said once, and the town sent with the first answer ("2 Utrecht").
    "eu_utrecht": {"nl": 12, "en": 12, "pl": 16, "ro": 16, "bg": 28, "uk": 28, "ar": 27},
}

# Typography that looks the same but would turn a whole Dutch SMS into UCS-2.
_SMART = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2022": "-",
        "\t": " ",
    }
)


@dataclass(frozen=True)
class Count:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def count(text: str) -> Count:
    if is_gsm7(text):
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units == 0:
        return Count(encoding, 0, 0)
    return Count(encoding, units, 1 if units <= single else -(-units // multi))


def segments(text: str) -> int:
    return count(text).segments


# Which languages may lose their diacritics to stay GSM-7 comes from the language registry:
# always (nl, en), or only with the plain-Latin setting (pl, ro: readable without them).
FOLD_ALWAYS = tuple(lang.code for lang in languages.REGISTRY if lang.sms_fold == "always")
FOLD_IF_PLAIN = tuple(lang.code for lang in languages.REGISTRY if lang.sms_fold == "if-plain")
_NO_DECOMPOSITION = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})


def smart(text: str, lang: str = "nl", plain: bool = False) -> str:
    """Replace look-alike typography; in Dutch and English also fold letters like ë and ï.

    Dutch readers read "financiele" without trouble, and one ë would otherwise make the
    whole message UCS-2 (less than half the room). Polish and Romanian keep their
    letters unless `plain` asks to fold them too (a deployment choice: about half the
    cost, a little harder to read). Cyrillic and Arabic cannot be folded.
    """
    text = text.translate(_SMART)
    if (lang in FOLD_ALWAYS or (plain and lang in FOLD_IF_PLAIN)) and not is_gsm7(text):
        out = []
        for ch in text.translate(_NO_DECOMPOSITION):
            if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
                out.append(ch)
                continue
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(base if base and is_gsm7(base) else ch)
        text = "".join(out)
    return text


def fits(text: str, max_segments: int = MAX_SEGMENTS) -> bool:
    return segments(text) <= max_segments


def _cut(text: str, max_segments: int) -> tuple[str, str]:
    """The longest head of text within max_segments, ending at a line break or a space."""
    lo, hi = 1, len(text)
    while lo < hi:  # binary search on length: counting is cheap, texts are short
        mid = (lo + hi + 1) // 2
        if fits(text[:mid], max_segments):
            lo = mid
        else:
            hi = mid - 1
    head = text[:lo]
    if lo < len(text):
        line = head.rfind("\n")
        space = head.rfind(" ")
        if line > lo // 3:  # keep an option on one line: "5 In een auto, ..." never split
            head = text[:line]
        elif space > lo // 2:
            head = text[:space]
    return head.rstrip(), text[len(head) :].lstrip()


def pack(blocks: list[str], max_segments: int = MAX_SEGMENTS, sep: str = "\n\n") -> list[str]:
    """Join blocks, in order, into messages of at most max_segments each, for the fewest segments.

    A block is never split unless it is too long on its own; then it is cut at spaces.
    Blocks are few (a plan has at most about ten), so trying every cut is cheap and beats
    filling each message greedily: 160 + 153 + ... rounding makes greedy waste segments.
    """
    parts: list[str] = []
    for block in (b.strip() for b in blocks):
        while block and not fits(block, max_segments):
            head, block = _cut(block, max_segments)
            parts.append(head)
        if block:
            parts.append(block)
    n = len(parts)
    best: list[tuple[int, int]] = [(0, 0)] * (n + 1)  # (segments, messages) from part i to the end
    cut = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i] = (10**6, 10**6)
        for j in range(i + 1, n + 1):
            cost = segments(sep.join(parts[i:j]))
            if cost > max_segments:
                break
            option = (cost + best[j][0], 1 + best[j][1])
            if option < best[i]:
                best[i], cut[i] = option, j
    messages, i = [], 0
    while i < n:
        messages.append(sep.join(parts[i : cut[i]]))
        i = cut[i]
    return messages


def compact(text: str) -> str:
    """Tidy spacing: no trailing spaces, at most one empty line in a row."""
    text = re.sub(r"[ ]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return re.sub(r"[ ]{2,}", " ", text).strip()

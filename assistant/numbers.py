"""Numbers a person acts on: every phone number a tel: link, and digits that read the same
in Arabic as in Dutch.

One pass over a rendered HTML page (applied to every HTML response in app.py), so no
template, knowledge file or translation can forget it. Pure: no Flask.

- A Dutch phone number in text (0800-0113, 14 030, 038-456 9700, +31 6…, 112) becomes
  `<a href="tel:…" dir="ltr">`. The dir attribute isolates it, so in right-to-left text
  0800-0113 is not drawn as 0113-0800.
- In right-to-left pages, other groups of digits (times, ranges, dates, postcodes,
  house-number ranges) are wrapped in `<bdi dir="ltr">`; where markup is not allowed
  (title, option) in the Unicode isolates LRI…PDI.
- Text in script, style and textarea is left alone; inside a link or button a number
  is only isolated (a link in a link does not work).
"""

from __future__ import annotations

import re

# A street word before 112/113 makes it a house number ("Spoorstraat 113"), not a call.
_STREETS = (
    "straat|laan|weg|plein|kade|gracht|singel|dijk|park|pad|hof|markt|steeg|dreef|baan|veld|wal|"
    "haven|plaats|boulevard|hoven|burg|poort|ring|erf|dam|zijde|oord|wijk|nummer|nr|artikel|art|lid"
)
# Each alternative starts with its first character and only then looks behind it (never
# after a letter, a digit or / = # & . + -): a pattern that starts with a plain character
# lets the regex engine jump from candidate to candidate; starting with the look-behind made
# it try every position of the page, which was most of the marking's time.
_NOT_AFTER = r"[\w/=#&.+-]"
_PHONE = re.compile(
    rf"(?:\+(?<!{_NOT_AFTER}\+)31[ -]?(?:\(0\)[ -]?)?[1-9](?:[ -]?\d){{7,8}}"  # +31 6 1234 5678, +31 (0)20 …
    rf"|0(?<!{_NOT_AFTER}0)(?:[89]00[ -]?\d{{4,7}}"  # 0800-0113, 0900-8844, 0800 1809
    r"|[1-9](?:[ -]?\d){8})"  # 038-456 9700, 088 066 3000, 06 21409533
    rf"|1(?<!{_NOT_AFTER}1)(?:4 ?0\d{{2,3}}"  # 14 030: the municipality, dialled without area code
    r"|1[23])"  # 112, 113 (not after a street word: see _house_number)
    r")(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
_STREET_BEFORE = re.compile(r"(?:" + _STREETS + r")\.?\s*$", re.IGNORECASE)


def _house_number(text: str, m: re.Match) -> bool:
    """112 or 113 right after a street word is a house number."""
    return len(m.group(0)) == 3 and bool(_STREET_BEFORE.search(text[max(0, m.start() - 40) : m.start()]))


# Digit groups joined by separators (09:00-17:00, 9.00 - 17.00, 1-2-2025, 36-40, 1/3) and
# postcodes, never after a letter, digit, & or #. The first digit is taken before the look
# back, as in _PHONE.
_JOINED = r"\d*(?:[:.,/]\d+)*(?:\s?[-–]\s?\d+(?:[:.,/]\d+)*)+|\d*(?:[:./]\d+)+"
_POSTCODE = r"\d{3} ?[A-Z]{2}(?![A-Za-z])"
_NUMBERISH = re.compile(r"\d(?<![\w&#]\d)(?:" + _POSTCODE + "|" + _JOINED + r")(?![\w])")

_RAW = {"script", "style", "textarea"}  # never touched
_PLAIN = {"title", "option"}  # text only: Unicode isolates, no markup
_NO_LINK = {"a", "button", "label", "summary", "select", "legend"} | _PLAIN

LRI, PDI = "\u2066", "\u2069"


def dial(number: str) -> str:
    """The digits to dial: 0800-2000 -> +318002000, 14 030 -> 14030, 112 -> 112."""
    digits = re.sub(r"\(0\)", "", number)
    digits = re.sub(r"[^\d+]", "", digits)
    if digits.startswith("+"):
        return digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return "+31" + digits[1:]
    return digits  # 14030, 112, 113: short numbers are dialled as they are


def tel_href(number: str | None) -> str:
    """The link target for a number as printed: tel:+318002000, tel:14030."""
    return "tel:" + dial(number or "")


def phones(text: str) -> list[str]:
    """The phone numbers in a plain text, as written."""
    return [m.group(0) for m in _PHONE.finditer(text) if not _house_number(text, m)]


_BOTH = re.compile(f"(?P<phone>{_PHONE.pattern})|(?P<other>{_NUMBERISH.pattern})", re.IGNORECASE)
_PHONES_ONLY = re.compile(f"(?P<phone>{_PHONE.pattern})", re.IGNORECASE)
# A comment, CDATA, or a tag of an element that changes what a number may become ("/" if it
# closes, and its name), or of one whose end closes such elements (a datalist's options have
# no end tag). Other tags (p, li, div: most of a page) are never looked at.
_TRACKED = _RAW | _NO_LINK | {"datalist", "optgroup"}
_TAGS = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(/?)\s*(" + "|".join(sorted(_TRACKED)) + r")(?![a-zA-Z0-9-])[^>]*>",
    re.DOTALL | re.IGNORECASE,
)


def mark(html: str, rtl: bool = False) -> str:
    """The page with its phone numbers as tel: links and, when rtl, its numbers isolated.

    The numbers are found in the whole page at once (a number never holds "<", ">" or "&",
    so a match never crosses a tag or a character reference), then judged by the elements
    they are in. Piece by piece of text this took a quarter of a plan page's time."""
    found = list((_BOTH if rtl else _PHONES_ONLY).finditer(html))
    if not found:
        return html
    out: list[str] = []
    last = 0
    for m, inside in zip(found, _open_elements(html, found), strict=True):
        new = None if inside is None else _number(html, m, inside, rtl)
        if new is not None:
            out.append(html[last : m.start()])
            out.append(new)
            last = m.end()
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)


def _open_elements(html: str, found: list[re.Match]) -> list[frozenset[str] | None]:
    """Per number, the elements that matter (_RAW, _NO_LINK) open where it stands; None
    when it is inside a tag or a comment. An end tag closes every such element opened after
    the one it names."""
    result: list[frozenset[str] | None] = []
    stack: list[str] = []
    i, count = 0, len(found)

    def text_before(limit: int) -> None:
        nonlocal i
        while i < count and found[i].start() < limit:
            pos = found[i].start()
            result.append(None if html.rfind("<", 0, pos) > html.rfind(">", 0, pos) else frozenset(stack))
            i += 1

    for tag in _TAGS.finditer(html):
        text_before(tag.start())
        while i < count and found[i].start() < tag.end():  # in a comment or in this tag
            result.append(None)
            i += 1
        if i == count:
            return result  # the elements after the last number do not matter
        closing, name = tag.group(1, 2)
        if not name:
            continue  # a comment or CDATA
        element = name.lower()
        if closing:
            if element in stack:
                while stack.pop() != element:
                    pass
        elif not tag.group(0).endswith("/>"):
            stack.append(element)
    text_before(len(html))
    return result


def _number(html: str, m: re.Match, inside: frozenset[str], rtl: bool) -> str | None:
    """What a number in the text becomes inside these elements (None: it stays as it is)."""
    if not _RAW.isdisjoint(inside):
        return None
    found = m.group(0)
    if not _PLAIN.isdisjoint(inside):
        return LRI + found + PDI if rtl else None
    if m.lastgroup == "phone":
        if _house_number(html, m):
            return None
        if _NO_LINK.isdisjoint(inside):
            return f'<a href="{tel_href(found)}" dir="ltr">{found}</a>'
    return f'<bdi dir="ltr">{found}</bdi>' if rtl else None

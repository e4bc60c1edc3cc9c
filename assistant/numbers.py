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
_PHONE = re.compile(
    r"(?<![\w/=#&.+-])(?:"
    r"\+31[ -]?(?:\(0\)[ -]?)?[1-9](?:[ -]?\d){7,8}"  # +31 6 1234 5678, +31 (0)20 …
    r"|0[89]00[ -]?\d{4,7}"  # 0800-0113, 0900-8844, 0800 1809
    r"|0[1-9](?:[ -]?\d){8}"  # 038-456 9700, 088 066 3000, 06 21409533
    r"|14 ?0\d{2,3}"  # 14 030: the municipality, dialled without area code
    r"|11[23]"  # 112, 113 (not after a street word: see _house_number)
    r")(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
_STREET_BEFORE = re.compile(r"(?:" + _STREETS + r")\.?\s*$", re.IGNORECASE)


def _house_number(text: str, m: re.Match) -> bool:
    """112 or 113 right after a street word is a house number."""
    return len(m.group(0)) == 3 and bool(_STREET_BEFORE.search(text[max(0, m.start() - 40) : m.start()]))


# Digit groups joined by separators: 09:00-17:00, 9.00 - 17.00, 1-2-2025, 36-40, 1/3.
_JOINED = r"\d+(?:[:.,/]\d+)*(?:\s?[-–]\s?\d+(?:[:.,/]\d+)*)+|\d+(?:[:./]\d+)+"
_POSTCODE = r"\d{4} ?[A-Z]{2}(?![A-Za-z])"
_NUMBERISH = re.compile(r"(?<![\w&#])(?:" + _POSTCODE + "|" + _JOINED + r")(?![\w])")
_ENTITY = re.compile(r"&#?\w+;")

_TAG = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^>]*>", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
_RAW = {"script", "style", "textarea"}  # never touched
_PLAIN = {"title", "option"}  # text only: Unicode isolates, no markup
_NO_LINK = {"a", "button", "label", "summary", "select", "legend"} | _PLAIN
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

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


def _outside_entities(text: str, pattern: re.Pattern, wrap) -> str:
    """Each match of pattern replaced by wrap(part, match), outside character references (&#39;)."""
    out, last = [], 0
    for m in _ENTITY.finditer(text):
        out.append(_sub(pattern, wrap, text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_sub(pattern, wrap, text[last:]))
    return "".join(out)


def _sub(pattern: re.Pattern, wrap, part: str) -> str:
    return pattern.sub(lambda m: wrap(part, m), part)


_ASCII_DIGIT = re.compile(r"[0-9]")


def _text(text: str, rtl: bool, link: bool, plain: bool) -> str:
    # Most text between tags has no digit: say so fast (an ASCII digit is all isdigit() finds
    # in ASCII text; other text takes the full check). A fifth of a plan page's time was here.
    if not (_ASCII_DIGIT.search(text) if text.isascii() else any(c.isdigit() for c in text)):
        return text
    if plain:
        if not rtl:
            return text
        isolate = lambda part, m: LRI + m.group(0) + PDI
        return _outside_entities(text, _BOTH, isolate)

    def number(part: str, m: re.Match) -> str:
        found = m.group(0)
        if m.lastgroup == "phone" and _house_number(part, m):
            return found
        if m.lastgroup == "phone" and link:
            return f'<a href="{tel_href(found)}" dir="ltr">{found}</a>'
        return f'<bdi dir="ltr">{found}</bdi>' if rtl else found

    pattern = _BOTH if rtl else _PHONES_ONLY
    return _outside_entities(text, pattern, number)


_BOTH = re.compile(f"(?P<phone>{_PHONE.pattern})|(?P<other>{_NUMBERISH.pattern})", re.IGNORECASE)
_PHONES_ONLY = re.compile(f"(?P<phone>{_PHONE.pattern})", re.IGNORECASE)


def mark(html: str, rtl: bool = False) -> str:
    """The page with its phone numbers as tel: links and, when rtl, its numbers isolated."""
    out: list[str] = []
    stack: list[str] = []
    last = 0
    for m in _TAG.finditer(html):
        out.append(_segment(html[last : m.start()], stack, rtl))
        tag = m.group(0)
        out.append(tag)
        last = m.end()
        name = _TAG_NAME.match(tag)
        if not name or tag.startswith("<!"):
            continue
        element = name.group(1).lower()
        if tag.startswith("</"):
            if element in stack:
                while stack and stack.pop() != element:
                    pass
        elif element not in _VOID and not tag.endswith("/>"):
            stack.append(element)
    out.append(_segment(html[last:], stack, rtl))
    return "".join(out)


def _segment(text: str, stack: list[str], rtl: bool) -> str:
    if not text or not _RAW.isdisjoint(stack):
        return text
    return _text(text, rtl=rtl, link=_NO_LINK.isdisjoint(stack), plain=not _PLAIN.isdisjoint(stack))

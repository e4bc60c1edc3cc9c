"""Numbers in right-to-left SMS: isolated left-to-right so they read as written.

Inside Arabic text a phone's bidi algorithm lays out digit groups separated by a space,
hyphen, colon or dot from right to left: "0800-0113" shows as "0113-0800", "14 030" as
"030 14", a time range "09:00-17:00" backwards. A person would dial the wrong number.
Wrapping each such number (and each link) in a left-to-right isolate, LRI U+2066 ...
PDI U+2069, keeps it in one piece and in its own order. Each isolate costs two UTF-16
units, counted like any other character in the SMS budget.

A lone digit run ("3", "2026") needs no isolate: it is always drawn left to right.
"""

from __future__ import annotations

import re

from ..numbers import LRI, PDI

# A link, or a number with groups: phone numbers (+31 20 252 6000, 0800-0113, 14 030),
# times (09:30), dates (23-11-2026, 23.11), ranges (18-26), postcodes (3512 JE) and house
# numbers with a letter or addition (92-A, 12 bis stays out: only digits and capitals).
_LINK = r"https?://\S+"
_NUMBER = r"\+?\d+(?:[ \-:./]\d+)+(?: ?[A-Z]{2}\b)?|\d{4} ?[A-Z]{2}\b|\d+-?[A-Z]\b"
_PATTERN = re.compile(f"{_LINK}|{_NUMBER}")


# The number an option or a step line starts with ("2 18-26", "3. ...") is not part of the
# number after it: joined in one isolate, "2 18-26" would put the 2 after the label.
_LEAD = re.compile(r"\d{1,2}\.? ")


def isolate(text: str) -> str:
    """text with every grouped number and every link wrapped in LRI ... PDI; idempotent."""
    lines = []
    for line in strip(text).split("\n"):
        lead = _LEAD.match(line)
        head, rest = (line[: lead.end()], line[lead.end() :]) if lead else ("", line)
        lines.append(head + _PATTERN.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", rest))
    return "\n".join(lines)


def strip(text: str) -> str:
    """text without isolates: for reading what a person sent, or comparing in tests."""
    return text.replace(LRI, "").replace(PDI, "")

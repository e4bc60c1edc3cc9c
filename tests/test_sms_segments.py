"""SMS segment counting (GSM-7 and UCS-2) and how replies are shaped to stay cheap."""

from __future__ import annotations

import pytest

from assistant.sms import segments
from assistant.sms.segments import count

SAMPLES = {
    "nl": "Heb je vannacht een veilige plek om te slapen? 1 Ja 2 Nee 3 Weet ik niet",
    "nl-euro": "Een briefadres kost € 0 [gratis] {echt} ~ ja | nee ^ \\",
    "pl": "Czy masz na dzisiejszą noc bezpieczne miejsce do spania?",
    "ro": "Ai un loc sigur unde să dormi la noapte? Trimite numărul răspunsului.",
    "bg": "Имаш ли безопасно място за спане тази нощ?",
    "ar": "هل لديك مكان آمن تنام فيه هذه الليلة؟",
    "emoji": "Ik slaap buiten 🙁 help",
    "long": "a" * 161,
    "long-pl": "ż" * 71,
}


def test_gsm7_limits():
    assert count("").segments == 0
    assert count("a" * 160) == segments.Count("GSM-7", 160, 1)
    assert count("a" * 161).segments == 2
    assert count("a" * 306).segments == 2
    assert count("a" * 307).segments == 3
    assert count("a" * 459).segments == 3
    assert count("a" * 460).segments == 4


def test_gsm7_extension_characters_count_twice():
    assert count("€" * 80) == segments.Count("GSM-7", 160, 1)
    assert count("€" * 81).segments == 2
    assert count("[]{}~|^\\").units == 16
    assert count("é à ü Ñ Ø Δ").encoding == "GSM-7"  # in the basic table: one place each


@pytest.mark.parametrize("lang", ["pl", "ro", "bg", "ar"])
def test_ucs2_for_polish_romanian_bulgarian_arabic(lang):
    c = count(SAMPLES[lang])
    assert c.encoding == "UCS-2"
    assert c.units == len(SAMPLES[lang])  # all in the basic plane: one code unit each
    assert c.segments == (1 if c.units <= 70 else -(-c.units // 67))


def test_ucs2_limits_and_emoji():
    assert count("ż" * 70) == segments.Count("UCS-2", 70, 1)
    assert count("ż" * 71).segments == 2
    assert count("ż" * 134).segments == 2
    assert count("ż" * 135).segments == 3
    assert count("🙂").units == 2  # outside the basic plane: two UTF-16 code units
    assert count("ë").encoding == "UCS-2"  # not in GSM 03.38


def test_smsutil_agrees():
    import smsutil  # a test oracle only (test extras), never used by the app
    for name, text in SAMPLES.items():
        ours = count(text)
        theirs = smsutil.split(text)
        assert len(theirs.parts) == ours.segments, name
        assert ("GSM-7" if theirs.encoding == "gsm0338" else "UCS-2") == ours.encoding, name


def test_smart_encoding_keeps_dutch_in_gsm7():
    text = "’s Avonds – financiële hulp … “nu”"
    shaped = segments.smart(text, "nl")
    assert shaped == '\'s Avonds - financiele hulp ... "nu"'
    assert count(shaped).encoding == "GSM-7"


def test_polish_keeps_its_letters_unless_plain():
    text = "Czy masz ubezpieczenie zdrowotne? Wolę nie mówić, łóżko"
    assert segments.smart(text, "pl") == text
    plain = segments.smart(text, "pl", plain=True)
    assert plain == "Czy masz ubezpieczenie zdrowotne? Wole nie mowic, lozko"
    assert count(plain).encoding == "GSM-7"
    assert segments.smart("Имаш ли място?", "bg", plain=True) == "Имаш ли място?"


def test_pack_fills_messages_within_three_segments():
    blocks = [f"{i}. " + "woord " * 40 for i in range(1, 7)]
    messages = segments.pack(blocks)
    assert all(count(m).segments <= 3 for m in messages)
    assert "\n\n".join(messages).count("woord") == 240
    # Never worse than one message per block.
    assert sum(count(m).segments for m in messages) <= sum(count(b.strip()).segments for b in blocks)


def test_pack_cuts_an_overlong_block_at_line_breaks():
    block = "\n".join(f"{i} " + "ż" * 30 for i in range(1, 9))
    messages = segments.pack([block])
    assert len(messages) > 1
    assert all(count(m).segments <= 3 for m in messages)
    assert all(line.split(" ")[0].isdigit() for m in messages for line in m.split("\n"))

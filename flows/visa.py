"""The visa answer: citizenship, a green card, or the visa needed ("J1", "need h1b", "PR")."""

from __future__ import annotations

from datetime import date

from flows.parsing import Parsed, clean, fail, has_any
from flows.plans import parse_visa_preference
from flows.profile import Visa, VisaPreference

# Words that say which visa one would take, not only which one: "H-1B only", "prefer H1B".
_PREFERENCE = r"\bonly\b|prefer|rather|acceptable|\bfine\b|\bok(ay)?\b|\bno j"


def parse_visa(text: str, _today: date) -> Parsed:
    """Parse citizenship / visa need: "US citizen", "green card", "J1", "need h1b"."""
    t = clean(text)
    j1 = has_any(t, r"\bj[\s-]?1\b", r"\bj1\b", r"\bj visa\b", r"ecfmg sponsor", r"\bj one\b")
    h1b = has_any(t, r"\bh[\s-]?1[\s-]?b?\b", r"\bh1b\b", r"\bh one b\b")
    if h1b and has_any(t, _PREFERENCE):
        preference = parse_visa_preference(text, _today).values.get("visa_preference")
        if preference in (VisaPreference.H1B_ONLY, VisaPreference.H1B_PREFERRED):
            return Parsed({"visa": Visa.NEEDS_H1B, "visa_preference": preference})
    if has_any(
        t,
        r"not sure",
        r"unsure",
        r"\bidk\b",
        r"don'?t know",
        r"no idea",
        r"either",
        r"any visa",
        r"\bdepends\b",
    ) or (j1 and h1b):
        return Parsed({"visa": Visa.NOT_SURE})
    if j1:
        return Parsed({"visa": Visa.NEEDS_J1})
    if h1b:
        return Parsed({"visa": Visa.NEEDS_H1B})
    # Permanent residence elsewhere ("PR of Canada") is no green card.
    if has_any(
        t,
        r"green ?card",
        r"\bgc\b",
        r"\blpr\b",
        r"(permanent resident|\bpr\b)(?! (of|in) (?!the us|usa|the united states|america))",
    ):
        return Parsed({"visa": Visa.GREEN_CARD})
    if has_any(t, r"no visa", r"don'?t need (a )?visa", r"not need (a )?visa"):
        return fail(
            "No visa needed - are you a US citizen or a green-card holder? Tap one, or type it."
        )
    # "Citizen of Pakistan" is no US citizen: the country has to be the US.
    # "Naturalized citizen": naturalisation is how one becomes a US citizen.
    us = has_any(
        t,
        r"\bu\.?s\.?a?\b",
        r"\bamerican?\b",
        r"united states",
        r"\busc\b",
        r"naturali[sz]ed (us |american )?citizen",
    )
    if has_any(
        t,
        r"non[\s-]?(us|u\.s\.)",
        r"not (a )?(us |u\.s\. )?citizen",
        r"foreign",
        r"need (a )?visa",
        r"visa",
        r"sponsor",
    ) or (has_any(t, r"citizen", r"national") and not us and t.strip(" .!") != "citizen"):
        return fail(
            'Which visa would you need: J-1, H-1B, or not sure yet? Tap a button or type e.g. "J1".'
        )
    if has_any(t, r"citizen", r"\bamerican\b", r"\busc\b", r"\bus img\b"):
        return Parsed({"visa": Visa.US_CITIZEN})
    return fail(
        "I didn't catch that. Are you a US citizen, a green-card holder, or do you "
        'need a J-1 or an H-1B? ("not sure" is fine too.)'
    )

"""Abbreviations are spelt out once per message, where a reader first meets them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from knowledge.abbreviations import Abbreviation, expand_first

USCE = Abbreviation("USCE", "US clinical experience")
SOAP = Abbreviation("SOAP", "Supplemental Offer and Acceptance Program")
NBME = Abbreviation("NBME", "National Board of Medical Examiners")
ALL = (USCE, SOAP, NBME)


def test_the_first_use_is_spelt_out_and_later_ones_are_not():
    text = "Add USCE in both fields. Hands-on USCE counts most."
    assert expand_first(text, ALL) == (
        "Add USCE (US clinical experience) in both fields. Hands-on USCE counts most."
    )


def test_a_text_that_already_spells_it_out_is_left_alone():
    text = "US clinical experience (USCE) matters. More USCE helps."
    assert expand_first(text, ALL) == text


def test_a_plural_keeps_its_s():
    assert expand_first("Take 2-3 NBMEs first.", ALL) == (
        "Take 2-3 NBMEs (National Board of Medical Examiners) first."
    )


def test_a_citation_in_brackets_is_not_rewritten():
    text = "The count is 2 (2025 season; AAMC, program signaling). Ask the AAMC."
    aamc = Abbreviation("AAMC", "Association of American Medical Colleges")
    assert expand_first(text, (aamc,)) == (
        "The count is 2 (2025 season; AAMC, program signaling)."
        " Ask the AAMC (Association of American Medical Colleges)."
    )


def test_titles_links_code_and_the_sources_line_are_not_rewritten():
    text = (
        "**SOAP and next season**\n\nTry [SOAP](https://example.org/SOAP) and `SOAP`.\n"
        "Then SOAP.\n\nSources: SOAP guide"
    )
    out = expand_first(text, ALL)
    assert out.startswith("**SOAP and next season**\n")
    assert "[SOAP](https://example.org/SOAP)" in out and "`SOAP`" in out
    assert "Then SOAP (Supplemental Offer and Acceptance Program)." in out
    assert out.endswith("Sources: SOAP guide")


def test_a_word_that_only_contains_the_letters_is_not_touched():
    text = "MyERAS and SOAPY and USCE-like words stay."
    eras = Abbreviation("ERAS", "Electronic Residency Application Service")
    assert expand_first(text, (*ALL, eras)) == text


def test_answers_from_the_shipped_knowledge_spell_out_what_they_use(kb):
    """A shipped answer that uses an abbreviation spells it out the first time."""
    text = kb.topic_answer("unmatched_soap", None).text
    body = text.split("\n", 1)[1]  # past the title
    assert body.count("Supplemental Offer and Acceptance Program") == 1
    first = re.search(r"(?<![\w-])SOAP(?![\w-])", body)
    assert first is not None
    assert body[first.start() :].startswith("SOAP (Supplemental Offer and Acceptance Program)")


_WORDS = st.sampled_from(["USCE", "SOAP", "NBME", "NBMEs", "rotation", "the", "and", ".", "\n"])


@given(st.lists(_WORDS, max_size=30).map(" ".join))
def test_expanding_twice_changes_nothing_more(text: str):
    """Spelling out is done once: a second pass over the result leaves it as it is."""
    once = expand_first(text, ALL)
    assert expand_first(once, ALL) == once


@given(st.lists(_WORDS, max_size=30).map(" ".join))
def test_only_the_spelt_out_forms_are_added(text: str):
    """Removing the added long forms gives back the original text."""
    out = expand_first(text, ALL)
    for abbr in ALL:
        out = re.sub(r"(" + abbr.short + r"s?) \(" + re.escape(abbr.long) + r"\)", r"\1", out)
    assert out == text

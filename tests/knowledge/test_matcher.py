"""Typed questions reach the right topic, including typos, abbreviations and mixed
questions; unclear ones get the topic list; off-topic ones get an honest no; a question for
one program gets what is true of programs in general, saying so.

Accuracy is measured on questions the matcher was not built from: cross-validation in
test_classifier.py and the frozen set in test_frozen_set.py."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.mark.parametrize(
    "question", ["what's the weather in boston tomorrow", "write me a poem about cats"]
)
def test_off_topic_gets_honest_no(kb, question):
    """Off-topic: no topic, says it cannot help, lists what it can do."""
    answer = kb.answer(question, None)
    assert answer.off_topic and answer.topic is None
    assert "can't help with that" in answer.text
    assert [t.id for t in answer.suggestions] == [t.id for t in kb.topics]


@pytest.mark.parametrize(
    "question",
    [
        "when is Duke med psych sending interview invites",
        "do you sponsor H-1B?",
        "how many positions does your program have?",
    ],
)
def test_a_question_for_one_program_gets_programs_in_general(kb, question):
    """One program's own facts: the bot says it cannot speak for one program, then gives
    what is true of programs in general, with that answer's sources."""
    answer = kb.answer(question, None)
    general = kb.topic_answer("program_selection", None)
    assert answer.topic is None
    assert answer.text.startswith("I can't answer for one program")
    assert general.text in answer.text and answer.sources == general.sources


def test_a_postscript_is_not_a_personal_statement(kb):
    """ "P.S." closes a message; it does not ask about the personal statement."""
    answer = kb.answer("Thanks for the plan! P.S. how many programs should I apply to?", None)
    assert answer.topic == "how_many_programs"


@pytest.mark.parametrize(
    "question", ["my CK is short of the mean, what are my chances", "are my stats ok for med psych"]
)
def test_real_words_are_not_read_as_typos(kb, question):
    """ "short" is not corrected to "shot", nor "stats" to "status"."""
    surface, _ = kb._matcher.tokens(question)
    assert not {"shot", "status"} & set(surface)


def test_unclear_question_offers_topics(kb):
    """A vague question is not guessed: the bot asks, offering every topic."""
    answer = kb.answer("residency help pls", None)
    assert answer.topic is None and not answer.off_topic
    assert "not sure" in answer.text
    assert len(answer.suggestions) == len(kb.topics)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("whn shud i giv stpe 3 for H1B", "step3_timing"),
        ("how many LoRs frm psych?", "letters"),
        ("is obsevership counted as USCE", "usce"),
        ("J1 or H1-B which one", "visa"),
        ("wat CK scor to aim aftr fail", "step2_target"),
        ("PS for im/psych structure", "personal_statement"),
        ("when is SOAP and rank order list deadline", "timeline"),
        ("FMG with YOG 2012, do programs filter?", "program_selection"),
        ("how do i explain my failure in the additional info part", "explain_fail"),
        ("FMG here, what r my chances w/ 2 attempts", "low_score_chances"),
        ("j1 needs statement of need from home country?", "visa"),
        ("do programs still screen CK if step1 is P/F", "step2_target"),
        ("ERAS opens when?", "timeline"),
        ("hands-on USCE vs obs", "usce"),
    ],
)
def test_typos_and_abbreviations(kb, question, topic):
    """Typical chat spelling still finds the topic, with a usable confidence."""
    answer = kb.answer(question, None)
    assert answer.topic == topic
    assert answer.confidence >= 0.45


def test_mixed_question_answers_one_and_offers_the_other(kb):
    """Two questions in one: answer the main one and offer the other as a button."""
    answer = kb.answer("who should write my LORs and how do I explain my step 1 fail?", None)
    assert answer.topic in {"letters", "explain_fail"}
    other = {"letters", "explain_fail"} - {answer.topic}
    assert [t.id for t in answer.suggestions] == list(other)
    assert "You also asked about" in answer.text


def test_a_closing_question_after_the_applicants_facts_decides_the_topic(kb):
    """ "Graduated 2018, step 1 passed, CK 235, need J1, 3 months USCE. What are my chances?"
    asks about chances: the facts before the question do not outvote it."""
    answer = kb.answer(
        "Hi, I'm Ahmed, IMG from Pakistan, graduated 2018, step 1 passed, "
        "CK 235, need J1, 3 months USCE. What are my chances?",
        None,
    )
    assert answer.topic == "low_score_chances"


def test_generic_answer_has_no_personal_data(kb, make_profile, today):
    """Without a profile the answer cannot contain the applicant's values; with one it may."""
    profile = make_profile(step2_score=231)
    generic = kb.answer("is my ck score enough", None)
    personal = kb.answer("is my ck score enough", profile, today)
    assert generic.topic == personal.topic == "step2_target"
    assert "231" not in generic.text and not generic.personal
    assert "231" in personal.text and personal.personal


def test_answers_carry_sources(kb):
    """Every topic answer ends with a sources line and returns the citations."""
    answer = kb.answer("do i need a visa for residency", None)
    assert answer.topic == "visa"
    assert "Sources: " in answer.text
    assert any(s.startswith("ECFMG") and "ecfmg.org" in s for s in answer.sources)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_topic_scores_are_the_weights_of_every_keyword_entry_present(kb, data):
    """Scoring through the word index adds exactly the entries whose words all appear."""
    matcher = kb._matcher
    vocabulary = sorted({w for _, entries in matcher.keywords for c, _ in entries for w in c})
    words = data.draw(st.sets(st.sampled_from(vocabulary) | st.text(max_size=8), max_size=12))
    expected = {tid: sum(w for c, w in entries if c <= words) for tid, entries in matcher.keywords}
    assert matcher.scores(set(words)) == expected


@pytest.mark.parametrize(
    "question",
    [
        "what are red flags",
        "what are the red flags programs look for in my application",
        "is a 6 year gap a red flag?",
    ],
)
def test_red_flags_get_what_programs_weigh(kb, question):
    """ "Red flags" is how applicants ask what counts against them: the chances topic (what
    programs weigh after a fail or a low score), not "I'm not sure"."""
    assert kb.answer(question, None).topic == "low_score_chances"


@pytest.mark.parametrize(
    "question", ["can i apply if i graduated 10 years ago", "is there a graduation year limit"]
)
def test_graduation_year_questions_get_choosing_programs(kb, question):
    """How long ago one graduated is a filter programs set: the choosing-programs topic,
    which names the limits, not "I'm not sure"."""
    assert kb.answer(question, None).topic == "program_selection"

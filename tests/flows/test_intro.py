"""Reading an introduction: the facts an applicant opens with, and nothing they only ask."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.intro import read_fact, read_intro
from flows.profile import ExamStatus, Specialty, Step3Status, Visa
from flows.question_types import Question
from flows.questions import QUESTIONS, QUESTIONS_BY_STATE

TODAY = date(2026, 11, 22)


def test_a_forum_style_introduction_is_read_fact_by_fact() -> None:
    """Name, graduation, each Step, visa and US experience come from their own clauses."""
    assert read_intro(
        "Hi, I'm Ahmed, IMG from Pakistan, graduated 2018, step 1 passed, "
        "CK 235, need J1, 3 months USCE. What are my chances?",
        TODAY,
    ) == {
        "name": "Ahmed",
        "graduation_year": 2018,
        "step1_status": ExamStatus.PASSED,
        "step2_status": ExamStatus.PASSED,
        "step2_score": 235,
        "visa": Visa.NEEDS_J1,
        "usce_months": 3.0,
    }


def test_a_result_told_over_two_clauses_is_read_whole() -> None:
    """ "Failed CK once, then 221" is a pass with 221 on the second attempt; the name keeps
    its title and capitals."""
    values = read_intro(
        "my name is Dr. Sara Al-Khan. Graduated 2016, failed CK once, then "
        "221, J1. How many programs should I apply to?",
        TODAY,
    )
    assert values["name"] == "Dr. Sara Al-Khan"
    assert (values["step2_status"], values["step2_score"], values["step2_attempts"]) == (
        ExamStatus.PASSED,
        221,
        2,
    )


def test_two_topics_joined_by_and_are_read_apart() -> None:
    """ "2 LORs from IM and 4 months observership": two letters, four months observing."""
    values = read_intro("I have 2 LORs from IM and 4 months observership, graduated 2020", TODAY)
    assert values["letters_im"] == 2 and values["usce_months"] == 4
    assert values["usce_hands_on_months"] == 0


def test_labelled_lines_are_read() -> None:
    """ "Step1: pass. Step2: 245. Step3: planned. Visa: J1." — the exam's own number is no
    attempt count or score."""
    assert read_intro("Step1: pass. Step2: 245. Step3: planned. Visa: J1. YOG: 2019.", TODAY) == {
        "step1_status": ExamStatus.PASSED,
        "step2_status": ExamStatus.PASSED,
        "step2_score": 245,
        "step3_status": Step3Status.PLANNED,
        "visa": Visa.NEEDS_J1,
        "graduation_year": 2019,
    }


@pytest.mark.parametrize(
    "text",
    [
        "do programs sponsor h1b visas?",
        "I failed step 1. how do I explain it?",  # one fact: as likely context as a statement
        "what is a good step 2 score for an IMG",
        "is 3 months of observership enough for med psych?",
        "Omar",
        "my name is Omar",
        "my brother is an IMG: yog 2015, failed step 1, needs J1. What are his chances?",
    ],
)
def test_questions_and_single_facts_store_nothing(text: str) -> None:
    """A question about visas is no visa; a name alone is the name question's business."""
    assert read_intro(text, TODAY) == {}


def test_im_is_not_taken_for_a_name() -> None:
    """ "I am IMG from Egypt" introduces no one called "IMG from Egypt"."""
    values = read_intro("I am IMG from Egypt, YOG 2016, step 1 fail", TODAY)
    assert "name" not in values and values["step1_status"] == ExamStatus.FAILED


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I am Amina from Egypt, graduated 2019, ck 232", "Amina"),
        ("Hi, I'm Dr. Amina Khan from Cairo, YOG 2019, need J1", "Dr. Amina Khan"),
        ("I am from Egypt, YOG 2019, need J1", None),
    ],
)
def test_where_they_come_from_is_not_part_of_the_name(text: str, name: str | None) -> None:
    """ "I am Amina from Egypt" is Amina; "I am from Egypt" names no one."""
    values = read_intro(text, TODAY)
    assert values.get("name") == name and values["graduation_year"] == 2019


@pytest.mark.parametrize(
    "text", ["I'm tired, failed step 1, ck 220", "I'm so confused. YOG 2015, need J1"]
)
def test_a_feeling_after_im_is_not_a_name(text: str) -> None:
    """After "I'm", only a capitalised word is a name; the facts are still read."""
    values = read_intro(text, TODAY)
    assert "name" not in values and len(values) >= 2


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I'm محمد, YOG 2019, need J1", "محمد"),
        ("my name is प्रिया, YOG 2019, need J1", "प्रिया"),
        ("I am Zoë O'Neil-Smith, YOG 2019, need J1", "Zoë O'Neil-Smith"),
        ("Salam, I'm 李伟 from Beijing, YOG 2019, need J1", "李伟"),
    ],
)
def test_a_name_in_any_script_is_read_from_an_introduction(text: str, name: str) -> None:
    """Names are letters in any script, with their marks; a script without capitals needs
    none after "I'm"."""
    assert read_intro(text, TODAY) == {"name": name, "graduation_year": 2019, "visa": Visa.NEEDS_J1}


# Letters and marks outside ASCII, unchanged by normalising: no English word ("step",
# "he") hides in them, and the name is found again as typed ("प्रिया", "محمد").
_SCRIPT_CHAR = st.characters(whitelist_categories=("L", "M"), min_codepoint=0x80).filter(
    lambda ch: unicodedata.normalize("NFKC", ch).casefold() == ch.lower() == ch
)
# A name begins with a letter; one of a script without capitals, so "i am" takes it too.
_SCRIPT_WORD = st.builds(
    lambda first, rest: first + rest,
    st.characters(whitelist_categories=("Lo",), min_codepoint=0x80).filter(
        lambda ch: unicodedata.normalize("NFKC", ch) == ch
    ),
    st.text(_SCRIPT_CHAR, max_size=8),
).filter(lambda word: unicodedata.normalize("NFKC", word).casefold() == word)


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(_SCRIPT_WORD, min_size=1, max_size=3),
    lead=st.sampled_from(["my name is ", "Hi, my name is ", "i am "]),
)
def test_any_name_in_any_script_is_read_from_an_introduction(words: list[str], lead: str) -> None:
    """Whatever the script, "my name is <name>, YOG 2019, need J1" names <name>."""
    name = " ".join(words)
    assert read_intro(f"{lead}{name}, YOG 2019, need J1", TODAY).get("name") == name


_VISAS = [
    ("need J1", Visa.NEEDS_J1),
    ("H1B needed", Visa.NEEDS_H1B),
    ("green card holder", Visa.GREEN_CARD),
    ("US citizen", Visa.US_CITIZEN),
]
_STEP1 = [
    ("step 1 passed", ExamStatus.PASSED),
    ("failed step 1", ExamStatus.FAILED),
    ("step1 not taken yet", ExamStatus.NOT_TAKEN),
]


@given(
    visa=st.sampled_from(_VISAS),
    step1=st.sampled_from(_STEP1),
    year=st.integers(min_value=2000, max_value=2026),
    ck=st.integers(min_value=220, max_value=280),
    fields=st.sampled_from([("IM", Specialty.IM), ("psych", Specialty.PSYCHIATRY)]),
    months=st.integers(min_value=1, max_value=12),
    order=st.permutations(range(5)),
    question=st.sampled_from(["", " What are my chances?", ". How many programs?"]),
)
@settings(max_examples=200, deadline=None)
def test_any_introduction_of_known_facts_is_read_in_any_order(
    visa: tuple[str, Visa],
    step1: tuple[str, ExamStatus],
    year: int,
    ck: int,
    fields: tuple[str, Specialty],
    months: int,
    order: list[int],
    question: str,
) -> None:
    """Whatever order the facts come in, each is read as itself."""
    parts = [visa[0], step1[0], f"YOG {year}", f"CK {ck}", f"{months} months hands-on {fields[0]}"]
    text = ", ".join(parts[i] for i in order) + question
    values = read_intro(text, TODAY)
    assert values["visa"] == visa[1] and values["step1_status"] == step1[1]
    assert values["graduation_year"] == year
    assert (values["step2_status"], values["step2_score"]) == (ExamStatus.PASSED, ck)
    assert values["usce_months"] == months and values["usce_fields"] == [fields[1]]


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_no_text_breaks_the_reader(text: str) -> None:
    """Any text gives a dict of values, never an exception."""
    assert isinstance(read_intro(text, TODAY), dict)


# -- while a question is asked ----------------------------------------------------------------


def _asked(state: str) -> Question:
    return QUESTIONS_BY_STATE[state]


@pytest.mark.parametrize(
    ("state", "text", "values"),
    [
        (
            "ask_step2_status",
            "I failed step 1 once",
            {"step1_status": ExamStatus.FAILED, "step1_attempts": 1},
        ),
        ("ask_step1_status", "ck 245", {"step2_status": ExamStatus.PASSED, "step2_score": 245}),
        ("ask_step3_status", "CK 250", {"step2_status": ExamStatus.PASSED, "step2_score": 250}),
        ("ask_usce_months", "need j1", {"visa": Visa.NEEDS_J1}),
        ("ask_graduation_year", "applying for match 2027", {"match_year": 2027}),
        ("ask_name", "US citizen", {"visa": Visa.US_CITIZEN}),
        (
            "ask_step1_attempts",
            "3 months observership",
            {"usce_months": 3.0, "usce_hands_on_months": 0.0},
        ),
        (
            "ask_usce_fields",
            "2 LORs from IM",
            {"letters_im": 2, "letters_psych": 0, "letters_medpsych": 0, "letters_other": 0},
        ),
    ],
)
def test_a_fact_for_another_question_is_kept_for_that_question(
    state: str, text: str, values: dict[str, object]
) -> None:
    """ "ck 245" typed where Step 1 is asked is a CK score, not a Step 1 score."""
    assert read_fact(text, TODAY, _asked(state)) == values


@pytest.mark.parametrize(
    ("state", "text"),
    [
        ("ask_step2_score", "ck 245"),  # a follow-up's own exam
        ("ask_step3_status", "after I pass ck"),  # timing told by another exam
        ("ask_step3_status", "not yet, waiting for ck score"),
        ("ask_step2_planned", "in 3 months"),  # months alone name no US experience
        ("ask_step2_planned", "before match 2027"),
        ("ask_letters", "3 letters from my observership"),
        ("ask_letters", "2 from IM, 1 from my psych observership"),
        ("ask_visa", "need a visa, step 3 not done yet"),
        ("ask_step1_status", "how many programs for step 1 fail?"),
        ("ask_match_year", "2028"),
    ],
)
def test_an_answer_that_mentions_another_question_stays_this_ones(state: str, text: str) -> None:
    """Naming this question's topic, timing or a question is no misplaced fact."""
    assert read_fact(text, TODAY, _asked(state)) == {}


def test_an_answer_with_context_for_another_question_is_read_as_both() -> None:
    """ "Passed, step 1 was a fail though" at the CK question: CK passed, Step 1 failed."""
    values = read_intro("passed 241, step 1 was a fail though", TODAY, _asked("ask_step2_status"))
    assert values["step2_status"] == ExamStatus.PASSED and values["step2_score"] == 241
    assert values["step1_status"] == ExamStatus.FAILED
    assert read_intro("not planned, j1", TODAY, _asked("ask_step3_status")) == {
        "step3_status": Step3Status.NOT_PLANNED,
        "visa": Visa.NEEDS_J1,
    }


_OTHER_FACTS = {  # a statement of one fact, keyed by the question it answers
    "ask_step1_status": ["step 1 passed", "failed step 1 twice", "step1 {score}"],
    "ask_step2_status": ["ck {score}", "step 2 failed once", "Step 2 CK passed"],
    "ask_visa": ["need J1", "H1B", "green card holder", "US citizen"],
    "ask_graduation_year": ["YOG {year}", "graduated in {year}"],
    "ask_match_year": ["match {match}", "applying for match {match}"],
}
_FIELDS_OF = {
    topic: {
        f for q in QUESTIONS if q.state.startswith(topic[:9]) or q.state == topic for f in q.fields
    }
    for topic in _OTHER_FACTS
}


@given(
    asked=st.sampled_from([q.state for q in QUESTIONS]),
    topic=st.sampled_from(sorted(_OTHER_FACTS)),
    pick=st.integers(0, 3),
    score=st.integers(190, 270),
    year=st.integers(2005, 2026),
    match=st.integers(2027, 2030),
)
@settings(max_examples=300, deadline=None)
def test_a_fact_naming_another_question_never_lands_in_this_one(
    asked: str, topic: str, pick: int, score: int, year: int, match: int
) -> None:
    """Whatever is asked, a fact that names another question only fills that question's
    fields, and one that names this question is left to its parser."""
    facts = _OTHER_FACTS[topic]
    text = facts[pick % len(facts)].format(score=score, year=year, match=match)
    values = read_fact(text, TODAY, _asked(asked))
    # Its own question, or one that follows up on it ("Would a J-1 do?" after the visa).
    own = asked == topic or QUESTIONS_BY_STATE[asked].parent == topic
    if own:
        assert values == {}
    else:
        assert values and set(values) <= _FIELDS_OF[topic]


@given(st.text(max_size=200), st.sampled_from([q.state for q in QUESTIONS]))
@settings(max_examples=300, deadline=None)
def test_no_text_breaks_the_reader_at_any_question(text: str, asked: str) -> None:
    """Any text at any question gives a dict of values, never an exception."""
    assert isinstance(read_fact(text, TODAY, _asked(asked)), dict)
    assert isinstance(read_fact(text, TODAY), dict)
    assert isinstance(read_intro(text, TODAY, _asked(asked)), dict)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "my step 2 score is actually 240",
            {"step2_status": ExamStatus.PASSED, "step2_score": 240},
        ),
        ("I have a green card now", {"visa": Visa.GREEN_CARD}),
        ("i failed step 1 how to explain", {}),  # a question without its "?"
        ("need j1 or h1b which is better", {}),
        ("I can't decide on step 3", {}),
        ("I got 2 more US letters from IM", {}),  # adds to the stored answer, not replaces it
        ("I did another month of observership", {}),
        ("my friend failed step 1", {}),  # not the applicant's fact
        ("if i fail step 1", {}),  # a case imagined
        ("if I fail step 1, can I still apply?", {}),
        (
            "I failed step 1 twice, can I still match?",  # the statement beside the question
            {"step1_status": ExamStatus.FAILED, "step1_attempts": 2},
        ),
        ("my ck is 240, is that enough?", {"step2_status": ExamStatus.PASSED, "step2_score": 240}),
    ],
)
def test_a_fact_stated_with_no_question_asked_is_read_unless_it_asks(
    text: str, values: dict[str, object]
) -> None:
    """After the interview, a statement about oneself is a fact; one that asks is not."""
    assert read_fact(text, TODAY) == values


def test_each_question_declares_where_its_topic_comes_from() -> None:
    """A follow-up's parent is an earlier question with a topic of its own, and the topics a
    question's answers may also name are questions with topics: nothing dangles."""
    order = [q.state for q in QUESTIONS]
    for q in QUESTIONS:
        if q.parent is not None:
            parent = QUESTIONS_BY_STATE[q.parent]
            assert parent.topic is not None and order.index(parent.state) < order.index(q.state)
        for other in q.topic.also if q.topic is not None else ():
            assert QUESTIONS_BY_STATE[other].topic is not None

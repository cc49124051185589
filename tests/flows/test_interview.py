"""The interview machine: order, skipping what doesn't apply, back, skip, edit, restart."""

from __future__ import annotations

import tracemalloc
from datetime import date

import pytest

from flows.interview import DONE, Interview, InterviewState
from flows.profile import Visa
from tests.interview_script import SCRIPT, answer_interview

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def interview() -> Interview:
    return Interview()


def answer_all(interview: Interview, st: InterviewState, answers: list[str]) -> None:
    """Give these answers to the questions asked now (reach a question with the script)."""
    for text in answers:
        step = interview.answer(st, text, TODAY) if text != "skip" else interview.skip(st)
        assert step.ok, (st.state, text, step.error)


def test_step2_not_taken_asks_for_the_planned_month_not_a_score(interview: Interview) -> None:
    """Questions that don't apply are skipped: no CK score when CK isn't taken."""
    st = interview.new_state()
    answer_interview(interview, st, until="ask_step2_status")
    assert st.state == "ask_step2_status"
    answer_all(interview, st, ["not taken yet"])
    assert st.state == "ask_step2_planned"
    answer_all(interview, st, ["March 2027"])
    assert st.state == "ask_step3_status"
    assert st.answers["step2_planned"] == "2027-03"


def test_one_sentence_fills_follow_up_questions(interview: Interview) -> None:
    """ "failed once, passed on 2nd attempt" answers the attempts question too."""
    st = interview.new_state()
    answer_interview(interview, st, until="ask_step1_status")
    answer_all(interview, st, ["failed once, passed on 2nd attempt"])
    assert st.answers["step1_attempts"] == 2
    assert st.state == "ask_step1_score"


def test_progress_counts_only_questions_that_apply(interview: Interview) -> None:
    """Progress reads "n of total" over the questions relevant to these answers."""
    st = interview.new_state()
    first = interview.prompt(st)
    assert first is not None
    assert (first.position, first.total) == (1, len(interview.relevant({})))
    assert first.total < len(interview.questions)  # follow-ups count once they apply
    answered = answer_interview(interview, st, until="ask_graduation_year")
    assert interview.prompt(st).position == len(answered) + 1


def test_back_returns_to_the_previous_question_with_its_answer_kept(interview: Interview) -> None:
    """`back` re-asks the previous question and shows what is stored."""
    st = interview.new_state()
    answer_interview(
        interview, st, SCRIPT.with_(ask_graduation_year="2019"), until="ask_match_year"
    )
    assert interview.back(st).ok
    assert st.state == "ask_graduation_year"
    assert interview.prompt(st).current == "2019"
    answer_all(interview, st, ["2018"])
    assert st.answers["graduation_year"] == 2018 and st.state == "ask_match_year"


def test_required_questions_cannot_be_skipped(interview: Interview) -> None:
    """`skip` on a required question says why and stays."""
    st = interview.new_state()
    answer_interview(interview, st, until="ask_visa")
    step = interview.skip(st)
    assert not step.ok and "can't be skipped" in step.error and st.state == "ask_visa"


def test_changing_an_answer_drops_answers_that_no_longer_apply(interview: Interview) -> None:
    """Editing CK from a score to "failed" forgets the score and asks the retake month."""
    st = interview.new_state()
    answer_interview(interview, st, SCRIPT.with_(ask_step2_status="I got 241 on CK"))
    assert st.state == DONE
    assert interview.edit(st, "step2").ok
    answer_all(interview, st, ["failed"])
    assert "step2_score" not in st.answers
    assert st.state == "ask_step2_planned"


def test_editing_an_unknown_field_lists_the_editable_ones(interview: Interview) -> None:
    """`edit nonsense` explains which answers can be edited."""
    st = interview.new_state()
    step = interview.edit(st, "favourite colour")
    assert not step.ok and "visa" in step.error


def test_a_stale_button_changes_nothing(interview: Interview) -> None:
    """A button from an earlier question is refused and the state is untouched."""
    st = interview.new_state()
    answer_interview(interview, st, until="ask_graduation_year")
    before = (st.state, dict(st.answers))
    assert interview.choose(st, "ask_visa", 0).error == "stale"
    assert (st.state, st.answers) == before


def test_restart_clears_answers(interview: Interview) -> None:
    """`restart` goes back to the first question with nothing kept."""
    st = interview.new_state()
    answer_interview(interview, st, SCRIPT.with_(ask_name="Sam"), until="ask_graduation_year")
    interview.restart(st)
    assert st.state == "ask_name" and st.answers == {} and st.done == []


def test_per_user_state_is_small(interview: Interview) -> None:
    """One shared machine: a user's in-memory state is a few hundred bytes, not a Machine."""
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    states = [interview.new_state() for _ in range(1000)]
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "lineno"))
    assert grown / len(states) < 1000


def test_diagram_beside_the_flow_is_current(interview: Interview) -> None:
    """flows/interview.mmd matches the machine (regenerate with `python -m flows.diagram`)."""
    from pathlib import Path

    from flows.diagram import mermaid

    committed = Path(__file__).resolve().parents[2] / "flows" / "interview.mmd"
    assert committed.read_text() == mermaid(interview)


def test_the_machine_is_a_ring_of_advances_and_a_restart(interview: Interview) -> None:
    """The machine reads as a map: one `advance` from each state to the next (and "done"
    back to the first question), `restart` from each state to the first; nothing more."""
    states = [q.state for q in interview.questions] + [DONE]
    edges = {
        trigger: sorted((source, t.dest) for source, ts in event.transitions.items() for t in ts)
        for trigger, event in interview.machine.events.items()
    }
    assert edges == {
        "advance": sorted(zip(states, states[1:] + states[:1], strict=True)),
        "restart": sorted((s, states[0]) for s in states),
    }


def test_advancing_passes_what_does_not_apply_or_is_answered(interview: Interview) -> None:
    """A graduation year told up front is not asked again; after "not taken" for Step 1,
    its attempts and score do not apply: both are passed on the way."""
    st = InterviewState("ask_visa", {"graduation_year": 2019}, ["ask_name", "ask_graduation_year"])
    assert interview.answer(st, "J1", TODAY).ok and st.state == "ask_match_year"
    assert interview.answer(st, "2028", TODAY).ok and st.state == "ask_step1_status"
    assert interview.answer(st, "not taken", TODAY).ok and st.state == "ask_step2_status"


def test_a_greeting_is_not_taken_as_a_name(interview: Interview) -> None:
    """ "hi" at the name question greets back and asks again instead of storing "hi"."""
    st = interview.new_state()
    step = interview.answer(st, "Hi!", TODAY)
    assert not step.ok and "name" in step.error and st.state == "ask_name"


def test_stored_answers_are_listed_once_each_in_the_buttons_words(interview: Interview) -> None:
    """The profile view: Step 1's attempts and score appear on their own lines only, and
    answers read as the buttons did ("Need a J-1", "Observership only")."""
    st = interview.new_state()
    answer_interview(
        interview,
        st,
        SCRIPT.with_(
            ask_graduation_year="2020",
            ask_step1_status="failed once, passed on 2nd attempt",
            ask_step1_score="221",
            ask_step2_status="238",
            ask_usce_months="2 months",
            ask_usce_hands_on="none",
        ),
        until="ask_usce_fields",
    )
    assert interview.stored(st.answers) == [
        ("visa", "Need a J-1"),
        ("graduation", "2020"),
        ("match", "2028"),
        ("step1", "Passed"),
        ("step1 attempts", "2"),
        ("step1 score", "221"),
        ("step2", "Passed"),
        ("step2 score", "238"),
        ("step2 attempts", "1"),
        ("step3", "Not planned"),
        ("usce", "2 months"),
        ("hands-on", "Observership only"),
    ]


def test_letters_and_planned_months_are_listed_as_a_person_would_say_them(
    interview: Interview,
) -> None:
    """The profile view says "2 IM, 1 psychiatry" and "March 2027", not field names or
    "2027-03"; no letters reads as the button did."""
    st = interview.new_state()
    answer_interview(
        interview,
        st,
        SCRIPT.with_(
            ask_step3_status="planned", ask_step3_planned="March 2027", ask_letters="2 IM, 1 psych"
        ),
        until="ask_scholarship",
    )
    stored = dict(interview.stored(st.answers))
    assert stored["step3 date"] == "March 2027"
    assert stored["letters"] == "2 IM, 1 psychiatry"
    assert interview.edit(st, "letters").ok
    answer_all(interview, st, ["none"])
    assert dict(interview.stored(st.answers))["letters"] == "None yet"


def test_an_answer_that_covers_follow_ups_says_what_it_read(interview: Interview) -> None:
    """ "failed once, passed on 2nd attempt" also answers the attempts question, which is then
    not asked: the step says what was read. A plain answer says nothing extra."""
    st = interview.new_state()
    answer_interview(interview, st, until="ask_step1_status")
    step = interview.answer(st, "failed once, passed on 2nd attempt", TODAY)
    assert step.understood == "step1: Passed · step1 attempts: 2"
    assert st.state == "ask_step1_score"
    assert interview.answer(st, "221", TODAY).understood is None


def test_a_typed_answer_that_replaces_a_stored_one_says_what_it_read(interview: Interview) -> None:
    """After `edit visa`, typing "H1B" confirms the new answer in the buttons' words."""
    st = interview.new_state()
    answer_interview(interview, st, until="ask_match_year")
    assert interview.edit(st, "visa").ok
    assert interview.answer(st, "H1B", TODAY).understood == "visa: Need an H-1B"


def test_editing_a_step_shows_what_is_stored_as_the_questions_call_it(interview: Interview) -> None:
    """`edit step2` shows the stored result, score and attempts by the names `edit` takes,
    not as field names ("step2 status: …; step2 attempts: …")."""
    st = interview.new_state()
    answer_interview(
        interview,
        st,
        SCRIPT.with_(ask_step2_status="failed once, then 221"),
        until="ask_step3_status",
    )
    assert interview.edit(st, "step2").ok
    assert interview.prompt(st).current == "step2: Passed · step2 score: 221 · step2 attempts: 2"


def test_a_new_letters_answer_after_edit_reads_back_in_words(interview: Interview) -> None:
    """Changing the letters answer confirms all of it ("2 IM, 1 psychiatry"), not the IM
    count alone."""
    st = interview.new_state()
    answer_interview(interview, st, SCRIPT.with_(ask_letters="none"), until="ask_scholarship")
    assert interview.edit(st, "letters").ok
    assert interview.answer(st, "2 IM, 1 psych", TODAY).understood == "letters: 2 IM, 1 psychiatry"


def test_passed_pass_fail_answers_the_score_question_and_says_so(interview: Interview) -> None:
    """ "Passed 1st attempt, pass/fail" covers attempts and the score: the next question is
    Step 2, and the read-back names the score as the button does."""
    st = interview.new_state()
    answer_interview(interview, st, until="ask_step1_status")
    step = interview.answer(st, "passed 1st attempt, pass/fail", TODAY)
    assert step.understood == "step1: Passed · step1 attempts: 1 · step1 score: Pass/fail only"
    assert st.state == "ask_step2_status"


def test_an_introduction_answers_its_questions_and_the_interview_moves_past_them(
    interview: Interview,
) -> None:
    """Name, visa, graduation and both Steps from an introduction: the next question is the
    Match year, counted after the seven questions answered, and the read-back lists each
    answer once."""
    st = interview.new_state()
    step = interview.take_intro(
        st,
        {
            "name": "Ahmed",
            "visa": Visa.NEEDS_J1,
            "graduation_year": 2018,
            "step1_status": "passed",
            "step1_score": None,
            "step2_status": "passed",
            "step2_score": 235,
        },
    )
    assert step.understood == (
        "name: Ahmed · visa: Need a J-1 · graduation: 2018 · "
        "step1: Passed · step1 score: Pass/fail only · step2: Passed · "
        "step2 score: 235"
    )
    assert st.state == "ask_match_year" and interview.prompt(st).position == 8


def test_an_introduction_without_a_name_still_asks_the_name_first(interview: Interview) -> None:
    """The name question stays; the questions the introduction answered are not asked."""
    st = interview.new_state()
    interview.take_intro(st, {"visa": Visa.NEEDS_H1B, "graduation_year": 2015})
    assert st.state == "ask_name"
    answered = answer_interview(interview, st)
    assert answered[0] == "ask_name" and "ask_match_year" in answered
    assert "ask_visa" not in answered and "ask_graduation_year" not in answered


def test_progress_only_goes_up_after_an_introduction(interview: Interview) -> None:
    """Visa and graduation told up front count as done: the name is question 3, then the
    Match year question 4 — not "1", then "4" with nothing answered in between."""
    st = interview.new_state()
    interview.take_intro(st, {"visa": Visa.NEEDS_H1B, "graduation_year": 2015})
    positions = [interview.prompt(st).position]
    script = SCRIPT.with_(ask_name="Amina")
    for _ in range(2):  # the name, then whatever comes next
        answer_all(interview, st, [script.answer(st.state)])
        positions.append(interview.prompt(st).position)
    assert positions == [3, 4, 5]


def test_a_question_gone_back_to_keeps_its_place(interview: Interview) -> None:
    """`back` from the Match year to graduation shows graduation as question 3 again."""
    st = interview.new_state()
    answered = answer_interview(interview, st, until="ask_match_year")
    assert interview.prompt(st).position == len(answered) + 1
    interview.back(st)
    assert (interview.prompt(st).state, interview.prompt(st).position) == (
        "ask_graduation_year",
        answered.index("ask_graduation_year") + 1,
    )


@pytest.mark.parametrize("text", ["not yet", "Not sure.", "don't know", "tbd"])
def test_no_date_yet_is_an_answer_to_an_optional_date_question(
    interview: Interview, text: str
) -> None:
    """ "When will you take Step 2 CK?" — "not yet" moves on, storing no date."""
    st = interview.new_state()
    answer_interview(
        interview, st, SCRIPT.with_(ask_step2_status="not taken yet"), until="ask_step2_planned"
    )
    assert st.state == "ask_step2_planned"
    answer_all(interview, st, [text])
    assert st.state == "ask_step3_status" and "step2_planned" not in st.answers


def test_an_introduction_replaces_what_its_questions_had_covered(interview: Interview) -> None:
    """Step 1 told again as just "passed" drops the attempts the old answer gave, as a new
    answer to the question would, so the attempts are asked again rather than kept stale."""
    st = interview.new_state()
    answer_interview(interview, st, until="ask_step1_status")
    answer_all(interview, st, ["failed once, passed on 2nd attempt"])
    interview.take_intro(st, {"step1_status": "passed", "graduation_year": 2019})
    assert "step1_attempts" not in st.answers
    assert "ask_step1_attempts" not in st.done


def test_a_corrected_score_keeps_the_attempts_its_question_gave(interview: Interview) -> None:
    """ "CK passed, 240" after "passed first attempt, 245": the score changes, the attempts
    stay - the main answer is the same and only a detail is corrected."""
    st = interview.new_state()
    answer_interview(
        interview,
        st,
        SCRIPT.with_(ask_step2_status="passed first attempt, 245"),
        until="ask_step3_status",
    )
    update = interview.update_preview(st, {"step2_status": "passed", "step2_score": 240})
    assert update is not None and (update.now, update.after) == (
        "step2: Passed · step2 score: 245",
        "step2: Passed · step2 score: 240",
    )
    assert st.answers["step2_score"] == 245  # only a preview
    interview.take_intro(st, {"step2_status": "passed", "step2_score": 240})
    assert st.answers["step2_score"] == 240 and st.answers["step2_attempts"] == 1
    assert interview.update_preview(st, {"step2_status": "passed", "step2_score": 240}) is None


@pytest.mark.parametrize(
    ("said", "label"),
    [
        ("ck", "step2"),
        ("my CK score", "step2 score"),
        ("step 1 attempts", "step1 attempts"),
        ("visa status", "visa"),
        ("USMLE step 3", "step3"),
        ("time zone", "timezone"),
    ],
)
def test_edit_finds_a_question_by_the_words_people_use(
    interview: Interview, said: str, label: str
) -> None:
    """`edit ck` and `edit my CK score` reach Step 2 CK, not "I can't edit that"."""
    found = interview.find(said)
    assert found is not None and found.label == label

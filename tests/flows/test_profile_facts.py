"""The facts issue 16 added to the profile: each asked only when it applies, skippable, read
as people write it (property tests), found in an introduction, and used by the plan."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.answers import parse_letters
from flows.exams import parse_exam, parse_step3
from flows.interview import Interview
from flows.intro import read_intro
from flows.plans import (
    parse_home_letters,
    parse_project_topic,
    parse_student,
    parse_tracks,
    parse_visa_preference,
)
from flows.profile import ExamStatus, Profile, Step3Status, Track, VisaPreference
from flows.usce import parse_usce, parse_usce_split
from flows.visa import parse_visa
from knowledge import load_knowledge
from tests.interview_script import SCRIPT, answer_interview

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def interview() -> Interview:
    """The real flow."""
    return Interview()


def _finished(interview: Interview, **answers: str) -> dict[str, object]:
    state = interview.new_state()
    answer_interview(interview, state, SCRIPT.with_(**answers))
    return state.answers


# --- asked only when it applies, and skippable -------------------------------------------


@pytest.mark.parametrize(
    ("question", "asked_with", "not_asked_with"),
    [
        ("ask_visa_preference", {"ask_visa": "H1B"}, {"ask_visa": "J1"}),
        (
            "ask_student",
            {"ask_graduation_year": "2027", "ask_match_year": "2028"},
            {"ask_graduation_year": "2019", "ask_match_year": "2028"},
        ),
        (
            "ask_usce_split",
            {"ask_usce_months": "5", "ask_usce_hands_on": "3", "ask_usce_fields": "1, 2"},
            {"ask_usce_months": "3", "ask_usce_hands_on": "All hands-on", "ask_usce_fields": "1"},
        ),
        ("ask_scholarship_topic", {"ask_scholarship": "QI project"}, {"ask_scholarship": "none"}),
    ],
)
def test_a_new_question_is_asked_only_when_it_applies(
    interview: Interview, question: str, asked_with: dict, not_asked_with: dict
) -> None:
    """Nobody with a J-1 is asked about the H-1B, a 2019 graduate whether still a student,
    someone with IM hands-on only how the months split, or someone with no project its topic."""
    state = interview.new_state()
    answer_interview(interview, state, SCRIPT.with_(**asked_with), until=question)
    prompt = interview.prompt(state)
    assert prompt is not None and prompt.optional
    assert interview.skip(state).ok
    state = interview.new_state()
    answer_interview(interview, state, SCRIPT.with_(**not_asked_with))
    assert question not in state.done


def test_the_new_answers_reach_the_profile(interview: Interview) -> None:
    """Answered in the interview, each new fact is stored in the profile."""
    answers = _finished(
        interview,
        ask_visa="need H1B",
        ask_visa_preference="H-1B preferred, J-1 acceptable",
        ask_graduation_year="2027",
        ask_match_year="2028",
        ask_student="yes, final year",
        ask_usce_months="5",
        ask_usce_hands_on="3",
        ask_usce_fields="IM and psych",
        ask_usce_split="IM 3 hands-on, psych 2 observership, no CL",
        ask_letters="2 IM, 1 psych",
        ask_letters_home="3",
        ask_scholarship="QI project",
        ask_scholarship_topic="delirium screening on a medicine ward",
        ask_tracks="med-psych only",
    )
    profile = Profile.model_validate(answers)
    assert profile.visa_preference is VisaPreference.H1B_PREFERRED
    assert profile.student is True
    assert (profile.usce_im_hands_on_months, profile.usce_psych_observer_months) == (3, 2)
    assert profile.usce_cl is False
    assert profile.letters_home == 3
    assert profile.scholarship_topic == "delirium screening on a medicine ward"
    assert profile.tracks == [Track.MEDPSYCH]


def test_a_booked_ck_month_is_asked_and_kept(interview: Interview) -> None:
    """ "Date booked" for CK brings the month question; the month is stored with it."""
    answers = _finished(interview, ask_step2_status="Date booked", ask_step2_planned="October 2027")
    assert answers["step2_status"] == "scheduled" and answers["step2_planned"] == "2027-10"


def test_ck_booked_with_its_month_needs_no_second_question(interview: Interview) -> None:
    """ "booked for October 2027" is the status and the month at once."""
    state = interview.new_state()
    answer_interview(interview, state, SCRIPT.with_(ask_step2_status="booked for October 2027"))
    assert state.answers["step2_planned"] == "2027-10"
    assert "ask_step2_planned" in state.done


def test_im_hands_on_and_a_psych_observership_are_not_hands_on_in_both(
    interview: Interview,
) -> None:
    """The advice the articles give for an observership: turn it into hands-on work."""
    answers = _finished(
        interview, ask_usce_months="3 months IM externship, 2 months psych observership"
    )
    kb = load_knowledge()
    plan = kb.plan(Profile.model_validate(answers), TODAY)
    text = kb.render_plan(plan, limit=len(plan.actions))
    assert "Turn your psychiatry observership into hands-on work" in text
    answer = kb.answer("is my usce enough?", Profile.model_validate(answers), TODAY)
    assert "hands-on experience in both fields" not in answer.text


# --- read as people write it -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "preference"),
    [
        ("H-1B only", VisaPreference.H1B_ONLY),
        ("only h1b, no j1", VisaPreference.H1B_ONLY),
        ("H-1B preferred, J-1 acceptable", VisaPreference.H1B_PREFERRED),
        ("prefer h1b but j1 is ok", VisaPreference.H1B_PREFERRED),
        ("J-1 is fine", VisaPreference.J1_OK),
        ("either is fine", VisaPreference.J1_OK),
    ],
)
def test_visa_preference_as_people_write_it(typed: str, preference: VisaPreference) -> None:
    """The three preferences, however phrased."""
    assert parse_visa_preference(typed, TODAY).values == {"visa_preference": preference}


def test_the_visa_answer_keeps_a_stated_preference() -> None:
    """ "need h1b only" at the visa question is the visa and the preference."""
    assert parse_visa("need h1b only", TODAY).values == {
        "visa": "needs_h1b",
        "visa_preference": VisaPreference.H1B_ONLY,
    }


@pytest.mark.parametrize(
    ("typed", "tracks"),
    [
        ("med-psych only", [Track.MEDPSYCH]),
        ("just med psych", [Track.MEDPSYCH]),
        ("also psych", [Track.MEDPSYCH, Track.PSYCHIATRY]),
        ("IM too", [Track.MEDPSYCH, Track.IM]),
        ("both", [Track.MEDPSYCH, Track.PSYCHIATRY, Track.IM]),
        (
            "categorical psychiatry and internal medicine",
            [Track.MEDPSYCH, Track.PSYCHIATRY, Track.IM],
        ),
    ],
)
def test_tracks_as_people_write_them(typed: str, tracks: list[Track]) -> None:
    """Med-psych is always among them; the categorical ones are added as named."""
    assert parse_tracks(typed, TODAY).values == {"tracks": tracks}


@pytest.mark.parametrize(
    ("typed", "student"),
    [("yes", True), ("final year student", True), ("no, graduated", False), ("no", False)],
)
def test_still_a_student_as_people_write_it(typed: str, student: bool) -> None:
    """Yes/no and the words around them."""
    assert parse_student(typed, TODAY).values == {"student": student}


@given(
    im_h=st.integers(0, 6),
    ps_o=st.integers(1, 6),
    shape=st.sampled_from(
        [
            "IM {im_h} hands-on, psych {ps_o} observership",
            "{im_h} months IM externship and {ps_o} months psychiatry observership",
            "im {im_h} hands on; psych obs {ps_o} months",
        ]
    ),
    cl=st.sampled_from(["", ", CL", ", no CL"]),
)
def test_months_per_field_however_listed(im_h: int, ps_o: int, shape: str, cl: str) -> None:
    """Each field's hands-on and observership months are kept apart, with CL when said."""
    values = parse_usce_split(shape.format(im_h=im_h, ps_o=ps_o) + cl, TODAY).values
    assert values["usce_im_hands_on_months"] == im_h
    assert values["usce_psych_observer_months"] == ps_o
    assert values["usce_psych_hands_on_months"] == 0 == values["usce_im_observer_months"]
    assert values.get("usce_cl") == {"": None, ", CL": True, ", no CL": False}[cl]


@given(h=st.integers(1, 6), o=st.integers(1, 6))
def test_a_usce_answer_that_says_each_field_fills_the_split(h: int, o: int) -> None:
    """ "3 hands-on IM, 2 psych obs" at the USCE question needs no per-field question."""
    values = parse_usce(f"{h} months hands-on IM, {o} months psych observership", TODAY).values
    assert values["usce_months"] == h + o
    assert values["usce_im_hands_on_months"] == h and values["usce_psych_observer_months"] == o


@given(n=st.integers(0, 20), shape=st.sampled_from(["{n}", "{n} letters", "{n} from my country"]))
def test_home_letters_any_count(n: int, shape: str) -> None:
    """Every count from 0 to 20 is kept; "none" is 0."""
    assert parse_home_letters(shape.format(n=n), TODAY).values == {"letters_home": n}
    assert parse_home_letters("none", TODAY).values == {"letters_home": 0}


@given(n=st.integers(21, 10**5))
def test_too_many_home_letters_are_re_asked(n: int) -> None:
    """An impossible count is refused with a re-ask."""
    assert not parse_home_letters(str(n), TODAY).ok


@given(st.text(max_size=600))
def test_any_topic_text_is_kept_or_re_asked_never_crashes(text: str) -> None:
    """A topic is kept trimmed to 200 characters, or re-asked, or "none" means none."""
    parsed = parse_project_topic(text, TODAY)
    if parsed.ok:
        topic = parsed.values["scholarship_topic"]
        assert topic is None or (0 < len(topic) <= 200 and Profile(scholarship_topic=topic))
    else:
        assert parsed.error


@given(st.text(max_size=200))
def test_the_new_parsers_never_crash(text: str) -> None:
    """Any text gets a value or a friendly re-ask."""
    for parse in (parse_visa_preference, parse_tracks, parse_student, parse_usce_split):
        parsed = parse(text, TODAY)
        assert parsed.ok or parsed.error


@given(
    month=st.sampled_from(["March", "june", "Oct"]),
    shape=st.sampled_from(
        ["booked for {m} 2027", "CK scheduled in {m} 2027", "registered, {m} 2027"]
    ),
)
def test_a_booked_ck_is_scheduled_with_its_month(month: str, shape: str) -> None:
    """A booked CK is "scheduled", and the month said with it is kept."""
    values = parse_exam(shape.format(m=month), TODAY, "step2").values
    assert values["step2_status"] is ExamStatus.SCHEDULED
    assert values["step2_planned"].startswith("2027-")


@pytest.mark.parametrize("typed", ["not booked yet", "planning for June", "not scheduled"])
def test_a_ck_not_yet_booked_is_not_taken(typed: str) -> None:
    """Planned is not booked."""
    assert parse_exam(typed, TODAY, "step2").values["step2_status"] is ExamStatus.NOT_TAKEN


def test_booked_step1_is_still_not_taken() -> None:
    """Only CK has the booked status; a booked Step 1 is not taken yet."""
    assert parse_exam("booked for May", TODAY, "step1").values == {
        "step1_status": ExamStatus.NOT_TAKEN
    }


@given(n=st.integers(2, 4), word=st.sampled_from(["second", "third", "fourth"]))
def test_step3_passed_on_a_later_attempt_keeps_the_attempts(n: int, word: str) -> None:
    """ "passed on my second attempt" is a pass after one fail."""
    expected = {"second": 2, "third": 3, "fourth": 4}[word]
    values = parse_step3(f"passed on my {word} attempt", TODAY).values
    assert values == {"step3_status": Step3Status.PASSED, "step3_attempts": expected}


def test_home_letters_at_the_letters_question_are_kept_apart() -> None:
    """ "2 IM, 3 from my home country": two US letters and three home ones."""
    values = parse_letters("2 IM, 3 from my home country", TODAY).values
    assert values["letters_im"] == 2 and values["letters_home"] == 3


# --- introductions -----------------------------------------------------------------------


def test_an_introduction_names_student_tracks_and_visa_preference() -> None:
    """Facts typed at once are read for their own questions."""
    values = read_intro(
        "Hi, I'm a final year student, graduating 2027, need h1b only, "
        "applying to med-psych and categorical psychiatry",
        TODAY,
    )
    assert values is not None
    assert values["student"] is True
    assert values["visa_preference"] is VisaPreference.H1B_ONLY
    assert values["tracks"] == [Track.MEDPSYCH, Track.PSYCHIATRY]


def test_a_profile_stored_before_these_facts_still_loads_and_plans() -> None:
    """An old document (totals only, no per-field months) loads unchanged, and its advice
    claims no more than the totals show."""
    from bot.storage.profiles import from_document, to_document

    old = {
        "visa": "needs_j1",
        "step2_status": "passed",
        "step2_score": 246,
        "usce_months": 4,
        "usce_hands_on_months": 3,
        "usce_fields": ["im", "psychiatry"],
    }
    answers = from_document(old)
    assert answers == old and to_document(answers) == old
    kb = load_knowledge()
    answer = kb.answer("is my usce enough?", Profile.model_validate(answers), TODAY)
    assert "hands-on experience in both fields" not in answer.text


_PREFERENCES = [
    ("H-1B only", VisaPreference.H1B_ONLY),
    ("only an H1B", VisaPreference.H1B_ONLY),
    ("h1b, no j1", VisaPreference.H1B_ONLY),
    ("prefer H-1B, J-1 acceptable", VisaPreference.H1B_PREFERRED),
    ("H1B ideally but J1 is ok", VisaPreference.H1B_PREFERRED),
    ("J-1 is fine", VisaPreference.J1_OK),
    ("any visa is fine", VisaPreference.J1_OK),
]


@given(
    lead=st.sampled_from(["", "I'd say ", "honestly, ", "Hmm "]),
    said=st.sampled_from(_PREFERENCES),
    tail=st.sampled_from(["", ".", "!", " for me", " please"]),
)
def test_a_preference_wrapped_in_other_words_is_still_read(
    lead: str, said: tuple[str, VisaPreference], tail: str
) -> None:
    """Words before or after the preference do not change it."""
    text, preference = said
    assert parse_visa_preference(f"{lead}{text}{tail}", TODAY).values == {
        "visa_preference": preference
    }


@given(
    psych=st.sampled_from(["", "psychiatry", "categorical psych", "psych"]),
    im=st.sampled_from(["", "IM", "internal medicine", "categorical IM"]),
    joiner=st.sampled_from([" and ", ", ", " + "]),
)
def test_the_tracks_named_are_the_tracks_kept(psych: str, im: str, joiner: str) -> None:
    """Med-psych plus whichever categorical specialties are named; none named is a re-ask
    unless med-psych alone is said."""
    named = [w for w in (psych, im) if w]
    parsed = parse_tracks("also " + joiner.join(named) if named else "med-psych only", TODAY)
    expected = [Track.MEDPSYCH]
    expected += [Track.PSYCHIATRY] if psych else []
    expected += [Track.IM] if im else []
    assert parsed.values == {"tracks": expected}


@given(
    yes=st.booleans(),
    lead=st.sampled_from(["", "um ", "well, "]),
    tail=st.sampled_from(["", ".", "!", " thanks"]),
)
def test_yes_or_no_to_still_a_student(yes: bool, lead: str, tail: str) -> None:
    """A yes or no, however wrapped, is the answer."""
    word = "yes, final year" if yes else "no, I graduated"
    assert parse_student(f"{lead}{word}{tail}", TODAY).values == {"student": yes}

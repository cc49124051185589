"""Answer parsers: the phrasings applicants use, and no input that breaks them."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from flows import answers as a
from flows import exams, usce
from flows.parsing import Parsed
from flows.profile import ExamStatus, Interest, Scholarship, Specialty, Step3Status, Visa
from flows.questions import QUESTIONS
from flows.visa import parse_visa
from flows.zones import parse_timezone

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "visa"),
    [
        ("J1", Visa.NEEDS_J1),
        ("j-1 please", Visa.NEEDS_J1),
        ("need h1b", Visa.NEEDS_H1B),
        ("H-1B", Visa.NEEDS_H1B),
        ("US citizen", Visa.US_CITIZEN),
        ("american", Visa.US_CITIZEN),
        ("green card holder", Visa.GREEN_CARD),
        ("I'm a permanent resident", Visa.GREEN_CARD),
        ("not sure", Visa.NOT_SURE),
        ("idk, j1 or h1b", Visa.NOT_SURE),
        ("naturalized citizen", Visa.US_CITIZEN),
        ("naturalised US citizen", Visa.US_CITIZEN),
    ],
)
def test_visa_phrasings(text: str, visa: Visa) -> None:
    """Visa answers are understood the way people type them."""
    assert parse_visa(text, TODAY).values == {"visa": visa}


@pytest.mark.parametrize(
    "text",
    [
        "citizen of pakistan",
        "Pakistani citizen",
        "Egyptian national",
        "permanent resident of Canada",
    ],
)
def test_citizenship_or_residence_elsewhere_is_not_taken_for_american(text: str) -> None:
    """ "Citizen of Pakistan" is no US citizen and a Canadian PR no green card: the bot asks
    which visa instead of advising as if none were needed."""
    parsed = parse_visa(text, TODAY)
    assert not parsed.ok


@given(
    country=st.sampled_from(
        [
            "Pakistan",
            "Egypt",
            "India",
            "Nigeria",
            "Syria",
            "Canada",
            "the Philippines",
            "Bangladesh",
        ]
    ),
    shape=st.sampled_from(
        [
            "citizen of {c}",
            "I am a citizen of {c}",
            "{c} citizen",
            "permanent resident of {c}",
            "national of {c}",
        ]
    ),
)
def test_no_foreign_citizenship_reads_as_no_visa_needed(country: str, shape: str) -> None:
    """Whatever the country, saying where one is a citizen never stores "US citizen" or
    "green card"."""
    parsed = parse_visa(shape.format(c=country), TODAY)
    assert parsed.values.get("visa") not in {Visa.US_CITIZEN, Visa.GREEN_CARD}


def test_no_visa_needed_asks_which_of_the_two_it_is() -> None:
    """ "No visa needed" gets asked: US citizen or green card?"""
    parsed = parse_visa("no visa needed", TODAY)
    assert not parsed.ok and "US citizen or a green-card holder" in (parsed.error or "")


@pytest.mark.parametrize(
    "text", ["non US citizen", "need sponsorship", "I will need visa sponsorship"]
)
def test_non_citizen_without_visa_is_asked_which(text: str) -> None:
    """ "Non-US citizen" or "need sponsorship" alone gets a re-ask naming the visa options."""
    parsed = parse_visa(text, TODAY)
    assert not parsed.ok and "Which visa would you need" in (parsed.error or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("failed once, passed on 2nd attempt", {"status": ExamStatus.PASSED, "attempts": 2}),
        ("failed 2 times then passed", {"status": ExamStatus.PASSED, "attempts": 3}),
        ("passed first attempt", {"status": ExamStatus.PASSED, "attempts": 1}),
        ("passed on my third try", {"status": ExamStatus.PASSED, "attempts": 3}),
        ("I got 241 on CK", {"status": ExamStatus.PASSED, "score": 241}),
        ("232", {"status": ExamStatus.PASSED, "score": 232}),
        ("failed twice", {"status": ExamStatus.FAILED, "attempts": 2}),
        ("not yet", {"status": ExamStatus.NOT_TAKEN}),
        ("haven't taken it", {"status": ExamStatus.NOT_TAKEN}),
        ("failed, not passed yet", {"status": ExamStatus.FAILED}),
        ("i failed step 2 one time then pass", {"status": ExamStatus.PASSED, "attempts": 2}),
        ("failed it twice then passed", {"status": ExamStatus.PASSED, "attempts": 3}),
        ("2 attempts failed, third passed", {"status": ExamStatus.PASSED, "attempts": 3}),
        ("2 attempts failed", {"status": ExamStatus.FAILED, "attempts": 2}),
        ("taking it in march", {"status": ExamStatus.NOT_TAKEN}),
        ("exam date march 2027", {"status": ExamStatus.NOT_TAKEN}),
        ("failed, preparing for the retake", {"status": ExamStatus.FAILED}),
        ("not given yet", {"status": ExamStatus.NOT_TAKEN}),
        ("yet to appear", {"status": ExamStatus.NOT_TAKEN}),
        ("haven't given it", {"status": ExamStatus.NOT_TAKEN}),
        ("exam next month", {"status": ExamStatus.NOT_TAKEN}),
    ],
)
def test_exam_phrasings(text: str, expected: dict) -> None:
    """Step results with attempts and scores come out of one sentence."""
    values = exams.parse_exam(text, TODAY, "step2").values
    assert {k.removeprefix("step2_"): v for k, v in values.items()} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("failed ck once, then 221", {"status": ExamStatus.PASSED, "attempts": 2, "score": 221}),
        ("failed with 205 then 221", {"status": ExamStatus.PASSED, "attempts": 2, "score": 221}),
        ("205 fail then 221 pass", {"status": ExamStatus.PASSED, "attempts": 2, "score": 221}),
        (
            "fail 1st attempt, 2nd attempt 224",
            {"status": ExamStatus.PASSED, "attempts": 2, "score": 224},
        ),
        (
            "failed first time, scored 230 on second",
            {"status": ExamStatus.PASSED, "attempts": 2, "score": 230},
        ),
        (
            "failed 2x, third attempt 215",
            {"status": ExamStatus.PASSED, "attempts": 3, "score": 215},
        ),
        ("failed 1st, 232 second", {"status": ExamStatus.PASSED, "attempts": 2, "score": 232}),
        (
            "got 221 on second try after failing",
            {"status": ExamStatus.PASSED, "attempts": 2, "score": 221},
        ),
        ("failed with 205", {"status": ExamStatus.FAILED}),
        ("failed, retake planned, nbme 220", {"status": ExamStatus.FAILED}),
    ],
)
def test_a_retake_told_as_a_score_is_a_pass(text: str, expected: dict) -> None:
    """ "Failed once, then 221" is a pass on the second attempt with 221, not a fail; a
    failing score or a practice score after a fail is not."""
    values = exams.parse_exam(text, TODAY, "step2").values
    assert {k.removeprefix("step2_"): v for k, v in values.items()} == expected


@pytest.mark.parametrize(
    "text",
    [
        "waiting for result",
        "appeared, result awaited",
        "took it in october, results pending",
        "awaiting my score",
    ],
)
def test_a_result_still_pending_gets_told_how_to_answer_for_now(text: str) -> None:
    """Taken with no result yet is neither a pass nor "not taken": the re-ask says to tap
    "Not taken yet" for now and how to add the result when it comes."""
    parsed = exams.parse_exam(text, TODAY, "step2")
    assert not parsed.ok
    assert "Not taken yet" in (parsed.error or "") and "edit step2" in (parsed.error or "")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("failed and didn't pass yet", ExamStatus.FAILED),
        ("failed but will pass next time", ExamStatus.FAILED),
        ("failed, hoping to pass the retake", ExamStatus.FAILED),
        ("failed once then went on to pass", ExamStatus.PASSED),
        ("managed to pass on the 2nd attempt after a fail", ExamStatus.PASSED),
        ("failed twice and haven't passed", ExamStatus.FAILED),
        ("passed first attempt, never failed", ExamStatus.PASSED),
        ("never failed, 240", ExamStatus.PASSED),
    ],
)
def test_passes_and_fails_that_did_not_happen_are_not_counted(
    text: str, status: ExamStatus
) -> None:
    """ "Didn't pass yet", "will pass" and "never failed" say what did not happen."""
    assert exams.parse_exam(text, TODAY, "step2").values["step2_status"] == status


@pytest.mark.parametrize(
    "text",
    [
        "passed 1st attempt, pass/fail",
        "passed (P/F), first try",
        "passed first attempt, it was pass-fail",
    ],
)
def test_pass_fail_is_the_exams_format_not_a_fail(text: str) -> None:
    """ "Passed 1st attempt, pass/fail" is one attempt and no fail, and answers the score
    question too: there is no score."""
    assert exams.parse_exam(text, TODAY, "step1").values == {
        "step1_status": ExamStatus.PASSED,
        "step1_attempts": 1,
        "step1_score": None,
    }


def test_pass_fail_alone_asks_whether_it_was_passed() -> None:
    """ "Pass/fail" says how Step 1 is scored, not the result: the re-ask says so."""
    parsed = exams.parse_exam("pass/fail", TODAY, "step1")
    assert not parsed.ok and "did you pass it?" in (parsed.error or "")


@given(
    first=st.sampled_from(
        [
            "passed first attempt",
            "passed 1st attempt",
            "passed on my first try",
            "cleared it first attempt",
            "passed in one go",
        ]
    ),
    aside=st.sampled_from(
        [
            "",
            ", pass/fail",
            " (P/F)",
            ", never failed",
            ", no fails",
            ", it was pass-fail",
            " - p/f era",
        ]
    ),
)
def test_a_first_attempt_pass_is_never_recorded_as_a_retake(first: str, aside: str) -> None:
    """However the pass is told, mentioning pass/fail or no fails adds no attempt or fail."""
    values = exams.parse_exam(f"{first}{aside}", TODAY, "step1").values
    assert values["step1_status"] == ExamStatus.PASSED and values["step1_attempts"] == 1


def test_passed_and_never_failed_is_one_attempt() -> None:
    """A first-time pass that mentions never failing is not counted as a retake."""
    assert (
        exams.parse_exam("passed first attempt, never failed", TODAY, "step1").values[
            "step1_attempts"
        ]
        == 1
    )


@given(
    fails=st.sampled_from([("once", 1), ("twice", 2), ("2 times", 2), ("one time", 1)]),
    link=st.sampled_from(
        ["then", ", then", "and then I got", ", retook and got", "and now have", ", later"]
    ),
    score=st.integers(min_value=200, max_value=280),
)
@settings(max_examples=150, deadline=None)
def test_any_fail_then_score_story_is_a_pass_with_that_score(
    fails: tuple[str, int], link: str, score: int
) -> None:
    """ "Failed <n> times <then> <score>" is passed, with the score and n + 1 attempts."""
    words, count = fails
    values = exams.parse_exam(f"failed CK {words} {link} {score}", TODAY, "step2").values
    assert values == {
        "step2_status": ExamStatus.PASSED,
        "step2_score": score,
        "step2_attempts": count + 1,
    }


@pytest.mark.parametrize(
    ("text", "months", "hands_on", "fields"),
    [
        ("6 mo, 3 hands-on IM", 6, 3, [Specialty.IM]),
        ("none", 0, 0, []),
        (
            "3 months hands-on IM and 2 months psych observership",
            5,
            3,
            [Specialty.IM, Specialty.PSYCHIATRY],
        ),
        ("8 weeks IM externship", 2, 2, [Specialty.IM]),
        ("4", 4, None, None),
        ("no usce only observership 2 month", 2, 0, None),
        ("no USCE, only two months psych observership", 2, 0, [Specialty.PSYCHIATRY]),
        ("nope, none yet", 0, 0, []),
        (
            "2 months family medicine observership, 3 months IM externship",
            5,
            3,
            [Specialty.OTHER, Specialty.IM],
        ),
        ("3 observerships of 1 month each", 3, 0, None),
        ("2 electives (4 weeks each)", 2, 2, None),
        ("research assistant 1 year, 2 months observership", 2, 0, None),
        ("half a year", 6, None, None),
        # The whole first, then its parts, however they are joined on.
        (
            "6 months: 4 months hands-on IM, 2 months psych observership",
            6,
            4,
            [Specialty.IM, Specialty.PSYCHIATRY],
        ),
        ("6 months (4 hands-on IM, 2 psych obs)", 6, 4, [Specialty.IM, Specialty.PSYCHIATRY]),
        ("6 months - 4 hands-on IM, 2 psych obs", 6, 4, [Specialty.IM, Specialty.PSYCHIATRY]),
    ],
)
def test_usce_phrasings(
    text: str, months: float, hands_on: float | None, fields: list | None
) -> None:
    """US clinical experience: total, hands-on share and fields from one answer."""
    values = usce.parse_usce(text, TODAY).values
    assert values["usce_months"] == months
    assert values.get("usce_hands_on_months") == hands_on
    assert values.get("usce_fields") == fields


def test_letters_typed_at_the_usce_question_are_not_months() -> None:
    """ "3 US LoRs (2 IM, 1 psych)" at the USCE question is asked again, not 4 months."""
    parsed = usce.parse_usce("3 US LoRs (2 IM, 1 psych)", TODAY)
    assert not parsed.ok and "letters" in (parsed.error or "")


def test_research_alone_is_no_clinical_experience() -> None:
    """ "6 months research in US" is asked again: it would otherwise count as USCE."""
    parsed = usce.parse_usce("6 months research in US", TODAY)
    assert not parsed.ok and "Research isn't clinical experience" in (parsed.error or "")


@given(
    count=st.integers(1, 4),
    length=st.integers(1, 3),
    kind=st.sampled_from(["observerships", "electives", "externships", "rotations"]),
    shape=st.sampled_from(
        [
            "{n} {kind} of {m} months each",
            "{n} {kind} ({m} months each)",
            "{n} {kind}, {m} months each",
        ]
    ),
)
def test_several_rotations_of_a_length_each_add_up(
    count: int, length: int, kind: str, shape: str
) -> None:
    """ "3 observerships of 1 month each" is 3 months, not 1."""
    text = shape.format(n=count, kind=kind, m=length)
    assert usce.parse_usce(text, TODAY).values["usce_months"] == count * length


@pytest.mark.parametrize(
    ("text", "im", "psych", "cl"),
    [
        ("2 IM, 1 psych", 2, 1, 0),
        ("one from CL psychiatry", 0, 0, 1),
        ("none", 0, 0, 0),
        ("1 internal medicine and 2 psychiatry", 1, 2, 0),
        ("3 US LoRs (2 IM, 1 psych)", 2, 1, 0),
        ("2 im 1 psych", 2, 1, 0),
        ("1 from family medicine", 0, 0, 0),
        ("0", 0, 0, 0),
        ("0 US letters", 0, 0, 0),
        ("IM 2 psych 1", 2, 1, 0),
        ("3 (2 IM, 1 FM)", 2, 0, 0),
        ("3: 2 IM, 1 psych", 2, 1, 0),
    ],
)
def test_letters_phrasings(text: str, im: int, psych: int, cl: int) -> None:
    """Letters are counted per specialty, consult-liaison apart."""
    values = a.parse_letters(text, TODAY).values
    assert (values["letters_im"], values["letters_psych"], values["letters_medpsych"]) == (
        im,
        psych,
        cl,
    )


@given(
    im=st.integers(1, 4),
    psych=st.integers(1, 4),
    shape=st.sampled_from(
        [
            "{im} IM, {psych} psych",
            "{total} US LoRs ({im} IM, {psych} psych)",
            "{im} im {psych} psych",
            "IM {im}, psych {psych}",
            "IM {im} psych {psych}",
            "{total} ({im} IM, {psych} psych)",
            "{total}: {im} IM, {psych} psych",
            "{total} letters: {im} from IM and {psych} from psychiatry",
        ]
    ),
)
def test_letters_are_counted_per_specialty_however_listed(im: int, psych: int, shape: str) -> None:
    """A total before its breakdown is not counted again; counts without commas still split."""
    values = a.parse_letters(shape.format(im=im, psych=psych, total=im + psych), TODAY).values
    assert (values["letters_im"], values["letters_psych"]) == (im, psych)


@given(
    count=st.integers(1, 6),
    kind=st.sampled_from(["", "IM ", "psych ", "strong "]),
    where=st.sampled_from(
        [
            "from my home country",
            "from home",
            "non-US",
            "not from the US",
            "from outside the US",
            "local",
        ]
    ),
    shape=st.sampled_from(
        [
            "{n} {kind}letters {where}",
            "I have {n} {kind}LoRs but {where}",
            "{n} {where} {kind}letters",
        ]
    ),
)
def test_letters_written_outside_the_us_are_no_us_letters(
    count: int, kind: str, where: str, shape: str
) -> None:
    """Letters from outside the US are no US letters, and are counted apart as home-country
    letters: "3 letters from my home country" is no US letter and 3 home ones."""
    text = shape.format(n=count, kind=kind, where=where)
    assert a.parse_letters(text, TODAY).values == {
        **dict.fromkeys(("letters_im", "letters_psych", "letters_medpsych", "letters_other"), 0),
        "letters_home": count,
    }
    mixed = a.parse_letters(f"{text}, 2 US IM letters", TODAY).values
    assert mixed["letters_im"] == 2 and mixed["letters_psych"] == 0
    assert mixed["letters_home"] == count


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("no research", []),
        ("no research, but a poster", [Scholarship.PUBLICATION]),
        ("QI project", [Scholarship.QI]),
        ("research project", [Scholarship.RESEARCH]),
        ("i did a systematic review", [Scholarship.RESEARCH]),
        ("thesis on schizophrenia", [Scholarship.RESEARCH]),
        ("research and a poster", [Scholarship.RESEARCH, Scholarship.PUBLICATION]),
        ("0", []),
    ],
)
def test_scholarship_phrasings(text: str, kinds: list) -> None:
    """ "No research" is none; a QI project is QI, not research too."""
    assert a.parse_scholarship(text, TODAY).values == {"scholarship": kinds}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("not planned", Step3Status.NOT_PLANNED),
        ("planning it for June", Step3Status.PLANNED),
        ("passed 230", Step3Status.PASSED),
        ("failed", Step3Status.FAILED),
        ("taking it next month", Step3Status.PLANNED),
        ("not now", Step3Status.NOT_PLANNED),
    ],
)
def test_step3_phrasings(text: str, status: Step3Status) -> None:
    """Step 3 plans and results are recognised."""
    assert exams.parse_step3(text, TODAY).values["step3_status"] == status


@pytest.mark.parametrize("text", ["not yet", "not taken", "haven't taken it", "not eligible yet"])
def test_step3_not_taken_yet_asks_whether_it_is_planned(text: str) -> None:
    """ "Not yet" is true but not enough: the re-ask asks about the plan, in those words."""
    parsed = exams.parse_step3(text, TODAY)
    assert not parsed.ok and "Planned or Not planned" in (parsed.error or "")


@pytest.mark.parametrize(
    "text", ["no", "none yet", "not sure", "Nothing.", "no research", "no particular one"]
)
def test_no_particular_interest_is_an_answer(text: str) -> None:
    """The optional interests question takes "no" for nothing in particular; "no research"
    is no interest in research."""
    assert a.parse_interests(text, TODAY).values == {"interests": []}


def test_an_interest_after_one_said_no_to_is_kept() -> None:
    """ "No research, addiction mostly": addiction, and not research."""
    assert a.parse_interests("no research, addiction mostly", TODAY).values == {
        "interests": [Interest.ADDICTION]
    }


@pytest.mark.parametrize(
    ("text", "attempts"),
    [
        ("i failed step 1 how to explain", None),
        ("2 attempts on step 2", 2),
        ("ck: 1", 1),
        ("step 1", None),
    ],
)
def test_the_exams_own_number_is_no_attempt_count(text: str, attempts: int | None) -> None:
    """The 1 of "step 1" at the attempts question is not one attempt."""
    parsed = exams.parse_attempts(text, TODAY, "step2")
    assert (parsed.values.get("step2_attempts") if parsed.ok else None) == attempts


def _ask(state: str, text: str) -> Parsed:
    return next(q for q in QUESTIONS if q.state == state).parse(text, TODAY)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my name is Omar", "Omar"),
        ("I'm Omar", "Omar"),
        ("call me Dr. Omar", "Dr. Omar"),
        ("Hi, my name is Amira", "Amira"),
        ("Name: Li Wei", "Li Wei"),
        ("Imran", "Imran"),
        ("Isabel", "Isabel"),
        ("Amina from Egypt", "Amina"),
        ("Amina here", "Amina"),
        ("I'm Amina, an IMG from Egypt", "Amina"),
        ("just call me Sam", "Sam"),
        ("call me Pass", "Pass"),
    ],
)
def test_names_come_without_the_words_around_them(text: str, name: str) -> None:
    """The bot calls Omar "Omar", not "my name is Omar"."""
    assert _ask("ask_name", text).values == {"name": name}


@settings(max_examples=100, deadline=None)
@given(
    name=st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=20),
    lead=st.sampled_from(["my name is ", "I'm ", "call me ", "Hello, my name is ", ""]),
)
def test_any_name_after_an_introduction_is_the_name(name: str, lead: str) -> None:
    """Whatever the name, an introduction before it is not part of it."""
    parsed = _ask("ask_name", lead + name)
    # On their own, greetings ("hi") are asked again and declines ("no") answer without one.
    assume(lead or (parsed.ok and parsed.values["name"] is not None))
    assert parsed.values == {"name": name}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my name is Salam", "Salam"),
        ("Salam", "Salam"),
        ("salaam", "salaam"),
        ("I'm Salam", "Salam"),
        ("call me Salam", "Salam"),
        ("Hello, my name is Hi", "Hi"),
        ("Dr. Omar", "Dr. Omar"),
        ("O'Neil", "O'Neil"),
        ("Anne-Marie", "Anne-Marie"),
        ("محمد", "محمد"),
        ("प्रिया", "प्रिया"),
        ("my name is 李伟", "李伟"),
        ("I'm Zoë O’Brien", "Zoë O’Brien"),
    ],
)
def test_a_greeting_word_introduced_as_a_name_is_the_name(text: str, name: str) -> None:
    """ "Salam" is a name, alone or introduced ("hi" alone greets). Names in any script, with
    hyphens, apostrophes and dots, are kept as typed."""
    assert _ask("ask_name", text).values == {"name": name}


@pytest.mark.parametrize("text", ["hi", "Hello", "salam alaikum", "hey!"])
def test_a_greeting_alone_is_greeted_back(text: str) -> None:
    """A bare greeting word at the name question is a greeting: hello, and the name again."""
    parsed = _ask("ask_name", text)
    assert not parsed.ok and (parsed.error or "").startswith("Hello!")


@pytest.mark.parametrize(
    "text",
    [
        "<b>hi</b>",
        "my name is <b>Omar</b>",
        "Omar :)",
        "**Sam**",
        "call me [Sam](http://x.y)",
        "@everyone",
    ],
)
def test_markup_is_not_a_name(text: str) -> None:
    """A name holds letters, spaces, hyphens, apostrophes and dots: markup is asked again
    instead of being stored and shown back."""
    parsed = _ask("ask_name", text)
    assert not parsed.ok and "name" in (parsed.error or "")


# Words of a name in any script: a letter, then letters or combining marks ("प्रिया").
_NAME_WORD = st.builds(
    lambda first, rest: first + rest,
    st.characters(whitelist_categories=("L",)),
    st.text(st.characters(whitelist_categories=("L", "M")), max_size=10),
)
_ANY_NAME = st.tuples(
    st.lists(_NAME_WORD, min_size=1, max_size=3), st.sampled_from([" ", "-"])
).map(lambda t: t[1].join(t[0]))


@settings(max_examples=200, deadline=None)
@given(
    name=_ANY_NAME,
    lead=st.sampled_from(
        ["my name is ", "I'm ", "I am ", "call me ", "Hello, my name is ", "Name: ", "this is "]
    ),
)
def test_any_name_in_any_script_after_a_lead_in_is_the_name(name: str, lead: str) -> None:
    """Introduced, a name is the name, whatever its script or words ("my name is Hi")."""
    # "Amina from Egypt" and "Amina here": those words end a name.
    assume(not re.search(r"(^|\s)(from|here)(\W|$)", name, re.IGNORECASE))
    assert _ask("ask_name", lead + name).values == {"name": name}


@settings(max_examples=200, deadline=None)
@given(
    name=_ANY_NAME,
    mark=st.sampled_from(
        [
            "<b>",
            "</i>",
            "<",
            ">",
            "*",
            "_",
            "`",
            "~",
            "[",
            "]",
            "(",
            ")",
            "#",
            "@",
            "&",
            "/",
            "\\",
            "|",
            ";",
            "=",
            "+",
            "?",
            '"',
            "😀",
            "1",
        ]
    ),
    at=st.integers(0, 40),
    lead=st.sampled_from(["", "my name is ", "call me "]),
)
def test_markup_anywhere_in_a_name_is_refused(name: str, mark: str, at: int, lead: str) -> None:
    """No name with markup, emoji, digits or symbols is stored: it is asked again."""
    assume(not re.search(r"(^|\s)(from|here)(\W|$)", name, re.IGNORECASE))
    at = min(at, len(name))
    parsed = _ask("ask_name", lead + name[:at] + mark + name[at:])
    assert not parsed.ok and parsed.values == {}


@pytest.mark.parametrize(
    "text", ["no", "No thanks", "prefer not to say", "rather not", "nah", "skip it"]
)
def test_declining_the_name_question_names_no_one(text: str) -> None:
    """The name is optional: "no thanks" answers it with no name, instead of the bot calling
    the applicant "No thanks"."""
    assert _ask("ask_name", text).values == {"name": None}


@pytest.mark.parametrize("text", ["ok", "Yes", "sure"])
def test_agreeing_at_the_name_question_asks_for_the_name(text: str) -> None:
    """ "Ok" names no one: the question is asked again."""
    parsed = _ask("ask_name", text)
    assert not parsed.ok and "what name should I use" in (parsed.error or "")


@given(before=st.text(max_size=15), digit=st.sampled_from("0123456789"), after=st.text(max_size=15))
def test_nothing_with_a_digit_is_stored_as_a_name(before: str, digit: str, after: str) -> None:
    """ "J1, 2019" typed at the name question answers later questions; nobody is named that."""
    assert not _ask("ask_name", f"{before}{digit}{after}").ok


def test_answers_to_later_questions_at_the_name_question_are_asked_again() -> None:
    """The re-ask says what is wrong and how to go on."""
    parsed = _ask("ask_name", "J1, 2019")
    assert "doesn't look like a name" in (parsed.error or "")


@given(
    years=st.integers(1, 40),
    unit=st.sampled_from(["years", "yrs", "year"]),
    lead=st.sampled_from(["", "graduated ", "I finished "]),
)
def test_graduation_n_years_ago_is_that_year(years: int, unit: str, lead: str) -> None:
    """ "Graduated 10 years ago" is a year, counted back from today."""
    assert _ask("ask_graduation_year", f"{lead}{years} {unit} ago").values == {
        "graduation_year": TODAY.year - years
    }


def test_graduation_last_year() -> None:
    """ "Last year" is the year before this one."""
    assert _ask("ask_graduation_year", "last year").values == {"graduation_year": TODAY.year - 1}


def test_graduation_next_year() -> None:
    """A final-year student's "I will graduate next year" is the year after this one."""
    assert _ask("ask_graduation_year", "I will graduate next year").values == {
        "graduation_year": TODAY.year + 1
    }


@given(
    year=st.integers(2000, 2099),
    shape=st.sampled_from(["{yy}", "match {yy}", "{yy} match", "the match of {yy}"]),
)
def test_a_two_digit_match_year_is_that_year_when_it_can_be_aimed_for(
    year: int, shape: str
) -> None:
    """ "27" or "match 28" at the Match question is 2027 or 2028; a year that has passed or
    is too far away is asked again."""
    parsed = _ask("ask_match_year", shape.format(yy=f"{year % 100:02d}"))
    if TODAY.year + 1 <= year <= TODAY.year + 7:
        assert parsed.values == {"match_year": year}
    else:
        assert not parsed.ok


def test_match_next_year_and_this_year() -> None:
    """ "next year" is a Match year; "this year" after March is re-asked with the next one."""
    assert _ask("ask_match_year", "next year").values == {"match_year": TODAY.year + 1}
    this_year = _ask("ask_match_year", "this year")
    assert not this_year.ok and str(TODAY.year + 1) in (this_year.error or "")


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Cairo", "Africa/Cairo"),
        ("africa/cairo", "Africa/Cairo"),
        ("new york", "America/New_York"),
        ("EST", "America/New_York"),
        ("UTC+3", "Etc/GMT-3"),
        ("Pakistan", "Asia/Karachi"),
        ("Ethiopia", "Africa/Addis_Ababa"),
        ("Egypt", "Africa/Cairo"),
        ("South Korea", "Asia/Seoul"),
        ("UTC+5:30", "Asia/Kolkata"),
        ("GMT +5.45", "Asia/Kathmandu"),
        ("I live in Pakistan", "Asia/Karachi"),
        ("Egypt time", "Africa/Cairo"),
        ("Lahore", "Asia/Karachi"),
        ("I live in Chicago", "America/Chicago"),
        ("Lahore, Pakistan", "Asia/Karachi"),
        ("i am in mumbai", "Asia/Kolkata"),
        ("my time zone is Karachi", "Asia/Karachi"),
        ("I'm in New Jersey", "America/New_York"),
    ],
)
def test_timezone_phrasings(text: str, zone: str) -> None:
    """Cities, zone names, abbreviations and offsets map to IANA zones."""
    assert parse_timezone(text, TODAY).values == {"timezone": zone}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("United States", "type your city"),
        ("USA", "type your city"),
        ("UTC-3:30", "type your city"),
        ("Korea", "don't know that time zone"),
    ],
)
def test_zones_that_need_a_city_ask_for_one(text: str, says: str) -> None:
    """A country with several zones, or an offset no zone keeps all year, asks for a city."""
    parsed = parse_timezone(text, TODAY)
    assert not parsed.ok and says in (parsed.error or "")


@given(
    sign=st.sampled_from("+-"),
    hours=st.integers(0, 14),
    minutes=st.sampled_from(["", ":00", ":30", ":45", ".30"]),
    prefix=st.sampled_from(["UTC", "GMT", "utc ", "gmt"]),
)
def test_an_offset_is_kept_exactly_or_asked_again(
    sign: str, hours: int, minutes: str, prefix: str
) -> None:
    """ "UTC+5:30" is never quietly UTC: the zone stored has that offset on any day of the
    year, or the applicant is asked for a city."""
    parsed = parse_timezone(f"{prefix}{sign}{hours}{minutes}", TODAY)
    if not parsed.ok:
        return
    zone = ZoneInfo(parsed.values["timezone"])
    want = (1 if sign == "+" else -1) * (hours * 60 + int(minutes[1:] or 0))
    for day in (date(2026, 1, 15), date(2026, 7, 15)):
        offset = datetime.combine(day, time(12), zone).utcoffset()
        assert offset is not None and offset.total_seconds() / 60 == want


def test_scores_out_of_range_are_rejected_with_the_range() -> None:
    """A number that can't be a USMLE score is refused with what is accepted."""
    parsed = exams.parse_score("I got 2410", TODAY, "step2_score")
    assert not parsed.ok and "300" in parsed.error


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_no_parser_raises_and_every_rejection_explains(text: str) -> None:
    """Whatever is typed, every question's parser returns values or a message."""
    for question in QUESTIONS:
        parsed = question.parse(text, TODAY)
        assert isinstance(parsed, Parsed)
        if not parsed.ok:
            assert parsed.error and len(parsed.error) > 10


@settings(max_examples=100, deadline=None)
@given(
    score=st.integers(min_value=100, max_value=300),
    noise=st.sampled_from(["", "I got ", "CK: ", "score was ", "my score "]),
)
def test_any_score_written_in_a_sentence_is_read(score: int, noise: str) -> None:
    """A three-digit score is found inside the sentence around it."""
    assert exams.parse_score(f"{noise}{score}", TODAY, "step2_score").values == {
        "step2_score": score
    }


@settings(max_examples=100, deadline=None)
@given(year=st.integers(min_value=1960, max_value=2032))
def test_graduation_years_in_range_are_accepted(year: int) -> None:
    """Graduation years are accepted inside the range and refused outside it."""
    question = next(q for q in QUESTIONS if q.state == "ask_graduation_year")
    parsed = question.parse(f"graduated in {year}", TODAY)
    assert parsed.values == {"graduation_year": year}


@settings(max_examples=100, deadline=None)
@given(
    year=st.integers(min_value=1960, max_value=2032),
    shape=st.sampled_from(["{yy}", "class of '{yy}", "yog {yy}", "graduated in {yy}"]),
)
def test_a_two_digit_graduation_year_is_the_year_it_can_be(year: int, shape: str) -> None:
    """ "19" at the graduation question is 2019, "98" is 1998: the only year in range."""
    parsed = _ask("ask_graduation_year", shape.format(yy=f"{year % 100:02d}"))
    assert parsed.values == {"graduation_year": year}


_ZONES = sorted(
    z
    for z in available_timezones()
    if z.split("/")[0]
    in {"Africa", "America", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
    and z.count("/") == 1
)


@settings(max_examples=200, deadline=None)
@given(
    zone=st.sampled_from(_ZONES),
    shape=st.sampled_from(["{city}", "I live in {city}", "{city}, home", "from {city}"]),
)
def test_a_city_named_in_a_sentence_is_its_zone(zone: str, shape: str) -> None:
    """A zone's city, alone or in "I live in …", gives a zone of that name (a country of
    one zone may answer first, with the same clock)."""
    city = zone.split("/")[1].replace("_", " ")
    parsed = parse_timezone(shape.format(city=city), TODAY)
    assert parsed.ok, (city, parsed.error)
    now = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("UTC"))
    assert (
        now.astimezone(ZoneInfo(parsed.values["timezone"])).utcoffset()
        == now.astimezone(ZoneInfo(zone)).utcoffset()
    ), city

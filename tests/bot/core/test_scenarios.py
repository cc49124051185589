"""Whole conversations through the core for the applicant profiles the articles describe.

Each scenario is the interview as a person would type it, then the plan they receive: it
must carry the advice the seed articles give for that profile and not contradict it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from flows.questions import QUESTIONS_BY_STATE
from tests.conftest import Chat
from tests.interview_script import SCRIPT, question_count

# name, answers by question (the rest from the shared script, optional ones skipped),
# phrases the plan must contain, phrases it must not contain.
SCENARIOS = [
    (
        "step1_fail_upward_trend",
        {
            "ask_name": "Omar",
            "ask_visa": "J1",
            "ask_graduation_year": "2021",
            "ask_match_year": "2028",
            "ask_step1_status": "failed once, passed on 2nd attempt",
            "ask_step1_score": "pass/fail",
            "ask_step2_status": "I got 258 on CK",
            "ask_step2_attempts": "1",
            "ask_step3_status": "not planned",
            "ask_usce_months": "4 mo, 4 hands-on IM and psych",
            "ask_letters": "2 IM, 1 psych",
            "ask_scholarship": "research",
            "ask_interests": "1, 2",
            "ask_timezone": "Cairo",
        },
        ["explanation of your fail", "Step 3"],
        ["H-1B needs it passed"],
    ),
    (
        "needs_h1b",
        {
            "ask_visa": "need h1b",
            "ask_graduation_year": "2020",
            "ask_match_year": "2028",
            "ask_step1_status": "passed first attempt",
            "ask_step1_score": "pass/fail",
            "ask_step2_status": "245",
            "ask_step2_attempts": "1",
            "ask_step3_status": "planned",
            "ask_step3_planned": "June 2027",
            "ask_usce_months": "3 months hands-on IM, 2 months psych",
            "ask_usce_hands_on": "3",
            "ask_letters": "2 IM, 1 psych",
            "ask_scholarship": "none",
        },
        ["H-1B needs it passed", "sponsors your visa"],
        [],
    ),
    (
        "us_citizen_img",
        {
            "ask_visa": "US citizen",
            "ask_graduation_year": "2022",
            "ask_match_year": "2028",
            "ask_step1_status": "passed",
            "ask_step1_attempts": "1",
            "ask_step1_score": "pass/fail",
            "ask_step2_status": "250",
            "ask_step2_attempts": "1",
            "ask_step3_status": "not planned",
            "ask_usce_months": "3 mo hands-on IM and psych",
            "ask_letters": "2 IM, 1 psych",
            "ask_scholarship": "QI",
        },
        [],
        ["sponsors your visa", "H-1B needs it passed"],
    ),
    (
        "no_usce",
        {
            "ask_visa": "J1",
            "ask_graduation_year": "2021",
            "ask_match_year": "2028",
            "ask_step1_status": "passed",
            "ask_step1_attempts": "1",
            "ask_step1_score": "pass/fail",
            "ask_step2_status": "240",
            "ask_step2_attempts": "1",
            "ask_step3_status": "not planned",
            "ask_usce_months": "none",
            "ask_letters": "none",
            "ask_scholarship": "none",
        },
        ["US clinical experience", "US letters"],
        [],
    ),
    (
        "graduated_long_ago",
        {
            "ask_visa": "J1",
            "ask_graduation_year": "2012",
            "ask_match_year": "2028",
            "ask_step1_status": "passed",
            "ask_step1_attempts": "1",
            "ask_step1_score": "222",
            "ask_step2_status": "238",
            "ask_step2_attempts": "1",
            "ask_step3_status": "not planned",
            "ask_usce_months": "6 mo, 6 hands-on IM",
            "ask_letters": "2 IM",
            "ask_scholarship": "none",
        },
        ["year-of-graduation"],
        [],
    ),
    (
        "failed_step3",
        {
            "ask_visa": "need h1b",
            "ask_graduation_year": "2019",
            "ask_match_year": "2028",
            "ask_step1_status": "passed",
            "ask_step1_attempts": "1",
            "ask_step1_score": "pass/fail",
            "ask_step2_status": "236",
            "ask_step2_attempts": "1",
            "ask_step3_status": "failed",
            "ask_usce_months": "3 months hands-on IM",
            "ask_letters": "1 IM",
            "ask_scholarship": "none",
        },
        ["Step 3"],
        [],
    ),
    (
        "strong_scores_no_psychiatry",
        {
            "ask_visa": "green card",
            "ask_graduation_year": "2023",
            "ask_match_year": "2028",
            "ask_step1_status": "passed",
            "ask_step1_attempts": "1",
            "ask_step1_score": "pass/fail",
            "ask_step2_status": "262",
            "ask_step2_attempts": "1",
            "ask_step3_status": "not planned",
            "ask_usce_months": "4 months hands-on IM",
            "ask_letters": "3 IM",
            "ask_scholarship": "publication",
        },
        ["psychiatry"],
        ["explanation of your fail"],
    ),
    (
        "several_fails",
        {
            "ask_visa": "J1",
            "ask_graduation_year": "2018",
            "ask_match_year": "2028",
            "ask_step1_status": "failed twice then passed",
            "ask_step1_score": "pass/fail",
            "ask_step2_status": "failed once, passed on 2nd attempt",
            "ask_step2_score": "221",
            "ask_step3_status": "not planned",
            "ask_usce_months": "2 months observership IM",
            "ask_letters": "1 IM",
            "ask_scholarship": "none",
        },
        ["explanation of your fail", "categorical"],
        [],
    ),
]
# Subscribed to the season of Match 2028, with CK passed (250) and some experience.
SEASON_2028 = {
    "ask_graduation_year": "2021",
    "ask_step1_score": "pass/fail",
    "ask_step2_status": "250",
    "ask_usce_months": "3 months hands-on IM and psych",
    "ask_letters": "2 IM, 1 psych",
}


async def interview(chat: Chat, answers: Mapping[str, str]) -> str:
    """Answer every question (these answers, else the shared script's); return the replies
    to the last answer (the plan)."""
    return await chat.answer(SCRIPT.with_(**answers))


@pytest.mark.parametrize(
    ("name", "answers", "must", "must_not"), SCENARIOS, ids=[s[0] for s in SCENARIOS]
)
async def test_scenario_plan(
    chat: Chat, name: str, answers: Mapping[str, str], must: list[str], must_not: list[str]
) -> None:
    """The interview completes and the plan gives this profile the articles' advice."""
    chat.user = name
    plan = await interview(chat, answers)
    assert "That's everything" in plan, plan[-400:]
    assert "Strategies for Low Step Scores in Med-Psych (residencyadvisor.com)" in plan or (
        "Step Score Strategy for Non-US Citizen IMGs" in plan
    )
    whole = await chat.say("plan all")  # every step, as the "Show all" button gives
    for phrase in must:
        assert phrase.casefold() in whole.casefold(), (phrase, whole)
    for phrase in must_not:
        assert phrase.casefold() not in plan.casefold() + whole.casefold(), (phrase, whole)


async def test_plan_changes_when_step3_is_passed(chat: Chat) -> None:
    """Passing Step 3 removes the Step 3 advice from the plan."""
    plan = await interview(chat, SCENARIOS[1][1])
    assert "H-1B needs it passed" in plan
    await chat.say("edit step3")
    await chat.say("passed 231")
    updated = await chat.answer()  # any follow-up the new answer needs, then the plan
    assert "Updated" in updated and "H-1B needs it passed" not in updated


async def test_public_chat_never_gets_personal_answers(advisor) -> None:  # type: ignore[no-untyped-def]
    """In a group, personal commands point to a private chat and questions stay generic."""
    from bot.core.messages import ChatKind

    private = Chat(advisor, user="amira")
    await interview(private, SCENARIOS[1][1])
    group = Chat(advisor, user="amira", kind=ChatKind.PUBLIC)
    reply = await group.say("/plan")
    assert "private chat" in reply and group.last[0].choices[0].payload == "dm:start"
    answer = await group.say("/ask when should I take step 3")
    assert "For you" not in answer and not any(r.private for r in group.last)


async def test_an_introduction_in_a_group_is_neither_stored_nor_repeated(advisor) -> None:  # type: ignore[no-untyped-def]
    """ "I'm Sara, YOG 2016, need H1B, CK 231. What are my chances?" in a group gets the
    general answer: nothing is read back to the group, and nothing is stored."""
    from bot.core.messages import ChatKind

    group = Chat(advisor, user="sara", kind=ChatKind.PUBLIC)
    reply = await group.say("I'm Sara, YOG 2016, need H1B, CK 231. What are my chances?")
    assert "Got it" not in reply and "231" not in reply and "For you" not in reply
    private = Chat(advisor, user="sara")
    assert "visa:" not in await private.say("profile")


async def test_an_old_skip_button_skips_nothing(chat: Chat) -> None:
    """A Skip button pressed after its question was answered changes nothing."""
    await chat.say("hi")
    old_skip = [c for r in chat.last for c in r.choices if c.label == "Skip"]
    await chat.say("Amira")
    following = SCRIPT.asked(chat.shown())  # the question after the name
    reply = await chat.send_payload(old_skip[0].payload)
    assert "earlier message" in reply and chat.last[0].stale
    assert following is not None and following[0] != "ask_name"
    assert QUESTIONS_BY_STATE[following[0]].prompt in await chat.say("start")


async def test_a_first_question_in_a_group_gets_no_welcome(advisor) -> None:  # type: ignore[no-untyped-def]
    """Someone new asking in a group gets the answer only, not the private-chat welcome."""
    from bot.core.messages import ChatKind

    group = Chat(advisor, user="newcomer", kind=ChatKind.PUBLIC)
    reply = await group.say("/ask how many programs should I apply to")
    assert "I store your answers" not in reply and "How many programs" in reply


async def test_a_question_typed_mid_interview_is_answered_not_stored(chat: Chat) -> None:
    """At "Step 3: which fits you?", "how do I explain my fail?" gets the answer on
    explaining a fail and the same question again; no failed Step 3 is stored."""
    await chat.answer(SCRIPT.with_(ask_name="Amira"), until="ask_step3_status")
    assert "Step 3: which fits you?" in chat.last[-1].text
    reply = await chat.say("how do I explain my fail?")
    assert "Explaining a fail" in reply
    assert "Step 3: which fits you?" in chat.last[-1].text
    assert "step3" not in await chat.say("profile")
    assert "J1?" not in (await chat.say("Not planned"))
    assert "step3: Not planned" in await chat.say("profile")


async def test_a_short_reply_with_a_question_mark_is_still_an_answer(chat: Chat) -> None:
    """ "J-1?" at the visa question is the applicant's (unsure) answer."""
    await chat.answer(until="ask_visa")
    await chat.say("J-1?")
    assert "visa: Need a J-1" in await chat.say("profile")


async def test_the_welcome_promises_as_many_questions_as_the_first_one_counts(chat: Chat) -> None:
    """ "I'll ask N short questions" and "Question 1 of N" agree, whatever the flow holds."""
    import re

    reply = await chat.say("hi")
    promised = re.search(r"I'll ask (\d+) short questions", reply)
    counted = re.search(r"Question 1 of (\d+)", reply)
    assert promised and counted and promised.group(1) == counted.group(1)
    assert int(counted.group(1)) == question_count()


async def test_a_first_message_that_is_a_question_is_answered_after_the_welcome(chat: Chat) -> None:
    """Someone who opens with a question gets the welcome, its answer, then question 1."""
    reply = await chat.say("Should I take Step 3 before I apply?")
    assert (
        reply.index("Hello! I'm IMG Advisor")
        < reply.index("Step 3: whether and when")
        < reply.index("Question 1 of")
    )


async def test_a_typed_answer_that_skips_questions_says_what_was_read(chat: Chat) -> None:
    """ "I got 241 on CK" fills the CK result and score: the next question comes with what
    was read, in one message, so a misreading is caught at once."""
    await chat.answer(until="ask_step2_status")
    await chat.say("I got 241 on CK")
    [message] = chat.last
    assert message.text.startswith("✓ Got it — step2: Passed · step2 score: 241")
    assert "Step 2 CK attempts" in message.text


async def test_a_question_no_topic_matches_is_still_not_taken_as_an_answer(chat: Chat) -> None:
    """ "what if I fail it?" at the Step 3 question stores no fail: it is answered as a
    question (the fail topic, or the closest topics) and the question comes back. "do not
    plan to" (no "?") is an answer."""
    await chat.answer(until="ask_step3_status")
    reply = await chat.say("what if I fail it?")
    assert "Explaining a fail" in reply or "not sure what you are asking" in reply
    assert "Step 3: which fits you?" in chat.last[-1].text
    assert "step3" not in await chat.say("profile")
    await chat.say("do not plan to")
    assert "step3: Not planned" in await chat.say("profile")


async def test_a_question_at_the_name_question_is_not_taken_for_a_name(chat: Chat) -> None:
    """Nobody gets called "what is this?"."""
    await chat.answer(until="ask_name")
    await chat.say("what is this?")
    assert "What should I call you?" in chat.last[-1].text
    assert "name:" not in await chat.say("profile")


async def test_what_is_this_as_a_first_message_gets_the_welcome_not_an_apology(chat: Chat) -> None:
    """The welcome says what the advisor is; no "Sorry, I can't help with that" after it."""
    reply = await chat.say("what is this?")
    assert "Hello! I'm IMG Advisor" in reply and "can't help" not in reply
    assert "Question 1 of" in reply


async def test_what_is_this_mid_interview_gets_help_and_the_question_again(chat: Chat) -> None:
    """At the visa question, "who are you?" gets what the advisor does; nothing is stored."""
    await chat.answer(until="ask_visa")
    reply = await chat.say("who are you?")
    assert "What I can do" in reply and "can't help" not in reply
    assert "citizenship and visa" in chat.last[-1].text
    await chat.say("profile")
    stored, again = chat.last
    assert "visa:" not in stored.text and "citizenship and visa" in again.text


async def test_thanks_after_the_plan_gets_a_welcome_not_an_apology(chat: Chat) -> None:
    """ "Thanks!" once the plan is out is answered kindly, not with "I can't help with that"."""
    await interview(chat, SCENARIOS[0][1])
    reply = await chat.say("Thank you so much!")
    assert "You're welcome" in reply and "can't help" not in reply


async def test_thanks_at_the_name_question_is_not_taken_for_a_name(chat: Chat) -> None:
    """Nobody gets called "Thanks"; the question comes again."""
    await chat.answer(until="ask_name")
    reply = await chat.say("ok thanks")
    assert "You're welcome" in reply
    assert "What should I call you?" in chat.last[-1].text
    assert "name:" not in await chat.say("profile")


async def test_a_first_message_introduction_is_stored_and_its_question_answered(chat: Chat) -> None:
    """ "…graduated 2018, step 1 passed, CK 235, need J1, 3 months USCE. What are my
    chances?" gets the welcome, an answer about chances for this profile, what was read, and
    the first question still open."""
    reply = await chat.say(
        "Hi, I'm Ahmed, IMG from Pakistan, graduated 2018, step 1 passed, "
        "CK 235, need J1, 3 months USCE. What are my chances?"
    )
    assert "Hello! I'm IMG Advisor" in reply and "Chances with low scores" in reply
    assert "Needing a visa narrows your list" in reply  # personal: the J-1 was read first
    assert "✓ Got it — name: Ahmed · visa: Need a J-1 · graduation: 2018" in reply
    assert "Which Match are you aiming for?" in chat.last[-1].text
    profile = await chat.say("profile")
    assert "step2 score: 235" in profile and "usce: 3 months" in profile


async def test_a_single_fact_in_a_first_message_is_kept(chat: Chat) -> None:
    """ "Hi, I failed step 1 twice" as the very first message: the welcome, what was read,
    then the first question - the fact is not lost to the greeting."""
    reply = await chat.say("Hi, I failed step 1 twice")
    assert "Hello! I'm IMG Advisor" in reply
    assert "✓ Got it — step1: Failed, not passed yet · step1 attempts: 2" in reply
    assert "What should I call you?" in chat.last[-1].text


async def test_a_fact_told_with_a_question_is_kept_and_makes_the_answer_personal(
    chat: Chat,
) -> None:
    """ "I failed step 1 twice, can I still match?" - first or mid-interview: the answer is
    for someone with two fails, and the fact is stored, not asked for again."""
    reply = await chat.say("I failed step 1 twice, can I still match?")
    assert "With several attempts" in reply  # the personal line of the chances answer
    assert "✓ Got it — step1: Failed, not passed yet · step1 attempts: 2" in reply
    other = Chat(chat.advisor, user="later")
    await other.answer(until="ask_visa")
    reply = await other.say("I failed step 1 twice, can I still match?")
    assert "With several attempts" in reply and "✓ Got it — step1: Failed" in reply
    assert "citizenship and visa" in other.last[-1].text


async def test_an_introduction_typed_at_the_name_question_is_no_name(chat: Chat) -> None:
    """At "What should I call you?", "I'm Sara, YOG 2016, need H1B" stores the name Sara and
    the two answers, not a name of the whole sentence."""
    await chat.answer(until="ask_name")
    reply = await chat.say("I'm Sara, YOG 2016, need H1B")
    assert "✓ Got it — name: Sara · visa: Need an H-1B · graduation: 2016" in reply
    assert "Which Match are you aiming for?" in chat.last[-1].text


async def test_several_facts_typed_at_a_later_question_are_all_kept(chat: Chat) -> None:
    """At the visa question, "J1 visa, graduated 2018, CK 240" answers three questions, not
    just the visa; the interview goes on at the Match year."""
    await chat.answer(SCRIPT.with_(ask_name="Omar"), until="ask_visa")
    reply = await chat.say("J1 visa, graduated 2018, CK 240")
    assert (
        "✓ Got it — visa: Need a J-1 · graduation: 2018 · step2: Passed · step2 score: 240" in reply
    )
    assert "Which Match are you aiming for?" in chat.last[-1].text


async def test_another_steps_result_typed_at_a_step_question_is_kept_for_that_step(
    chat: Chat,
) -> None:
    """At the CK question, "I failed step 1 once" is Step 1's result: CK is asked again and
    not stored as failed."""
    await chat.answer(
        SCRIPT.with_(
            ask_name="Omar", ask_step1_status="passed, 1st attempt", ask_step1_score="pass/fail"
        ),
        until="ask_step2_status",
    )
    assert "Step 2 CK" in chat.last[-1].text
    reply = await chat.say("Actually I failed step 1 once")
    assert "✓ Got it — step1: Failed, not passed yet · step1 attempts: 1" in reply
    assert "Step 2 CK" in chat.last[-1].text  # the question still open
    reply = await chat.say("passed 244, step 3 not planned")
    profile = await chat.say("profile")
    assert "step1: Failed" in profile and "step2: Passed" in profile
    assert "step2 score: 244" in profile and "step3: Not planned" in profile


async def test_a_score_told_where_attempts_are_asked_is_kept_as_the_score(chat: Chat) -> None:
    """At "How many Step 2 CK attempts?", "my step 2 score is actually 240" is the score,
    not "240 attempts doesn't look right"; the attempts question comes again."""
    await chat.answer(SCRIPT.with_(ask_step2_status="236"), until="ask_step2_attempts")
    assert "Step 2 CK attempts" in chat.last[-1].text
    reply = await chat.say("my step 2 score is actually 240")
    assert "✓ Got it — step2: Passed · step2 score: 240" in reply
    assert "Step 2 CK attempts" in chat.last[-1].text
    await chat.say("1")
    assert "step2 score: 240" in await chat.say("profile")


async def test_a_visa_typed_at_the_experience_question_is_no_month_of_experience(
    chat: Chat,
) -> None:
    """ "need j1" where US experience is asked stores the visa, not one month of USCE."""
    await chat.answer(SCRIPT.with_(ask_visa="not sure"), until="ask_usce_months")
    assert "US clinical experience" in chat.last[-1].text
    reply = await chat.say("need j1")
    assert "✓ Got it — visa: Need a J-1" in reply
    assert "US clinical experience" in chat.last[-1].text
    assert "usce:" not in await chat.say("profile")


async def test_the_last_answer_given_with_another_fact_still_ends_the_interview(chat: Chat) -> None:
    """The last question answered alongside another fact gives the plan, with both kept."""
    await chat.answer(SCRIPT.with_(**SCENARIOS[3][1]), until="ask_timezone")  # the last one
    reply = await chat.say("Cairo. Also I need an H1B now")
    if "That's everything" not in reply:  # the new visa may bring its own follow-up first
        reply = await chat.answer()
    assert "That's everything" in reply and "H-1B needs it passed" in reply
    stored = await chat.say("profile")
    assert "Africa/Cairo" in stored and "H-1B" in stored


async def test_a_fact_stated_after_the_plan_is_offered_as_an_update(chat: Chat) -> None:
    """ "My step 2 score is actually 240" after the plan: asked first, with what is stored
    beside it; "Yes, update" stores it, keeps the CK attempts and shows the updated plan."""
    await interview(chat, SCENARIOS[1][1])  # CK 245, first attempt
    offer = await chat.say("my step 2 score is actually 240")
    assert "Shall I update your answers?" in offer
    assert "Stored now: step2: Passed · step2 score: 245" in offer
    assert "New: step2: Passed · step2 score: 240" in offer
    assert chat.labels() == ["Yes, update", "No, keep them"]
    updated = await chat.press("Yes, update")
    assert "Updated. Here is your plan with the change" in updated
    assert chat.last[0].answered_label == "Updated"  # the offer's buttons are answered
    profile = await chat.say("profile")
    assert "step2 score: 240" in profile and "step2 attempts: 1" in profile


async def test_a_question_with_a_new_fact_is_answered_for_that_fact(chat: Chat) -> None:
    """ "my ck is 240, is that enough?" after the plan: answered for a CK of 240 (not the
    stored 245), and the 240 offered as an update."""
    await interview(chat, SCENARIOS[1][1])
    reply = await chat.say("my ck is 240, is that enough?")
    assert "Your CK (240)" in reply and "Shall I update your answers?" in reply
    assert "step2 score: 245" in await chat.say("profile")  # not stored until agreed


async def test_an_update_offer_declined_or_passed_over_changes_nothing(chat: Chat) -> None:
    """ "No" keeps the answers; a new question instead of an answer is simply answered."""
    await interview(chat, SCENARIOS[1][1])
    await chat.say("I have a green card now")
    assert "stay as they are" in await chat.say("no")
    await chat.say("I passed step 3 with 230")
    assert "Step 2 CK target" in await chat.say("what is a good ck score?")
    profile = await chat.say("profile")
    assert "visa: Need an H-1B" in profile and "step3: Planned" in profile


async def test_a_question_without_a_question_mark_after_the_plan_stores_nothing(chat: Chat) -> None:
    """ "i failed step 1 how to explain" asks; it does not turn a passed Step 1 into a fail."""
    await interview(chat, SCENARIOS[1][1])
    reply = await chat.say("i failed step 1 how to explain")
    assert "Shall I update" not in reply and "Explaining a fail" in reply
    assert "step1: Passed" in await chat.say("profile")


async def test_change_my_ck_score_to_a_value_updates_it_at_once(chat: Chat) -> None:
    """ "change my ck score to 240" edits and answers in one message."""
    await interview(chat, SCENARIOS[1][1])
    reply = await chat.say("change my ck score to 240")
    assert "✓ Got it — step2 score: 240" in reply and "Updated" in reply
    assert "step2 score: 240" in await chat.say("profile")


async def test_the_steps_a_plan_leaves_out_are_one_tap_away(chat: Chat) -> None:
    """A plan with more steps than it shows offers them all; `plan all` shows the rest."""
    plan = await interview(chat, SCENARIOS[7][1])  # several fails: a long plan
    assert "smaller steps not shown" in plan
    shown = next(r for r in chat.last if r.text.startswith("**Your plan**"))
    [more] = shown.choices
    found = re.fullmatch(r"Show all (\d+) steps", more.label)
    assert found is not None
    full = await chat.send_payload(more.payload)
    total = int(found.group(1))
    assert "not shown" not in full and full.count("\n- **") == total
    assert "not shown" not in await chat.say("plan all")


async def test_help_says_how_to_tell_a_change_privately_only(advisor) -> None:  # type: ignore[no-untyped-def]
    """In a private chat, `help` says a change can simply be told; a group gets no such
    invitation to share scores."""
    from bot.core.messages import ChatKind

    assert "my CK score is 240" in await Chat(advisor, user="omar").say("help")
    group = Chat(advisor, user="omar", kind=ChatKind.PUBLIC)
    assert "my CK score" not in await group.say("/help")


async def test_change_my_visa_after_the_plan_reopens_the_visa_question(chat: Chat) -> None:
    """ "change my visa" works like `edit visa`; a new answer (and the follow-up it newly
    needs: would a J-1 do?) updates the plan."""
    await interview(chat, SCENARIOS[0][1])
    reply = await chat.say("change my visa")
    assert "citizenship and visa" in reply and "Stored now — Need a J-1" in reply
    reply = await chat.say("H1B")
    assert "Would a J-1 do for you, or only an H-1B?" in reply
    reply = await chat.say("H-1B only")
    assert "Updated" in reply and "H-1B needs it passed" in reply


async def test_when_the_plan_moves_the_match_the_reminders_follow_it(chat: Chat) -> None:
    """No CK yet in late November for Match 2027: the plan aims for Match 2028, and so do
    the offered reminders — not the season whose applications programs are reading."""
    plan = await interview(
        chat,
        {
            **SEASON_2028,
            "ask_match_year": "2027",
            "ask_step2_status": "not taken yet",
            "ask_step2_planned": "not yet",
        },
    )
    assert "Aim for Match 2028 instead" in plan
    assert (
        "Your plan now aims for Match 2028" in plan
        and "Match 2027" not in plan.split("Aim for Match 2028 instead")[1]
    )
    done = await chat.press("Yes, remind me")
    assert "season reminders" in done
    assert "Match 2028" in await chat.say("timeline")


async def test_season_reminders_follow_a_changed_match_year_if_asked(chat: Chat) -> None:
    """Subscribed to Match 2028's dates, then `edit match` to 2029: offered to move them,
    and moving leaves no reminder of the 2028 season."""
    await interview(chat, SEASON_2028)
    await chat.press("Yes, remind me")
    assert re.search(r"Match Day — \w+ \d+ Mar 2028", await chat.say("reminders"))
    await chat.say("edit match")
    updated = await chat.say("2029")
    assert (
        "Your season reminders are for Match 2028, but your plan now aims for Match 2029" in updated
    )
    assert chat.labels()[-2:] == ["Move to Match 2029", "Keep Match 2028"]  # after "Show all"
    moved = await chat.press("Move to Match 2029")
    assert "season reminders" in moved
    listing = await chat.say("reminders")
    assert re.search(r"Match Day — \w+ \d+ Mar 2029", listing)
    assert not re.search(r"Match Day — \w+ \d+ Mar 2028", listing)
    await chat.say("edit match")
    assert "Your season reminders" not in await chat.say("2029")  # nothing to move


async def test_season_reminders_can_be_kept_for_the_old_match(chat: Chat) -> None:
    """ "Keep Match 2028" leaves the subscription as it was; `timeline` can still move it."""
    await interview(chat, SEASON_2028)
    await chat.press("Yes, remind me")
    await chat.say("edit match")
    await chat.say("2029")
    assert "stay as they are" in await chat.press("Keep Match 2028")
    assert re.search(r"Match Day — \w+ \d+ Mar 2028", await chat.say("reminders"))
    # The season the plan aims for says which season the reminders are for, and moves them.
    season = await chat.say("timeline")
    assert "Match 2029: the season" in season
    assert "Your season reminders are for Match 2028." in season
    assert "season reminders" in await chat.press("Move my reminders to 2029")
    assert re.search(r"Match Day — \w+ \d+ Mar 2029", await chat.say("reminders"))

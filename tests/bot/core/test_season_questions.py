"""Questions people ask once their season is under way, answered for where it stands.

The advisor's clock in these tests is 22 November 2026: programs are reading applications
and interviewing for Match 2027.
"""

from __future__ import annotations

from tests.conftest import Chat
from tests.interview_script import SCRIPT

MATCH_2027 = SCRIPT.with_(ask_match_year="2027", ask_visa="H1B")


async def test_is_it_too_late_for_match_2027_mid_season(chat: Chat) -> None:
    """Asked mid-interviews, "too late?" says where Match 2027 stands, not "not sure"."""
    await chat.answer(MATCH_2027)
    reply = await chat.say("is it too late for match 2027?")
    assert "Is it too late?" in reply
    assert "Programs are reading and interviewing for Match 2027 now" in reply
    assert "not sure" not in reply.lower()


async def test_interviews_already_started_what_now(chat: Chat) -> None:
    """Someone whose interviews have begun gets interview advice for this season."""
    await chat.answer(MATCH_2027)
    reply = await chat.say("interviews already started, what now?")
    assert "Match 2027" in reply
    assert "interview" in reply.lower()
    assert "Step 3 passed by the rank list deadline" in reply  # this applicant needs an H-1B


async def test_signals_are_already_spent_mid_season(chat: Chat) -> None:
    """Signals go out with the application, so mid-season they are not something to plan."""
    await chat.answer(MATCH_2027)
    reply = await chat.say("how many signals do i get for med psych")
    assert "Program signals" in reply
    assert "already spent" in reply


async def test_didnt_match_gets_soap_and_the_next_season(chat: Chat) -> None:
    """ "I didn't match" gets Match week, SOAP spelt out, and the plan for next season."""
    await chat.answer(MATCH_2027)
    reply = await chat.say("i didnt match last year, what should i do")
    assert "SOAP (Supplemental Offer and Acceptance Program)" in reply
    assert "next season" in reply.lower()
    assert "categorical psychiatry and internal medicine" in reply


async def test_ecfmg_before_step3_in_a_group_is_general(advisor) -> None:  # type: ignore[no-untyped-def]
    """In a group, the ECFMG question gets the general answer with its sources named."""
    from bot.core.messages import ChatKind

    group = Chat(advisor, user="lina", kind=ChatKind.PUBLIC)
    reply = await group.say("/ask do i need ecfmg certification before step 3?")
    assert "ECFMG and Step eligibility" in reply
    assert "For you" not in reply
    assert "ECFMG (Educational Commission for Foreign Medical Graduates)" in reply

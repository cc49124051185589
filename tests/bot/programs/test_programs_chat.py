"""Conversations about the program list, read like the chat: the list sorted for the
applicant, the honest coverage line, the shortlist in `profile`, CSV, restart and `forget`."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot.app import open_advisor
from bot.core.messages import ChatKind
from tests.conftest import Chat
from tests.interview_script import SCRIPT

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
H1B_OLD_GRAD = SCRIPT.with_(ask_visa="H1B", ask_graduation_year="2016", ask_step1_attempts="2")


async def test_an_h1b_seeker_asks_which_programs_sponsor_h1b(chat: Chat) -> None:
    """After the interview, the list is grouped by what each page states about H-1B, each
    line with its source and scope, then their graduation year and their fail."""
    await chat.answer(H1B_OLD_GRAD)
    reply = await chat.say("which med-psych programs sponsor H-1B?")
    assert chat.last[0].private
    assert "sorted for you" in reply
    sponsors, rest = reply.split("_States it does not_")
    assert "University of Iowa" in sponsors and "Emory" in sponsors
    assert "UT Southwestern Medical Center** (Dallas, TX): program's own rule" in rest
    assert "_Not stated: check_" in rest and "Medical University of South Carolina" in rest
    assert "Your year (2016) meets the stated limit" in reply
    assert "States first-attempt passes only" in reply
    assert "The list is not complete" in reply and "FREIDA" in reply and "ERAS" in reply


async def test_a_list_question_mid_interview_keeps_the_question_open(chat: Chat) -> None:
    """ "list med psych programs" during the interview gets the list, then our question."""
    await chat.answer(SCRIPT, until="ask_step1_status")
    asked = chat.last[-1].text
    reply = await chat.say("list med psych programs")
    assert "Med-psych programs" in reply and "I list 9 programs" in reply
    assert chat.last[-1].text == asked


async def test_programs_that_take_old_graduates(chat: Chat) -> None:
    """Typed as it comes, the question starts with the command's name and still works."""
    await chat.answer(SCRIPT.with_(ask_graduation_year="2014"))
    reply = await chat.say("programs that take old graduates")
    first = reply.split("\n\n")[1]  # what was asked about comes first
    assert first.startswith("**Graduation year**")
    # Duke states no limit; UT Southwestern takes 2013 or later.
    assert "Your year (2014) meets the stated limit_ (2)" in first


async def test_the_plan_points_to_programs_with_the_visa_count(chat: Chat) -> None:
    """The med-psych application step says how many listed programs fit an H-1B need."""
    await chat.answer(SCRIPT.with_(ask_visa="H1B"))
    plan = await chat.say("plan all")
    assert "Of the med-psych programs I can name, 2 state they take your visa." in plan
    assert 'Type "programs" for the list' in plan


async def test_one_program_shows_every_fact_with_its_page(chat: Chat) -> None:
    """`programs utsw` names each fact's value, scope and address, and what is not stated."""
    reply = await chat.say("programs utsw")
    assert "Graduation year: 2013 or later." in reply
    assert (
        "program's own rule; utsouthwestern.edu, undated: https://www.utsouthwestern.edu/" in reply
    )
    assert "Not stated on the pages I have: positions per year" in reply


async def test_shortlist_add_note_list_remove_and_csv(chat: Chat) -> None:
    """A shortlist is built, noted, shown in `profile`, exported and trimmed."""
    await chat.answer(SCRIPT)
    assert "Added Duke University" in await chat.say("programs add duke")
    assert "already on your shortlist" in await chat.say("programs add Duke University")
    await chat.say("programs add utsw")
    assert "Noted" in await chat.say("programs note duke: emailed the coordinator")
    profile = await chat.say("profile")
    assert "**Your program shortlist**" in profile
    assert "Duke University** (Durham, NC) - note: emailed the coordinator" in profile
    await chat.say("programs csv")
    attachment = chat.last[0].attachment
    assert attachment is not None and attachment.filename == "shortlist.csv"
    rows = list(csv.DictReader(io.StringIO(attachment.data.decode())))
    assert [(r["id"], r["h1b"], r["note"]) for r in rows] == [
        ("duke", "does not sponsor", "emailed the coordinator"),
        ("utsw", "does not sponsor", ""),
    ]
    assert "Removed UT Southwestern" in await chat.say("programs remove utsw")
    assert "UT Southwestern" not in await chat.say("programs shortlist")


async def test_a_note_for_a_program_not_on_the_shortlist_says_so(chat: Chat) -> None:
    """Nothing is stored for a program that was never added; an unknown one is named."""
    assert "not on your shortlist yet" in await chat.say("programs note iowa: called them")
    assert "I don't have “harvard”" in await chat.say("programs add harvard")
    assert "It is empty" in await chat.say("programs shortlist")


async def test_in_a_group_only_the_general_list_is_shown(advisor) -> None:  # type: ignore[no-untyped-def]
    """Someone with a stored profile gets the general list in a group; their shortlist and
    sorted view stay private."""
    private = Chat(advisor, user="nadia")
    await private.answer(H1B_OLD_GRAD)
    await private.say("programs add iowa")
    group = Chat(advisor, user="nadia", kind=ChatKind.PUBLIC)
    listed = await group.say("programs")
    assert "I list 9 programs" in listed and not group.last[0].private
    assert "sorted for you" not in listed and "Your year" not in listed
    asked = await group.say("/programs@img_advisor_bot graduation")
    assert "States a limit" in asked and "2016" not in asked
    for line in ("programs shortlist", "programs add duke", "programs csv"):
        reply = await group.say(line)
        assert "private chat" in reply and group.labels() == ["Continue privately"]
        assert "Iowa" not in reply
    assert "Duke" not in await private.say("programs shortlist")


async def test_the_shortlist_survives_a_restart_and_goes_with_forget(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Kept in the database file: a new app finds it; after `forget` it is gone."""
    url = f"sqlite:///{tmp_path / 'advisor.db'}"
    async with open_advisor(url, clock=lambda: NOW) as advisor:
        chat = Chat(advisor)
        await chat.say("hi")
        await chat.say("programs add emory")
        await chat.say("programs note emory: asked about H-1B")
    async with open_advisor(url, clock=lambda: NOW) as advisor:
        chat = Chat(advisor)
        assert "Emory University School of Medicine** (Atlanta, GA) - note: asked about H-1B" in (
            await chat.say("programs shortlist")
        )
        await chat.say("forget")
        assert "deleted" in await chat.say("yes")
    async with open_advisor(url, clock=lambda: NOW) as advisor:
        from sqlalchemy import func, select

        from bot.storage.shortlist_models import ShortlistEntry

        chat = Chat(advisor)
        assert "It is empty" in await chat.say("programs shortlist")
        async with advisor.store.engine.connect() as conn:  # type: ignore[attr-defined]
            rows = await conn.scalar(select(func.count()).select_from(ShortlistEntry.__table__))
        assert rows == 0


ODD_INPUTS = [
    ("programs note", "I don't have"),
    ("programs note duke", "What should the note say?"),
    ("programs add", "I don't have"),
    ("programs remove duke", "was not on your shortlist"),
    ("programs " + "x" * 3000, "I don't have"),
    ("programs csv", "It is empty"),
    ("/programs@img_advisor_bot ;;;", "I don't have"),
]


async def test_odd_programs_commands_get_a_friendly_answer(chat: Chat) -> None:
    """Half-typed or strange `programs` commands say what is missing; nothing breaks."""
    for typed, says in ODD_INPUTS:
        reply = await chat.say(typed)
        assert says in reply, typed
        assert "something went wrong" not in reply.casefold()
    await chat.say("programs add duke")
    await chat.say("programs note duke: " + "a" * 1000)
    assert "note: " + "a" * 300 + "\n" in await chat.say("programs shortlist") + "\n"

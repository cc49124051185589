"""/programs in a Telegram group: the general list for everyone; the sorted view and the
shortlist only in the private chat."""

from __future__ import annotations

from tests.bot.adapters.telegram_script import interview_by_text
from tests.fakes.telegram_server import FakeTelegram


async def test_programs_in_a_group_show_the_general_list_only(telegram: FakeTelegram) -> None:
    """After a private interview (J-1, graduated 2019, a Step 1 fail) and a shortlist,
    the group sees the general list, the list asked by mention, and a pointer to the DM."""
    amira = telegram.user("Amira")
    dm = telegram.private_chat(amira)
    await dm.send("/start")
    _, question = await dm.next_messages(2)
    await interview_by_text(dm, question)
    await dm.send("/programs add duke")
    assert "Added Duke University" in (await dm.next_message()).text
    await dm.send("/programs")
    assert "sorted for you" in (await dm.next_message()).text

    group = telegram.group("IMG study group")
    await group.send(amira, "/programs")
    listed = await group.next_message()
    assert "I list 9 programs" in listed.text and "sorted for you" not in listed.text
    await group.send(amira, f"@{telegram.username} which med-psych programs sponsor H-1B?")
    assert "States it sponsors H-1B" in (await group.next_message()).text
    await group.send(amira, "/programs shortlist")
    pointer = await group.next_message()
    assert pointer.buttons[0]["url"].startswith(f"https://t.me/{telegram.username}")
    shown = " ".join(m.text for m in group.history)
    for secret in ("Your program shortlist", "Your year", "sorted for you", "Amira"):
        assert secret not in shown

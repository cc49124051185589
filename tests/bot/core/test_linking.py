"""One person, two platforms: a code shown on one links the other to the same profile."""

from __future__ import annotations

import re

from bot.core.advisor import Advisor
from tests.conftest import Chat
from tests.interview_script import SCRIPT


async def test_a_code_from_telegram_links_discord_to_the_same_profile(advisor: Advisor) -> None:
    """`link` on Telegram gives a code; `link <code>` on Discord then shows the same answers."""
    telegram = Chat(advisor, user="42", platform="telegram")
    await telegram.answer(
        SCRIPT.with_(ask_name="Omar", ask_visa="need h1b"), until="ask_graduation_year"
    )
    code = re.search(r"\*\*(\d{6})\*\*", await telegram.say("link")).group(1)

    discord = Chat(advisor, user="9001", platform="discord")
    assert "Linked" in await discord.say(f"link {code}")
    profile = await discord.say("profile")
    assert "need an h-1b" in profile.lower() and "discord" in profile and "telegram" in profile
    assert "wrong or has expired" in await discord.say(f"link {code}")  # used once only


async def test_a_code_is_refused_on_its_own_platform_and_when_wrong(advisor: Advisor) -> None:
    """The code must be typed on the other platform, and a made-up code changes nothing."""
    telegram = Chat(advisor, user="42", platform="telegram")
    await telegram.say("hi")
    code = re.search(r"\*\*(\d{6})\*\*", await telegram.say("link")).group(1)
    other_telegram = Chat(advisor, user="43", platform="telegram")
    assert "other" in await other_telegram.say(f"link {code}")
    wrong = "000000" if code != "000000" else "111111"
    assert "wrong or has expired" in await Chat(advisor, user="7", platform="discord").say(
        f"link {wrong}"
    )

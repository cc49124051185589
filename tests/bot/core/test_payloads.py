"""The payload codec: every button's payload is written and read in one place."""

from __future__ import annotations

import pytest

from bot.core import payloads


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (payloads.answer("ask_visa", 2), "a:ask_visa:2"),
        (payloads.skip("ask_usce"), "s:ask_usce"),
        (payloads.command("plan all"), "c:plan all"),
        (payloads.topic("step3_timing"), "t:step3_timing"),
        (payloads.yes("forget"), "y:forget"),
        (payloads.no("facts"), "n:facts"),
        (payloads.private(), "dm:start"),
        (payloads.reminder("ok"), "rem:ok"),
        (payloads.reminder("sub", 2027), "rem:sub:2027"),
    ],
)
def test_each_button_keeps_the_payload_rows_and_adapters_know(written: str, expected: str) -> None:
    """The encoded payloads are exactly the strings earlier versions sent."""
    assert written == expected


def test_a_payload_decodes_to_its_prefix_and_fields() -> None:
    """The prefix says whose button it is; head and tail split the fields."""
    option = payloads.decode("a:ask_visa:2")
    assert option.prefix == payloads.ANSWER and option.tail() == ("ask_visa", "2")
    snooze = payloads.decode("rem:snooze1h:12")
    assert snooze.prefix == payloads.REMINDER and snooze.head() == ("snooze1h", "12")
    assert payloads.decode("rem:resume").head() == ("resume", "")


def test_a_payload_without_a_prefix_belongs_to_no_feature() -> None:
    """A forged or garbled payload decodes to the empty prefix, which nobody answers."""
    assert payloads.decode("garbage").prefix == ""
    assert payloads.decode("").prefix == ""


def test_only_registered_prefixes_are_written() -> None:
    """A new feature names its prefix in the codec before it can use it."""
    with pytest.raises(ValueError, match="unregistered"):
        payloads.encode("zz:", "x")
    with pytest.raises(ValueError, match="last field"):
        payloads.encode(payloads.REMINDER, "a:b", 1)


def test_a_private_hop_carries_its_command_line() -> None:
    """Adapters read the command of a "continue privately" button; other payloads have none."""
    assert payloads.private_line(payloads.private("plan")) == "plan"
    assert payloads.private_line("c:plan") is None


def test_an_offers_buttons_carry_its_token() -> None:
    """ "y:forget:3fa9c0de" is the yes of one `forget` offer; an old "y:forget" has none."""
    assert payloads.yes("forget", "3fa9c0de") == "y:forget:3fa9c0de"
    assert payloads.no("facts", "3fa9c0de") == "n:facts:3fa9c0de"
    assert payloads.offer("y:forget:3fa9c0de") == ("forget", "3fa9c0de")
    assert payloads.offer("y:restart") == ("restart", "")

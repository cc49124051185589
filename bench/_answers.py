"""The interview answers the core and Telegram benchmarks type, in the order the flow asks.

Built from the tests' shared interview script (keyed by question), so a new question changes
no benchmark; with today's flow it is the same 14 answers the benchmarks always typed.
"""

from __future__ import annotations

from tests.interview_script import SCRIPT, script_lines

ANSWERS: list[str] = script_lines(
    SCRIPT.with_(
        ask_step1_status="failed once, passed on 2nd attempt",
        ask_step1_score="pass/fail",
        ask_step2_status="I got 241 on CK",
        ask_step2_attempts="1",
        ask_step3_status="not planned",
        ask_usce_months="6 mo, 3 hands-on IM",
        ask_letters="2 IM, 1 psych",
        ask_scholarship="research",
        ask_interests="1, 3",
        ask_timezone="Cairo",
    )
)

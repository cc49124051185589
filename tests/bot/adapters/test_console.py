"""The console chat as a user runs it: a real process, piped input, a real SQLite file."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.interview_script import SCRIPT, question_count, script_lines

ROOT = Path(__file__).resolve().parents[3]


def run_chat(db: Path, lines: list[str], user: str = "amira") -> subprocess.CompletedProcess:
    """Run `img-advisor chat` with the lines on standard input; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--user", user, "--db", f"sqlite:///{db}"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "ADVISOR_LOG_LEVEL": "WARNING"},
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "advisor.db"


def test_piped_interview_ends_cleanly_at_eof(db: Path) -> None:
    """Piped answers are read line by line; EOF ends the chat with exit code 0."""
    lines = script_lines(
        SCRIPT.with_(ask_visa="need h1b", ask_graduation_year="2017"), until="ask_match_year"
    )
    result = run_chat(db, lines)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "not: an official or guaranteed answer" in out
    assert f"Question 1 of {question_count()}" in out and f"Question {len(lines) + 1} of" in out
    assert "  4. Need an H-1B" in out


def test_choices_answer_by_number_or_by_text(db: Path) -> None:
    """A numbered choice can be typed as its number or its label."""
    result = run_chat(
        db,
        script_lines(
            SCRIPT.with_(ask_visa="4", ask_graduation_year="2017"), until="ask_step1_attempts"
        ),
    )
    assert "Which Match are you aiming for" in result.stdout
    profile = run_chat(db, ["profile"]).stdout
    assert "need an h-1b" in profile.lower() and "2017" in profile


def test_bad_answer_gets_a_reason_and_the_same_question(db: Path) -> None:
    """An out-of-range score is refused with the accepted range, then asked again."""
    lines = script_lines(SCRIPT.with_(ask_step1_attempts="2"), until="ask_step1_score")
    out = run_chat(db, [*lines, "2410"]).stdout
    assert "2410 isn't a USMLE three-digit score" in out
    assert out.count("three-digit score: type it") >= 2


def test_killed_mid_interview_resumes_with_answers_kept(db: Path) -> None:
    """Killing the process mid-interview loses nothing: a new run resumes at that question."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--user", "amira", "--db", f"sqlite:///{db}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdin and proc.stdout
    for line in script_lines(SCRIPT.with_(ask_graduation_year="2019"), until="ask_match_year"):
        proc.stdin.write(line + "\n")
    proc.stdin.flush()
    seen = ""
    deadline = time.monotonic() + 30
    while "Which Match are you aiming for" not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    out = run_chat(db, []).stdout
    assert "Welcome back" in out and "Which Match are you aiming for" in out
    profile = run_chat(db, ["profile"]).stdout
    assert "need a j-1" in profile.lower() and "2019" in profile


def test_quit_leaves_and_says_answers_are_saved(db: Path) -> None:
    """`quit` ends the chat at once with exit code 0."""
    result = run_chat(db, ["quit", "this line is never read"])
    assert result.returncode == 0
    assert "answers are saved" in result.stdout


def test_debug_logging_never_prints_what_people_typed(db: Path) -> None:
    """Even at DEBUG, logs (stderr) carry no name, visa, year or score."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--user", "zainab", "--db", f"sqlite:///{db}"],
        input="\n".join(
            script_lines(
                SCRIPT.with_(
                    ask_name="Zainab",
                    ask_visa="need h1b",
                    ask_graduation_year="2016",
                    ask_step1_score="219",
                ),
                until="ask_step2_status",
            )
        )
        + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "ADVISOR_LOG_LEVEL": "DEBUG"},
    )
    assert result.returncode == 0
    for secret in ("Zainab", "h1b", "2016", "219"):
        assert secret not in result.stderr


async def test_console_prints_only_its_own_users_due_reminders(sqlite_url: str) -> None:
    """While a console chat is open, its user's due reminders print there; others' wait."""
    import io
    from datetime import UTC, datetime

    from sqlalchemy import update

    from bot.adapters.console import ConsoleChat
    from bot.app import open_app
    from bot.core.messages import Incoming
    from bot.reminders.scheduler import Scheduler
    from bot.storage.reminder_models import Reminder

    async with open_app(sqlite_url) as app:
        for user in ("remi", "other"):
            await app.advisor.handle(Incoming("console", user, user, text="hi"))
            asked = await app.advisor.handle(
                Incoming("console", user, user, text=f"remind me in 2 hours to call {user}")
            )
            set_it = next(c for r in asked for c in r.choices if c.label == "Set it")
            await app.advisor.handle(Incoming("console", user, user, payload=set_it.payload))
        async with app.engine.begin() as conn:  # both fall due now
            await conn.execute(update(Reminder).values(due_at=datetime.now(UTC)))
        out = io.StringIO()
        chat = ConsoleChat(app.advisor, "remi", io.StringIO(""), out)
        scheduler = Scheduler(
            app.engine, {"console": chat.sender}, worker_id="t", only_chats={"console": "remi"}
        )
        await scheduler.run_due()  # one round of the loop `run` repeats, without its waiting
    assert "Reminder: call remi" in out.getvalue() and "1. Done" in out.getvalue()
    assert "call other" not in out.getvalue()


def _start_chat(db: Path, user: str = "amira") -> subprocess.Popen[str]:
    """Start `img-advisor chat` with a pipe to type into, as a person at a terminal would."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--user", user, "--db", f"sqlite:///{db}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "ADVISOR_LOG_LEVEL": "WARNING"},
    )


def _read_until(proc: subprocess.Popen[str], words: str) -> str:
    """Read the chat's output until `words` appear (at most 30 s)."""
    assert proc.stdout is not None
    seen = ""
    deadline = time.monotonic() + 30
    while words not in seen and time.monotonic() < deadline:
        seen += proc.stdout.readline()
    assert words in seen, seen
    return seen


@pytest.mark.skipif(os.name != "posix", reason="signals between processes as on POSIX")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_kill_leaves_at_once_with_a_goodbye_and_keeps_the_answers(
    db: Path, signum: int
) -> None:
    """Mid-interview, waiting for a line: Ctrl-C (or SIGTERM) ends the chat without Enter,
    says goodbye, prints no traceback; the next run resumes where it was."""
    proc = _start_chat(db)
    assert proc.stdin is not None
    proc.stdin.write("\n".join(script_lines(SCRIPT, until="ask_graduation_year")) + "\n")
    proc.stdin.flush()  # the pipe stays open: the chat waits for more, as at a terminal
    _read_until(proc, "graduat")
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=20)  # no Enter needed
    assert proc.returncode == 0
    assert "your answers are saved" in out
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "graduat" in run_chat(db, []).stdout  # resumed at the open question


def test_files_from_chat_are_named_for_the_user_and_the_path_is_printed(
    db: Path, tmp_path: Path
) -> None:
    """Two users' timelines do not overwrite each other; each is told where theirs is."""
    for user in ("amira", "salam"):
        result = subprocess.run(
            [sys.executable, "-m", "bot", "chat", "--user", user, "--db", f"sqlite:///{db}"],
            input="timeline 2027\ncalendar 2027\n",
            capture_output=True,
            text=True,
            timeout=90,
            cwd=tmp_path,
            env={**os.environ, "ADVISOR_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)},
        )
        picture = tmp_path / f"{user}-match-2027-timeline.png"
        calendar = tmp_path / f"{user}-match-2027.ics"
        assert f"Saved to {picture}" in result.stdout, result.stdout[-2000:]
        assert f"Saved to {calendar}" in result.stdout
        assert picture.read_bytes().startswith(b"\x89PNG")
        assert b"BEGIN:VCALENDAR" in calendar.read_bytes()


class _Terminal(io.StringIO):
    """An output stream that says it is a terminal (so the chat prompts)."""

    def isatty(self) -> bool:
        return True


async def test_the_prompt_comes_back_after_a_delivered_reminder(sqlite_url: str) -> None:
    """A reminder printed while the user was at the prompt is followed by the prompt."""
    from bot.adapters.console import PROMPT, ConsoleChat
    from bot.app import open_app
    from bot.core.messages import Outgoing

    async with open_app(sqlite_url) as app:
        out = _Terminal()
        chat = ConsoleChat(app.advisor, "remi", io.StringIO(""), out)
        await chat.sender.send("remi", [Outgoing("**Reminder:** book NBME 12")])
    printed = out.getvalue()
    assert "book NBME 12" in printed and "**" not in printed
    assert printed.endswith("\n" + PROMPT)


def test_the_console_says_type_where_platforms_say_tap(db: Path) -> None:
    """Numbered choices are typed: no "tap" on a terminal."""
    lines = script_lines(SCRIPT.with_(ask_usce_months="6 months"), until="ask_usce_fields")
    out = run_chat(db, lines).stdout
    assert "Which fields was it in? Type a number, or type several" in out
    assert "Tap" not in out and " tap " not in out


def test_plan_and_ask_print_for_a_terminal_and_stop_quietly_into_a_closed_pipe() -> None:
    """No raw **bold** or backticks; a reader gone early (| head) gives no traceback."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    profile = ROOT / "tests" / "data" / "profiles" / "1_step1_fail_upward.yaml"
    commands = (
        ["plan", "--profile", str(profile)],
        ["ask", "how", "do", "I", "explain", "a", "step", "1", "fail"],
    )
    for command in commands:
        shown = subprocess.run(
            [sys.executable, "-m", "bot", *command], capture_output=True, text=True, env=env
        )
        assert shown.returncode == 0 and shown.stdout.strip()
        assert "**" not in shown.stdout and "`" not in shown.stdout
        read, write = os.pipe()
        os.close(read)  # the reader has already gone
        closed = subprocess.run(
            [sys.executable, "-m", "bot", *command],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        os.close(write)
        assert closed.returncode == 0
        assert "Traceback" not in closed.stderr and "BrokenPipe" not in closed.stderr


def test_help_says_where_to_start_and_how_to_run_the_tests() -> None:
    """`img-advisor --help` names `chat` as the start and `run.py test` for the tests."""
    shown = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "start here:" in shown.stdout and "img-advisor chat" in shown.stdout
    assert "python3 run.py test" in shown.stdout

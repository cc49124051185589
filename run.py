#!/usr/bin/env python3
"""Set up and run IMG Advisor with nothing but Python 3.11+.

    python3 run.py chat        # the console chat on an embedded SQLite database
    python3 run.py test        # ruff, ruff format --check, mypy and the test suite
    python3 run.py <args>      # any other `img-advisor` command, e.g. `run`, `plan`, `ask`

The first run creates `.venv/` beside this file and installs the pinned, hash-checked
dependencies from `requirements.lock`, then the project itself (editable); later runs
reinstall only when `pyproject.toml` or `requirements.lock` changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
import venv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
LOCK = ROOT / "requirements.lock"
FIRST_RUN = (
    "First run: installing IMG Advisor and its dependencies into .venv. This takes about "
    "two minutes, once; later runs start at once."
)
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==\S+")
# pip names each package it fetches: "Collecting NAME==1.0 (from -r ...)" from an index,
# "Processing /path/NAME-1.0-py3-none-any.whl (from -r ...)" from a local one.
_FETCHING = re.compile(r"^(?:Collecting (\S+?)==|Processing \S*?([A-Za-z0-9_.]+)-\d\S*\.whl)")


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "requirements.lock"):
        path = ROOT / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def locked_names(text: str) -> list[str]:
    """The package names pinned in a requirements.lock text, in file order."""
    return [m.group(1) for line in text.splitlines() if (m := _PIN.match(line))]


def install_commands(python: Path) -> list[tuple[str, list[str]]]:
    """The install phases as (what, command line): the lock, then the project itself."""
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    if not LOCK.exists():  # a checkout without a lock still installs, from the ranges
        return [("IMG Advisor and its dependencies", [*pip, "-e", f"{ROOT}[dev]"])]
    return [
        (
            "dependencies (pinned and hash-checked in requirements.lock)",
            [*pip, "--require-hashes", "-r", str(LOCK)],
        ),
        # The lock holds setuptools, so building the editable project needs no download.
        (
            "IMG Advisor itself (editable)",
            [*pip, "--no-deps", "--no-build-isolation", "-e", str(ROOT)],
        ),
    ]


def fetched_package(line: str) -> str | None:
    """The package a line of pip's output starts fetching, if it is such a line."""
    match = _FETCHING.match(line)
    return (match.group(1) or match.group(2).replace("_", "-")) if match else None


def progress_line(line: str, done: int, total: int) -> str | None:
    """What to show for a line of pip's output: the package it fetches ("12/58 numpy"),
    that it installs them now, or None for a line that says nothing new."""
    if name := fetched_package(line):
        return f"{done}/{total} {name[:40]}"
    if line.startswith("Installing collected"):
        return f"installing {total} packages" if total > 1 else "installing"
    return None


class _Progress:
    """One status line on a terminal, redrawn each second with the time taken so far, so a
    long quiet step (pip unpacking numpy) never looks stuck; plain lines into a pipe."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.status = "starting"
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, daemon=True)

    def __enter__(self) -> _Progress:
        if self.tty:
            self._ticker.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self.tty:
            self._ticker.join()
            self._draw(final=True)

    def show(self, status: str) -> None:
        """Change the status line (a new line of its own when not on a terminal)."""
        with self._lock:
            self.status = status
        if self.tty:
            self._draw()
        else:
            print(f"  {status}", file=sys.stderr, flush=True)

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            self._draw()

    def _draw(self, final: bool = False) -> None:
        with self._lock:
            seconds = time.monotonic() - self.started
            text = f"  {self.status} ({seconds:.0f} s)"
        end = "\n" if final else ""
        print(f"\r{text:<66}", end=end, file=sys.stderr, flush=True)


class Interrupted(Exception):
    """run.py was asked to stop (Ctrl-C or SIGTERM) and its child has stopped."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _settle(proc: subprocess.Popen[str]) -> None:
    """Give a child that was told to stop a moment to do so, then end it."""
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait()


@contextmanager
def _supervised(cmd: list[str], capture: bool = False) -> Iterator[subprocess.Popen[str]]:
    """Start a child and pass SIGTERM on to it, so killing run.py never orphans it.

    Ctrl-C or SIGTERM raise Interrupted once the child has stopped.
    """
    started: list[subprocess.Popen[str]] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        for child in started:
            child.send_signal(signum)
        raise Interrupted(signum)

    # The handler comes first: a SIGTERM while the child starts must not leave it behind.
    previous = signal.signal(signal.SIGTERM, stop)
    out = subprocess.PIPE if capture else None
    err = subprocess.STDOUT if capture else None
    # A captured child writes its lines as they come, not in 8 kB bursts at the end.
    env = {**os.environ, "PYTHONUNBUFFERED": "1"} if capture else None
    try:
        started.append(subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, text=True, env=env))
        yield started[0]
    except KeyboardInterrupt:
        # Ctrl-C reached the child too (one process group): let it stop by itself.
        for child in started:
            _settle(child)
        raise Interrupted(signal.SIGINT) from None
    except Interrupted:
        for child in started:
            _settle(child)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def _pip(what: str, cmd: list[str], total: int) -> None:
    """Run one pip phase, showing its progress; on failure print pip's output and exit."""
    print(f"- {what}", file=sys.stderr, flush=True)
    output: list[str] = []
    collected = 0
    with _Progress() as progress, _supervised(cmd, capture=True) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            output.append(line)
            collected += fetched_package(line) is not None
            if (status := progress_line(line.rstrip(), collected, total)) is not None:
                progress.show(status)
        code = proc.wait()
        progress.show("done" if code == 0 else "failed")
    if code != 0:
        sys.stderr.write("".join(output))
        sys.exit(f"run.py: installing {what} failed (pip's output above).")


def ensure_environment() -> Path:
    """Create or refresh the virtual environment; return its interpreter."""
    # run.py itself may be started by an older system Python: say so instead of failing oddly.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit(f"IMG Advisor needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = _venv_python()
    wanted = _fingerprint()
    if python.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return python
    started = time.monotonic()
    if not python.exists():
        print(FIRST_RUN, file=sys.stderr, flush=True)
        print("- creating .venv", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    else:
        print("pyproject.toml or requirements.lock changed: updating .venv.", file=sys.stderr)
    total = len(locked_names(LOCK.read_text())) if LOCK.exists() else 0
    for (what, cmd), count in zip(install_commands(python), (total, 1), strict=False):
        _pip(what, cmd, count)
    STAMP.write_text(wanted)
    print(f"Set up in {time.monotonic() - started:.0f} s.", file=sys.stderr)
    return python


def test_commands(python: Path, pytest_args: Sequence[str]) -> list[tuple[str, list[str]]]:
    """The checks `run.py test` runs, in order, as (name, command line)."""
    py = [str(python), "-m"]
    return [
        ("ruff check", [*py, "ruff", "check", str(ROOT)]),
        ("ruff format", [*py, "ruff", "format", "--check", str(ROOT)]),
        ("mypy", [*py, "mypy"]),  # files and options come from pyproject.toml
        ("pytest", [*py, "pytest", *pytest_args]),
    ]


def run_child(cmd: list[str]) -> int:
    """Run a command to its end and return its exit code."""
    with _supervised(cmd) as proc:
        return proc.wait()


def run_tests(python: Path, pytest_args: Sequence[str]) -> int:
    """Run every check, then say which failed; nonzero when any did."""
    failed = []
    for name, cmd in test_commands(python, pytest_args):
        print(f"run.py test: {name}", file=sys.stderr, flush=True)
        if run_child(cmd):
            failed.append(name)
    print(
        f"run.py test: {'failed: ' + ', '.join(failed) if failed else 'all passed'}",
        file=sys.stderr,
    )
    return 1 if failed else 0


def advisor_command(python: Path, args: Sequence[str]) -> list[str]:
    """The command line for any `img-advisor` command (`chat` when none is given)."""
    return [str(python), "-m", "bot", *(args or ["chat"])]


def main(argv: list[str]) -> int:
    """Dispatch `chat`, `test` or any img-advisor command inside the environment."""
    try:
        python = ensure_environment()
        if argv[:1] == ["test"]:
            return run_tests(python, argv[1:])
        cmd = advisor_command(python, argv)
        if os.name == "posix":
            # Nothing follows the command: become it, so Ctrl-C and SIGTERM reach it directly
            # and there is no parent whose death could orphan the chat or the bot.
            sys.stdout.flush()
            sys.stderr.flush()
            os.execv(cmd[0], cmd)
        return subprocess.run(cmd).returncode
    except KeyboardInterrupt:  # Ctrl-C between children: nothing is left running
        print(file=sys.stderr)
        return 128 + signal.SIGINT
    except Interrupted as stop:
        print(file=sys.stderr)
        return 128 + stop.signum


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

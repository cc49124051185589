"""run.py: the lock it installs, the command lines it runs, and how it stops."""

from __future__ import annotations

import os
import signal
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import run

LOCK_TEXT = run.LOCK.read_text()
PYPROJECT = tomllib.loads((run.ROOT / "pyproject.toml").read_text())
PYTHON = Path("/venv/bin/python")


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in LOCK_TEXT.splitlines():
        if (match := run._PIN.match(line)) is not None:
            name, version = line.split(" ")[0].split("==")
            pins[canonicalize_name(name)] = Version(version)
            assert match.group(1) == name
    return pins


def _declared() -> list[Requirement]:
    project = PYPROJECT["project"]
    names = [
        *project["dependencies"],
        *project["optional-dependencies"]["dev"],
        *PYPROJECT["build-system"]["requires"],
    ]
    return [Requirement(name) for name in names]


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside {requirement.specifier}"
        )


def test_every_pin_carries_hashes_and_the_lock_names_no_machine_index() -> None:
    blocks = LOCK_TEXT.split(" \\\n    --hash=sha256:")
    assert len(blocks) > len(_pins())  # at least one hash per pin
    for line in LOCK_TEXT.splitlines():
        if run._PIN.match(line):
            assert line.endswith("\\"), f"{line} has no --hash"
    assert "--index-url" not in LOCK_TEXT
    assert "--extra-index-url" not in LOCK_TEXT
    assert "--find-links" not in LOCK_TEXT


def test_locked_names_reads_the_pins_in_file_order() -> None:
    text = "# header\nfoo==1.0 \\\n    --hash=sha256:ab\n    # via bar\nbar-baz==2.1 \\\n"
    assert run.locked_names(text) == ["foo", "bar-baz"]
    assert len(run.locked_names(LOCK_TEXT)) == len(_pins())


def test_the_lock_is_installed_with_hashes_then_the_project_without_dependencies() -> None:
    (_, locked), (_, project) = run.install_commands(PYTHON)
    pip = [str(PYTHON), "-m", "pip", "install"]
    assert locked[:4] == pip and locked[-3:] == ["--require-hashes", "-r", str(run.LOCK)]
    assert project[:4] == pip and project[-2:] == ["-e", str(run.ROOT)]
    assert "--no-deps" in project
    assert "-c" not in locked + project


def test_test_runs_both_ruff_checks_mypy_and_pytest_with_its_arguments() -> None:
    steps = dict(run.test_commands(PYTHON, ["-q", "tests/flows"]))
    py = [str(PYTHON), "-m"]
    assert list(steps) == ["ruff check", "ruff format", "mypy", "pytest"]
    assert steps["ruff check"] == [*py, "ruff", "check", str(run.ROOT)]
    assert steps["ruff format"] == [*py, "ruff", "format", "--check", str(run.ROOT)]
    assert steps["mypy"] == [*py, "mypy"]
    assert steps["pytest"] == [*py, "pytest", "-q", "tests/flows"]


def test_any_other_command_is_an_img_advisor_command_and_chat_is_the_default() -> None:
    assert run.advisor_command(PYTHON, []) == [str(PYTHON), "-m", "bot", "chat"]
    assert run.advisor_command(PYTHON, ["plan", "--profile", "p.yaml"]) == [
        str(PYTHON),
        "-m",
        "bot",
        "plan",
        "--profile",
        "p.yaml",
    ]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Collecting aiohttp==3.14.5 (from -r requirements.lock (line 11))", "aiohttp"),
        (
            "Processing /opt/files/annotated_types-0.8.0-py3-none-any.whl (from -r x (line 9))",
            "annotated-types",
        ),
        (
            "Processing /w/contourpy-1.3.3-cp311-cp311-manylinux_2_28_x86_64.whl (from -r x)",
            "contourpy",
        ),
        ("  Downloading aiohttp-3.14.5-cp311-cp311-manylinux_2_17_x86_64.whl (1.9 MB)", None),
        ("Obtaining file:///work/img-advisor", None),
    ],
)
def test_pip_progress_names_each_package_fetched(line: str, name: str | None) -> None:
    assert run.fetched_package(line) == name


class _Replaced(Exception):
    """Stands for os.execv, which never returns."""


@pytest.mark.skipif(os.name != "posix", reason="os.execv replaces the process on POSIX only")
def test_chat_replaces_run_py_so_signals_reach_it_and_nothing_is_orphaned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []

    def execv(path: str, args: list[str]) -> None:
        calls.append((path, args))
        raise _Replaced

    monkeypatch.setattr(run, "ensure_environment", lambda: PYTHON)
    monkeypatch.setattr(run.os, "execv", execv)
    with pytest.raises(_Replaced):
        run.main(["chat", "--user", "amira"])
    assert calls == [(str(PYTHON), [str(PYTHON), "-m", "bot", "chat", "--user", "amira"])]


def test_ctrl_c_during_setup_exits_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted() -> Path:
        raise KeyboardInterrupt

    monkeypatch.setattr(run, "ensure_environment", interrupted)
    assert run.main(["chat"]) == 128 + signal.SIGINT
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix", reason="signals between processes as on POSIX")
def test_sigterm_to_run_py_is_passed_on_to_the_running_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The child sends SIGTERM to its parent (this process, inside run_child) once it runs,
    # then waits for a signal: it ends only if run_child passes the SIGTERM on (run.py's own
    # fallback, ending it after a grace period, is replaced by a plain wait).
    child = [
        sys.executable,
        "-c",
        "import os, signal; os.kill(os.getppid(), signal.SIGTERM); signal.pause()",
    ]
    ended: list[int] = []
    monkeypatch.setattr(run, "_settle", lambda proc: ended.append(proc.wait(timeout=60)))
    previous = signal.getsignal(signal.SIGTERM)
    with pytest.raises(run.Interrupted) as stopped:
        run.run_child(child)
    assert stopped.value.signum == signal.SIGTERM
    assert ended == [-signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) == previous

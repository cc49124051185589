#!/usr/bin/env python3
"""Set up and run IMG Advisor with nothing but Python 3.11+.

    python3 run.py chat        # the console chat on an embedded SQLite database
    python3 run.py test        # the whole test suite (and ruff)
    python3 run.py <args>      # any other `img-advisor` command, e.g. `run`, `plan`, `ask`

The first run creates `.venv/` beside this file and installs the project into it; later runs
reinstall only when `pyproject.toml` or `requirements.lock` changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "requirements.lock"):
        path = ROOT / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_environment() -> Path:
    """Create or refresh the virtual environment; return its interpreter."""
    # run.py itself may be started by an older system Python: say so instead of failing oddly.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit(f"IMG Advisor needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = _venv_python()
    if not python.exists():
        print("Creating .venv (first run only)...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = _fingerprint()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("Installing IMG Advisor and its dependencies into .venv...", file=sys.stderr)
        cmd = [str(python), "-m", "pip", "install", "-qq", "-e", f"{ROOT}[dev]"]
        lock = ROOT / "requirements.lock"
        if lock.exists():
            cmd += ["-c", str(lock)]
        subprocess.run(cmd, check=True, cwd=ROOT)
        STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    """Dispatch `chat`, `test` or any img-advisor command inside the environment."""
    python = ensure_environment()
    if argv[:1] == ["test"]:
        lint = subprocess.run([str(python), "-m", "ruff", "check", str(ROOT)], cwd=ROOT)
        tests = subprocess.run([str(python), "-m", "pytest", *argv[1:]], cwd=ROOT)
        return tests.returncode or lint.returncode
    args = argv or ["chat"]
    return subprocess.run([str(python), "-m", "bot", *args], cwd=os.getcwd()).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

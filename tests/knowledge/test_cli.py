"""The `knowledge check`, `plan` and `ask` commands, run as a user would run them."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli_knowledge import register
from knowledge.loader import DEFAULT_DATA

REPO = Path(__file__).resolve().parents[2]


def run_cli(*argv: str) -> int:
    """Parse argv with the real parser and run the chosen handler."""
    parser = argparse.ArgumentParser(prog="img-advisor")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_check_ok_in_a_real_process():
    """`knowledge check` exits 0 and reports what it loaded."""
    code = (
        "import argparse, sys; from bot.cli_knowledge import register; "
        "p = argparse.ArgumentParser(); register(p.add_subparsers(dest='c')); "
        "a = p.parse_args(['knowledge', 'check']); sys.exit(a.func(a))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    topics = len(list((REPO / "knowledge" / "data" / "topics").glob("*.yaml")))
    assert done.stdout.startswith(f"OK: {topics} topics, ")
    assert " rules, " in done.stdout


def test_check_reports_each_problem(tmp_path, capsys):
    """A broken folder exits 1 and prints each problem as file:line: explanation."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, data)
    rules = data / "rules.yaml"
    rules.write_text(
        rules.read_text().replace(
            "when: prior_fail and step2_not_taken", "when: prior_fale and step2_not_taken"
        )
    )
    assert run_cli("knowledge", "check", "--data", str(data)) == 1
    out = capsys.readouterr().out
    assert f"{rules}:" in out and "unknown name 'prior_fale'" in out
    assert "1 problem(s)" in out


def test_plan_json_for_a_scenario(data_dir, capsys):
    """`plan --json` lists flags and actions with rule ids and sources."""
    profile = next((data_dir / "profiles").glob("2_*.yaml"))
    assert run_cli("plan", "--profile", str(profile), "--json", "--today", "2025-04-01") == 0
    out = json.loads(capsys.readouterr().out)
    assert "needs_h1b" in out["flags"]
    first = out["actions"][0]
    assert first["rule_id"] == "step3_h1b" and first["sources"]


def test_plan_text_from_json_profile(tmp_path, capsys):
    """A JSON profile works too, and the plan prints as phone-sized text."""
    path = tmp_path / "me.json"
    path.write_text(
        json.dumps(
            {"visa": "us_citizen", "usce_months": 0, "usce_hands_on_months": 0, "usce_fields": []}
        )
    )
    assert run_cli("plan", "--profile", str(path)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Your plan")  # printed for a terminal: no raw Markdown marks
    assert "**" not in out
    assert "US clinical experience" in out


def test_plan_rejects_a_bad_profile(tmp_path, capsys):
    """A profile file with a wrong value fails with the field named."""
    path = tmp_path / "bad.yaml"
    path.write_text("visa: martian\n")
    assert run_cli("plan", "--profile", str(path)) == 1
    assert "visa" in capsys.readouterr().out


def test_ask_json(capsys):
    """`ask --json` prints topic, confidence, answer and sources."""
    assert run_cli("ask", "--json", "how", "many", "LoRs", "from", "psych") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["topic"] == "letters" and 0 < out["confidence"] <= 1
    assert "Sources: " in out["answer"] and out["sources"]


@pytest.mark.parametrize("question", ["tell me a joke", "residency help pls"])
def test_ask_json_topic_null_when_not_answered(capsys, question):
    """Off-topic and unclear questions give topic null."""
    assert run_cli("ask", "--json", question) == 0
    assert json.loads(capsys.readouterr().out)["topic"] is None


def test_ask_for_a_user_without_a_saved_profile(capsys):
    """`--user` with nobody saved answers generically."""
    assert run_cli("ask", "--user", "nobody-saved-here", "j1", "or", "h1b?") == 0
    out = capsys.readouterr().out
    assert out.startswith("Visa: J-1 or H-1B")
    assert "For you" not in out

"""The program list: the shipped file sources every stated fact, and a broken file is refused
with `file:line` problems; `knowledge check` warns about pages older than five years."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeError, load_knowledge
from knowledge.errors import Problems
from knowledge.loader import DEFAULT_DATA
from knowledge.programs import FACTS, NOT_STATED, SCOPES, SOURCE_TYPES, read_programs
from tests.knowledge.test_cli import run_cli

SHIPPED = DEFAULT_DATA / "programs.yaml"

GOOD_FACT = """\
        value: false
        source: https://example.edu/apply
        source_type: program_page
        page_date: undated
        scope: combined_program
"""


def _program(facts: str) -> str:
    """A one-program file whose facts are `facts` plus `not stated` for the rest."""
    given = {
        line.strip().split(":")[0]
        for line in facts.splitlines()
        if line.startswith("      ") and not line.startswith("       ")
    }
    rest = "".join(f"      {name}: {NOT_STATED}\n" for name in FACTS if name not in given)
    return (
        "programs:\n"
        "  - id: sample\n"
        "    name: Med-Psych Residency\n"
        "    institution: Sample University\n"
        "    city: Town\n"
        "    state: ST\n"
        "    page: https://example.edu/medpsych\n"
        "    confirmed_by:\n"
        "      source: https://example.edu/medpsych\n"
        "      source_type: program_page\n"
        "      page_date: 2024-05-01\n"
        "    facts:\n" + facts + rest
    )


def _problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "programs.yaml").write_text(text, encoding="utf-8")
    problems = Problems()
    read_programs(tmp_path, problems, "programs.yaml")
    return problems.items


def test_the_shipped_list_loads_with_nine_confirmed_programs() -> None:
    """Nine programs, each confirmed by a page (Tulane, third-party only, is left out)."""
    kb = load_knowledge()
    ids = [p.id for p in kb.programs.programs]
    assert len(ids) == 9 and "utsw" in ids and "tulane" not in ids
    assert all(p.confirmed_by.source_type != "third_party" for p in kb.programs.programs)


def test_every_stated_fact_in_the_shipped_file_has_its_source() -> None:
    """Read as plain YAML: each program names every fact, and each one it states carries
    an address, a source type, a page date and a scope of the allowed kinds."""
    raw = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    for program in raw["programs"]:
        assert set(program["facts"]) == set(FACTS), program["id"]
        for name, fact in program["facts"].items():
            if fact == NOT_STATED:
                continue
            where = f"{program['id']}.{name}"
            assert str(fact["source"]).startswith(("http://", "https://")), where
            assert fact["source_type"] in SOURCE_TYPES, where
            assert fact["scope"] in SCOPES, where
            assert fact["page_date"] == "undated" or isinstance(fact["page_date"], int | dt.date), (
                where
            )
            assert "value" in fact, where


def test_a_good_file_has_no_problems(tmp_path: Path) -> None:
    """The sample used below is valid as it stands."""
    assert _problems(tmp_path, _program("      h1b:\n" + GOOD_FACT)) == []


@pytest.mark.parametrize(
    ("change", "line", "says"),
    [
        (("        source: https://example.edu/apply\n", ""), 14, "missing the field 'source'"),
        (("scope: combined_program", "scope: everywhere"), 18, "scope 'everywhere'"),
        (("page_date: undated", "page_date: last spring"), 17, "page_date 'last spring'"),
        (("page_date: undated", "page_date: 2023-02-30"), 17, "page_date '2023-02-30'"),
        (("source_type: program_page", "source_type: blog"), 16, "source_type 'blog'"),
        (("value: false", "value: maybe"), 14, "true (sponsors) or false"),
        (("source: https://example.edu/apply", "source: example.edu"), 15, "web address"),
        (("      h1b:\n", "      h1b_visa:\n"), 13, "unknown fact 'h1b_visa'"),
    ],
)
def test_a_broken_fact_is_named_by_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int, says: str
) -> None:
    """Each mistake is reported as programs.yaml:<line of the mistake>: what is wrong."""
    text = _program("      h1b:\n" + GOOD_FACT).replace(*change)
    problems = _problems(tmp_path, text)
    assert any(p.startswith(f"programs.yaml:{line}:") and says in p for p in problems), problems


def test_a_missing_fact_must_be_written_as_not_stated(tmp_path: Path) -> None:
    """Leaving a fact out is a problem: the editor writes `not stated` on purpose."""
    text = _program("      h1b:\n" + GOOD_FACT).replace(f"      usce: {NOT_STATED}\n", "")
    problems = _problems(tmp_path, text)
    assert any("the fact 'usce' is missing" in p for p in problems)


def test_the_bot_refuses_to_start_with_a_broken_list(tmp_path: Path) -> None:
    """A broken programs.yaml stops load_knowledge with its file:line, like any file."""
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, data)
    shipped = (data / "programs.yaml").read_text(encoding="utf-8")
    (data / "programs.yaml").write_text(
        shipped.replace("scope: combined_program", "scope: combined", 1), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(data)
    assert any("programs.yaml:" in p and "scope 'combined'" in p for p in err.value.problems)


def test_check_warns_about_pages_older_than_five_years(capsys: pytest.CaptureFixture[str]) -> None:
    """SIU's GME policy (2019-10-18) is flagged by late 2026, with its line; the check passes."""
    assert run_cli("knowledge", "check", "--today", "2026-12-01") == 0
    out = capsys.readouterr().out
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    (siu,) = [w for w in out.splitlines() if "2019-10-18" in w]
    number = int(siu.split(":")[1])
    assert "warning" in siu and lines[number - 1].strip() == "page_date: 2019-10-18"
    assert run_cli("knowledge", "check", "--today", "2024-06-01") == 0
    assert "2019-10-18" not in capsys.readouterr().out

"""The READMEs stay true: their links resolve, and the commands, settings and profile fields
they name exist."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.settings import Settings
from flows.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
READMES = sorted(
    p
    for p in ROOT.rglob("README.md")
    if not {".venv", "node_modules"} & set(p.relative_to(ROOT).parts)
)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#+ (.+)$", re.MULTILINE)


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_reaches_a_file_and_its_heading(readme: Path) -> None:
    for target in _LINK.findall(readme.read_text()):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        page = (readme.parent / path).resolve() if path else readme
        assert page.exists(), f"{readme.relative_to(ROOT)} links to a missing {target}"
        if anchor:
            anchors = {_anchor(h) for h in _HEADING.findall(page.read_text())}
            assert anchor in anchors, f"{readme.relative_to(ROOT)}: no heading for {target}"


def _front_door_commands() -> list[list[str]]:
    """The subcommands README.md names as `img-advisor …` in its code blocks."""
    commands = []
    for line in (ROOT / "README.md").read_text().splitlines():
        if line.startswith("img-advisor "):
            words = []
            for word in line.split()[1:]:
                if word.startswith(("-", "[", '"', "#")) or word.isupper():
                    break
                words.append(word)
            commands.append(words)
    return commands


@pytest.mark.parametrize("words", _front_door_commands(), ids=" ".join)
def test_every_command_the_front_door_names_exists(words: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as done:
        build_parser().parse_args([*words, "--help"])
    assert done.value.code == 0, f"img-advisor {' '.join(words)} is not a command"


def _table_names(readme: Path, pattern: str) -> set[str]:
    names = set()
    for line in readme.read_text().splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(pattern, line.split("|")[1]))
    return names


def test_the_settings_table_names_exactly_the_settings() -> None:
    documented = _table_names(ROOT / "bot" / "README.md", r"`([A-Z][A-Z0-9_]+)`")
    assert {name.lower() for name in documented} == set(Settings.model_fields)


def test_the_profile_file_table_names_exactly_the_profile_fields() -> None:
    documented = _table_names(ROOT / "bot" / "storage" / "README.md", r"`([a-z0-9_]+)`")
    assert documented == set(Profile.model_fields)

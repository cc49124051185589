"""`img-advisor db upgrade` and `db current` on a database given by URL."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.storage.schema import head_revision


def test_db_current_says_what_upgrade_did(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty database says so; after `upgrade` it is at the newest revision."""
    assert main(["db", "current", "--db", sqlite_url]) == 0
    assert "none (empty)" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", sqlite_url]) == 0
    assert capsys.readouterr().out.strip() == f"database at revision {head_revision()}"
    assert main(["db", "current", "--db", sqlite_url]) == 0
    assert "up to date" in capsys.readouterr().out


def test_db_revision_needs_its_reason(capsys: pytest.CaptureFixture[str]) -> None:
    """A migration without its one-line reason is refused before anything is written."""
    with pytest.raises(SystemExit):
        main(["db", "revision"])
    assert "--message" in capsys.readouterr().err

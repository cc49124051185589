"""What `programs <what>` asks for, read from what people type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.programs.requests import find_program, read_request
from knowledge import load_knowledge

CATALOGUE = load_knowledge().programs


@pytest.mark.parametrize(
    ("typed", "action", "program", "note"),
    [
        ("", "list", None, ""),
        ("all", "general", None, ""),
        ("h1b", "focus", None, ""),
        ("duke", "show", "duke", ""),
        ("UT Southwestern", "show", "utsw", ""),
        ("add duke", "add", "duke", ""),
        ("add University of Kentucky", "add", "kentucky", ""),
        ("remove uc davis", "remove", "ucdavis", ""),
        ("note duke: emailed the coordinator", "note", "duke", "emailed the coordinator"),
        ("note UTSW Emailed Dr. Lee", "note", "utsw", "Emailed Dr. Lee"),
        ("shortlist", "shortlist", None, ""),
        ("csv", "csv", None, ""),
        ("add harvard", "add", None, ""),
        ("banana", "unknown", None, ""),
    ],
)
def test_requests_are_read(typed: str, action: str, program: str | None, note: str) -> None:
    """Actions, programs by id, alias or institution, and a note in the user's own case."""
    request = read_request(CATALOGUE, typed)
    assert request.action == action
    assert (request.program.id if request.program else None) == program
    assert request.note == note


def test_shortlist_requests_are_personal_and_the_list_is_not() -> None:
    """Changing or showing the shortlist is personal; the list and one program are not."""
    assert read_request(CATALOGUE, "add duke").personal
    assert read_request(CATALOGUE, "csv").personal
    assert not read_request(CATALOGUE, "").personal
    assert not read_request(CATALOGUE, "duke").personal


def test_every_program_is_found_by_its_id_and_its_institution() -> None:
    """Each listed program can be named by its id and by its institution's name."""
    for program in CATALOGUE.programs:
        assert find_program(CATALOGUE, program.id) == (program, "")
        found = find_program(CATALOGUE, program.institution.upper())
        assert found is not None and found[0] == program


@given(st.text(max_size=120))
def test_any_words_are_read_without_error(typed: str) -> None:
    """Whatever follows `programs`, the request is one of the known actions."""
    request = read_request(CATALOGUE, typed)
    assert request.action in {
        "list",
        "general",
        "focus",
        "show",
        "add",
        "remove",
        "note",
        "shortlist",
        "csv",
        "unknown",
    }
    if request.action in {"show"}:
        assert request.program is not None


@given(st.sampled_from([p.id for p in CATALOGUE.programs]), st.text(min_size=1, max_size=80))
def test_a_note_keeps_what_was_typed(program_id: str, words: str) -> None:
    """`note <id>: <words>` keeps the words (trimmed) for that program."""
    request = read_request(CATALOGUE, f"note {program_id}: {words}")
    assert request.action == "note" and request.program is not None
    assert request.program.id == program_id
    assert request.note == " ".join(words.split()).strip(" :-,")

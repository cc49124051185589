"""The wording of the `programs` feature: lists, groups, one program, the shortlist, CSV.

Every fact shown names its source (the page's site and date) and whether the rule is the
combined program's own, institution-wide or a sister program's.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from urllib.parse import urlparse

from bot.core.markup import literal
from bot.programs.shortlist import Kept
from knowledge.program_fit import Criterion
from knowledge.programs import FACTS, UNDATED, Catalogue, Program, ProgramFact

SCOPE_WORDS = {
    "combined_program": "program's own rule",
    "institution": "institution-wide rule",
    "sister_program": "sister program's rule",
}
SOURCE_WORDS = {  # named beside the site; a program's or institution's page is the default
    "freida_record": "FREIDA record",
    "third_party": "third-party page, approximate",
}
SISTER_NOTE = (
    "_A sister program's rule comes from the categorical IM, psychiatry or Med-Peds page "
    "of the same place; it may not bind the med-psych program._"
)
FACT_TITLES = {
    "positions": "Positions per year",
    "j1": "J-1 visa",
    "h1b": "H-1B visa",
    "graduation": "Graduation year",
    "attempts": "Exam attempts",
    "scores": "Scores",
    "usce": "US clinical experience",
    "ecfmg_deadline": "ECFMG certificate",
    "application_dates": "Application dates",
}
VALUE_WORDS = {
    "first_attempt_only": "first-attempt passes only",
    "passed_steps_only": "every Step taken must be passed",
    "required": "required",
    "preferred": "preferred, not required",
    "not_required": "not required",
}
WHERE_TO_CHECK = "Check each program's own page, FREIDA (AMA) and ERAS before you apply."
USAGE = (
    "**Programs**\n"
    "- `programs`: the list (sorted for you in a private chat)\n"
    "- `programs h1b`, `programs j1`, `programs graduation`, `programs attempts`: "
    "sorted by one rule\n"
    "- `programs duke`: one program, every fact with its source\n"
    "- `programs add duke`, `programs remove duke`, "
    "`programs note duke: emailed the coordinator`\n"
    "- `programs shortlist`, `programs csv`: your shortlist, or it as a CSV file"
)
CONTINUE = "Continue privately"
PRIVATE_ONLY = "Your shortlist is personal, so I keep it to a private chat."
SHORTLIST_TITLE = "**Your program shortlist**"


def coverage(catalogue: Catalogue) -> str:
    """Say honestly what the list covers and where to check."""
    count = len(catalogue.programs)
    return (
        f"_I list {count} programs, each confirmed by its own or its institution's page. "
        "The list is not complete, and most pages show no date. " + WHERE_TO_CHECK + "_"
    )


def _host(url: str) -> str:
    return (urlparse(url).hostname or url).removeprefix("www.")


def source_tag(fact: ProgramFact) -> str:
    """Name a fact's scope and source: "program's own rule; utsouthwestern.edu, undated"."""
    when = "undated" if fact.source.page_date == UNDATED else fact.source.page_date
    kind = SOURCE_WORDS.get(fact.source.source_type)
    site = f"{_host(fact.source.url)} {kind}" if kind else _host(fact.source.url)
    return f"{SCOPE_WORDS[fact.scope]}; {site}, {when}"


def value_text(fact: ProgramFact) -> str:
    """A fact's value in words."""
    if fact.name in ("j1", "h1b"):
        return "sponsors" if fact.value is True else "does not sponsor"
    return VALUE_WORDS.get(str(fact.value), str(fact.value))


def _where(program: Program) -> str:
    return f"**{program.institution}** ({program.city}, {program.state})"


def general_list(catalogue: Catalogue) -> str:
    """One line per program: where it is and what it states about J-1 and H-1B."""
    lines = ["**Med-psych programs** (combined Internal Medicine-Psychiatry)", ""]
    for program in catalogue.programs:
        lines.append(f"- {_where(program)} `{program.id}`: {_visas(program)}")
    lines += [
        "",
        SISTER_NOTE,
        coverage(catalogue),
        "",
        "Type `programs <id>` for every fact of one program.",
    ]
    return "\n".join(lines)


def _visas(program: Program) -> str:
    """ "J-1 yes, H-1B no (its source)": a source shared by both is named once."""
    j1, h1b = program.fact("j1"), program.fact("h1b")

    def said(title: str, fact: ProgramFact | None) -> str:
        if fact is None:
            return f"{title} not stated"
        return f"{title} {'yes' if fact.value is True else 'no'}"

    if j1 and h1b and (j1.source.url, j1.scope) == (h1b.source.url, h1b.scope):
        return f"{said('J-1', j1)}, {said('H-1B', h1b)} ({source_tag(j1)})"
    parts = [
        said(title, fact) + (f" ({source_tag(fact)})" if fact else "")
        for title, fact in (("J-1", j1), ("H-1B", h1b))
    ]
    return "; ".join(parts)


def grouped(catalogue: Catalogue, criteria: Sequence[Criterion], heading: str) -> str:
    """The list sorted by each criterion: its groups, each program with the fact's source."""
    lines = [heading]
    for criterion in criteria:
        lines += ["", f"**{criterion.title}**"]
        for group in criterion.groups:
            if not group.entries:
                continue
            lines.append(f"_{group.label}_ ({len(group.entries)})")
            for entry in group.entries:
                if entry.fact is None:
                    lines.append(f"- {_where(entry.program)}")
                    continue
                shown = "" if criterion.id in ("j1", "h1b") else f"{value_text(entry.fact)}; "
                lines.append(f"- {_where(entry.program)}: {shown}{source_tag(entry.fact)}")
    lines += ["", SISTER_NOTE, coverage(catalogue)]
    return "\n".join(lines)


def detail(program: Program) -> str:
    """Every fact of one program, each with its source and scope; the unstated ones named."""
    lines = [
        f"**{program.name}**, {program.institution} ({program.city}, {program.state})",
        f"Official page: {program.page}",
        "",
    ]
    missing = []
    for name in FACTS:
        fact = program.fact(name)
        if fact is None:
            missing.append(FACT_TITLES[name].lower())
            continue
        note = f" {fact.note}" if fact.note else ""
        lines.append(
            f"- {FACT_TITLES[name]}: {value_text(fact)}.{note} ({source_tag(fact)}: "
            f"{fact.source.url})"
        )
    if missing:
        lines += ["", "Not stated on the pages I have: " + ", ".join(missing) + "."]
    lines += ["", WHERE_TO_CHECK, f"Add it to your shortlist: `programs add {program.id}`"]
    return "\n".join(lines)


def not_found(words: str, catalogue: Catalogue) -> str:
    """Name the programs there are when a typed name matches none."""
    ids = ", ".join(f"`{p.id}`" for p in catalogue.programs)
    what = f"“{words}”" if words else "that"
    return f"I don't have {what} in my program list. The programs I list: {ids}.\n\n{USAGE}"


def shortlist(entries: Sequence[Kept], catalogue: Catalogue) -> str:
    """The user's shortlist with their notes."""
    if not entries:
        return (
            f"{SHORTLIST_TITLE}\n\nIt is empty. Add a program with `programs add <id>` "
            "(for example `programs add duke`)."
        )
    lines = [SHORTLIST_TITLE, ""]
    for kept in entries:
        program = catalogue.by_id(kept.program_id)
        name = _where(program) if program else f"`{kept.program_id}` (no longer listed)"
        note = f" - note: {literal(kept.note)}" if kept.note else ""
        lines.append(f"- {name}{note}")
    lines += ["", "`programs csv` sends it as a file; `programs remove <id>` takes one off."]
    return "\n".join(lines)


def added(program: Program, fresh: bool) -> str:
    """Confirm an addition."""
    if not fresh:
        return f"{program.institution} is already on your shortlist."
    return (
        f"Added {program.institution} to your shortlist. Keep a note with "
        f"`programs note {program.id}: ...`"
    )


def removed(program: Program, found: bool) -> str:
    """Confirm a removal."""
    if not found:
        return f"{program.institution} was not on your shortlist."
    return f"Removed {program.institution} from your shortlist."


def noted(program: Program, found: bool, note: str) -> str:
    """Confirm a note, or say what is missing."""
    if not note:
        example = f"`programs note {program.id}: emailed the coordinator`"
        return f"What should the note say? For example: {example}"
    if not found:
        add = f"`programs add {program.id}`"
        return f"{program.institution} is not on your shortlist yet: {add} first."
    return f"Noted for {program.institution}."


def csv_file(entries: Sequence[Kept], catalogue: Catalogue) -> bytes:
    """The shortlist as CSV: the program, what it states about visas and limits, the note."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "id",
            "institution",
            "program",
            "city",
            "state",
            "page",
            "j1",
            "h1b",
            "graduation",
            "attempts",
            "note",
            "added",
        ]
    )
    for kept in entries:
        program = catalogue.by_id(kept.program_id)
        facts = [
            value_text(f) if program and (f := program.fact(n)) else "not stated"
            for n in ("j1", "h1b", "graduation", "attempts")
        ]
        writer.writerow(
            [
                kept.program_id,
                *(
                    (program.institution, program.name, program.city, program.state, program.page)
                    if program
                    else ("", "", "", "", "")
                ),
                *facts,
                kept.note or "",
                kept.added_at.date().isoformat(),
            ]
        )
    return out.getvalue().encode("utf-8")

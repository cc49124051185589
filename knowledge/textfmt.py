"""Answer texts with placeholders: {fact_id}, {profile_field}, {expression} or {special}.

A number in an answer must come from a fact (which carries its source), so texts may not
contain digits of their own, apart from exam and visa names such as "Step 2" or "H-1B".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.conditions import ConditionError, Expr, compile_value
from knowledge.schema import VarType

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ENDS_CLAUSE = re.compile(r"$|[.,;:!?)]| [-–—] |\n")
# Digits that are part of a name, not a figure.
_NAMED_DIGITS = re.compile(r"\b(?:Step\s*[123]|H-?1B|J-?1|PGY-?\d|B-?[12])\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d[\d.,%]*")


@dataclass(frozen=True, slots=True)
class Slot:
    """One placeholder: a fact shown with its citation, a value, or a special block."""

    source: str
    expr: Expr | None  # None for a special
    facts: frozenset[str]
    special: str | None = None


@dataclass(frozen=True, slots=True)
class Template:
    """A compiled answer text."""

    parts: tuple[str | Slot, ...]
    names: frozenset[str]  # profile fields and derived values it shows
    facts: frozenset[str]
    specials: frozenset[str]

    def render(
        self,
        env: Mapping[str, Any],
        show_fact: Callable[[str], str],
        cite_facts: Callable[[frozenset[str]], str],
        specials: Mapping[str, str] | None = None,
    ) -> str:
        """Fill the placeholders: facts with their citation, values from `env`."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif part.special is not None:
                out.append((specials or {}).get(part.special, ""))
            elif part.expr is not None and part.expr.name in part.facts:
                out.append(show_fact(part.expr.name))
            elif part.expr is not None:
                out.append(format_value(part.expr.fn(env)) + cite_facts(part.facts))
        return "".join(out)


def format_value(value: Any) -> str:
    """Show a profile value in plain words."""
    if value is None:
        return "?"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple):
        return ", ".join(str(v).replace("_", " ") for v in value)
    return str(value).replace("_", " ") if isinstance(value, str) else str(value)


def stray_numbers(text: str) -> list[str]:
    """Return digits in a text that do not come from a placeholder or a name like Step 2."""
    bare = _NAMED_DIGITS.sub(" ", _PLACEHOLDER.sub(" ", text))
    return _DIGIT.findall(bare)


def compile_template(
    text: str,
    names: Mapping[str, VarType],
    facts: frozenset[str],
    specials: frozenset[str],
    cited: frozenset[str] = frozenset(),
) -> Template:
    """Compile a text; raise ConditionError naming the first bad placeholder or number.

    `cited` are the facts shown with a citation in brackets after them (not only the
    articles, which are cited at the end).
    """
    if text.count("{") != text.count("}"):
        raise ConditionError("a '{' or '}' is unmatched; placeholders look like {step2_score}")
    strays = stray_numbers(text)
    if strays:
        raise ConditionError(
            f"the number '{strays[0]}' must come from facts.yaml (which names its source): "
            "add a fact and write {its_id} here"
        )
    parts: list[str | Slot] = []
    used: set[str] = set()
    used_facts: set[str] = set()
    used_specials: set[str] = set()
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        parts.append(text[pos : m.start()])
        pos = m.end()
        source = m.group(1).strip()
        if source in specials:
            parts.append(Slot(source, None, frozenset(), special=source))
            used_specials.add(source)
            continue
        try:
            expr = compile_value(source, names)
        except ConditionError as exc:
            raise ConditionError(f"in placeholder {{{source}}}: {exc}") from None
        slot_facts = frozenset(expr.names & facts)
        if slot_facts and text.count("(", 0, m.start()) > text.count(")", 0, m.start()):
            # A figure is shown with its source in brackets: inside brackets that nests
            # ("signals (2 (2025 season; AAMC))"), hard to read in a second language.
            raise ConditionError(
                f"{{{source}}} is shown with its source in brackets, so it can't sit inside "
                "brackets itself: move it out, e.g. '… — you get {" + source + "}.'"
            )
        if slot_facts & cited and not _ENDS_CLAUSE.match(text, m.end()):
            # The source follows the figure, so words after it read "5 years (USA Health
            # IM, FAQ) ago": the figure has to end its clause.
            raise ConditionError(
                f"{{{source}}} is followed by its source in brackets, so it must end a clause "
                "(be followed by '.', ',', ';', ':', ' - ' or the end): reword, e.g. "
                "'… within {" + source + "}.'"
            )
        used_facts |= slot_facts
        used |= expr.names - facts
        parts.append(Slot(source, expr, slot_facts))
    parts.append(text[pos:])
    return Template(
        tuple(p for p in parts if p != ""),
        frozenset(used),
        frozenset(used_facts),
        frozenset(used_specials),
    )

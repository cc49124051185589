"""Building blocks of the condition language: tokens, checked expressions, conditions."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.schema import VarType

Env = Mapping[str, Any]
Fn = Callable[[Env], Any]

_TOKEN = re.compile(
    r"""\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>"[^"]*"|'[^']*')|(?P<name>[A-Za-z_]\w*)"""
    r"""|(?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\+|-)|(?P<bad>&&|\|\||\S))"""
)
_KEYWORDS = {"and", "or", "not", "in", "contains", "is", "set"}
_HINTS = {"=": "use == to compare", "&&": "write 'and'", "||": "write 'or'", "!": "write 'not'"}


class ConditionError(ValueError):
    """A condition that cannot be read or does not make sense for its types."""


@dataclass(frozen=True, slots=True)
class Expr:
    """One checked piece of an expression: how to compute it and what it is."""

    fn: Fn
    kind: str  # a VarType kind, or "string" / "list" for literals
    options: tuple[str, ...] = ()
    literal: Any = None
    name: str | None = None  # set when the expression is a bare name
    sure: frozenset[str] = frozenset()  # names surely answered whenever this is true
    names: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Condition:
    """A compiled condition: `test(env)` is True only when surely true."""

    source: str
    expr: Expr

    def test(self, env: Env) -> bool:
        """Evaluate against an environment of profile values, flags and facts."""
        return self.expr.fn(env) is True

    @property
    def names(self) -> frozenset[str]:
        """Every name the condition reads."""
        return self.expr.names

    @property
    def sure(self) -> frozenset[str]:
        """Names that are surely answered when the condition is true."""
        return self.expr.sure


def tokenize(source: str) -> list[tuple[str, str]]:
    """Split a condition into (kind, text) tokens; refuse anything unknown."""
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(source):
        kind = m.lastgroup
        if kind is None:
            continue
        text = m.group(kind)
        if kind == "bad":
            hint = _HINTS.get(text, 'only names, numbers, "text", and/or/not and comparisons')
            raise ConditionError(f"'{text}' is not understood here ({hint})")
        if kind == "name" and text in _KEYWORDS:
            kind = "kw"
        out.append((kind, text))
    return out


def what(e: Expr) -> str:
    """Name an expression in an error message."""
    if e.name:
        return f"'{e.name}'"
    return repr(e.literal) if e.literal is not None else "this expression"


def describe(e: Expr) -> str:
    """Say in words what kind of value an expression is."""
    if e.kind in ("num", "text", "choice", "choices"):
        return VarType(e.kind, e.options).describe()  # type: ignore[arg-type]
    return "a value"


def check_option(field: Expr, value: Any) -> None:
    """Refuse a literal that the field can never hold."""
    if field.kind in ("choice", "choices") and field.options and value not in field.options:
        opts = ", ".join(f'"{o}"' for o in field.options)
        raise ConditionError(
            f'"{value}" is not a possible value of {what(field)}; choose from {opts}'
        )
    if field.kind == "num" and not isinstance(value, int | float):
        raise ConditionError(f"{what(field)} is a number; compare it with numbers")

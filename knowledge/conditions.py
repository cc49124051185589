"""A small, safe expression language for rule conditions (no `eval`).

    visa == "needs_h1b" and not step3_passed
    step2_score < ck_mean + ck_margin_after_fail
    usce_fields contains "psychiatry" or letters_psych >= 1
    visa in ["needs_j1", "needs_h1b"]        graduation_year is set

Names are typed (see knowledge/schema.py) and checked when the knowledge loads. An
unanswered field is "unknown": a comparison with it is neither true nor false, and a rule
fires only when its condition is surely true.

This module holds the grammar (a recursive-descent parser); what each operator means and
which types it accepts is in knowledge/operators.py.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from knowledge.expr import Condition, ConditionError, Expr, describe, tokenize, what
from knowledge.operators import (
    COMPARE,
    all_of,
    any_of,
    arithmetic,
    compare,
    is_set,
    member,
    minus,
    negation,
)
from knowledge.schema import VarType


class _Parser:
    """Recursive-descent parser that type-checks while it builds closures."""

    def __init__(
        self,
        source: str,
        names: Mapping[str, VarType],
        numbers: frozenset[float],
        implies: Mapping[str, frozenset[str]],
    ):
        self.toks = tokenize(source)
        self.pos = 0
        self.names = names
        self.numbers = numbers
        self.implies = implies

    def peek(self, offset: int = 0) -> tuple[str, str]:
        i = self.pos + offset
        return self.toks[i] if i < len(self.toks) else ("end", "")

    def take(self, text: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if text is not None and tok[1] != text:
            found = tok[1] or "the end"
            raise ConditionError(f"expected '{text}' but found '{found}'")
        self.pos += 1
        return tok

    def parse(self) -> Expr:
        if not self.toks:
            raise ConditionError("the condition is empty")
        expr = self.or_()
        if self.peek()[0] != "end":
            raise ConditionError(f"unexpected '{self.peek()[1]}'; join parts with 'and' / 'or'")
        return expr

    def or_(self) -> Expr:
        parts = [self.and_()]
        while self.peek() == ("kw", "or"):
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else any_of(parts)

    def and_(self) -> Expr:
        parts = [self.not_()]
        while self.peek() == ("kw", "and"):
            self.take()
            parts.append(self.not_())
        return parts[0] if len(parts) == 1 else all_of(parts)

    def not_(self) -> Expr:
        if self.peek() == ("kw", "not") and self.peek(1) != ("kw", "in"):
            self.take()
            return negation(self.not_())
        return self.compare()

    def compare(self) -> Expr:
        left = self.sum_()
        kind, text = self.peek()
        if kind == "op" and text in COMPARE:
            self.take()
            return compare(text, left, self.sum_())
        if (kind, text) == ("kw", "is"):
            self.take()
            negate = self.peek() == ("kw", "not")
            if negate:
                self.take()
            self.take("set")
            return is_set(left, negate)
        if (kind, text) in (("kw", "in"), ("kw", "not")):
            negate = text == "not"
            self.take()
            if negate:
                self.take("in")
            return member(self.sum_(), left, negate)
        if (kind, text) == ("kw", "contains"):
            self.take()
            return member(left, self.sum_(), False)
        return left

    def sum_(self) -> Expr:
        left = self.unary()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            left = arithmetic(op, left, self.unary())
        return left

    def unary(self) -> Expr:
        if self.peek() == ("op", "-"):
            self.take()
            return minus(self.unary())
        return self.atom()

    def atom(self) -> Expr:
        kind, text = self.take()
        if kind == "num":
            value: float | int = float(text) if "." in text else int(text)
            if value not in self.numbers:
                raise ConditionError(
                    f"the number {text} must come from facts.yaml with its source: add a fact "
                    "and use its name here"
                )
            return Expr(lambda env: value, "num", literal=value)
        if kind == "str":
            word = text[1:-1]
            return Expr(lambda env: word, "string", literal=word)
        if kind == "name":
            return self._name(text)
        if (kind, text) == ("op", "("):
            inner = self.or_()
            self.take(")")
            return inner
        if (kind, text) == ("op", "["):
            return self._list()
        found = text or "the end"
        raise ConditionError(f"expected a name, number or \"text\" but found '{found}'")

    def _list(self) -> Expr:
        items: list[Any] = []
        while self.peek() != ("op", "]"):
            kind, text = self.take()
            if kind == "str":
                items.append(text[1:-1])
            elif kind == "num":
                items.append(float(text) if "." in text else int(text))
            else:
                raise ConditionError('a [list] holds only "text" or numbers')
            if self.peek() == ("op", ","):
                self.take()
            elif self.peek() != ("op", "]"):
                raise ConditionError("separate list items with commas and close with ']'")
        self.take("]")
        value = tuple(items)
        return Expr(lambda env: value, "list", literal=value)

    def _name(self, name: str) -> Expr:
        vt = self.names.get(name)
        if vt is None:
            close = difflib.get_close_matches(name, list(self.names), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ConditionError(f"unknown name '{name}'{hint}")
        return Expr(
            lambda env: env.get(name),
            vt.kind,
            options=vt.options,
            name=name,
            sure=self.implies.get(name, frozenset()),
            names=frozenset({name}),
        )


def compile_condition(
    source: str,
    names: Mapping[str, VarType],
    numbers: frozenset[float] = frozenset({0, 1, 2}),
    implies: Mapping[str, frozenset[str]] | None = None,
) -> Condition:
    """Parse and type-check a yes/no condition; raise ConditionError with a plain reason.

    `implies` maps a flag to the names it surely answers when true, so a rule using the
    flag may show those values.
    """
    expr = _Parser(source, names, numbers, implies or {}).parse()
    if expr.kind != "bool":
        raise ConditionError(
            f"the condition must be yes/no, but {what(expr)} is "
            f"{describe(expr)}; compare it with something"
        )
    return Condition(source, expr)


def compile_value(source: str, names: Mapping[str, VarType]) -> Expr:
    """Parse a value expression for a text placeholder such as {step2_score}."""
    value = _Parser(source, names, frozenset({0, 1, 2}), {}).parse()
    if value.kind == "bool":
        raise ConditionError("a placeholder shows a value, not a yes/no condition")
    return value


__all__ = ["Condition", "ConditionError", "Expr", "compile_condition", "compile_value"]

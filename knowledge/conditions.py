"""A small, safe expression language for rule conditions (no `eval`).

    visa == "needs_h1b" and not step3_passed
    step2_score < ck_mean + ck_margin_after_fail
    usce_fields contains "psychiatry" or letters_psych >= 1
    visa in ["needs_j1", "needs_h1b"]        graduation_year is set

Names are typed (see knowledge/schema.py) and checked when the knowledge loads. An
unanswered field is "unknown": a comparison with it is neither true nor false, and a rule
fires only when its condition is surely true.
"""

from __future__ import annotations

import difflib
import operator
from collections.abc import Callable, Mapping
from typing import Any

from knowledge.expr import (
    Condition,
    ConditionError,
    Env,
    Expr,
    Fn,
    check_option,
    describe,
    tokenize,
    what,
)
from knowledge.schema import VarType

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


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

    def _need_bool(self, e: Expr, word: str) -> None:
        if e.kind != "bool":
            what = e.name or repr(e.literal)
            raise ConditionError(
                f"'{word}' needs yes/no parts, but {what} is not yes/no; "
                "compare it, e.g. step2_score >= 240"
            )

    def or_(self) -> Expr:
        parts = [self.and_()]
        while self.peek() == ("kw", "or"):
            self.take()
            parts.append(self.and_())
        if len(parts) == 1:
            return parts[0]
        for p in parts:
            self._need_bool(p, "or")
        fns = [p.fn for p in parts]

        def fn(env: Env) -> bool | None:
            unknown = False
            for f in fns:
                v = f(env)
                if v is True:
                    return True
                unknown = unknown or v is None
            return None if unknown else False

        sure = frozenset.intersection(*(p.sure for p in parts))
        return Expr(fn, "bool", sure=sure, names=frozenset().union(*(p.names for p in parts)))

    def and_(self) -> Expr:
        parts = [self.not_()]
        while self.peek() == ("kw", "and"):
            self.take()
            parts.append(self.not_())
        if len(parts) == 1:
            return parts[0]
        for p in parts:
            self._need_bool(p, "and")
        fns = [p.fn for p in parts]

        def fn(env: Env) -> bool | None:
            unknown = False
            for f in fns:
                v = f(env)
                if v is False:
                    return False
                unknown = unknown or v is None
            return None if unknown else True

        sure = frozenset().union(*(p.sure for p in parts))
        return Expr(fn, "bool", sure=sure, names=frozenset().union(*(p.names for p in parts)))

    def not_(self) -> Expr:
        if self.peek() == ("kw", "not") and self.peek(1) != ("kw", "in"):
            self.take()
            inner = self.not_()
            self._need_bool(inner, "not")
            f = inner.fn
            return Expr(
                lambda env: None if (v := f(env)) is None else not v, "bool", names=inner.names
            )
        return self.compare()

    def compare(self) -> Expr:
        left = self.sum_()
        kind, text = self.peek()
        if kind == "op" and text in _COMPARE:
            self.take()
            return self._compare(text, left, self.sum_())
        if (kind, text) == ("kw", "is"):
            self.take()
            negate = self.peek() == ("kw", "not")
            if negate:
                self.take()
            self.take("set")
            if left.name is None:
                raise ConditionError("'is set' works on a name, e.g. step2_score is set")
            name, src = left.name, left.fn
            if negate:
                return Expr(lambda env: src(env) is None, "bool", names=left.names)
            return Expr(
                lambda env: src(env) is not None, "bool", sure=frozenset({name}), names=left.names
            )
        if (kind, text) in (("kw", "in"), ("kw", "not")):
            negate = text == "not"
            self.take()
            if negate:
                self.take("in")
            return self._member(self.sum_(), left, negate)
        if (kind, text) == ("kw", "contains"):
            self.take()
            return self._member(left, self.sum_(), False)
        return left

    def _compare(self, op: str, a: Expr, b: Expr) -> Expr:
        if op in ("==", "!="):
            self._check_equal(a, b)
        elif a.kind != "num" or b.kind != "num":
            raise ConditionError(
                f"'{op}' compares numbers; {what(a)} and {what(b)} are not both numbers"
            )
        cmp, fa, fb = _COMPARE[op], a.fn, b.fn

        def fn(env: Env) -> bool | None:
            x, y = fa(env), fb(env)
            if x is None or y is None:
                return None
            return cmp(x, y)

        names = a.names | b.names
        return Expr(fn, "bool", sure=names, names=names)

    def _check_equal(self, a: Expr, b: Expr) -> None:
        kinds = {a.kind, b.kind}
        if len(kinds) == 1 and a.kind in ("num", "bool", "text"):
            return
        for field, lit in ((a, b), (b, a)):
            if field.kind in ("choice", "text") and lit.kind == "string":
                check_option(field, lit.literal)
                return
            if field.kind == "choices" and lit.kind == "list":
                for item in lit.literal:
                    check_option(field, item)
                return
        raise ConditionError(f"cannot compare {what(a)} with {what(b)}")

    def _member(self, container: Expr, item: Expr, negate: bool) -> Expr:
        if container.kind == "list" and item.kind in ("choice", "text", "num"):
            for value in container.literal:
                check_option(item, value)
            values, get = frozenset(container.literal), item.fn

            def fn(env: Env) -> bool | None:
                v = get(env)
                return None if v is None else (v in values) != negate
        elif container.kind == "choices" and item.kind == "string":
            check_option(container, item.literal)
            value, get = item.literal, container.fn

            def fn(env: Env) -> bool | None:
                v = get(env)
                return None if v is None else (value in v) != negate
        else:
            raise ConditionError(
                f"cannot look for {what(item)} in {what(container)}; write "
                'e.g. usce_fields contains "im" or visa in ["needs_j1"]'
            )
        names = container.names | item.names
        return Expr(fn, "bool", sure=names, names=names)

    def sum_(self) -> Expr:
        left = self.unary()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            right = self.unary()
            if left.kind != "num" or right.kind != "num":
                raise ConditionError(f"'{op}' works on numbers only")
            fa, fb, sign = left.fn, right.fn, 1 if op == "+" else -1

            def fn(env: Env, fa: Fn = fa, fb: Fn = fb, sign: int = sign) -> Any:
                x, y = fa(env), fb(env)
                return None if x is None or y is None else x + sign * y

            left = Expr(fn, "num", names=left.names | right.names)
        return left

    def unary(self) -> Expr:
        if self.peek() == ("op", "-"):
            self.take()
            inner = self.unary()
            if inner.kind != "num":
                raise ConditionError("'-' works on numbers only")
            f = inner.fn
            return Expr(lambda env: None if (v := f(env)) is None else -v, "num", names=inner.names)
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

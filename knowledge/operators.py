"""What each operator of the condition language means, apart from the grammar that reads it.

Each builder checks its operands' types (raising ConditionError with a plain reason) and
returns an Expr computed with three-valued logic: None is "unknown", and it spreads
through comparisons, arithmetic, 'and', 'or' and 'not' unless the answer is already sure.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from knowledge.expr import ConditionError, Env, Expr, Fn, check_option, what

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def need_bool(e: Expr, word: str) -> None:
    """Refuse a part of 'and' / 'or' / 'not' that is not yes/no."""
    if e.kind != "bool":
        what = e.name or repr(e.literal)
        raise ConditionError(
            f"'{word}' needs yes/no parts, but {what} is not yes/no; "
            "compare it, e.g. step2_score >= 240"
        )


def any_of(parts: Sequence[Expr]) -> Expr:
    """'a or b or ...': true if one part is true, unknown if none is and one is unknown."""
    for p in parts:
        need_bool(p, "or")
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


def all_of(parts: Sequence[Expr]) -> Expr:
    """'a and b and ...': false if one part is false, unknown if none is and one is unknown."""
    for p in parts:
        need_bool(p, "and")
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


def negation(inner: Expr) -> Expr:
    """'not a': unknown stays unknown."""
    need_bool(inner, "not")
    f = inner.fn
    return Expr(lambda env: None if (v := f(env)) is None else not v, "bool", names=inner.names)


def is_set(left: Expr, negate: bool) -> Expr:
    """'name is set' / 'name is not set': never unknown."""
    if left.name is None:
        raise ConditionError("'is set' works on a name, e.g. step2_score is set")
    name, src = left.name, left.fn
    if negate:
        return Expr(lambda env: src(env) is None, "bool", names=left.names)
    return Expr(lambda env: src(env) is not None, "bool", sure=frozenset({name}), names=left.names)


def compare(op: str, a: Expr, b: Expr) -> Expr:
    """'a OP b' for an operator in COMPARE; order works on numbers only."""
    if op in ("==", "!="):
        _check_equal(a, b)
    elif a.kind != "num" or b.kind != "num":
        raise ConditionError(
            f"'{op}' compares numbers; {what(a)} and {what(b)} are not both numbers"
        )
    cmp, fa, fb = COMPARE[op], a.fn, b.fn

    def fn(env: Env) -> bool | None:
        x, y = fa(env), fb(env)
        if x is None or y is None:
            return None
        return cmp(x, y)

    names = a.names | b.names
    return Expr(fn, "bool", sure=names, names=names)


def _check_equal(a: Expr, b: Expr) -> None:
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


def member(container: Expr, item: Expr, negate: bool) -> Expr:
    """'item in [list]' / 'field contains "option"', or their negation."""
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


def arithmetic(op: str, left: Expr, right: Expr) -> Expr:
    """'a + b' / 'a - b' on numbers."""
    if left.kind != "num" or right.kind != "num":
        raise ConditionError(f"'{op}' works on numbers only")
    fa, fb, sign = left.fn, right.fn, 1 if op == "+" else -1

    def fn(env: Env, fa: Fn = fa, fb: Fn = fb, sign: int = sign) -> Any:
        x, y = fa(env), fb(env)
        return None if x is None or y is None else x + sign * y

    return Expr(fn, "num", names=left.names | right.names)


def minus(inner: Expr) -> Expr:
    """'-a' on a number."""
    if inner.kind != "num":
        raise ConditionError("'-' works on numbers only")
    f = inner.fn
    return Expr(lambda env: None if (v := f(env)) is None else -v, "num", names=inner.names)

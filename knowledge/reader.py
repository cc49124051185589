"""Field-by-field reading of located YAML, reporting each problem with file and line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from knowledge.errors import Problems
from knowledge.yamlsrc import LList, LMap

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class Reader:
    """Reads one file's values; every complaint names this file and a line."""

    file: str
    problems: Problems

    def add(self, line: int, message: str) -> None:
        """Record a problem at a line of this file."""
        self.problems.add(self.file, line, message)

    def top(self, data: Any, key: str) -> LList | LMap | None:
        """Return the top-level section `key` of a file, or report that it is missing."""
        if not isinstance(data, LMap):
            self.add(getattr(data, "line", 1), f"the file must start with '{key}:'")
            return None
        extra = set(data) - {key}
        for name in sorted(extra):
            self.add(data.line_of(name), f"unknown section '{name}'; expected only '{key}:'")
        if key not in data:
            self.add(data.line, f"the section '{key}:' is missing")
            return None
        return data[key]

    def entries(self, items: Any, line: int, what: str) -> Iterator[LMap]:
        """Yield each mapping of a list, reporting items that are not mappings."""
        if not isinstance(items, LList):
            self.add(line, f"{what} must be a list of entries, each starting with '- '")
            return
        for item, item_line in zip(items, items.lines, strict=True):
            if isinstance(item, LMap):
                yield item
            else:
                self.add(item_line, f"each {what} entry must have fields such as 'id: ...'")

    def keys(
        self, m: LMap, required: Collection[str], optional: Collection[str], what: str
    ) -> bool:
        """Check field names: report unknown (misspelt) and missing ones."""
        ok = True
        allowed = set(required) | set(optional)
        for key in m:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.add(m.line_of(key), f"unknown field '{key}' in {what} (allowed: {hint})")
                ok = False
        for key in required:
            if key not in m:
                self.add(m.line, f"{what} is missing the field '{key}'")
                ok = False
        return ok

    def text(self, m: LMap, key: str, what: str, *, max_len: int | None = None) -> str | None:
        """Return a non-empty text field."""
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(m.line_of(key), f"'{key}' of {what} must be text")
            return None
        text = str(value).strip()
        if not text:
            self.add(m.line_of(key), f"'{key}' of {what} is empty")
            return None
        if max_len is not None and len(text) > max_len:
            self.add(
                m.line_of(key),
                f"'{key}' of {what} is {len(text)} characters; "
                f"keep it to {max_len} (it is a button label)",
            )
        return text

    def ident(self, m: LMap, what: str, seen: set[str]) -> str | None:
        """Return the entry's `id`, checking its form and that it is not used twice."""
        value = self.text(m, "id", what)
        if value is None:
            return None
        if not ID_PATTERN.match(value):
            self.add(
                m.line_of("id"),
                f"the id '{value}' must use lowercase letters, digits "
                "and _ and start with a letter",
            )
        if value in seen:
            self.add(m.line_of("id"), f"the id '{value}' is used twice")
        seen.add(value)
        return value

    def integer(self, m: LMap, key: str, lo: int, hi: int, what: str) -> int | None:
        """Return an integer field within [lo, hi]."""
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            self.add(m.line_of(key), f"'{key}' of {what} must be a whole number from {lo} to {hi}")
            return None
        return value

    def refs(
        self, m: LMap, key: str, known: Collection[str], what: str, where: str = "sources.yaml"
    ) -> tuple[str, ...]:
        """Return a list of ids that must exist in `known` (e.g. source ids)."""
        value = m.get(key)
        line = m.line_of(key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.add(line, f"'{key}' of {what} must list at least one id, like [id1, id2]")
            return ()
        out: list[str] = []
        for item in value:
            if str(item) not in known:
                self.add(
                    line,
                    f"'{item}' in '{key}' of {what} is not defined (check the spelling in {where})",
                )
            else:
                out.append(str(item))
        return tuple(out)

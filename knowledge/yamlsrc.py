"""Read YAML while keeping line numbers, so every problem can name its file and line.

Mappings become `LMap` (a dict that remembers the line of each key) and sequences `LList`
(a list that remembers the line of each item); scalars become plain Python values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from knowledge.errors import Problems

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LMap(dict[str, Any]):
    """A YAML mapping with the 1-based line of itself and of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Return the line of `key`, or of the mapping when the key is absent."""
        return self.key_lines.get(key, self.line)


class LList(list[Any]):
    """A YAML sequence with the 1-based line of itself and of each item."""

    line: int
    lines: list[int]


def _convert(node: yaml.Node, file: str, problems: Problems, scalars: SafeConstructor) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = LMap()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, file, problems, scalars)
            key_line = key_node.start_mark.line + 1
            if isinstance(key, int) and not isinstance(key, bool):
                key = str(key)  # e.g. a Match year used as a key
            if not isinstance(key, str):
                problems.add(file, key_line, f"the key {key!r} must be a word or a number")
                continue
            if key in result:
                problems.add(file, key_line, f"'{key}' appears twice here; keep one")
                continue
            result[key] = _convert(value_node, file, problems, scalars)
            result.key_lines[key] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LList(_convert(item, file, problems, scalars) for item in node.value)
        items.line = line
        items.lines = [item.start_mark.line + 1 for item in node.value]
        return items
    try:
        return scalars.construct_object(node)
    except ValueError:  # a date-shaped scalar that is no date ("2023-02-30")
        problems.add(file, line, f"'{node.value}' is not a real date; write it as YYYY-MM-DD")
        return str(node.value)


def read_yaml(path: Path, label: str, problems: Problems) -> Any:
    """Read one YAML file into located values; report syntax errors and return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.add(label, 1, f"cannot read the file ({exc.strerror})")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = exc.problem or "invalid YAML"
        problems.add(
            label,
            line,
            f"the file is not valid YAML ({what}); check indentation, and "
            "put text containing ': ' on its own lines after '>-' or '|'",
        )
        return None
    if node is None:
        problems.add(label, 1, "the file is empty")
        return None
    return _convert(node, label, problems, SafeConstructor())

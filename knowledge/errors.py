"""Errors raised when the knowledge files are invalid, and the collector that gathers them."""

from __future__ import annotations

from dataclasses import dataclass, field


class KnowledgeError(Exception):
    """The knowledge files have problems; `.problems` lists them as `file:line: explanation`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = "; ".join(self.problems[:3])
        more = f" (and {count - 3} more)" if count > 3 else ""
        super().__init__(f"{count} problem(s) in the knowledge files: {head}{more}")


@dataclass
class Problems:
    """Collects problems while loading, so an editor sees all of them at once."""

    items: list[str] = field(default_factory=list)

    def add(self, file: str, line: int, message: str) -> None:
        """Record one problem at a 1-based line of a file."""
        self.items.append(f"{file}:{line}: {message}")

    def raise_if_any(self) -> None:
        """Raise KnowledgeError when anything was recorded."""
        if self.items:
            raise KnowledgeError(self.items)

"""Errors that name the file, row and field, so a person can fix their spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# A file with thousands of bad rows is reported by its first problems, not all of them.
MAX_REPORTED = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    message: str
    file: str | None = None
    row: int | None = None  # as a person sees it: the spreadsheet row, or the feature number
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class IngestError(Exception):
    """The input cannot be imported; nothing was written."""

    def __init__(self, problems: Problem | str | Iterable[Problem], *, file: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, file=file)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.total = len(self.problems)
        super().__init__(self.describe())

    def describe(self) -> str:
        shown = self.problems[:MAX_REPORTED]
        lines = [str(p) for p in shown]
        if self.total > len(shown):
            lines.append(f"... and {self.total - len(shown)} more problems")
        return "\n".join(lines)


class ProblemCollector:
    """Collect row problems while validating a whole file, then fail once with all of them."""

    def __init__(self, file: str | Path):
        self.file = Path(file).name
        self.problems: list[Problem] = []

    def add(self, message: str, *, row: int | None = None, field: str | None = None) -> None:
        self.problems.append(Problem(message, file=self.file, row=row, field=field))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise IngestError(self.problems)

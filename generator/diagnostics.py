"""Problems found in content, and how they are printed.

Every check in xxgk reports through :class:`Problem`, so an editor always sees
the same shape: ``path:line: field: message`` in Chinese, then a hint saying
how to fix it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


LEVEL_LABEL = {Level.ERROR: "错误", Level.WARNING: "警告"}


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int | None
    field: str  # the key (or cell) concerned, "" for the whole file
    message: str  # what is wrong, in Chinese
    hint: str = ""  # how to fix it, in Chinese
    level: Level = Level.ERROR
    rule: str = ""  # machine-readable rule id, e.g. "item.required"

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def format(self) -> str:
        head = f"{self.location()}: "
        if self.field:
            head += f"{self.field}: "
        text = f"{head}{LEVEL_LABEL[self.level]}：{self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text


@dataclass
class Problems:
    """An ordered collection of problems, errors and warnings alike."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Problems | list[Problem]) -> None:
        self.items.extend(problems.items if isinstance(problems, Problems) else problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.WARNING]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.path, p.line or 0, p.field))

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "检查通过：没有发现问题。"
        verdict = "检查未通过" if errors else "检查通过"
        return f"{verdict}：{errors} 个错误，{warnings} 个警告。"

    def format(self) -> str:
        lines = [p.format() for p in self.sorted()]
        lines.append(self.summary())
        return "\n".join(lines)

    def to_json(self) -> str:
        rows = [{**asdict(p), "level": p.level.value} for p in self.sorted()]
        return json.dumps(rows, ensure_ascii=False, indent=2)


def rel(path: Path, root: Path) -> str:
    """A path as editors see it: relative to the project root when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class ContentError(Exception):
    """Raised when content has errors; carries every problem found."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(problems.format())

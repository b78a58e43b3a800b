"""Problems found in content, and how they are printed.

Every check in xxgk reports through :class:`Problem`, so an editor always sees
the same shape: ``path:line: field: message`` in Chinese, then a hint saying
how to fix it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


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
    column: int | None = None  # 1-based; YAML syntax errors name the character

    def plain(self) -> tuple[Any, ...]:
        """As plain data, for the per-file memo (``diskmemo``), in the order of the fields."""
        return (self.path, self.line, self.field, self.message, self.hint, str(self.level), self.rule, self.column)

    @classmethod
    def from_plain(cls, data: tuple[Any, ...]) -> Problem:
        path, line, field_, message, hint, level, rule, column = data
        return cls(path, line, field_, message, hint, Level(level), rule, column)

    def location(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"

    def format(self) -> str:
        head = f"{self.location()}: "
        if self.field:
            head += f"{self.field}: "
        text = f"{head}{LEVEL_LABEL[self.level]}：{self.message}"
        if self.hint:
            # A hint of several lines (e.g. the nearest allowed values) stays under "提示：".
            text += "\n    提示：" + self.hint.replace("\n", "\n          ")
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


def nearest(value: str, options: Iterable[str], n: int = 5, cutoff: float = 0.3) -> list[str]:
    """The options closest to ``value``; a two-level value (``一级\\二级``) is
    also compared by its second level alone, which is what editors remember."""
    def score(option: str) -> float:
        tail = option.rsplit("\\", 1)[-1]
        return max(difflib.SequenceMatcher(None, value, option).ratio(), difflib.SequenceMatcher(None, value, tail).ratio())

    scored = sorted(((score(o), o) for o in dict.fromkeys(options)), key=lambda pair: -pair[0])
    return [option for ratio, option in scored[:n] if ratio >= cutoff]


def choices_hint(value: str, options: Iterable[str], full_list: str) -> str:
    """The nearest allowed values one per line (names may hold 、, so never joined
    by it), then where the whole list is: ``full_list`` names a section of EDITING.md."""
    close = nearest(value, options)
    head = ("最接近的取值：\n" + "\n".join(f"  {option}" for option in close) + "\n") if close else ""
    return f"{head}全部取值见{full_list}。"


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

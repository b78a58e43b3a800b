"""Extraction profiles: where a legacy template keeps its body and each field.

A profile is a YAML file in the format of ``import-profile.schema.json``. The
built-in ones (``profiles/*.yml``) describe the common CMS families and are
chosen per page by their markers (``detect``); an operator writes one for an
unknown template and passes it with ``--profile``: it then applies to every page.
Selectors are CSS (selectolax/lexbor); ``selector @attr`` reads an attribute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from ..diagnostics import Problem, Problems
from ..schemas import validate
from ..sources import Source, SourceError, load_yaml_file

BUILTIN_DIR = Path(__file__).parent / "profiles"
SCHEMA = "import-profile"
_ATTRIBUTE = re.compile(r"^(?P<css>.*?\S)\s*@(?P<attr>[A-Za-z_:][-\w:.]*)$")
_PROBE = LexborHTMLParser("<p></p>")


@dataclass(frozen=True)
class Selector:
    css: str
    attr: str | None = None  # None: the element's text

    @classmethod
    def parse(cls, text: str) -> Selector:
        m = _ATTRIBUTE.match(text.strip())
        return cls(m.group("css"), m.group("attr")) if m else cls(text.strip())


@dataclass(frozen=True)
class Profile:
    key: str  # the file's stem: kaipu-ucap, trs, hanweb, or the operator's
    name: str
    detect: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    fields: tuple[tuple[str, tuple[Selector, ...]], ...] = ()
    labels: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def selectors(self, field: str) -> tuple[Selector, ...]:
        return dict(self.fields).get(field, ())

    def extra_labels(self, field: str) -> tuple[str, ...]:
        return dict(self.labels).get(field, ())

    def score(self, tree: LexborHTMLParser) -> int:
        """How many of its markers the page has (0: not this template)."""
        return sum(1 for css in self.detect if tree.css_first(css) is not None)


class ProfileError(Exception):
    """A profile that cannot be used: every problem, with file and line."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(problems.format())


def _selector_problems(data: dict, source: Source, rel: str) -> Problems:
    problems = Problems()
    groups: list[tuple[tuple[str, ...], object]] = [((key,), data.get(key)) for key in ("detect", "body", "remove")]
    groups += [(("fields", f), v) for f, v in (data.get("fields") or {}).items()]
    for path, values in groups:
        for n, text in enumerate(values if isinstance(values, list) else []):
            if not isinstance(text, str):
                continue
            css = Selector.parse(text).css if path[0] == "fields" else text
            try:
                _PROBE.css(css)
            except SelectolaxError:
                problems.add(
                    Problem(
                        rel, source.line(*path, n), ".".join((*path, f"第{n + 1}项")),
                        f"“{text}”不是有效的 CSS 选择器",
                        "写成 div.content、#zoom、td.title 这样；取属性时在后面写 @属性名，例如 meta[name=PubDate] @content。",
                        rule="profile.selector",
                    )
                )
    return problems


def load_profile(path: Path, rel: str) -> Profile:
    """A profile file, validated (schema, then selectors); raises :class:`ProfileError`."""
    try:
        source = load_yaml_file(path)
    except SourceError as exc:
        raise ProfileError(Problems([Problem(rel, exc.line, exc.field, exc.message, exc.hint, rule="profile.syntax")])) from None
    problems = Problems(validate(source.data, SCHEMA, source, rel))
    if not problems.items:
        problems.extend(_selector_problems(source.data, source, rel))
    if problems.items:
        raise ProfileError(problems)
    data = source.data
    return Profile(
        key=path.stem,
        name=data["name"],
        detect=tuple(data.get("detect") or ()),
        body=tuple(data["body"]),
        remove=tuple(data.get("remove") or ()),
        fields=tuple((f, tuple(Selector.parse(s) for s in v)) for f, v in (data.get("fields") or {}).items()),
        labels=tuple((f, tuple(v)) for f, v in (data.get("labels") or {}).items()),
    )


@cache
def builtin_profiles() -> tuple[Profile, ...]:
    return tuple(load_profile(path, f"generator/importer/profiles/{path.name}") for path in sorted(BUILTIN_DIR.glob("*.yml")))


def detect(tree: LexborHTMLParser, profiles: tuple[Profile, ...]) -> Profile | None:
    """The profile whose markers the page has most of (the first on a tie), or None."""
    best, best_score = None, 0
    for profile in profiles:
        score = profile.score(tree)
        if score > best_score:
            best, best_score = profile, score
    return best

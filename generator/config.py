"""The agency's configuration (``content/site.yml``), with every default in one place."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field, fields
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml

DATA_DIR = Path(__file__).parent / "data"
NATIONAL_INDEX_TEMPLATE = "{code}/{year}-{serial:05d}"


# Our own data files (not content: no line numbers needed) are read by libyaml when PyYAML has it:
# ~10 times faster than the Python parser (~7 ms a build for the three).
_DATA_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def data_file(name: str) -> Any:
    return yaml.load((DATA_DIR / name).read_text(encoding="utf-8"), Loader=_DATA_LOADER)


def topics() -> dict[str, list[str]]:
    """主题分类: first level → second-level names (gov.cn list)."""
    return {k: list(v or []) for k, v in data_file("topics.yml").items()}


def _template_parts(template: str) -> list[tuple[str, str]]:
    """("lit", text) or ("field", "code"|"year"|"serial[:fmt]") for each piece of a 索引号 template."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in re.finditer(r"\{(code|year|serial)(?::([^}]*))?\}", template):
        if m.start() > pos:
            out.append(("lit", template[pos : m.start()]))
        out.append(("field", m.group(1) + (":" + m.group(2) if m.group(2) else "")))
        pos = m.end()
    if pos < len(template):
        out.append(("lit", template[pos:]))
    return out


@cache
def template_regex(template: str, code: str) -> re.Pattern[str]:
    """The numbers a template (``{code}/{year}-{serial:05d}``) describes, for this agency's code."""
    pattern = ""
    for kind, text in _template_parts(template):
        if kind == "lit":
            pattern += re.escape(text)
        elif text == "code":
            pattern += re.escape(code)
        elif text == "year":
            pattern += r"(?P<year>[0-9]{4})"
        else:
            width = re.match(r"serial:0?(\d+)d", text)
            pattern += rf"(?P<serial>[0-9]{{{width.group(1)}}})" if width else r"(?P<serial>[0-9]+)"
    return re.compile(f"^{pattern}$")


@dataclass(frozen=True)
class LegacyForm:
    """A form of 索引号 a former system issued (kept verbatim when a column is
    migrated), valid in the columns listed (and their sub-columns), or
    everywhere when none is listed. Written like the template."""

    template: str
    columns: tuple[str, ...] = ()

    def covers(self, column: str | None) -> bool:
        return not self.columns or (
            column is not None and any(column == c or column.startswith(c + "/") for c in self.columns)
        )


@dataclass(frozen=True)
class IndexNoRule:
    """How this agency's 索引号 look: one template drives validation and generation."""

    code: str
    template: str = NATIONAL_INDEX_TEMPLATE
    also_accept: tuple[str, ...] = ()
    legacy: tuple[LegacyForm, ...] = ()

    @property
    def regex(self) -> re.Pattern[str]:
        return template_regex(self.template, self.code)

    def example(self, year: int = 2024, serial: int = 1) -> str:
        return self.format(year, serial)

    def format(self, year: int, serial: int) -> str:
        return self.template.format(code=self.code, year=year, serial=serial)

    @property
    def yearly(self) -> bool:
        """Serials restart each year; a form without {year} is one running sequence."""
        return "{year" in self.template

    def parse(self, value: str) -> tuple[int, int] | None:
        """(year, serial) of a number in this agency's form, else None (year 0 if the form has none)."""
        m = self.regex.match(value)
        if not m:
            return None
        year = m.groupdict().get("year")
        return (int(year) if year else 0, int(m.group("serial")))

    def accepts(self, value: str, column: str | None = None) -> bool:
        """In this agency's form, an accepted old form, or a legacy form of ``column`` (its path)."""
        return (
            bool(self.regex.match(value))
            or any(re.fullmatch(p, value) for p in self.also_accept)
            or any(f.covers(column) and template_regex(f.template, self.code).match(value) for f in self.legacy)
        )


_SERIAL_SPEC = re.compile(r"^(0?[1-9]\d?d)?$")


def template_problem(template: str) -> str | None:
    """Why a 索引号 template cannot be used, or None. Placeholders are {code},
    {year} and exactly one {serial} (optionally zero-padded: {serial:05d})."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError:
        return "花括号不配对"
    names = [name for name, _, _ in fields]
    unknown = [name for name in names if name not in ("code", "year", "serial")]
    if unknown:
        return f"不认识的占位符 {{{unknown[0]}}}"
    if names.count("serial") != 1:
        return "必须有且只有一个 {serial}（流水号）"
    for name, spec, conv in fields:
        if conv or (spec and name != "serial") or not _SERIAL_SPEC.match(spec or ""):
            return f"占位符 {{{name}:{spec}}} 的写法不对" if spec else f"占位符 {{{name}!{conv}}} 的写法不对"
    return None


def rule_problems(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, str]]:
    """site.yml rules a JSON Schema cannot state: (key path, message, hint)."""
    out: list[tuple[tuple[Any, ...], str, str]] = []
    rule = data.get("index_no")
    if isinstance(rule, dict):
        template = rule.get("template")
        if isinstance(template, str) and (why := template_problem(template)):
            out.append(
                (
                    ("index_no", "template"),
                    f"索引号模板“{template}”不能用：{why}",
                    "模板由 {code}、{year} 和 {serial} 组成，例如全国统一格式 {code}/{year}-{serial:05d}。",
                )
            )
        for n, form in enumerate(rule.get("legacy") or []):
            if isinstance(form, dict) and isinstance(form.get("template"), str) and (why := template_problem(form["template"])):
                out.append(
                    (
                        ("index_no", "legacy", n, "template"),
                        f"旧索引号格式“{form['template']}”不能用：{why}",
                        "照旧索引号的样子写，年份写 {year}、流水号写 {serial}（位数固定时写 {serial:05d}），例如 {code}/{year}-A01-{serial:05d}。",
                    )
                )
        for n, pattern in enumerate(rule.get("also_accept") or []):
            if isinstance(pattern, str):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    out.append(
                        (
                            ("index_no", "also_accept", n),
                            f"正则表达式“{pattern}”写错了：{exc}",
                            "括号、方括号要配对；要匹配这些符号本身，在前面加反斜杠，例如 \\(。",
                        )
                    )
    columns = data.get("columns")
    if isinstance(columns, list):
        seen: dict[str, tuple[Any, ...]] = {}

        def walk(specs: list[Any], path: tuple[Any, ...]) -> None:
            for n, spec in enumerate(specs):
                if not isinstance(spec, dict):
                    continue
                here = (*path, n)
                column_id = spec.get("id")
                if isinstance(column_id, str):
                    if column_id in seen:
                        out.append(
                            (
                                (*here, "id"),
                                f"栏目代码 {column_id} 重复",
                                "每个栏目的代码（id）在全站唯一，它决定网址和文件夹：给其中一个换一个代码。",
                            )
                        )
                    seen.setdefault(column_id, here)
                if isinstance(spec.get("children"), list):
                    walk(spec["children"], (*here, "children"))

        walk(columns, ("columns",))
    out.extend(_legacy_column_problems(data))
    out.extend(_publisher_problems(data))
    return out


def _column_paths(specs: list[Any], prefix: str = "") -> list[str]:
    paths: list[str] = []
    for spec in specs:
        if isinstance(spec, dict) and isinstance(spec.get("id"), str):
            path = prefix + spec["id"]
            paths.append(path)
            paths.extend(_column_paths(spec.get("children") or [], path + "/"))
    return paths


def _legacy_column_problems(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, str]]:
    """Legacy 索引号 forms name columns by path (``zcwj/gfxwj``): each must exist."""
    rule = data.get("index_no")
    forms = rule.get("legacy") if isinstance(rule, dict) else None
    if not isinstance(forms, list):
        return []
    specs = data.get("columns") if isinstance(data.get("columns"), list) else data_file("columns.yml")
    known = _column_paths(specs)
    out = []
    for n, form in enumerate(forms):
        for k, column in enumerate((form.get("columns") or []) if isinstance(form, dict) else []):
            if isinstance(column, str) and column not in known:
                out.append(
                    (
                        ("index_no", "legacy", n, "columns", k),
                        f"没有栏目 {column}",
                        "写栏目的路径（content/items/ 下的文件夹），例如 " + "、".join(known[:4]) + " 等。",
                    )
                )
    return out


def _publisher_key(name: str) -> str:
    """How spellings of a 发布机构 are compared: whitespace ignored (spaced-out or line-broken names)."""
    return "".join(name.split())


def _publisher_problems(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, str]]:
    """One spelling names one publisher: a name or alias listed twice is ambiguous."""
    entries = data.get("publishers")
    if not isinstance(entries, list):
        return []
    seen: dict[str, str] = {}
    out = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        spellings = [(("publishers", n, "name"), entry.get("name"))]
        spellings += [(("publishers", n, "aliases", k), a) for k, a in enumerate(entry.get("aliases") or [])]
        for keys, spelling in spellings:
            if not isinstance(spelling, str):
                continue
            key = _publisher_key(spelling)
            if key in seen:
                out.append(
                    (keys, f"“{spelling}”已写在“{seen[key]}”下", "每种写法只能对应一个发布机构：删掉重复的一处，或把两项合并为一项。")
                )
            seen.setdefault(key, str(entry.get("name")))
    return out


T = TypeVar("T")


@dataclass(frozen=True)
class Publisher:
    """An agency and the other names it is printed under (区财政金融局 for 平潭综合实验区财政金融局)."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def settings_from(cls: type[T], data: Any) -> T:
    """A settings dataclass filled from its (schema-valid) site.yml section:
    what the section states, the dataclass defaults for the rest."""
    values = data if isinstance(data, dict) else {}
    given = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in values:
            value = values[f.name]
            given[f.name] = tuple(value) if isinstance(value, list) else value
    return cls(**given)


@dataclass
class SiteConfig:
    """site.yml as the core reads it. Every default is here (or, for a
    feature's section, in that feature's settings dataclass)."""

    agency_name: str
    org_code: str
    region: str = ""
    footer: dict[str, Any] = field(default_factory=dict)
    # The public address of the column (ends with "/"): canonical links, sitemap.xml,
    # robots.txt, feeds and the 404 page's links under a sub-path. "" = unknown.
    site_url: str = ""
    description: str = ""  # <meta name="description"> of pages without their own
    images: dict[str, str] = field(default_factory=dict)  # emblem / favicon → file under content/
    index_no: IndexNoRule = field(default_factory=lambda: IndexNoRule(code=""))
    language: str = "zh-CN"
    # 50 rows: a listing page's chrome (header, navigation, footer: ~11 KB) is then ~0.2 KB
    # a row instead of ~0.55 KB, and every document is a row of about three listings; at 20
    # the listings were 2.7 KB of every document, 130 MB of a 50 000-item site (issue 11).
    # On a phone 50 rows are a page one scrolls, which older readers manage more easily
    # than small page links (STANDARDS: 适老化).
    per_page: int = 50
    genres: tuple[str, ...] = ()
    column_specs: list[dict[str, Any]] = field(default_factory=list)
    allowed_hosts: tuple[str, ...] = ()  # other hosts content may embed images and media from
    publishers: tuple[Publisher, ...] = ()  # canonical 发布机构 names and their aliases
    features: dict[str, bool] = field(default_factory=dict)  # a feature set to false is switched off
    sections: dict[str, Any] = field(default_factory=dict)  # the features' own sections, as written
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)  # where each key sits in site.yml
    # False when site.yml is missing or unreadable: the defaults stand in, so
    # checks that depend on it (columns, the 索引号 rule …) would only echo that one error.
    usable: bool = True
    _settings: dict[str, Any] = field(default_factory=dict, repr=False)

    def line(self, *keys: Any) -> int:
        """Line of the deepest key of ``keys`` written in site.yml, else 1."""
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.lines:
                return self.lines[keys[:n]]
        return 1

    def settings(self, key: str, cls: type[T]) -> T:
        """A feature's typed section (``reports``, ``inspection``, ``search`` …)."""
        if key not in self._settings:
            self._settings[key] = settings_from(cls, self.sections.get(key))
        return self._settings[key]

    def canonical_publisher(self, name: str) -> str:
        """The name ``publishers`` lists for this spelling (whitespace ignored), else ``name`` itself
        (search facets, the metadata block and imports all use it)."""
        return self._canonical.get(_publisher_key(name), name.strip())

    @cached_property
    def _canonical(self) -> dict[str, str]:
        return {_publisher_key(n): p.name for p in self.publishers for n in p.names}

    def enabled(self, feature: str) -> bool:
        return self.features.get(feature, True) is not False

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SiteConfig:
        """The configuration from site.yml data that passed its schema and
        :func:`rule_problems` (the loader drops every section that did not)."""
        agency = data.get("agency") or {}
        website = data.get("website") or {}
        rule = data.get("index_no") or {}
        code = str(agency.get("org_code", ""))
        return cls(
            agency_name=str(agency.get("name", "")),
            org_code=code,
            region=str(agency.get("region", "")),
            footer=dict(data.get("footer") or {}),
            site_url=_directory_url(str(website.get("url") or "")),
            description=str(website.get("description") or ""),
            images=_images(website, data.get("footer") or {}),
            index_no=IndexNoRule(
                code=code,
                template=rule.get("template", NATIONAL_INDEX_TEMPLATE),
                also_accept=tuple(rule.get("also_accept", ())),
                legacy=tuple(
                    LegacyForm(template=form["template"], columns=tuple(form.get("columns") or ()))
                    for form in rule.get("legacy") or ()
                ),
            ),
            language=data.get("language", "zh-CN"),
            per_page=int(data.get("per_page", SiteConfig.per_page)),
            genres=tuple(data_file("genres.yml")) + tuple(data.get("extra_genres", ())),
            column_specs=data.get("columns") or data_file("columns.yml"),
            allowed_hosts=tuple(data.get("allowed_hosts") or ()),
            publishers=tuple(
                Publisher(str(p["name"]), tuple(str(a) for a in p.get("aliases") or ()))
                for p in data.get("publishers") or ()
                if isinstance(p, dict) and p.get("name")
            ),
            features=dict(data.get("features") or {}),
            sections={k: v for k, v in data.items() if k not in CORE_KEYS},
        )


def _images(website: dict[str, Any], footer: dict[str, Any]) -> dict[str, str]:
    """The identity's image files (paths under content/), by role."""
    found = {role: str(website[role]) for role in ("emblem", "favicon") if website.get(role)}
    conac = footer.get("conac")
    if isinstance(conac, dict) and conac.get("image"):
        found["conac"] = str(conac["image"])
    return found


def _directory_url(url: str) -> str:
    """``site_url`` as a folder address (MkDocs's ``site_url`` ends with "/")."""
    return url if not url or url.endswith("/") else url + "/"


# The keys of site.yml the core reads itself; every other key is a feature's section.
CORE_KEYS = frozenset(
    {
        "agency", "footer", "website", "index_no", "language", "per_page", "extra_genres", "columns", "allowed_hosts",
        "publishers", "features",
    }
)

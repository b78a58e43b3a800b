"""The cross-year comparison: which figures it shows, and how each format
supplies them.

Each row maps every format onto one expression over cells (the syntax of
``identities.py``) or ``None`` where the format has no such figure. A
``differs`` note marks a format whose figure is the closest official one but
not the same thing; the page flags those cells and explains them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .identities import parse
from .model import Number, Report
from .values import side_value, term_cells


@dataclass(frozen=True)
class Figure:
    label: str
    sources: dict[str, str | None]  # format → expression, None = not in that format
    differs: dict[str, str] = field(default_factory=dict)  # format → why the figure is not quite the same
    # format → the series' name in the chart where it means something else (a
    # separate, marked series: the chart shows where the meaning changes)
    legend: dict[str, str] = field(default_factory=dict)

    def value(self, report: Report) -> Number | None:
        """The figure in ``report``; None when the format has no such figure or
        every cell it reads was printed blank (nothing to plot)."""
        expression = self.sources.get(report.format)
        if expression is None:
            return None
        terms = tuple(parse(expression))
        cells = [key for term in terms for key in term_cells(term, report.layout)]
        if cells and all(key in report.blank for key in cells):
            return None
        return side_value(terms, report, None)


@dataclass(frozen=True)
class FigureGroup:
    key: str  # file name of its chart, id on the page
    title: str
    figures: tuple[Figure, ...]
    chart: str = "bar"  # bar, stacked
    note: str = ""


def _same(expression: str) -> dict[str, str | None]:
    return {"2019": expression, "2021": expression}


_APPLICANTS = (
    ("natural", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other", "其他"),
)
_OUTCOMES = (
    ("granted", "予以公开"),
    ("partly", "部分公开"),
    ("refused", "不予公开"),
    ("unavailable", "无法提供"),
    ("not_processed", "不予处理"),
)

GROUPS: tuple[FigureGroup, ...] = (
    FigureGroup(
        "applications",
        "本年新收政府信息公开申请（按申请人）",
        tuple(Figure(label, _same(f"requests.new.{key}")) for key, label in _APPLICANTS)
        + (Figure("合计", _same("requests.new.total")),),
        chart="stacked",
    ),
    FigureGroup(
        "outcomes",
        "本年度办理结果",
        tuple(
            Figure(
                label,
                _same(
                    f"requests.results.{key}.total"
                    if key in ("granted", "partly")
                    else f"sum(requests.results.{key}).total"
                ),
            )
            for key, label in _OUTCOMES
        )
        + (
            Figure(
                "其他处理",
                {"2019": "requests.results.other.total", "2021": "sum(requests.results.other).total"},
            ),
            Figure("合计（（七）总计）", _same("requests.results.total.total")),
            Figure("结转下年度继续办理", _same("requests.carried_over.total")),
        ),
        chart="stacked",
        note="2021 年格式把“（六）其他处理”分为三项，这里取三项之和。",
    ),
    FigureGroup(
        "appeals",
        "行政复议、行政诉讼（总计）",
        (
            Figure("行政复议", _same("appeals.review.total")),
            Figure("行政诉讼（未经复议直接起诉）", _same("appeals.direct_suit.total")),
            Figure("行政诉讼（复议后起诉）", _same("appeals.suit_after_review.total")),
            Figure(
                "其中结果纠正",
                _same("appeals.review.corrected + appeals.direct_suit.corrected + appeals.suit_after_review.corrected"),
            ),
        ),
    ),
    FigureGroup(
        "documents",
        "规范性文件",
        (
            Figure(
                "本年制发",
                {"2019": "active.normative.made", "2021": "active.normative.issued"},
                {"2019": "2019 年格式为“本年新制作数量”"},
                {"2019": "本年新制作（2019 格式）"},
            ),
            Figure("本年废止", {"2019": None, "2021": "active.normative.repealed"}),
            Figure(
                "现行有效",
                {"2019": "active.normative.total", "2021": "active.normative.in_force"},
                {"2019": "2019 年格式为“对外公开总数量”，含已失效文件，口径不同"},
                {"2019": "对外公开总数（2019 格式）"},
            ),
        ),
        note="2019 年格式统计“本年新制作、本年新公开、对外公开总数量”，2021 年格式统计“本年制发、本年废止、现行有效”。",
    ),
    FigureGroup(
        "decisions",
        "处理决定数量",
        (
            Figure("行政许可", _same("active.licensing.decisions")),
            Figure("行政处罚", _same("active.penalty.decisions")),
            Figure("行政强制", _same("active.coercion.decisions")),
            Figure("其他对外管理服务事项", {"2019": "active.other_services.decisions", "2021": None}),
        ),
        note="“其他对外管理服务事项”只在 2019 年格式中统计。",
    ),
)

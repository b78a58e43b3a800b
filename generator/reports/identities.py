"""The arithmetic identities of the annual report (STANDARDS §3), as data.

Each rule is written the way the standard states it, over cells named by
their key paths (see ``formats.py``). A rule is expanded over a *domain*
(every column of table 三, every row, every group of table 四) by filling the
``{placeholder}``; the engine in ``values.py`` evaluates the expanded rules.

Expression syntax, deliberately tiny:

- ``requests.new.{c}``: a cell of this year's report;
- ``previous:requests.carried_over.{c}``: the same cell in last year's report;
- ``sum(requests.results).{c}``: that column of every row an editor fills under
  the group (all of 三、本年度办理结果 except the （七）总计 row);
- terms joined by ``+`` and ``-``.

A rule with ``derives=True`` has one cell on its left: when the editor leaves
that cell out, the generator computes it from the right (every 总计 and
（七）总计); when the editor writes it, it is checked like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Level

ERROR, WARNING = Level.ERROR, Level.WARNING


@dataclass(frozen=True)
class Identity:
    rule: str  # machine-readable id, used in Problem.rule
    name: str  # the rule in Chinese, as editors know it
    left: str
    right: str
    over: tuple[tuple[str, str], ...] = ()  # (placeholder, domain name in Layout.domain)
    derives: bool = False
    level: Level = ERROR
    hint: str = ""

    @property
    def needs_previous(self) -> bool:
        return "previous:" in self.left + self.right


ROW_TOTAL_TERMS = " + ".join(f"{{row}}.{c}" for c in ("natural", "business", "research", "nonprofit", "legal", "other"))
OUTCOME_TERMS = " + ".join(f"{{row}}.{c}" for c in ("upheld", "corrected", "other", "pending"))

IDENTITIES: tuple[Identity, ...] = (
    # 3. Every row of table 三: 总计 = 自然人 + the five 法人或其他组织 columns.
    Identity(
        "report.row_total",
        "“总计”等于自然人与法人或其他组织各列之和",
        "{row}.total",
        ROW_TOTAL_TERMS,
        over=(("row", "request_rows"),),
        derives=True,
        hint="核对这一行各列的数字；总计可以不写（每行只写前 6 个数），由系统计算。",
    ),
    # 2. （七）总计 = （一）+（二）+ Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + Σ（六）.
    Identity(
        "report.results_total",
        "“（七）总计”等于本年度办理结果（一）至（六）各行之和",
        "requests.results.total.{c}",
        "sum(requests.results).{c}",
        over=(("c", "applicant_columns"),),
        derives=True,
        hint="核对这一列（一）至（六）各行的数字；（七）总计这一行可以删去，由系统计算。",
    ),
    # 1. Every column of table 三: 一 + 二 = 三（七）总计 + 四 (printed in the table's corner).
    Identity(
        "report.column_balance",
        "本列数据的勾稽关系（第一项加第二项之和，等于第三项加第四项之和）",
        "requests.new.{c} + requests.carried_in.{c}",
        "requests.results.total.{c} + requests.carried_over.{c}",
        over=(("c", "applicant_columns"),),
        hint="本年新收加上年结转的申请，应当全部计入本年办理结果或结转下年度：核对这一列的四个数。",
    ),
    # 4. Every group of table 四: 总计 = 维持 + 纠正 + 其他 + 尚未审结.
    Identity(
        "report.appeal_total",
        "“总计”等于结果维持、结果纠正、其他结果、尚未审结之和",
        "{row}.total",
        OUTCOME_TERMS,
        over=(("row", "appeal_rows"),),
        derives=True,
        hint="核对这一组的数字；总计可以不写（每组只写前 4 个数），由系统计算。",
    ),
    # 5. Across years: 二（上年结转）of year N = 四（结转下年度）of year N−1.
    Identity(
        "report.carry_over",
        "本年“上年结转”等于上一年度报告的“结转下年度继续办理”",
        "requests.carried_in.{c}",
        "previous:requests.carried_over.{c}",
        over=(("c", "applicant_columns"),),
        hint="上年结转的申请数应与上一年度报告表三第四项一致；如果上一年度报告有误，应在其中更正。",
    ),
    # 6. 2021 format, a warning: 现行有效 of N ≈ that of N−1 + 本年制发 − 本年废止.
    # Only a warning: documents also lapse (失效) without being repealed.
    Identity(
        "report.in_force",
        "现行有效件数等于上年现行有效件数加本年制发件数减本年废止件数",
        "{r}.in_force",
        "previous:{r}.in_force + {r}.issued - {r}.repealed",
        over=(("r", "document_rows"),),
        level=WARNING,
        hint="如有文件因到期等原因失效（不是废止），差额可以说明；否则请核对三个数。",
    ),
)

_TERM = re.compile(r"\s*([+-])?\s*(previous:)?(sum\(([\w.]+)\)\.(\w+)|[\w.]+)\s*")


@dataclass(frozen=True)
class Term:
    sign: int  # +1 or -1
    previous: bool  # a cell of last year's report
    cell: str | None  # a single cell key, or None for a sum
    group: str | None = None  # sum(group).column
    column: str | None = None


def parse(expression: str) -> list[Term]:
    terms: list[Term] = []
    pos = 0
    while pos < len(expression):
        m = _TERM.match(expression, pos)
        if not m or m.end() == pos:
            raise ValueError(f"bad identity expression at {expression[pos:]!r}")
        sign = -1 if m.group(1) == "-" else 1
        if m.group(4):
            terms.append(Term(sign, bool(m.group(2)), None, m.group(4), m.group(5)))
        else:
            terms.append(Term(sign, bool(m.group(2)), m.group(3)))
        pos = m.end()
    return terms

"""The inspection report: findings grouped by rule, each with its threshold
and the verdict an inspector would reach (国办秘函〔2019〕19号, STANDARDS §8).
Printed by ``xxgk check``, written as JSON, and shown on the office page."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

OK, RISK, FAIL = "ok", "warning", "error"  # a rule result's level
LEVEL_WORD = {OK: "合格", RISK: "风险", FAIL: "不合格"}


@dataclass(frozen=True)
class Rule:
    id: str  # short id, used in site.yml inspection.errors
    title: str  # 空白栏目
    unit: str  # 个 / 条
    basis: str  # where the rule comes from
    kind: str  # "veto": 单项否决 at a threshold; "fail": each one fails; "deduct": 扣分
    verdict: str  # what an inspector concludes when there is at least one finding
    counts: tuple[str, ...] = ()  # problem rule ids (of other checks) that are this rule's findings


@dataclass(frozen=True)
class Finding:
    where: str  # file or column, as editors know it
    text: str
    url: str | None = None  # site-relative page showing it, if any


@dataclass
class RuleResult:
    rule: Rule
    findings: list[Finding]
    threshold: int | None = None
    level: str = OK
    note: str = ""  # e.g. "构建时检查"

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def headline(self) -> str:
        """``空白栏目 5 个 ≥ 5：单项否决`` — count, threshold and verdict in one line."""
        r, n = self.rule, self.count
        amount = f"{r.title} {n} {r.unit}"
        if r.kind == "veto" and self.threshold is not None:
            if n >= self.threshold:
                return f"{amount} ≥ {self.threshold}：{r.verdict}"
            if n:
                return f"{amount} < {self.threshold}：未达否决线，存在风险"
            return f"{amount}：合格"
        return f"{amount}：{r.verdict if n else '合格'}"


@dataclass
class InspectionReport:
    today: dt.date
    results: list[RuleResult] = field(default_factory=list)

    @property
    def vetoed(self) -> list[RuleResult]:
        return [r for r in self.results if r.rule.kind == "veto" and r.level == FAIL]

    @property
    def overall(self) -> str:
        failed = [r for r in self.results if r.level == FAIL]
        risks = [r for r in self.results if r.level == RISK]
        if self.vetoed:
            return "单项否决：" + "、".join(r.rule.title for r in self.vetoed)
        if failed:
            return "不合格：" + "、".join(r.rule.title for r in failed)
        if risks:
            return f"合格，{len(risks)} 项存在风险或扣分：" + "、".join(r.rule.title for r in risks)
        return "合格：未发现问题"

    def result(self, rule_id: str) -> RuleResult | None:
        return next((r for r in self.results if r.rule.id == rule_id), None)

    def format(self, details: int = 10) -> str:
        lines = [f"巡检报告（按 {self.today} 检查，国办秘函〔2019〕19号）"]
        for r in self.results:
            mark = {OK: "✓", RISK: "!", FAIL: "✗"}[r.level]
            note = f"（{r.note}）" if r.note else ""
            lines.append(f"  {mark} {r.headline}{note}")
            for f in r.findings[:details]:
                lines.append(f"      - {f.where}：{f.text}")
            if r.count > details:
                lines.append(f"      …… 另有 {r.count - details} {r.rule.unit}")
        lines.append(f"结论：{self.overall}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "overall": self.overall,
            "rules": [
                {
                    "id": r.rule.id,
                    "title": r.rule.title,
                    "basis": r.rule.basis,
                    "kind": r.rule.kind,
                    "count": r.count,
                    "threshold": r.threshold,
                    "level": r.level,
                    "verdict": r.headline,
                    "note": r.note,
                    "findings": [{"where": f.where, "text": f.text, "url": f.url} for f in r.findings],
                }
                for r in self.results
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

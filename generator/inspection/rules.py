"""The rules of STANDARDS §8 evaluated on a loaded site as of a day.

The inspection runs after every other check (``checks.run_checks``) and
counts their problems by rule id where another module owns the rule (late
interpretations in ``policy``, unfulfilled catalogue rows in ``catalogues``,
the annual report deadline in ``reports``), so each rule is judged in one
place. The rules it owns itself — empty and stale sub-columns, undated
items — it reports as problems here.

Levels: a veto rule reaching its threshold is an error (the site would fail
the inspection outright); below it each finding is a warning, like every
other risk, unless ``inspection.errors`` in site.yml lists the rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..diagnostics import Level, Problem, Problems
from ..feature import CheckContext, Review
from ..model import Column, Key, Site
from .report import FAIL, OK, RISK, Finding, InspectionReport, Rule, RuleResult

BASIS = "国办秘函〔2019〕19号"
EMPTY = Rule("empty-column", "空白栏目", "个", f"{BASIS} 单项否决指标", "veto", "单项否决")
STALE = Rule("stale-column", "栏目未及时更新", "个", f"{BASIS} 单项否决指标（政策文件、通知公告 6 个月）", "veto", "单项否决")
UNDATED = Rule("undated", "信息无发布日期", "条", f"{BASIS}：无发布日期视为未更新", "fail", "视为未更新")
LATE = Rule("late-interpretation", "政策解读未同步发布", "条", "国办发〔2016〕19号：3 个工作日内", "deduct", "扣分", ("policy.late",))
UNINTERPRETED = Rule("uninterpreted", "行政规范性文件无解读", "件", "国办发〔2016〕19号 三同步", "deduct", "扣分", ("policy.uninterpreted",))
CATALOGUE = Rule("catalogue", "标准目录事项未公开", "项", "国办发〔2019〕54号 基层政务公开标准目录", "deduct", "扣分", ("catalogue.unfulfilled",))
REPORT = Rule("report-deadline", "年度报告未按时发布", "份", "条例第四十九条：部门次年 1 月 31 日前，本级政府 3 月 31 日前", "deduct", "不合格（条例第四十九条）", ("report.deadline",))
LINKS = Rule("links", "链接或附件不可用", "处", f"{BASIS} 扣分指标", "deduct", "扣分", ("links.broken", "links.attachment", "item.attachment"))
RULES = (EMPTY, STALE, UNDATED, LATE, UNINTERPRETED, CATALOGUE, REPORT, LINKS)
RULE_IDS = tuple(r.id for r in RULES)



@dataclass(frozen=True)
class InspectionSettings:
    """site.yml ``inspection``: every default of the inspection is here."""

    empty_columns: int = 5  # ≥ 5 empty columns fail the site outright (单项否决)
    stale_columns: int = 5  # ≥ 5 columns not updated in time fail it too
    policy_update_months: int = 6  # 政策文件、通知公告: within 6 months
    errors: tuple[str, ...] = ()  # rules whose every finding is an error
    page: bool = True  # write the office's self-check page jcbg/
    page_in_nav: bool = False  # link it from the 法定主动公开内容 overview


REPORT_KEY: Key[InspectionReport] = Key("inspection.report")
# Columns judged like 政策文件 / 通知公告 when their update interval is not configured.
POLICY_COLUMN_IDS = ("zcwj", "zcjd", "tzgg")


def settings(site: Site) -> InspectionSettings:
    return site.config.settings("inspection", InspectionSettings)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (clamped to the month's end)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d, day.day))
        except ValueError:
            continue
    return dt.date(year, month, 28)


def update_months(column: Column, site: Site) -> int | None:
    """The update interval an inspector applies to ``column`` (None: no rule)."""
    if column.update_months:
        return column.update_months
    if column.id in POLICY_COLUMN_IDS and column.parent is None:
        return settings(site).policy_update_months
    return None


def _column_where(column: Column) -> str:
    return f"content/items/{column.path}/"


def _empty_columns(site: Site) -> list[tuple[Column, Finding]]:
    out = []
    for column in site.leaf_columns():
        if not column.items:
            trail = " / ".join(c.title for c in column.trail)
            out.append((column, Finding(_column_where(column), f"“{trail}”没有任何信息", column.url)))
    return out


def _stale_columns(site: Site, today: dt.date) -> list[tuple[Column, Finding]]:
    out = []
    for column in site.all_columns():
        months = update_months(column, site)
        dated = [i.published for i in column.all_items() if i.published]
        if not months or not column.all_items():
            continue  # an empty column is counted as empty, not also as stale
        last = max(dated) if dated else None
        if last is None or last < months_before(today, months):
            since = f"最近一条发布于 {last}" if last else "所有信息都没有发布日期"
            out.append((column, Finding(_column_where(column), f"“{column.title}”应每 {months} 个月更新，{since}", column.url)))
    return out


def _own_problem(rule: Rule, finding: Finding, hint: str, level: Level) -> Problem:
    return Problem(finding.where, None, rule.title, finding.text, hint, level, f"inspection.{rule.id}")


def _result(rule: Rule, findings: list[Finding], site: Site, threshold: int | None = None, note: str = "") -> RuleResult:
    as_error = rule.id in settings(site).errors
    if not findings:
        level = OK
    elif rule.kind == "veto":
        level = FAIL if (threshold is not None and len(findings) >= threshold) or as_error else RISK
    elif rule.kind == "fail" or as_error:
        level = FAIL
    else:
        level = RISK
    return RuleResult(rule, findings, threshold, level, note)


def _findings_from(problems: Problems, rule: Rule) -> list[Finding]:
    return [
        Finding(p.location(), p.message)
        for p in problems.items
        if any(p.rule == r or p.rule.startswith(r + ".") for r in rule.counts)
    ]


def evaluate(ctx: CheckContext, found: Problems) -> tuple[InspectionReport, Review]:
    """The report as of ``ctx.today``, and the review: the problems to add (own
    findings and veto verdicts) and the problem rules that count as errors
    because their inspection rule is listed in ``inspection.errors``."""
    site, today = ctx.site, ctx.today
    report = InspectionReport(today)
    added = Problems()
    errors_for = set(settings(site).errors)
    escalate: set[str] = set()

    empty = _empty_columns(site)
    threshold = settings(site).empty_columns
    result = _result(EMPTY, [f for _, f in empty], site, threshold)
    report.results.append(result)
    level = Level.ERROR if EMPTY.id in errors_for else Level.WARNING
    for _, finding in empty:
        added.add(_own_problem(EMPTY, finding, "发布本栏目的信息；本机关没有这项职能的，在 content/site.yml 的 columns 中删去这个栏目。", level))
    if result.level == FAIL and EMPTY.id not in errors_for:
        added.add(Problem("content/site.yml", site.config.line("inspection", "empty_columns"), EMPTY.title, result.headline, "检查时空白栏目达到这个数，整个网站即被判为不合格。", Level.ERROR, f"inspection.{EMPTY.id}"))

    stale = _stale_columns(site, today)
    threshold = settings(site).stale_columns
    result = _result(STALE, [f for _, f in stale], site, threshold)
    report.results.append(result)
    level = Level.ERROR if STALE.id in errors_for else Level.WARNING
    for _, finding in stale:
        added.add(_own_problem(STALE, finding, "按更新周期发布新信息（更新周期在 site.yml 栏目的 update_months 中设置）。", level))
    if result.level == FAIL and STALE.id not in errors_for:
        added.add(Problem("content/site.yml", site.config.line("inspection", "stale_columns"), STALE.title, result.headline, "检查时未及时更新的栏目达到这个数，整个网站即被判为不合格。", Level.ERROR, f"inspection.{STALE.id}"))

    # The schema check already reports each undated item as an error; only count them here.
    undated = [Finding(i.rel, f"《{i.title or i.rel}》没有有效的发布日期") for i in site.items if i.published is None]
    report.results.append(_result(UNDATED, undated, site))

    for rule in (LATE, UNINTERPRETED, CATALOGUE, REPORT, LINKS):
        note = "每次构建后检查已生成的网站" if rule is LINKS else ""
        report.results.append(_result(rule, _findings_from(found, rule), site, note=note))
        if rule.id in errors_for:
            escalate.update(rule.counts)
    return report, Review(added, frozenset(escalate))


def add_links(report: InspectionReport, link_problems: Problems, pages: int, links: int) -> None:
    """Fold the post-build link check into a report made before the build."""
    result = report.result(LINKS.id)
    if result is None:
        return
    result.findings.extend(Finding(p.location(), p.message) for p in link_problems.items)
    result.note = f"已检查生成的 {pages} 个页面中的 {links} 个站内链接和附件"
    result.level = FAIL if link_problems.errors else (RISK if result.findings else OK)


def review(ctx: CheckContext, found: Problems) -> Review:
    """The inspection feature's review: keeps the report on the site for its page."""
    report, result = evaluate(ctx, found)
    ctx.site.put(REPORT_KEY, report)
    return result

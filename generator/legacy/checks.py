"""Checks of ``legacy_url`` (rule ids):

- ``legacy.url`` (error): not an address a redirect can be made for (scheme,
  encoding, characters the server's map cannot hold);
- ``legacy.query`` (warning): an address with a query string (``?id=5``):
  servers match the path only, so it is not redirected;
- ``legacy.duplicate`` (error): two items claim one old address.
"""

from __future__ import annotations

import datetime as dt

from ..diagnostics import Level, Problem, Problems
from ..feature import CheckContext
from ..schemas import label
from .urls import OldAddress, addresses

FIELD = label("item", ("legacy_url",))


def _where(address: OldAddress) -> tuple[int | None, str]:
    item = address.item
    if address.position is None:
        return item.line("legacy_url"), FIELD
    return item.line("legacy_url", address.position), f"{FIELD}.第{address.position + 1}项"


def check(ctx: CheckContext) -> Problems:
    problems = Problems()
    owners: dict[str, OldAddress] = {}
    # Oldest first: of two items claiming one address, the later one is told.
    for address in sorted(addresses(ctx.site), key=lambda a: (a.item.published or dt.date.max, a.item.rel)):
        line, field = _where(address)
        rel = address.item.rel
        if address.problem:
            problems.add(
                Problem(
                    rel, line, field, f"旧网址“{address.url}”{address.problem}",
                    "照旧网站地址栏中的样子写完整的网址，例如 http://www.example.gov.cn/art/2020/3/5/art_12_345.html。",
                    rule="legacy.url",
                )
            )
            continue
        if address.query:
            problems.add(
                Problem(
                    rel, line, field, f"旧网址“{address.url}”带有查询参数（? 之后的部分），无法按网址跳转",
                    "服务器的重定向表只按路径匹配，带参数的旧网址（如 content.jsp?id=5）不会跳转到新页面；"
                    "可以保留这一行作为记录，或请服务器管理员另行配置。",
                    Level.WARNING, "legacy.query",
                )
            )
            continue
        other = owners.setdefault(address.path, address)
        if other is not address:
            problems.add(
                Problem(
                    rel, line, field, f"旧网址路径 {address.path} 已写在 {other.item.rel} 中",
                    "一个旧网址只能跳转到一个新页面：删掉其中一处（同一篇文件的两份副本应合并为一条信息）。",
                    rule="legacy.duplicate",
                )
            )
    return problems

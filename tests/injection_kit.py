"""A small site whose every text field carries script-injection payloads
(issue 9 §1): plain-text fields must show them literally, Markdown fields
must lose the dangerous parts, and no browser may ever run them.

``injection_project(where, script_links=...)``: with ``script_links`` the
Markdown fields also hold ``javascript:``/``data:`` links, which ``xxgk check``
refuses (so that site is built with the checks' errors ignored, to show the
sanitizer holds even then).
"""

from __future__ import annotations

import json
from pathlib import Path

from content_kit import ORG, mini_project

# What reaches an HTML page through a plain-text field, in one string per field
# (short enough for any length limit on titles).
TITLE_PAYLOAD = '</title><script>alert(1)</script>"><img src=x onerror=alert(1)>[点我](javascript:alert(1))'
TEXT_PAYLOAD = "<a href=\"javascript:alert(1)\">x</a><svg onload=alert(1)>{: onclick=\"alert(1)\"} javascript&#58;alert(1) & *强调*"
NAME_PAYLOAD = "测试局<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
# Fields with short length limits (site.schema.json): column titles ≤ 50, genres ≤ 20, 文号 ≤ 100.
COLUMNS = {
    "jgzn": "机构</title><script>alert(1)</script>",
    "zcwj": "政策<a href=javascript:alert(1)>x</a>*强调*",
    "gfxwj": '规范"><img src=x onerror=alert(1)>',
}
GENRE = "<svg/onload=alert()>"
DOC_NO = "测发〔2024〕1号<script>alert(1)</script>"

# Markdown fields: raw HTML the sanitizer must drop (warnings) …
MARKDOWN_HTML = """第一段 <script>alert(1)</script> 文字。

<img src="#x" onerror="alert(1)"> <svg onload=alert(1)><circle r="1"/></svg>

<iframe srcdoc="<script>alert(1)</script>"></iframe>

带属性的段落
{: onclick="alert(1)" }

<b onmouseover="alert(1)">粗体</b> <a href="#ok" onclick="alert(1)">站内</a>

## 小标题 </title><script>alert(1)</script>

正文中的小标题之后。
"""
MARKDOWN_INLINE = '</p><script>alert(1)</script>"><img src=#x onerror=alert(1)> *强调* {: onclick="alert(1)"}'
# … and links that run script (errors).
MARKDOWN_LINKS = """
[点我](javascript:alert(1)) [实体](javascript&#58;alert(1)) [大小写](JaVaScRiPt:alert(1))
[数据](data:text/html,<script>alert(1)</script>) <a href="javascript:alert(1)">原始链接</a>
<a href=" jav&#x09;ascript:alert(1)">空白</a> [vb](vbscript:msgbox(1))
"""


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON is YAML: any payload stays one value


def _markdown(script_links: bool) -> str:
    return MARKDOWN_HTML + (MARKDOWN_LINKS if script_links else "")


def _indent(text: str, by: int) -> str:
    return "\n".join(" " * by + line if line else "" for line in text.split("\n"))


SITE = f"""agency:
  name: {_q(NAME_PAYLOAD)}
  org_code: {ORG}
  region: 测试县
footer:
  sponsor: {_q(TITLE_PAYLOAD)}
  organizer: {_q(TEXT_PAYLOAD)}
  contact: {_q("电话 " + TITLE_PAYLOAD)}
  site_code: "CS00000001"
  icp: {_q("<img src=x onerror=alert(1)>")}
  police: {_q("</footer><script>alert(1)</script>")}
per_page: 5
extra_genres: [{_q(GENRE)}]
columns:
  - id: jgzn
    title: {_q(COLUMNS["jgzn"])}
    description: {_q(TEXT_PAYLOAD)}
  - id: zcwj
    title: {_q(COLUMNS["zcwj"])}
    children:
      - id: gfxwj
        title: {_q(COLUMNS["gfxwj"])}
  - id: jcgk
    title: 基层政务公开
inspection:
  empty_columns: 100
  stale_columns: 100
"""


def _item(serial: int, title: str, published: str, body: str, **extra: str) -> str:
    meta = {
        "title": title,
        "index_no": f"{ORG}/{published[:4]}-{serial:05d}",
        "published": published,
        "doc_no": DOC_NO,
        "summary": '"><script>alert(1)</script><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        "publisher": TEXT_PAYLOAD,
        "issuer": TITLE_PAYLOAD,
        "audience": "<img src=x onerror=alert(1)>",
        "genre": GENRE,
        "keywords": "关键词<script>alert(1)</script>",
        **extra,
    }
    front = "\n".join(f"{k}: {_q(v)}" for k, v in meta.items())
    return f"---\n{front}\n---\n\n{body}"


def injection_project(where: Path, script_links: bool = False) -> Path:
    """A project root (``content/`` only) with payloads in every text field."""
    body = _markdown(script_links)
    items = {
        "jgzn/a.md": _item(1, TITLE_PAYLOAD, "2024-03-01", body),
        "zcwj/gfxwj/b.md": _item(2, "规范性文件" + TEXT_PAYLOAD, "2024-04-01", body, validity="有效"),
        "jgzn/c.md": _item(
            3, "解读<a href=javascript:alert(1)>x</a>", "2024-04-02", "解读正文。", interprets=f"{ORG}/2024-00002", form="文字解读"
        ),
    }
    project = mini_project(where, items)
    content = project / "content"
    (content / "site.yml").write_text(SITE, encoding="utf-8")
    (content / "rules" / "evil.md").write_text(
        f"---\ntitle: {_q('制度' + TITLE_PAYLOAD)}\ndoc_no: {_q(DOC_NO)}\npublished: 2024-01-01\norder: 2\n---\n\n{body}",
        encoding="utf-8",
    )
    (content / "guide.yml").write_text(
        f"""updated: 2026-06-01
title: {_q("指南" + TITLE_PAYLOAD)}
intro: |
{_indent(body, 2)}
classification: |
{_indent(body, 2)}
access: 通过本网站公开。
office:
  name: {_q(TITLE_PAYLOAD)}
  address: {_q(TEXT_PAYLOAD)}
  hours: {_q("<script>alert(1)</script>")}
  phone: 0000-1111111
  fax: {_q('"><img src=x onerror=alert(1)>')}
  online: {_q("javascript:alert(1)")}
application: |
{_indent(body, 2)}
sections:
  - title: {_q("章节" + TITLE_PAYLOAD)}
    body: |
{_indent(body, 6)}
""",
        encoding="utf-8",
    )
    (content / "reports" / "2024.yml").write_text(
        f"""year: 2024
format: 2021
title: {_q("年报" + TITLE_PAYLOAD)}
published: 2025-01-20
intro: |
{_indent(body, 2)}
overview:
  active: |
{_indent(body, 4)}
  requests: 依申请公开情况。
  management: {_q(MARKDOWN_INLINE)}
  platform: 平台建设情况。
  oversight: 监督保障情况。
{_REPORT_TABLES}problems: |
{_indent(body, 2)}
other: {_q("本年度未收取信息处理费。" + MARKDOWN_INLINE)}
""",
        encoding="utf-8",
    )
    (content / "catalogues").mkdir(exist_ok=True)
    (content / "catalogues" / "evil.yml").write_text(
        f"""domain: {_q("涉农" + TITLE_PAYLOAD)}
basis: {_q(TEXT_PAYLOAD)}
updated: 2024-09-11
rows:
  - first: {_q("<script>alert(1)</script>")}
    second: {_q(TITLE_PAYLOAD)}
    content: {_q(TEXT_PAYLOAD)}
    basis: 条例
    deadline: 20个工作日内
    subject: {_q("<img src=x onerror=alert(1)>")}
    channels: [政府网站]
    audience: 全社会
    mode: 主动
    levels: [县级]
    where:
      columns: [zcwj/gfxwj]
""",
        encoding="utf-8",
    )
    return project


# The tables of the sample's 2024 report (every identity holds), between its prose fields.
_SAMPLE_REPORT = (Path(__file__).resolve().parent.parent / "content" / "reports" / "2024.yml").read_text(encoding="utf-8")
_REPORT_TABLES = _SAMPLE_REPORT[_SAMPLE_REPORT.index("\nactive:") + 1 : _SAMPLE_REPORT.index("\nproblems:") + 1]

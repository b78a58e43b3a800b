"""Links, images and raw HTML in the Markdown fields (``generator/checks/markup.py``,
``generator/markup.py``): script addresses are errors naming file, line and
field; images from other hosts are errors unless site.yml allows the host;
HTML outside the safe subset is removed with one warning per file; plain text
is never read as Markdown or HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from content_kit import ORG, check, item_text, mini_project, only

from generator.diagnostics import Level
from generator.markup import clean_html, md_text, render_markdown, theme_text
from generator.security import content_security_policy

ITEM = "content/items/jgzn/a.md"


def _item(body: str) -> dict[str, str]:
    # Front matter: lines 1–5 (---, title, published, index_no, ---), a blank line 6, the body from line 7.
    return {"jgzn/a.md": item_text(body, title="测试文件", published="2024-03-01", index_no=f"{ORG}/2024-00001")}


def _line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def _errors(root: Path) -> list[str]:
    _, problems = check(root)
    return [p.format().split("\n")[0] for p in problems.errors if p.rule.startswith("markup.")]


@pytest.mark.parametrize(
    "link",
    [
        "[点我](javascript:alert(1))",
        "[点我](JaVaScRiPt:alert(1))",
        "[点我](javascript&#58;alert(1))",
        "[点我](javascript&#x3A;alert(1))",
        '<a href="javascript:alert(1)">点我</a>',
        '<a href=" \tjavascript:alert(1)">点我</a>',
        '<a href="jav&#x09;ascript:alert(1)">点我</a>',
        "[点我](vbscript:msgbox(1))",
        "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![图](data:image/svg+xml,<svg onload=alert(1)>)",
        '<img src="data:image/png;base64,AAAA">',
    ],
)
def test_script_addresses_are_errors_with_file_line_and_field(tmp_path: Path, link: str) -> None:
    root = mini_project(tmp_path, _item(f"第一段。\n\n第二段 {link} 结束。\n"))
    errors = _errors(root)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{ITEM}:9: 正文: 错误：")
    assert "地址" in errors[0] and ("点击时会运行" in errors[0] or "藏入脚本" in errors[0])


def test_plain_web_and_relative_links_pass(tmp_path: Path) -> None:
    body = "[网站](https://www.gov.cn/) [邮件](mailto:a@example.gov.cn) [电话](tel:0000-1111111) [本站](../x/) [锚](#a)\n\n![图](tu.png)\n"
    root = mini_project(tmp_path, _item(body))
    _, problems = check(root)
    assert not [p for p in problems.items if p.rule.startswith("markup.")], problems.format()


@pytest.mark.parametrize(
    ("where", "text", "field"),
    [
        ("guide.yml", "sections", "章节正文(sections.第1项.body)"),
        ("rules/tiaoli.md", "rule", "正文"),
        ("reports/2024.yml", "report", "五、存在的主要问题及改进情况(problems)"),
    ],
)
def test_every_markdown_field_is_checked(tmp_path: Path, where: str, text: str, field: str) -> None:
    link = "[点我](javascript:alert(1))"
    root = mini_project(tmp_path)
    path = root / "content" / where
    if text == "sections":
        path.write_text(path.read_text(encoding="utf-8") + f"sections:\n  - title: 其他\n    body: |\n      第一行。\n      {link}\n", encoding="utf-8")
    elif text == "rule":
        path.write_text(path.read_text(encoding="utf-8") + f"\n第二条……\n{link}\n", encoding="utf-8")
    else:
        sample = (Path(__file__).resolve().parent.parent / "content" / "reports" / "2024.yml").read_text(encoding="utf-8")
        start = sample.index("problems: |")
        sample = sample[:start] + f"problems: |\n  一是……\n  {link}\n" + sample[sample.index("\nother:") :]
        path.write_text(sample, encoding="utf-8")
    errors = _errors(root)
    assert errors == [f"content/{where}:{_line_of(path, link)}: {field}: 错误：链接“javascript:alert(1)”使用 javascript: 地址，读者点击时会运行其中的脚本"]


def test_images_from_other_hosts_are_errors_unless_allowed(tmp_path: Path) -> None:
    body = (
        "![外部](https://other.host/x.jpg)\n\n"
        '<img src="//cdn.example.com/y.png">\n\n'
        "![反斜杠](/\\evil.example/z.png)\n\n"
        "[链接到外部网站不加载任何东西](https://other.host/page)\n"
    )
    root = mini_project(tmp_path, _item(body))
    errors = _errors(root)
    assert errors == [
        f"{ITEM}:7: 正文: 错误：图片“https://other.host/x.jpg”在其他网站 other.host 上：读者每次打开页面，浏览器都会向该网站发出请求",
        f"{ITEM}:9: 正文: 错误：图片“//cdn.example.com/y.png”在其他网站 cdn.example.com 上：读者每次打开页面，浏览器都会向该网站发出请求",
        f"{ITEM}:11: 正文: 错误：图片“/\\evil.example/z.png”在其他网站 evil.example 上：读者每次打开页面，浏览器都会向该网站发出请求",
    ]
    _, problems = check(root)
    assert all("content/site.yml 的 allowed_hosts" in p.hint for p in problems.errors if p.rule == "markup.host")
    site = root / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "allowed_hosts: [other.host, CDN.example.com]\n", encoding="utf-8")
    assert _errors(root) == [errors[2]]
    # An allowed host still has to be https: the policy allows https://host only.
    (root / "content" / "items" / "jgzn" / "a.md").write_text(_item("![外部](http://other.host/x.jpg)\n")["jgzn/a.md"], encoding="utf-8")
    assert _errors(root) == [f"{ITEM}:7: 正文: 错误：图片“http://other.host/x.jpg”用的是 http: 地址，浏览器不会加载"]


def test_allowed_hosts_reach_the_policy(tmp_path: Path) -> None:
    root = mini_project(tmp_path, _item("![外部](https://img.example.gov.cn/x.jpg)\n"))
    site = root / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "allowed_hosts:\n  - img.example.gov.cn\n", encoding="utf-8")
    loaded, problems = check(root)
    assert not problems.errors, problems.format()
    assert loaded.config.allowed_hosts == ("img.example.gov.cn",)
    assert "img-src 'self' data: https://img.example.gov.cn" in content_security_policy(loaded.config.allowed_hosts)


def test_a_host_that_is_not_a_host_name_is_refused_by_the_schema(tmp_path: Path) -> None:
    root = mini_project(tmp_path)
    site = root / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "allowed_hosts: [\"https://x.example/ 'unsafe-inline'\"]\n", encoding="utf-8")
    _, problems = check(root)
    assert [p for p in problems.errors if "allowed_hosts" in p.field], problems.format()


def test_dropped_html_is_one_warning_per_file_at_the_first_drop(tmp_path: Path) -> None:
    body = (
        "第一段。\n\n"  # line 7
        "第二段 <script>alert(1)</script>\n\n"  # line 9
        '<p onclick="alert(1)" style="color:red">段落</p>\n\n'
        '<iframe src="https://other.host/"></iframe><div id="__config">x</div>\n\n'
        "带属性的段落\n{: onmouseover=\"alert(1)\" .md-button }\n"
    )
    root = mini_project(tmp_path, _item(body))
    _, problems = check(root)
    warning = only(problems, "markup.dropped", ITEM)
    assert warning.level is Level.WARNING and warning.line == 9 and warning.field == "正文"
    assert warning.message == (
        "正文中的 <script> 元素、<iframe> 元素、onclick 属性、style 属性、id 属性、onmouseover 属性、class 值“md-button”已删除，网页上不会显示"
    )
    assert "Markdown" in warning.hint
    assert not problems.errors, problems.format()


def test_markdown_the_bodies_use_loses_nothing(tmp_path: Path) -> None:
    body = """## 第一章 总则 {#zongze}

段落，**粗体**、*斜体*、`代码`、H<sub>2</sub>O、m<sup>2</sup>，脚注[^1]。

| 序号 | 名称 |
|:--:|---|
| 1 | 甲 |

1. 第一项
2. 第二项

> 引文

!!! note "提示"
    提示内容。

<table><tr><td colspan="2" rowspan="1" scope="row">合并单元格</td></tr></table>

<figure><img src="tu.png" alt="图" width="100" height="50"><figcaption>图注</figcaption></figure>

[^1]: 脚注内容。
"""
    root = mini_project(tmp_path, _item(body))
    _, problems = check(root)
    assert not [p for p in problems.items if p.rule.startswith("markup.")], problems.format()
    html = clean_html(body)
    for kept in ('id="zongze"', "<strong>", "<sub>2</sub>", 'align="center"', "<ol>", "<blockquote>", 'class="admonition note"',
                 'class="admonition-title"', 'colspan="2"', 'scope="row"', 'width="100"', "<figcaption>", 'class="footnote-ref"'):  # fmt: skip
        assert kept in html


def test_cleaned_html_keeps_no_script_even_when_the_check_is_ignored() -> None:
    """The sanitizer does not rely on the check: every payload loses what runs."""
    payloads = [
        "[点我](javascript:alert(1))",
        "[实体](javascript&#58;alert(1))",
        "[大小写](JaVaScRiPt:alert(1))",
        "[数据](data:text/html,<script>alert(1)</script>)",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '"><img src=x onerror=alert(1)>',
        "</title><script>alert(1)</script>",
        '段落\n{: onclick="alert(1)" }',
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    ]
    for payload in payloads:
        html = clean_html(payload).lower()
        for bad in ("<script", "javascript:", "data:", "onerror", "onload", "onclick", "<iframe", "<svg", "<math"):
            assert bad not in html, (payload, html)


def test_plain_text_is_never_markdown_or_html() -> None:
    text = '</title><script>alert(1)</script> [点我](javascript:alert(1)) {: onclick="x"} *强调* # 1. a & b'
    escaped = str(md_text(text))
    assert "<" not in escaped and not re.search(r"(?<!\\)[\[\]{}()*#.]", escaped)
    # Read back as Markdown (as MkDocs reads a heading), it is the same text, literally: no link, no emphasis, no attribute.
    assert clean_html("# " + escaped) == '<h1>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; [点我](javascript:alert(1)) {: onclick="x"} *强调* # 1. a &amp; b</h1>'
    assert theme_text('"><img src=x>') == "&quot;&gt;&lt;img src=x&gt;"


def test_docs_tree_text_keeps_top_level_headings_as_escaped_markdown() -> None:
    """Cleaned HTML goes into the docs tree as raw blocks; a top-level heading of
    plain text goes back to Markdown (Material's table of contents lists it),
    escaped, so nothing in it is read as Markdown again."""
    docs = render_markdown("前言\n\n## 第一章 总则\n\n正文 [x](#a)\n\n> ## 引文标题\n\n## 带 *强调* 的标题\n").docs
    assert docs == (
        '\n<div class="xxgk-body">\n<p>前言</p>\n</div>\n\n'
        "## 第一章 总则\n\n"
        '<div class="xxgk-body">\n<p>正文 <a href="#a">x</a></p>\n<blockquote>\n<h2>引文标题</h2>\n</blockquote>\n'
        "<h2>带 <em>强调</em> 的标题</h2>\n</div>\n"
    )
    plain = render_markdown("## 第一章 \\[点我\\]\\(javascript:1\\) & 1. \\*x\\* \\{: .x \\}\n\n正文\n").docs
    assert plain.startswith("\n## 第一章 \\[点我\\]\\(javascript:1\\) &amp; 1\\. \\*x\\* \\{: \\.x \\}\n")

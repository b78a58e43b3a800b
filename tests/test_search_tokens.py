"""Search tokens (issue 12): the index's tokens (generator/search/tokens.py) and the browser's
(search.js ``tokensOf``/``docNoKeys``) are made by the same rules, so a query finds the text it
was typed from, whatever the two word segmenters (jieba, ICU) make of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.search.tokens import doc_no_keys, html_text, tokens, with_tokens

SEARCH_JS = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "xxgk" / "search.js"

TEXTS = [
    "平潭综合实验区财政金融局",
    "防御台风应急预案",
    "国发〔2019〕5号 国办发[2019]2号 国函2006年132号 湘监能市场〔2025〕58号",
    "CCUS、GWH204-Ultra，云PH6001；15.66兆瓦 010-88072921",
    "委员：尤　权　韩　正\u3000\u3000第二段",
    "Ⅰ级应急响应 ＡＢＣ１２３ 〇 𠀋𠀌",  # Roman numeral, full-width letters, 〇, extension-B characters
    "中共中央办公厅 国务院办公厅关于全面推进江河保护治理的意见",
]


def test_bigrams_in_text_order_with_each_runs_last_character() -> None:
    assert tokens("平潭综合") == ["平潭", "潭综", "综合", "合"]
    assert tokens("台风，台") == ["台风", "风", "台"]
    # Letters and digits are folded runs of their own; punctuation ends a run.
    assert tokens("CCUS、GWH204-Ultra") == ["ccus", "gwh204", "ultra"]
    assert tokens("云PH6001") == ["云", "ph6001"]


def test_a_name_padded_with_an_ideographic_space_is_one_word() -> None:
    assert "尤权" in tokens("委员：尤　权")
    # Two spaces (a paragraph indent) still separate.
    assert "段第" not in tokens("一段\u3000\u3000第二")


def test_doc_numbers_become_one_token_in_any_bracket_style() -> None:
    key = "国发20195号"
    for written in ("国发〔2019〕5号", "国发[2019]5号", "国发（2019）5号", "国发2019 5号", "根据国发〔2019〕5号"):
        assert key in doc_no_keys(written), written
    assert key not in doc_no_keys("国发〔2019〕15号")  # a look-alike stays apart
    assert "国函2006132号" in doc_no_keys("国函2006年132号")


def test_tokens_reach_pagefind_inside_the_search_data_and_nowhere_else() -> None:
    page = '<main data-pagefind-body><h1>标题</h1><div class="xxgk-search-data" hidden><p>x</p></div></main>'
    staged = with_tokens(page, ["标题", "题"])
    assert staged is not None
    assert '<div class="xxgk-search-data" hidden><span data-pagefind-meta="xxgk_tokens:标题 题"></span>' in staged
    assert with_tokens("<main>no search data</main>", ["x"]) is None


def test_page_text_skips_what_pagefind_skips() -> None:
    page = (
        '<html><nav>导航</nav><article data-pagefind-body><h1>政府信息公开指南</h1>'
        '<p class="xxgk-dateline">发布日期<button>打印</button></p><table class="xxgk-office">'
        "<tr><th>办公地址</th><td>溪川县人民路1号</td></tr></table><p>正文<br>第二行</p></article>"
        "<footer>主办单位</footer></html>"
    )
    text = html_text(page)
    assert "政府信息公开指南" in text and "溪川县人民路1号" in text and "正文" in text and "第二行" in text
    for chrome in ("导航", "发布日期", "打印", "办公地址", "主办单位"):
        assert chrome not in text


def _js_token_functions() -> str:
    """The token rules of search.js, cut out of the file (they sit between two marker comments)."""
    source = SEARCH_JS.read_text(encoding="utf-8")
    start = source.index("  // ---- Tokens: the same rules as generator/search/tokens.py")
    end = source.index("  // The words of the query as the reader's browser splits them")
    block = source[start:end]
    assert re.search(r"const tokensOf = ", block) and re.search(r"const docNoKeys = ", block)
    return block


@pytest.mark.browser
def test_the_browser_makes_the_same_tokens(browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.goto("about:blank")
    script = "(texts) => {\n" + _js_token_functions() + "\nreturn texts.map((t) => [tokensOf(t), docNoKeys(t)]);\n}"
    got = page.evaluate(script, TEXTS)
    context.close()
    for text, (js_tokens, js_keys) in zip(TEXTS, got, strict=True):
        python_keys = doc_no_keys(text)
        assert js_tokens + python_keys == tokens(text), text
        # The browser keys a typed number by its whole issuer: one of the index's keys.
        assert set(js_keys) <= set(python_keys), text

"""Search tokens (issue 12): the index's tokens (generator/search/tokens.py) and the browser's
(search.js ``tokensOf``/``docNoKeys``/``word``) are made by the same rules, so a query finds the
text it was typed from, whatever the two word segmenters (jieba, ICU) would make of it; and the
copy of a page Pagefind reads (generator/search/staged.py) holds those words and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.search.staged import INDEX_LANGUAGE, TITLE_SPAN, PageText, html_text, staged_page
from generator.search.tokens import DOC_NO, DOC_NO_PREFIX_MAX, doc_no_keys, fold, tokens, word, words

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
    assert tokens("2024年8月") == ["2024", "年", "8", "月"]
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


def test_index_words_are_the_tokens_as_latin_letters() -> None:
    assert word("政务") == "gfdpfckb"  # U+653F U+52A1, hexadecimal digits as the letters a-p
    assert word("ccus") == "aagdaagdaahfaahd"  # other letters too: no word of the text equals a token's
    assert word("𠀋") == "nieanmal"  # U+2000B: its two UTF-16 code units (D840 DC0B), as search.js has them
    for text in TEXTS:
        assert words(text).split() == [word(t) for t in tokens(text)], text
        assert re.fullmatch(r"[a-p ]*", words(text))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([*"国发办函〔〕[]()（）年第号文根据湘监能 \u3000\n0123459", "2019", "2020", "〔2019〕"]), max_size=30))
def test_doc_numbers_are_found_as_the_documented_pattern_finds_them(pieces: list[str]) -> None:
    """doc_no_keys reads the issuer backwards from the year (fast on long pages); it finds what
    DOC_NO (search.js's pattern) finds, scanning forwards."""
    text = "".join(pieces)
    expected = []
    for m in DOC_NO.finditer(fold(text)):
        issuer, year, number = m.groups()
        for start in range(max(0, len(issuer) - DOC_NO_PREFIX_MAX), len(issuer) - 1):
            expected.append(f"{issuer[start:]}{year}{int(number)}号")
    assert doc_no_keys(text) == expected


def test_pagefind_reads_index_words_the_search_data_and_the_title_only() -> None:
    page = (
        '<html lang="zh-CN"><nav>导航</nav><main data-pagefind-body><h1>防御台风</h1><p>正文</p>'
        '<div class="xxgk-search-data" hidden>\n<p>国发〔2019〕5号</p>\n<span data-pagefind-sort="date:2024-01-02"></span>'
        '\n<span data-pagefind-filter="year:2024"></span>\n</div></main></html>'
    )
    staged = staged_page(page, PageText("防御台风<&>", "台风来了", "国发〔2019〕5号"))
    assert f'<html lang="{INDEX_LANGUAGE}">' in staged
    title = words("防御台风<&>")
    text = re.search(r"<p>(.*?)</p>", staged).group(1).split(" ")
    # The title's words, place holders up to TITLE_SPAN words, the text's words.
    assert text[: len(title.split())] == title.split()
    assert set(text[len(title.split()) : TITLE_SPAN]) == {"-"} and text[TITLE_SPAN] != "-"
    assert " ".join(text[TITLE_SPAN:]) == words("台风来了" + chr(10) + "国发〔2019〕5号")
    assert '<span data-pagefind-sort="date:2024-01-02"></span>' in staged and 'data-pagefind-filter="year:2024"' in staged
    assert 'data-pagefind-meta="title:防御台风&lt;&amp;&gt;"' in staged
    # No Han character reaches Pagefind but in the title field (the search data's own words are given as index words).
    assert not re.search(r"[\u4e00-\u9fff]", staged.replace("防御台风&lt;&amp;&gt;", ""))


def test_page_text_skips_what_pagefind_skips() -> None:
    page = (
        '<html><nav>导航</nav><article data-pagefind-body><h1>政府信息公开指南</h1>'
        '<p class="xxgk-dateline">发布日期<button>打印</button></p><table class="xxgk-office">'
        "<tr><th>办公地址</th><td>溪川县人民路1号</td></tr></table><p>正文<br>第二行</p></article>"
        "<footer>主办单位</footer></html>"
    )
    text = html_text(page)
    assert text.title == "政府信息公开指南"
    assert "溪川县人民路1号" in text.text and "正文" in text.text and "第二行" in text.text
    for chrome in ("导航", "发布日期", "打印", "办公地址", "主办单位"):
        assert chrome not in text.readable


def _js_token_functions() -> str:
    """The token rules of search.js, cut out of the file (they sit between two marker comments)."""
    source = SEARCH_JS.read_text(encoding="utf-8")
    start = source.index("  // ---- Tokens: the same rules as generator/search/tokens.py")
    end = source.index("  // The words of the query as the reader's browser splits them")
    block = source[start:end]
    assert re.search(r"const tokensOf = ", block) and re.search(r"const docNoKeys = ", block) and re.search(r"const word = ", block)
    return block


@pytest.mark.browser
def test_the_browser_makes_the_same_tokens(browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.goto("about:blank")
    script = "(texts) => {\n" + _js_token_functions() + "\nreturn texts.map((t) => [tokensOf(t), docNoKeys(t), [...tokensOf(t), ...docNoKeys(t)].map(word)]);\n}"
    got = page.evaluate(script, TEXTS)
    context.close()
    for text, (js_tokens, js_keys, js_words) in zip(TEXTS, got, strict=True):
        python_keys = doc_no_keys(text)
        assert js_tokens + python_keys == tokens(text), text
        assert js_words == [word(t) for t in js_tokens + js_keys], text
        # The browser keys a typed number by its whole issuer: one of the index's keys.
        assert set(js_keys) <= set(python_keys), text

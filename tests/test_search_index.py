"""Search index (issue 4): what is indexed and how, read back from the
Pagefind bundle a real build writes (no browser)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from search_kit import ITEMS, SHARD_PAGES, build_search_site, index_no, item_url

from generator.search import indexer
from generator.search.fields import lookup_key
from generator.search.lookup import LOOKUP_DIR, bucket_digits, fnv1a32
from generator.search.shards import IndexedPage, Shard, plan_shards
from generator.search.staged import INDEX_LANGUAGE


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_search_site(tmp_path_factory.mktemp("search"))


def fragments(site: Path) -> dict[str, dict]:
    """Every indexed page as Pagefind stored it: url → {content, filters, meta}."""
    out = {}
    for path in (site / "pagefind").glob("*/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd") :])
        record["content"] = record["content"].replace("\u200b", "")  # Pagefind's word separators
        out[record["url"].lstrip("/")] = record
    return out


def test_only_content_pages_are_indexed(site: Path) -> None:
    indexed = set(fragments(site))
    expected = {item_url(name) for name in ITEMS} | {"zhinan/", "zhidu/tiaoli/"}
    assert indexed == expected
    # Listings, the home page, the sitemap and the search page are built but not indexed.
    for url in ("", "fdzdgknr/", "fdzdgknr/zcwj/gfxwj/", "zhidu/", "sitemap/", "search/"):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" not in html, url


def test_chrome_and_metadata_labels_are_not_indexed(site: Path) -> None:
    record = fragments(site)[item_url("zwgk2024")]
    text = record["content"]
    assert "政务公开是建设法治政府的重要内容" in text  # the body
    assert text.startswith("测试县测试局关于做好2024年政务公开工作的通知")  # the title (h1) first
    # The readable text replaced the index words Pagefind read (staged.py), and the field naming it is gone.
    assert not re.search(r"\b[a-p]{8,}\b", text) and "xxgk_v" not in record["meta"]
    # Header, tabs, breadcrumbs, footer, the metadata table and the dateline stay out.
    for chrome in ("网站标识码", "主办单位", "法定主动公开内容", "当前位置", "文件信息", "发布日期", "主题分类",
                   "打印本页", "搜索政府信息公开内容"):
        assert chrome not in text, chrome


def test_facets_meta_and_sort_date_are_recorded(site: Path) -> None:
    record = fragments(site)[item_url("zwgk2023")]
    assert record["filters"] == {
        "column": ["政策文件 / 其他文件"],
        "topic": ["综合政务"],
        "genre": ["其他"],
        "publisher": ["测试县测试局办公室"],
        "year": ["2023"],
    }
    assert record["meta"]["title"] == "2023年政务公开工作要点"
    assert record["meta"]["date"] == "2023-04-01"
    assert record["meta"]["doc_no"] == "测政办〔2023〕3号"
    # Only what a result shows: the 索引号 is found by its words and the lookup table, the 栏目 is the facet.
    assert set(record["meta"]) == {"title", "date", "doc_no"}
    assert fragments(site)[item_url("zwgk2024")]["filters"]["validity"] == ["废止"]
    assert fragments(site)["zhinan/"]["filters"]["column"] == ["政府信息公开指南"]


def test_index_is_split_into_date_ordered_shards(site: Path) -> None:
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    shards = manifest["shards"]
    assert len(shards) == 3 and all(s["pages"] <= SHARD_PAGES for s in shards)
    assert sum(s["pages"] for s in shards) == len(ITEMS) + 2
    for newer, older in zip(shards, shards[1:], strict=False):
        assert newer["oldest"] >= older["newest"]  # contiguous in date: sorting by date is exact
    for shard in shards:
        bundle = site / "pagefind" / shard["path"]
        assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
        assert not (bundle / "pagefind-ui.js").exists()  # Pagefind's own UIs are not shipped
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        # One index, of the staged pages' language: Pagefind ran no Chinese segmenter (staged.py).
        assert list(entry["languages"]) == [INDEX_LANGUAGE]
        # The files search.js fetches ahead of Pagefind are named in the manifest.
        assert (bundle / shard["meta"]).is_file() and (bundle / shard["wasm"]).is_file()
    assert re.fullmatch(r"[0-9a-f]{12}", manifest["tag"])


def lookup(site: Path, number: str) -> list[str]:
    """The pages the exact-lookup table gives for a number, as search.js reads it."""
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    digits = int(re.search(r'data-lookup-digits="(\d)"', page).group(1))
    key = lookup_key(number)


    def rows(name: str) -> list[dict[str, str]]:
        bucket = site / LOOKUP_DIR / f"{name}.json"
        return json.loads(bucket.read_text(encoding="utf-8")) if bucket.is_file() else []

    found = [row for row in rows(fnv1a32(key)[:digits]) if row["k"] == key]
    # A second number names the bucket of the document's one full row.
    full = [next(f for f in rows(row["r"]) if f["u"] == row["u"]) if "r" in row else row for row in found]
    assert all("t" in row and "f" in row for row in full)
    return [row["u"] for row in full]


def test_exact_lookup_table_gives_each_number_its_page(site: Path) -> None:
    assert lookup(site, "测政发〔2024〕3号") == [item_url("xczx")]
    assert lookup(site, "测政发[2024]3号") == [item_url("xczx")]
    assert lookup(site, index_no("xczx")) == [item_url("xczx")]
    assert lookup(site, "测政发〔2024〕13号") == [item_url("zwgk2024")]
    assert lookup(site, "测政发〔2024〕99号") == []
    # An exact hit's excerpt is the start of the document's 内容概述, as long as any result's
    # (search.js: 40 characters), not the whole 内容概述 (issue 11: size of the table).
    excerpts = [row["s"] for bucket in (site / LOOKUP_DIR).glob("*.json") for row in json.loads(bucket.read_text(encoding="utf-8")) if row.get("s")]
    assert excerpts and all(len(s) <= 41 for s in excerpts) and any(s.endswith("…") for s in excerpts)
    # The numbers are searchable as words too, but no hashed lookup word is left in the index.
    record = fragments(site)[item_url("xczx")]
    assert "测政发〔2024〕3号" in record["content"] and not re.search(r"xk[0-9a-f]{16}", record["content"])


def test_lookup_key_accepts_the_ways_people_type_a_doc_number() -> None:
    forms = ["鲁政办〔2020〕12号", "鲁政办[2020]12号", "鲁政办（2020）12号", " 鲁政办 【2020】 12号", "鲁政办［２０２０］１２号"]
    assert len({lookup_key(f) for f in forms}) == 1
    assert lookup_key("鲁政办〔2020〕12号") != lookup_key("鲁政办〔2020〕13号")
    assert lookup_key("005486940/2020-00018") == lookup_key("005486940/2020-00018 ")
    assert fnv1a32("") == "811c9dc5" and fnv1a32("a") == "e40c292c"  # FNV-1a test vectors


def test_lookup_buckets_stay_small_as_the_site_grows() -> None:
    assert bucket_digits(10) == 1
    assert [bucket_digits(n) for n in (20_000, 100_000, 10**6)] == [3, 3, 4]
    for n in (20_000, 100_000, 10**6):
        assert n / 16 ** bucket_digits(n) <= 32


def test_index_chunk_setting_still_acts(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """INDEX_CHUNK_LOCATIONS reaches Pagefind through an unstable setting of
    Pagefind 1.5: fail loudly if an upgrade stops honouring it."""
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    shard = manifest["shards"][0]
    pages = [IndexedPage(p.relative_to(site).parent.as_posix() + "/", "2024-01-01")
             for p in sorted((site / "doc").glob("*/index.html"))]
    chunks = {}
    for size in (20_000, 10):
        monkeypatch.setattr(indexer, "INDEX_CHUNK_LOCATIONS", size)
        out = tmp_path / f"out{size}"
        run, error = indexer._index_shard(indexer.pagefind_binary(), site, tmp_path / f"stage{size}", out, Shard(shard["id"], pages))
        assert not error
        chunks[size] = len(list((out / "index").glob("*.pf_index")))
    assert chunks[20_000] == 1 and chunks[10] > 5


def _pages(dates: list[str]) -> list[IndexedPage]:
    return [IndexedPage(f"doc/{n}/", d) for n, d in enumerate(dates)]


def test_shards_keep_years_whole_when_they_fit() -> None:
    dates = ["2026-01-02"] * 2 + ["2025-05-05"] * 3 + ["2024-01-01"] * 4 + ["2023-03-03"]
    shards = plan_shards(_pages(dates), 5)
    assert [(s.id, len(s.pages)) for s in shards] == [("2025-2026", 5), ("2023-2024", 5)]


def test_a_year_larger_than_a_shard_is_cut_by_date() -> None:
    dates = [f"2025-{m:02d}-01" for m in range(12, 0, -1)] + ["2024-06-01"]
    shards = plan_shards(_pages(dates), 5)
    assert [len(s.pages) for s in shards] == [5, 5, 3]
    assert len({s.id for s in shards}) == 3
    flat = [p.date for s in shards for p in s.pages]
    assert flat == sorted(flat, reverse=True)


def test_the_newest_shards_are_small_so_an_edit_of_a_recent_item_reindexes_few_pages() -> None:
    dates = [f"{2026 - n // 1000}-{12 - n % 1000 // 90:02d}-01" for n in range(10_000)]
    shards = plan_shards(_pages(dates), 2000)
    sizes = [len(s.pages) for s in shards]
    assert sizes[0] == 250 and sizes[1] <= 500 and max(sizes) <= 500  # an edit of an old item re-indexes ≤ 500 pages
    assert len(shards) <= 10_000 // 500 + 4  # a bounded count of shards for the browser to fetch
    flat = [p.date for s in shards for p in s.pages]
    assert flat == sorted(flat, reverse=True) and len(flat) == 10_000


def test_a_large_site_keeps_the_configured_shard_size_so_a_query_fetches_few_shards() -> None:
    dates = [f"{2026 - n // 2000}-{12 - n % 2000 // 180:02d}-01" for n in range(100_000)]
    sizes = [len(s.pages) for s in plan_shards(_pages(dates), 2000)]
    assert max(sizes) == 2000 and len(sizes) <= 100_000 // 2000 + 4


def test_a_missing_extended_binary_fails_the_build_with_a_chinese_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from generator.search import indexer

    def missing() -> Path:
        raise FileNotFoundError("pagefind_extended")

    monkeypatch.setattr(indexer, "pagefind_binary", missing)
    problems = indexer.build_search_index(None, tmp_path)  # type: ignore[arg-type]
    (problem,) = problems.errors
    assert "Pagefind 扩展版" in problem.message and "全文检索" in problem.message
    assert "pip install" in problem.hint

"""A small site built once for the search tests (issue 4): six items whose
words, facets and dates the tests know exactly, on the mini fixture agency
(测试县测试局, CSJ000001). Built with ``mkdocs build`` like any project, so the
Pagefind index is the one a real build writes.
"""

from __future__ import annotations

from pathlib import Path

from conftest import make_project, run_build
from content_kit import item_text, mini_project

ORG = "CSJ000001"
SHARD_PAGES = 3  # small shards, so the tests cover merging several indexes

# name → (column folder, title, published, serial, extra front matter, body)
ITEMS: dict[str, tuple[str, str, str, int, dict[str, object], str]] = {
    "xczx": (
        "zcwj/gfxwj",
        "测试县测试局关于印发《乡村振兴促进办法》的通知",
        "2024-03-01",
        3,
        {"doc_no": "测政发〔2024〕3号", "topic": "农业、林业、水利\\农业、畜牧业、渔业", "genre": "通知", "validity": "有效",
         "keywords": "[促进办法]"},
        "为全面推进乡村振兴，加快农业农村现代化，制定本办法。\n\n## 一、总体要求\n\n坚持农业农村优先发展，"
        "巩固拓展脱贫攻坚成果同乡村振兴有效衔接。",
    ),
    "zwgk2024": (
        "zcwj/gfxwj",
        "测试县测试局关于做好2024年政务公开工作的通知",
        "2024-05-10",
        13,
        {"doc_no": "测政发〔2024〕13号", "topic": "综合政务\\政务公开", "genre": "通知", "validity": "废止", "expires": "2025-12-31"},
        "各股室、局属各单位：\n\n政务公开是建设法治政府的重要内容。请按照要求做好政务公开工作。",
    ),
    "zwgk2023": (
        "zcwj/qtwj",
        "2023年政务公开工作要点",
        "2023-04-01",
        3,
        {"doc_no": "测政办〔2023〕3号", "topic": "综合政务\\政务公开", "genre": "其他", "publisher": "测试县测试局办公室"},
        "一、深化政务公开，推进决策、执行、管理、服务、结果公开。\n\n二、加强政策解读和回应关切。",
    ),
    "guihua": (
        "ghjh",
        "测试县农业农村发展规划",
        "2022-06-01",
        8,
        {"topic": "农业、林业、水利\\农业、畜牧业、渔业", "genre": "规划"},
        "到2025年，农机总动力达到40万千瓦，主要农作物耕种收综合机械化率达到75%。",
    ),
    "jiedu": (
        "zcjd",
        "《乡村振兴促进办法》政策解读",
        "2024-03-04",
        4,
        {"topic": "农业、林业、水利\\农业、畜牧业、渔业", "genre": "政策解读", "interprets": f"{ORG}/2024-00003",
         "form": "文字解读"},
        "问：为什么制定这个办法？\n\n答：为了落实乡村振兴战略，规范扶持政策。",
    ),
    "chufa": (
        "xzzf/xzcf",
        "测试县测试局行政处罚决定书（测罚〔2025〕1号）",
        "2025-01-10",
        1,
        {"doc_no": "测罚〔2025〕1号", "topic": "市场监管、安全生产监管\\食品药品监管", "genre": "其他"},
        "当事人销售不合格饲料，违反了《饲料和饲料添加剂管理条例》，决定给予警告。",
    ),
}


def index_no(name: str) -> str:
    _, _, published, serial, _, _ = ITEMS[name]
    return f"{ORG}/{published[:4]}-{serial:05d}"


def item_url(name: str) -> str:
    """The item's page, site-relative (slug from the 索引号, as the loader makes it)."""
    return "doc/" + index_no(name).lower().replace("/", "-") + "/"


def _items() -> dict[str, str]:
    out = {}
    for name, (folder, title, published, serial, meta, body) in ITEMS.items():
        meta = {"title": title, "index_no": f"{ORG}/{published[:4]}-{serial:05d}", "published": published, **meta}
        out[f"{folder}/{name}.md"] = item_text(body, **meta)
    return out


_built: dict[str, Path] = {}


def build_search_site(base: Path) -> Path:
    """The built site/ folder (built on first use in this test process)."""
    if "site" not in _built:
        content = mini_project(base / "content-src", _items()) / "content"
        project = make_project(base / "project", content)
        result = run_build(project, XXGK_SEARCH_SHARD_PAGES=str(SHARD_PAGES))
        assert result.returncode == 0, result.stdout + result.stderr
        _built["site"] = project / "site"
    return _built["site"]

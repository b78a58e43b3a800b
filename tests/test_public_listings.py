"""有效性 in listings (issue 14): every document no longer in force carries a
失效/废止 label wherever it is listed, and the 按有效性筛选 chips count exactly
what their views list (a year view, which lists fewer documents, has none)."""

from __future__ import annotations

import re
from pathlib import Path

from html_tools import Node, content, list_rows, page, resolve, row_link

from generator.loader import load_site
from generator.validity import EXPIRED, REPEALED, effective_validity

GFXWJ = "fdzdgknr/zcwj/gfxwj/"
ZCWJ = "fdzdgknr/zcwj/"


def listed(site: Path, url: str) -> dict[str, str]:
    """Every item listed by the (paginated) listing at ``url``: item URL → its label ("" without)."""
    out: dict[str, str] = {}
    while url:
        doc = content(page(site, url))
        for row in list_rows(doc):
            link = row_link(row)
            labels = row.find_all("span", cls="xxgk-validity")
            out[resolve(url, link.attrs["href"])] = labels[0].text().strip() if labels else ""
        nxt = [a for a in doc.find_all("a", rel="next")]
        url = resolve(url, nxt[0].attrs["href"]) if nxt else ""
    return out


def chips(doc: Node) -> dict[str, tuple[str | None, int | None]]:
    navs = [n for n in content(doc).find_all("nav", cls="xxgk-chips") if n.attrs.get("aria-label") == "按有效性筛选"]
    if not navs:
        return {}
    out = {}
    for li in navs[0].find_all("li"):
        count = li.find_all("span", cls="xxgk-count")
        text = li.text().strip()
        number = int(count[0].text()) if count else None
        label = text[: -len(count[0].text())] if count else text
        links = li.find_all("a")
        out[label.strip()] = (links[0].attrs["href"] if links else None, number)
    return out


def test_every_ended_document_is_labelled_in_its_listings(sample_build: Path) -> None:
    site, _, _ = load_site(sample_build.parent)
    ended = {i.url: v for i in site.items if (v := effective_validity(i, site)) in (EXPIRED, REPEALED)}
    assert set(ended.values()) == {EXPIRED, REPEALED}
    for url in (GFXWJ, ZCWJ):
        rows = listed(sample_build, url)
        assert {u: label for u, label in rows.items() if label} == {u: v for u, v in ended.items() if u in rows}
        assert any(rows.values())


def test_validity_chips_count_what_their_views_list(sample_build: Path) -> None:
    for column in (GFXWJ, ZCWJ):
        found = chips(page(sample_build, column))
        href, total = found.pop("全部有效性")
        assert total == len(listed(sample_build, column))
        assert found and all(n for _, n in found.values())
        for label, (href, count) in found.items():
            view = resolve(column, href)
            rows = listed(sample_build, view)
            assert len(rows) == count, (column, label)
            # In a view of ended documents, each row says so; in 有效, none does.
            assert set(rows.values()) == ({label} if label in (EXPIRED, REPEALED) else {""})


def test_year_views_show_no_column_wide_validity_counts(sample_build: Path) -> None:
    years = [p.name for p in (sample_build / GFXWJ).iterdir() if re.fullmatch(r"\d{4}", p.name)]
    assert len(years) > 2
    for year in years:
        doc = page(sample_build, f"{GFXWJ}{year}/")
        assert chips(doc) == {}
        assert listed(sample_build, f"{GFXWJ}{year}/")

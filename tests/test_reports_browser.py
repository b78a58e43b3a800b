"""A report page in Chromium: a table cell is reachable through the
accessibility tree with its row and column headers, and each official table
fits an A4 page when printed."""

from __future__ import annotations

import pytest

A4_WIDTH_PX = round((210 - 2 * 15) / 25.4 * 96)  # 210 mm less the 15 mm margins of xxgk.css, at 96 px/in
A4_HEIGHT_PX = round((297 - 2 * 18) / 25.4 * 96)


@pytest.mark.browser
def test_cell_is_reachable_with_its_headers(page, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url + "ndbg/2024/")
    table = page.get_by_role("table", name="三、收到和处理政府信息公开申请情况")
    assert table.get_by_role("columnheader", name="商业企业", exact=True).count() == 1
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="4.保护第三方合法权益"))
    assert row.count() == 1
    # The accessibility tree of the row: its row headers, then the seven figures.
    snapshot = row.aria_snapshot()
    assert 'rowheader "4.保护第三方合法权益"' in snapshot
    cells = row.get_by_role("cell")
    assert cells.count() == 7
    business = cells.nth(1)
    assert business.inner_text() == "1"
    # Which headers a screen reader announces with that cell: follow `headers`
    # to the header cells and read their accessible roles and names.
    header_names = []
    for header_id in business.get_attribute("headers").split():
        header = page.locator(f"#{header_id}")
        role = header.evaluate("e => e.getAttribute('scope')")
        header_names.append((role, header.inner_text().replace("\n", "")))
    assert header_names == [
        ("rowgroup", "三、本年度办理结果"),
        ("rowgroup", "（三）不予公开"),
        ("row", "4.保护第三方合法权益"),
        ("colgroup", "申请人情况"),
        ("colgroup", "法人或其他组织"),
        ("col", "商业企业"),
    ]
    # Chromium maps the same cell to the 商业企业 column header: same x range.
    column = table.get_by_role("columnheader", name="商业企业", exact=True).bounding_box()
    box = business.bounding_box()
    assert column and box and abs(column["x"] - box["x"]) < 1 and abs(column["width"] - box["width"]) < 1
    assert all(url.startswith(sample_url) for url in page.requests), [
        u for u in page.requests if not u.startswith(sample_url)
    ]


@pytest.mark.browser
@pytest.mark.parametrize("year", [2020, 2024])
def test_each_table_fits_an_a4_page_in_print(page, sample_url: str, year: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": A4_HEIGHT_PX})
    page.emulate_media(media="print")
    page.goto(f"{sample_url}ndbg/{year}/")
    sizes = page.eval_on_selector_all(
        "table.xxgk-report__table",
        "ts => ts.map(t => ({id: t.id, width: t.getBoundingClientRect().width, height: t.getBoundingClientRect().height,"
        " room: t.parentElement.clientWidth, overflow: t.parentElement.scrollWidth - t.parentElement.clientWidth}))",
    )
    assert [s["id"] for s in sizes] == ["t2", "t3", "t4"]
    for s in sizes:
        assert s["overflow"] <= 0 and s["width"] <= A4_WIDTH_PX, s
        assert s["height"] <= A4_HEIGHT_PX, s

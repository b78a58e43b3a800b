"""Word documents for ``xxgk new --from``, made with python-docx from real public text.

Two documents laid out as 公文 are written the way agencies write them in Word:

* :func:`notice_with_doc_no` — 国务院关于在市场监管领域全面推行部门联合“双随机、一公开”
  监管的意见 (国发〔2019〕5号): the title on two lines, then the 文号, the 主送机关 and the
  first paragraphs, in plain paragraphs as a typist sets them. Text: the ``gwy-1``
  record of ``tests/fixtures/real/search/pages.jsonl`` (source noted in its SOURCES.md).
* :func:`notice_with_attachment` — 鲁山县人民政府办公室关于印发鲁山县2020年政务公开
  工作要点的通知 (no 文号 on the page): the title on three lines, the 主送机关, the
  notice, the signing date 2020年7月7日, then the attached 要点 with Word's own heading
  styles, a numbered list, a table and a picture. Text: ``../shared/seeds/
  001_5fbcf3879974533b.txt`` beside the repository (the page as published) and, for the
  table, the first two rows of the task table of ``004_7d0ad0acbfd9eccc.txt`` (中山市农业农村局2021年政务公开
  工作要点分工方案); the picture is a small generated PNG.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

from conftest import FIXTURES

GWY_1 = next(
    json.loads(line) for line in (FIXTURES / "real/search/pages.jsonl").read_text(encoding="utf-8").splitlines()
    if json.loads(line)["id"] == "gwy-1"
)


def png(width: int = 24, height: int = 12) -> bytes:
    """A small real PNG (a blue bar), so the converter has a picture to save."""
    rows = b"".join(b"\x00" + b"\x1f\x5f\xbf" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _centered(document, text: str, size: int = 22) -> None:  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).font.size = Pt(size)


def notice_with_doc_no(path: Path) -> Path:
    import docx

    document = docx.Document()
    paragraphs = [p for p in GWY_1["body"].split("\n") if p.strip()]
    # 国务院关于在市场监管领域全面推行 / 部门联合“双随机、一公开”监管的意见 / 国发〔2019〕5号 / 主送 / text …
    _centered(document, paragraphs[0])
    _centered(document, paragraphs[1])
    _centered(document, paragraphs[2], 16)
    for text in paragraphs[3:]:
        document.add_paragraph(text)
    document.save(path)
    return path


# The seed as published (copied here so the test does not depend on the shared folder).
LUSHAN_TITLE = ["鲁山县人民政府办公室", "关于印发鲁山县2020年政务公开", "工作要点的通知"]
LUSHAN_TO = "各乡镇人民政府、街道办事处,县政府各部门,土门办事处:"
LUSHAN_TEXT = "经县政府同意,现将《鲁山县2020年政务公开工作要点》印发给你们,请结合实际,抓好贯彻落实。"
LUSHAN_DATE = "2020年7月7日"
LUSHAN_HEADING = "鲁山县2020年政务公开工作要点"
LUSHAN_SECTION = "三、深入推进政务“五公开”"
LUSHAN_POINTS = [
    "规范决策公开。县直有关部门,各乡镇政府、街道办事处要建立健全重大决策预公开制度和利益相关方等列席政府有关会议制度,并抓紧制定本年度重大行政决策目录清单并对外公布。",
    "推进管理公开和服务公开。一是继续推行行政权力清单、责任清单主动公开和动态调整机制,机构改革涉及的政府部门要及时主动公开本机关的机构设置、职能、权责清单变化等信息。",
]
ZHONGSHAN_TABLE = [
    ["工作任务", "具体要求", "落实单位"],
    [
        "做好各类规划主动公开",
        "1.县级以上各级人民政府主动公开国民经济和社会发展第十四个五年规划纲要、国土空间规划、专项规划和区域规划等，做好历史规划（计划）的归集整理和主动公开工作。",
        "发展规划科牵头，各科室、海洋综合执法支队、下属各单位按职责分工落实",
    ],
]


def notice_with_attachment(path: Path) -> Path:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    for line in LUSHAN_TITLE:
        _centered(document, line)
    document.add_paragraph(LUSHAN_TO)
    document.add_paragraph(LUSHAN_TEXT)
    document.add_paragraph(LUSHAN_DATE)
    document.add_heading(LUSHAN_HEADING, level=1)
    document.add_heading(LUSHAN_SECTION, level=2)
    for point in LUSHAN_POINTS:
        document.add_paragraph(point, style="List Number")
    table = document.add_table(rows=0, cols=3)
    for row in ZHONGSHAN_TABLE:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    picture = path.with_suffix(".png")
    picture.write_bytes(png())
    document.add_picture(str(picture), width=Cm(4))
    picture.unlink()
    document.save(path)
    return path

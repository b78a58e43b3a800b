"""``xxgk new <栏目> "<标题>"`` and ``xxgk new <栏目> --from 文件.docx``: a new
item in the right folder with every key of the schema (``generator/scaffold.py``),
its 索引号 issued through the ledger, and from a Word document its body,
pictures, title, 文号 and 成文日期."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..build import check
from ..dates import date_arg, today_from
from ..diagnostics import Problems, nearest, rel
from ..index_numbers import Numbering, load_record
from ..loader import CONTENT, ITEMS_DIR
from ..model import Column, Site
from ..scaffold import BODY, genre_from_title, render
from . import ledger_unusable

HELP = "新建一条信息：自动填好今天的日期、索引号和所在栏目文件夹；--from 从 Word 文档生成"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("column", help="子栏目：代码（如 gfxwj 或 zcwj/gfxwj）或名称（如 行政规范性文件）")
    p.add_argument("title", nargs="?", help="标题（用 --from 时可以不写：取 Word 文档中的标题）")
    p.add_argument("--today", type=date_arg, help="发布日期，默认今天")
    p.add_argument(
        "--interprets", action="append", metavar="索引号", help="政策解读所解读的文件的索引号（解读几份文件就写几次）"
    )
    p.add_argument("--from", dest="source", type=Path, metavar="文件.docx", help="从 Word 文档（.docx）生成正文、标题、文号")


def find_column(site: Site, wanted: str) -> Column | None:
    leaves = site.leaf_columns()
    for column in leaves:
        if wanted in (column.path, column.id, column.title):
            return column
    return None


def _refuse(message: str, lines: Sequence[str] = ()) -> int:
    print(f"错误：{message}", file=sys.stderr)
    for line in lines:
        print(f"  {line}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    today = today_from(args.today)
    ctx, problems = check(args.root, today)
    site = ctx.site
    if not site.config.usable:
        print(Problems([p for p in problems.errors if p.path.endswith("site.yml")]).format(), file=sys.stderr)
        print("先修好 content/site.yml，再新建信息。", file=sys.stderr)
        return 1
    column = find_column(site, args.column)
    if column is None:
        return _refuse(
            f"没有叫“{args.column}”的子栏目。可用的子栏目：",
            [f"{leaf.path:<14} {' / '.join(c.title for c in leaf.trail)}" for leaf in site.leaf_columns()],
        )
    numbers = site.item_by_index_no()
    for number in args.interprets or []:
        if number not in numbers:
            near = nearest(number, numbers, n=3, cutoff=0.6)
            return _refuse(
                f"--interprets 的索引号 {number} 在本站找不到" + ("，最接近的：" if near else "。"),
                [f"{n}  {numbers[n].title}" for n in near],
            )
    if args.source is None and not args.title:
        return _refuse("请写标题，例如：xxgk new gfxwj \"关于……的通知\"；或用 --from 文件.docx 从 Word 文档生成。")
    if args.source is not None and not args.source.is_file():
        return _refuse(f"找不到 Word 文档 {args.source}")
    if ledger_unusable(problems):
        return 1

    folder = args.root / CONTENT / ITEMS_DIR / column.path
    issuer = Numbering(site.config.index_no, load_record(args.root), site.items).issuer()
    index_no = issuer.next(today.year)
    path = _free_name(folder, index_no)
    converted = None
    if args.source is not None:
        from ..word import WordError, convert  # mammoth and BeautifulSoup load only for --from (0.4 s)

        try:
            converted = convert(args.source, path.stem)
        except WordError as exc:
            return _refuse(str(exc))
    title = args.title or (converted.values.get("title") if converted else None) or args.source.stem
    values = _values(site, ctx.features, column, title, index_no, today.isoformat(), args.interprets)
    if converted is not None:
        values.update({k: v for k, v in converted.values.items() if k != "title"})
        if converted.pictures:
            values["attachments"] = [{"file": name, "title": caption} for name, _, caption in converted.pictures]

    # The number is registered in the ledger before the file exists: a crash in
    # between leaves a number issued to nothing (harmless), never an item whose
    # number could be handed out again.
    folder.mkdir(parents=True, exist_ok=True)
    issuer.register(index_no, rel(path, args.root), title, today.isoformat())
    issuer.save()
    for name, data, _ in converted.pictures if converted else []:
        (folder / name).write_bytes(data)
    examples = {"publisher": site.config.agency_name, "effective": today.isoformat()}
    path.write_text(render(values, converted.body if converted else BODY, examples), encoding="utf-8")
    print(f"已新建 {path.relative_to(args.root)}（{column.title}，索引号 {index_no}）")
    if converted is not None:
        found = [f"{label} {converted.values[key]}" for key, label in (("title", "标题"), ("issuer", "发文机关"), ("doc_no", "文号"), ("written", "成文日期")) if key in converted.values]
        print("已从 Word 文档读出" + ("：" + "，".join(found) if found else "正文") + f"；图片 {len(converted.pictures)} 张。")
        print("核对各字段后运行 xxgk check 检查；make serve 可以立即预览。")
    else:
        print("填好正文和各字段后运行 xxgk check 检查。")
    if "interprets" in values and not values["interprets"]:
        print("这是政策解读：在 interprets 中写所解读文件的索引号（也可以用 --interprets 索引号 直接填好）。")
    return 0


def _values(
    site: Site, features: Any, column: Column, title: str, index_no: str, today: str, interprets: list[str] | None
) -> dict[str, Any]:
    """What the new item starts with: the core's values, then the features' for
    this column, then what the title and the command line say."""
    values: dict[str, Any] = {
        "title": title,
        "index_no": index_no,
        "published": today,
        "written": today,
        "issuer": site.config.agency_name,
        "audience": "全社会",
    }
    for feature in features:
        if feature.new_item is not None:
            values.update(feature.new_item(site, column))
    if genre := genre_from_title(title, site.config.genres):
        values["genre"] = genre
    if interprets:
        values["interprets"] = interprets[0] if len(interprets) == 1 else interprets
    return values


def _free_name(folder: Path, index_no: str) -> Path:
    stem = index_no.rsplit("/", 1)[-1]
    path = folder / f"{stem}.md"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.md"
        n += 1
    return path

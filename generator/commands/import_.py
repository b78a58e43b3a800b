"""``xxgk import SOURCE --column 栏目``: a saved legacy column becomes items.

Reads a folder of saved pages (a wget or HTTrack mirror, or any crawl) and
never the network; writes the items, their images and attachments, registers
every legacy 索引号 in the ledger and updates ``import-worklist.csv``. Running it
again, or batch after batch, changes only what changed on the old pages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..build import load_and_check
from ..dates import today_from
from ..importer.profiles import ProfileError
from ..importer.run import ImportRefused, Options, import_mirror
from . import ledger_unusable

HELP = "从保存下来的旧网站页面导入信息：保留索引号、发布时间和旧网址，生成工作清单"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", type=Path, help="保存旧网站页面的文件夹（wget 或 HTTrack 镜像，或其他方式保存的网页）")
    p.add_argument("--column", required=True, help="导入到哪个子栏目：路径（zcwj/gfxwj）、代码或名称")
    p.add_argument("--profile", type=Path, help="导入规则文件（YAML）：旧网站模板不是开普、TRS、大汉时自己写")
    p.add_argument("--under", default="", help="只导入旧网址路径以此开头的页面，例如 /xxgk/zcwj/（分批导入时用）")
    p.add_argument("--base-url", help="镜像文件夹里没有网站域名那一层时，旧网站的地址，例如 http://www.example.gov.cn/")
    p.add_argument("--worklist", type=Path, help="工作清单的位置，默认项目根目录的 import-worklist.csv")
    p.add_argument("--dry-run", action="store_true", help="只显示将要导入什么，不写任何文件")


def run(args: argparse.Namespace) -> int:
    root = args.root
    site, problems = load_and_check(root, today_from(None))
    if ledger_unusable(problems):
        return 1
    options = Options(
        source=args.source, column=args.column, profile=args.profile, base_url=args.base_url,
        under=args.under, dry_run=args.dry_run, worklist=args.worklist,
    )  # fmt: skip
    try:
        report = import_mirror(root, site, options)
    except ProfileError as exc:
        print(exc.problems.format(), file=sys.stderr)
        print("导入规则有错误，没有导入任何页面。", file=sys.stderr)
        return 1
    except ImportRefused as exc:
        print(f"{exc}。没有导入任何页面。", file=sys.stderr)
        return 1
    what = "将要导入" if args.dry_run else "导入"
    print(
        f"查看了 {report.pages} 个页面，{what} {report.imported} 条信息：新建 {report.created}，更新 {report.updated}，"
        f"未变 {report.unchanged}；{len(report.skipped)} 个页面不是信息页面。"
    )
    if not args.dry_run:
        print(f"登记索引号 {report.registered} 个；复制附件和图片 {report.files} 个。")
        print(f"工作清单 {options.worklist or 'import-worklist.csv'}：本次 {report.worklist_rows} 行，共 {report.worklist_total} 行。")
    if report.legacy_forms:
        print("这些旧索引号不符合 site.yml 的索引号规则，请把旧格式写进 content/site.yml（否则检查会报错）：")
        print("index_no:\n  legacy:")
        for form in report.legacy_forms:
            print(f'    - template: "{form}"\n      columns: [{site_column(site, args.column)}]')
    return 0


def site_column(site, wanted: str) -> str:  # type: ignore[no-untyped-def]
    return next((c.path for c in site.leaf_columns() if wanted in (c.path, c.id, c.title)), wanted)

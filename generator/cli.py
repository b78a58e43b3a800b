"""``xxgk``: the editor's command line. One module per verb in ``commands/``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .commands import assign, check, deploy, generate, import_, new, report, site

VERBS = {
    "check": check,
    "new": new,
    "assign": assign,
    "import": import_,
    "report": report,
    "generate": generate,
    "build": site.Build,
    "serve": site.Serve,
    "deploy": deploy,
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="xxgk", description="政府信息公开专栏生成器")
    p.add_argument("-C", "--root", type=Path, default=Path("."), help="项目根目录（含 content/ 和 mkdocs.yml），默认当前目录")
    sub = p.add_subparsers(dest="verb", required=True, metavar="命令")
    for name, module in VERBS.items():
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return VERBS[args.verb].run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

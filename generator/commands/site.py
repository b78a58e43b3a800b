"""``xxgk build`` and ``xxgk serve``: MkDocs with the right options.

They are conveniences: ``mkdocs build`` and ``mkdocs serve`` do the same,
because the xxgk core runs inside them through ``generator/mkdocs_hooks.py``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys


class Build:
    HELP = "生成网站到 site/（等同 mkdocs build）"

    @staticmethod
    def add_arguments(p: argparse.ArgumentParser) -> None:
        pass

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        return _mkdocs(args, ["build"])


class Serve:
    HELP = "本地预览，修改内容后自动刷新（等同 mkdocs serve --dirty）"

    @staticmethod
    def add_arguments(p: argparse.ArgumentParser) -> None:
        p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="预览地址，默认 127.0.0.1:8000")

    @staticmethod
    def run(args: argparse.Namespace) -> int:
        # --dirty: rebuild only the pages an edit changed (the core rewrites only changed files).
        return _mkdocs(args, ["serve", "--dirty", "-a", args.dev_addr])


def _mkdocs(args: argparse.Namespace, verb: list[str]) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", *verb, "-f", str(args.root / "mkdocs.yml")]
    return subprocess.call(command, env=env)

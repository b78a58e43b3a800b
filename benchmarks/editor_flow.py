"""The editor's flow of EDITING.md's first example, timed step by step (issue 15).

On a copy of the sample in a temporary folder, as an editor following the guide:

1. ``xxgk new gfxwj "溪川县农业农村局关于做好2026年冬春农田水利建设的通知"``;
2. fill the file (文号, 主题分类, the body) and run ``xxgk check``;
3. start the preview (``xxgk serve``) until it serves;
4. save a typical mistake (``published：`` with a full-width colon) and request the page
   until it says what is wrong (or 15 s pass: before issue 15 every request hung);
5. fix it and request the page until it is the real page again.

Each step prints its wall time. ``--repo`` times another checkout's generator
(its ``generator/``, ``overrides/`` and sample), e.g. a worktree of the main
branch before a change, with this script and this interpreter:

    .venv/bin/python benchmarks/editor_flow.py
    .venv/bin/python benchmarks/editor_flow.py --repo ../before
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
TITLE = "溪川县农业农村局关于做好2026年冬春农田水利建设的通知"
PAGE = "fdzdgknr/zcwj/gfxwj/"
WAIT = 15.0


def project(repo: Path, where: Path) -> Path:
    where.mkdir(parents=True)
    shutil.copy(repo / "mkdocs.yml", where / "mkdocs.yml")
    for name in ("generator", "overrides"):
        (where / name).symlink_to(repo / name)
    shutil.copytree(repo / "content", where / "content")
    (where / "build" / "docs").mkdir(parents=True)
    return where


def xxgk(root: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "-C", str(root), *args],
        cwd=root, capture_output=True, text=True, env={**os.environ, "XXGK_TODAY": TODAY}, timeout=600,
    )
    return time.perf_counter() - start, result


def fill(path: Path) -> None:
    """What the editor types: the 文号, the 主题分类 and the body."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^doc_no:.*$", "doc_no: 溪农规〔2026〕5号", text, count=1, flags=re.M)
    text = re.sub(r"^topic:.*$", "topic: 农业、林业、水利\\\\水利", text, count=1, flags=re.M)
    text = re.sub(r"^# topic:.*$", "topic: 农业、林业、水利\\\\水利", text, count=1, flags=re.M)
    front, _, _ = text.partition("\n---\n")
    body = "各乡镇人民政府，县直有关单位：\n\n为做好今冬明春农田水利建设，现将有关事项通知如下。\n"
    path.write_text(front + "\n---\n\n" + body, encoding="utf-8")


def get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return None


def until(url: str, wanted, limit: float = WAIT) -> float | None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        body = get(url)
        if body is not None and wanted(body):
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=HERE, help="the checkout whose generator is timed")
    args = parser.parse_args()
    repo = args.repo.resolve()
    with tempfile.TemporaryDirectory(prefix="xxgk-flow-") as tmp:
        root = project(repo, Path(tmp) / "project")
        seconds, result = xxgk(root, "new", "gfxwj", TITLE)
        path = root / result.stdout.split()[1].split("（")[0]
        print(f"1. xxgk new                         {seconds:6.2f} s  ({path.name})")
        fill(path)
        seconds, result = xxgk(root, "check")
        verdict = next((line for line in result.stdout.splitlines() if line.startswith("检查")), "")
        print(f"2. xxgk check after filling it      {seconds:6.2f} s  (exit {result.returncode}: {verdict})")

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        url = f"http://127.0.0.1:{port}/"
        start = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "-C", str(root), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "XXGK_TODAY": TODAY},
            start_new_session=True,  # xxgk runs mkdocs as a child: both are ended below
        )
        output: list[str] = []
        threading.Thread(target=lambda: output.extend(server.stdout or []), daemon=True).start()
        try:
            served = until(url + PAGE, lambda body: "<article" in body, 300)
            print(f"3. preview serves the column page   {time.perf_counter() - start:6.2f} s" + ("" if served else "  (never)"))
            time.sleep(1)
            good = path.read_text(encoding="utf-8")
            path.write_text(good.replace("\npublished: ", "\npublished："), encoding="utf-8")
            shown = until(url + PAGE, lambda body: "内容有错误" in body)
            print("4. mistake saved → page says so     " + (f"{shown:6.2f} s" if shown else f"  none within {WAIT:.0f} s (requests hang)"))
            path.write_text(good, encoding="utf-8")
            back = until(url + PAGE, lambda body: "<article" in body and "内容有错误" not in body, 60)
            print("5. fix saved → real page again      " + (f"{back:6.2f} s" if back else "  never"))
            said = "".join(output).count("全角冒号") + "".join(output).count("could not find expected")
            print(f"   terminal lines naming the mistake: {said}")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

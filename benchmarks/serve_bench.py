"""Preview benchmark: how long an edit takes to show in ``mkdocs serve``.

Starts ``mkdocs serve --dirty`` (what ``xxgk serve`` runs) on 127.0.0.1 and a
free port for the synthetic site of N items, waits for the first build, then
edits one item's title and body several times and measures, per edit:

* until the served item page shows the edit (polling the page over HTTP);
* until MkDocs's livereload endpoint tells a waiting browser to reload (the
  request the page's injected script makes), which proves livereload fires;
* until the full rebuild behind the fast render is done (listings, catalogues
  and the checks across files show the edit: ``generator/fast_render.py``);
* then, twice, a second save made WHILE the full rebuild behind a first one runs
  (an editor saving again before a large site's rebuild is over), 0.5 s into it
  and once it has read the content: until the page shows the second save,
  whether the rebuild was still running then, and whether the page ever went
  back to the older text afterwards;
* then, once, an edit with a mistake (a date that does not exist): until the
  error page shows, and until the page is back once the mistake is fixed;
* the server's CPU while it sits idle for 10 s (the file watcher's cost);
* how many rebuilds the edit caused (one: the generated docs folder is
  unwatched by ``generator/mkdocs_hooks.py::on_serve``).

    .venv/bin/python benchmarks/serve_bench.py            # N = 10 000, 5 edits
    .venv/bin/python benchmarks/serve_bench.py 1000 --edits 3
    .venv/bin/python benchmarks/serve_bench.py 100000 --edits 1 --no-mistake   # ~15 min first build

Then the stock baseline, in the same run: stock ``mkdocs serve`` (mkdocs-material,
no overrides, no hooks: ``build_bench.stock_project``) on the same N bodies as
plain pages; its first build and how long one edit of a page body takes to show;
the ratios xxgk / stock. ``--stock-edits 0`` skips it.

Target (issue 11): an edit shows in under 2 s at 10 000 items and under 3 s at
100 000, also when it is saved while a rebuild is running.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.build_bench import OUT, TODAY, project_for, stock_project  # noqa: E402
from generator.loader import item_slug  # noqa: E402

_EPOCH = re.compile(rb"livereload\((\d+), (\d+)\)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 600) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
        return response.read()


def wait_for(url: str, timeout: float, process: subprocess.Popen[bytes], log: Path) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"mkdocs serve exited:\n{log.read_text()[-3000:]}")
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} not served after {timeout} s:\n{log.read_text()[-3000:]}")


def _await_reload(url: str, when: list[float]) -> None:
    """What the page's livereload script does: this request returns once a newer build is visible."""
    fetch(url)
    when.append(time.perf_counter())


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pick_item(project: Path) -> tuple[Path, str]:
    """An item file in the middle of the site, and its URL path."""
    files = sorted((project / "content" / "items").rglob("*.md"))
    path = files[len(files) // 2]
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n"))
    return path, f"doc/{item_slug(meta, path)}/"


def edit(path: Path, marker: str) -> None:
    """Change the title and add a paragraph, as an editor would."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: (.*?)(（修订\d+）)?$", lambda m: f"title: {m.group(1)}（修订{marker}）", text, count=1, flags=re.M)
    path.write_text(text + f"\n本段为第 {marker} 次修改。\n", encoding="utf-8")


def _save_during_rebuild(item: Path, url: str, log: Path, late: bool, n: int) -> None:
    """Save once, wait until the page shows it (the rebuild behind it is then running),
    save again, and time the second save to the page; then watch the page until the
    rebuilds are over for a return of the first save's text. ``late``: the second save
    comes once the rebuild has read the content (it then writes the first save's page,
    older); else 0.5 s into it (it may still read the second save itself)."""
    first_marker, second_marker = f"{n}01", f"{n}02"
    text = log.read_text()
    done_before, read_before = text.count("Reloading browsers"), text.count("docs tree")
    t0 = time.perf_counter()
    edit(item, first_marker)
    while f"本段为第 {first_marker} 次修改".encode() not in fetch(url):
        time.sleep(0.05)
    first = time.perf_counter() - t0
    # Late: once the rebuild has read the content (its generator logs the docs tree).
    while late and log.read_text().count("docs tree") == read_before and time.perf_counter() - t0 < 600:
        time.sleep(0.05)
    time.sleep(0 if late else 0.5)
    running = log.read_text().count("Reloading browsers") == done_before
    over: list[float] = []

    def watch_end() -> None:
        while log.read_text().count("Reloading browsers") == done_before and time.perf_counter() - t0 < 900:
            time.sleep(0.05)
        over.append(time.perf_counter())

    ending = threading.Thread(target=watch_end, daemon=True)
    ending.start()
    t1 = time.perf_counter()
    edit(item, second_marker)
    while f"（修订{second_marker}）".encode() not in (html := fetch(url)):
        time.sleep(0.05)
    second = time.perf_counter() - t1
    still = log.read_text().count("Reloading browsers") == done_before
    assert f"本段为第 {second_marker} 次修改".encode() in html
    # Until the rebuilds behind both saves are over: MkDocs logs "Detected file changes" as
    # it starts one and "Reloading browsers" as it ends it; then 3 s more of the same.
    went_back, end, quiet_since = 0, time.perf_counter() + 900, None
    while time.perf_counter() < end:
        went_back += f"（修订{second_marker}）".encode() not in fetch(url)
        text = log.read_text()
        idle = text.count("Reloading browsers") > done_before and text.count("Detected file changes") <= text.count("Reloading browsers")
        quiet_since = (quiet_since or time.perf_counter()) if idle else None
        if quiet_since and time.perf_counter() - quiet_since > 3:
            break
        time.sleep(0.1)
    ending.join(timeout=5)
    print(
        f"  a save during a rebuild: the first shows after {first:.2f} s; the second, saved "
        f"{'while' if running else 'AFTER (not measured as meant)'} its rebuild ran "
        f"({'after it read the content' if late else '0.5 s into it'}), "
        f"shows after {second:.2f} s ({'before' if still else 'after'} that rebuild was over, "
        f"{over[0] - t1 if over else float('nan'):.1f} s after the save); all rebuilds done after "
        f"{time.perf_counter() - t1 - 3:.1f} s; the page showed the older text {went_back} time(s) after that",
        flush=True,
    )


def _mistake(item: Path, url: str, original: str) -> None:
    """A save with a mistake (a date that does not exist), then the file as it was: until the
    error page shows, and until the page is back."""
    t0 = time.perf_counter()
    item.write_text(re.sub(r"^published: .*$", "published: 2026-02-30", item.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    while b"preview.css" not in fetch(url):  # the error page's own stylesheet
        time.sleep(0.05)
    error_shown = time.perf_counter() - t0
    time.sleep(2)
    t0 = time.perf_counter()
    item.write_text(original, encoding="utf-8")
    while b"preview.css" in fetch(url):
        time.sleep(0.05)
    print(f"  a mistake: error page after {error_shown:.2f} s; fixed: the page back after {time.perf_counter() - t0:.2f} s")


def _serve(project: Path, port: int, log: Path, env: dict[str, str], *flags: str) -> subprocess.Popen[bytes]:
    """``mkdocs serve`` of ``project`` on 127.0.0.1:``port`` in its own process group, its output in ``log``."""
    command = [sys.executable, "-m", "mkdocs", "serve", *flags, "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
    with log.open("w") as out:
        return subprocess.Popen(command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:  # stop the server we started (its own process group)
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def stock_preview(project: Path, edits: int) -> tuple[float, list[float]]:
    """Stock ``mkdocs serve`` (its default: every save rebuilds the site) of the same bodies:
    seconds to the first build served, and from each save of a page in the middle to the
    served page showing it."""
    stock = stock_project(project, OUT)
    pages = sorted((stock / "docs" / "items").glob("*.md"))
    page = pages[len(pages) // 2]
    port = free_port()
    url = f"http://127.0.0.1:{port}/items/{page.stem}/"
    log = stock / "serve-bench.log"
    start = time.perf_counter()
    process = _serve(stock, port, log, {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    shown: list[float] = []
    try:
        wait_for(url, 900, process, log)
        first = time.perf_counter() - start
        for number in range(1, edits + 1):
            time.sleep(2)
            marker = f"本段为第 {number:03d} 次修改。"
            t0 = time.perf_counter()
            page.write_text(page.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            while marker.encode() not in fetch(url):
                if time.perf_counter() - t0 > 900:
                    raise SystemExit(f"stock mkdocs serve did not show the edit in 900 s:\n{log.read_text()[-3000:]}")
                time.sleep(0.1)
            shown.append(time.perf_counter() - t0)
    finally:
        _stop(process)
    return first, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n_items", nargs="?", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--no-mistake", action="store_true", help="skip the edit with a mistake (two more rebuilds)")
    parser.add_argument("--stock-edits", type=int, default=1, help="edits of the stock baseline (0: no baseline)")
    args = parser.parse_args()

    project = project_for(args.n_items)
    item, item_url = pick_item(project)
    original = item.read_text(encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = project / "build" / "serve-bench.log"
    log.parent.mkdir(parents=True, exist_ok=True)  # build/ is git-ignored: a fresh project has none
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "XXGK_TODAY": TODAY}
    print(f"N = {args.n_items}: mkdocs serve --dirty\n  editing {item.relative_to(project)} → {base}{item_url}", flush=True)
    start = time.perf_counter()
    process = _serve(project, port, log, env, "--dirty")  # what `xxgk serve` runs
    shown: list[float] = []
    try:
        wait_for(base + item_url, 900, process, log)
        first = time.perf_counter() - start
        print(f"  first build served after {first:.1f} s", flush=True)
        time.sleep(3)  # the first build's last steps
        cpu = _cpu_seconds(process.pid)
        time.sleep(10)
        print(f"  idle: {_cpu_seconds(process.pid) - cpu:.2f} s CPU in 10 s", flush=True)
        reloads, builds, full = [], [], []
        for number in range(1, args.edits + 1):
            time.sleep(2)  # let the watcher settle, as between an editor's saves
            page = fetch(base + item_url)
            epoch, request = _EPOCH.search(page).groups()  # the browser's livereload poll
            reloaded: list[float] = []
            poll = threading.Thread(target=_await_reload, args=(f"{base}livereload/{int(epoch)}/{int(request)}", reloaded))
            poll.start()
            marker = f"{number:03d}"
            before = log.read_text().count("Building documentation")
            done_before = log.read_text().count("Reloading browsers")  # MkDocs logs it after a full rebuild
            t0 = time.perf_counter()
            edit(item, marker)
            while f"本段为第 {marker} 次修改".encode() not in (html := fetch(base + item_url)):
                time.sleep(0.05)
            shown.append(time.perf_counter() - t0)
            assert f"（修订{marker}）".encode() in html, "title edit not shown"
            poll.join(timeout=120)
            reloads.append(reloaded[0] - t0 if reloaded else float("nan"))
            while log.read_text().count("Reloading browsers") == done_before and time.perf_counter() - t0 < 600:
                time.sleep(0.05)
            full.append(time.perf_counter() - t0)
            time.sleep(1.5)  # a second rebuild would have started by now
            builds.append(log.read_text().count("Building documentation") - before)
            print(
                f"  edit {number}: page shows it after {shown[-1]:.2f} s, livereload fired after {reloads[-1]:.2f} s, "
                f"full rebuild done after {full[-1]:.2f} s, rebuilds {builds[-1]}",
                flush=True,
            )
        print(
            f"  median {statistics.median(shown):.2f} s, best {min(shown):.2f} s, worst {max(shown):.2f} s "
            f"to show an edit; rebuilds per edit {sorted(set(builds))}; full rebuild done after "
            f"{statistics.median(full):.2f} s (median)"
        )
        fast = re.findall(r"xxgk: fast render of .*? in ([\d.]+) s", log.read_text())
        print(f"  fast renders (s): {', '.join(fast) or 'none'}")
        time.sleep(2)
        _save_during_rebuild(item, base + item_url, log, late=False, n=8)
        time.sleep(2)
        _save_during_rebuild(item, base + item_url, log, late=True, n=9)
        if not args.no_mistake:
            _mistake(item, base + item_url, original)
        times = re.findall(r"Documentation built in ([\d.]+) seconds", log.read_text())
        print(f"  MkDocs rebuild times (s): {', '.join(times)}")
        phases = re.findall(r"xxgk: .*?; (load_and_check .*)", log.read_text())
        for line in phases[1:]:
            print(f"  generator phases: {line}")
    finally:
        item.write_text(original, encoding="utf-8")
        _stop(process)
    if args.stock_edits and shown:
        stock_first, stock_shown = stock_preview(project, args.stock_edits)
        print(
            f"stock mkdocs serve, same {args.n_items} bodies: first build served after {stock_first:.1f} s; "
            f"an edit shows after {statistics.median(stock_shown):.2f} s (median of {len(stock_shown)})\n"
            f"  xxgk / stock: first build {first / stock_first:.2f}, edit shown {statistics.median(shown) / statistics.median(stock_shown):.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()

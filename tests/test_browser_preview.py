"""The live preview tells the truth (issue 15), driven as an editor drives it:
``xxgk serve`` running, a page open in Chromium, a file saved with a mistake.
Every page then is the error page in Chinese (file:line, field, message, hint),
within 2 s of saving, under the site's Content-Security-Policy with no
violation; a new tab and a plain HTTP request get it at once instead of
hanging; the terminal lists the problem on every rebuild, also the same
problem twice; and the page reloads itself into the real page once the file
is fixed."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, TODAY, make_project, run_build
from content_kit import register

pytestmark = pytest.mark.browser

ERROR_TITLE = "内容有错误，预览暂停更新"
ITEM = "content/items/zcwj/qtwj/a.md"
GOOD = "---\ntitle: 关于做好冬季农业生产工作的通知\nindex_no: CSJ000001/2026-00001\npublished: 2026-11-02\n---\n\n正文。\n"
BROKEN = GOOD.replace("published: ", "published：")  # the full-width colon of the issue
WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));"""


class Preview:
    """``xxgk serve`` on a free port of 127.0.0.1, its terminal output collected."""

    def __init__(self, project: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.project = project
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "-C", str(project), "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "XXGK_TODAY": TODAY},
            start_new_session=True,  # xxgk runs mkdocs as a child: stop() ends the whole group
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for("Serving on", 120)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def wait_for(self, text: str, timeout: float, count: int = 1) -> None:
        end = time.monotonic() + timeout
        while "".join(self.output).count(text) < count:
            assert self.process.poll() is None, "".join(self.output)
            assert time.monotonic() < end, f"no {text!r} in:\n" + "".join(self.output)
            time.sleep(0.05)

    def write(self, text: str) -> float:
        path = self.project / ITEM
        path.write_text(text, encoding="utf-8")
        return time.monotonic()

    def stop(self) -> None:
        """Ends ``xxgk serve`` and the ``mkdocs serve`` it started (their own process group)."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    project = make_project(tmp_path / "project", FIXTURES / "mini" / "content")
    (project / ITEM).parent.mkdir(parents=True, exist_ok=True)
    (project / ITEM).write_text(GOOD, encoding="utf-8")
    register(project, "CSJ000001/2026-00001", ITEM, "关于做好冬季农业生产工作的通知", "2026-11-02")
    server = Preview(project)
    yield server
    server.stop()


def _open(browser, url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(url)
    return page


def _wait_for_title(page, wanted, timeout: float) -> None:  # type: ignore[no-untyped-def]
    """Polled from outside the page: the error page's policy forbids the eval of wait_for_function."""
    end = time.monotonic() + timeout
    while True:
        try:
            if wanted(page.title()):
                page.wait_for_load_state()
                return
        except Exception:  # noqa: BLE001 - the page is between two documents while it reloads
            pass
        assert time.monotonic() < end, f"title still {page.title()!r}"
        time.sleep(0.02)


_EPOCH = re.compile(r'data-xxgk-epoch="(\d+)"|livereload\((\d+),')


def _settled(page, preview: Preview, rebuilds: int) -> None:  # type: ignore[no-untyped-def]
    """Waits until the full rebuild behind a fast check or render is done (``rebuilds`` of them
    logged) and the open page shows the build the server now serves (it may reload once more)."""
    preview.wait_for("Reloading browsers", 60, count=rebuilds)
    with urllib.request.urlopen(page.url, timeout=10) as response:
        served = _EPOCH.search(response.read().decode("utf-8"))
    assert served is not None
    end = time.monotonic() + 20
    while True:
        try:
            shown = _EPOCH.search(page.content())
            if shown is not None and shown.groups() == served.groups():
                page.wait_for_load_state()
                return
        except Exception:  # noqa: BLE001 - the page is between two documents while it reloads
            pass
        assert time.monotonic() < end, "the open page never showed the last build"
        time.sleep(0.05)


def test_the_open_page_turns_into_the_error_page_and_back(browser, preview: Preview) -> None:  # type: ignore[no-untyped-def]
    page = _open(browser, preview.url + "fdzdgknr/")
    assert page.title() != ERROR_TITLE
    page.wait_for_timeout(500)  # MkDocs's reload script is polling

    saved = preview.write(BROKEN)
    _wait_for_title(page, lambda title: title == ERROR_TITLE, 10)
    seconds = time.monotonic() - saved
    print(f"error page shown {seconds:.2f} s after saving")
    assert seconds < 2.0, f"the error page took {seconds:.2f} s"
    # The edited file's own error shows at once; the full rebuild then lists every problem of the site.
    _settled(page, preview, 1)

    entry = page.locator("li.xxgk-preview-error")
    assert entry.count() == 1
    text = entry.inner_text()
    assert f"{ITEM}:4:10" in text  # file, line and column of the full-width colon
    assert "YAML 格式错误：字段名 published 后面用了全角冒号“：”" in text
    assert "提示：改成英文冒号加一个空格：published: 2026-11-02" in text
    assert "4 | published：2026-11-02" in text  # the line itself
    assert page.locator(".xxgk-preview-lead").inner_text().startswith("检查未通过：1 个错误，")
    # The page has the site's policy, and its reload script is a file: nothing is blocked.
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    assert page.evaluate("window.__violations") == []

    preview.write(GOOD)
    _wait_for_title(page, lambda title: title and title != ERROR_TITLE, 20)
    page.locator("article").wait_for(timeout=10_000)
    _settled(page, preview, 2)
    assert page.title() != ERROR_TITLE and page.evaluate("window.__violations") == []
    page.context.close()


def test_every_page_a_new_tab_or_a_plain_request_asks_for_is_the_error_page_at_once(browser, preview: Preview) -> None:  # type: ignore[no-untyped-def]
    preview.write(BROKEN)
    preview.wait_for("预览页显示这些问题", 10)
    for path in ("", "fdzdgknr/", "doc/csj000001-2026-00001/", "no/such/page/"):
        start = time.monotonic()
        with urllib.request.urlopen(preview.url + path, timeout=5) as response:
            body = response.read().decode("utf-8")
        assert time.monotonic() - start < 1.0  # no hang while the content has errors
        assert f"<title>{ERROR_TITLE}</title>" in body and f"{ITEM}:4:10" in body
    page = _open(browser, preview.url + "zhinan/")
    assert page.title() == ERROR_TITLE and page.evaluate("window.__violations") == []
    page.context.close()


def test_the_terminal_prints_the_problem_on_every_rebuild(preview: Preview) -> None:
    """Break, fix, break the same way: the second time is printed too (MkDocs filters repeats)."""
    message = "字段名 published 后面用了全角冒号“：”"
    preview.write(BROKEN)
    preview.wait_for(message, 10)
    preview.write(GOOD)
    preview.wait_for("Reloading browsers", 20, count=2)
    preview.write(BROKEN)
    preview.wait_for(message, 10, count=2)
    output = "".join(preview.output)
    assert output.count(f"{ITEM}:4:10: 错误：YAML 格式错误：{message}") == 2
    assert "Aborted with a BuildError" not in output and "appear stuck" not in output
    assert "'dirty' build" not in output and '" code ' not in output  # no per-request warning lines


def test_the_samples_build_and_preview_print_no_warning(tmp_path: Path) -> None:
    """A clean build prints no warnings: every line of `make site` and of `make serve`'s start."""
    project = make_project(tmp_path / "project")
    build = run_build(project)
    assert build.returncode == 0 and "WARNING" not in build.stdout + build.stderr, build.stdout + build.stderr
    server = Preview(project)
    try:
        server.wait_for("Watching paths for changes", 10)
        output = "".join(server.output)
    finally:
        server.stop()
    assert "WARNING" not in output and "ERROR" not in output, output

"""Shared fixtures: building a project copy in a temporary folder, serving a
built site on 127.0.0.1, and a headless Chromium (Debian's, never downloaded).

Tests never build inside the repository: each build gets its own copy of
mkdocs.yml and content/ (generator/ and overrides/ are symlinked), so tests
can run in parallel with each other and with an editor's preview.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-23"  # the day the sample content is checked against
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True, scope="session")
def _no_ci_base() -> Iterator[None]:
    """Tests choose their own 索引号 base: CI's XXGK_BASE_REF (the repository's
    target branch) and CI (which turns an unreadable base into an error) would
    otherwise leak into every temporary project. Tests of those set them.
    Session-wide, so module fixtures (which run before any function fixture)
    build in the same environment as the tests that use them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("XXGK_BASE_REF", raising=False)
        patch.delenv("CI", raising=False)
        yield


def make_project(where: Path, content: Path = SAMPLE) -> Path:
    """A buildable project in ``where``: mkdocs.yml + a copy of ``content``."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    for name in ("generator", "overrides"):
        (where / name).symlink_to(ROOT / name)
    shutil.copytree(content, where / "content")
    return where  # no build/: the build creates it


def run_build(
    project: Path, today: str = TODAY, config: str = "mkdocs.yml", config_arg: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` in ``project``, as an editor or CI would run it (``config``
    ``build/mkdocs.yml``: as an engine without hooks would, after ``xxgk generate``;
    ``config_arg``: the ``-f`` argument as typed, else the config's full path)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", config_arg or str(project / config)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XXGK_TODAY": today, **env},
        timeout=600,
    )


def run_xxgk(project: Path, *args: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "-C", str(project), *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "XXGK_TODAY": today},
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site, built once per test session; returns its site/ folder."""
    project = make_project(tmp_path_factory.mktemp("sample") / "project")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(directory: Path) -> tuple[str, socketserver.TCPServer]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def sample_url(sample_build: Path) -> Iterator[str]:
    url, server = serve(sample_build)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright. A missing browser fails the
    test run (it is never skipped): CI must not pass without browser tests."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    """A fresh page that records every request URL in ``page.requests``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request.url))  # type: ignore[attr-defined]
    yield page
    context.close()

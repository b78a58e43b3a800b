"""The shipped nginx configuration on a real nginx (Debian's package), started
by the tests on 127.0.0.1 with the configuration `xxgk deploy` renders: pages,
the 404 page, old-URL redirects, security and cache headers, gzip, the redirect
map kept private, at the root and under a path prefix; then deploys, a refused
redirect map, and a rollback while nginx serves."""

from __future__ import annotations

import gzip
import http.client
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import run_xxgk
from deploy_kit import make_site

from generator.nginx import ConfigError, normalize_prefix
from generator.security import content_security_policy

NGINX = "/usr/sbin/nginx"
HOSTS = ["img.example.gov.cn"]  # content/site.yml allowed_hosts of the test project
# Old addresses → new pages, as the build will write them (nginx map syntax).
REDIRECTS = '"/old/path.htm" "/zhinan/";\n"/旧栏目/通知.htm" "/zhidu/";\n'
LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"


class Nginx:
    """nginx in the foreground with its own prefix, pid and logs in ``work``."""

    def __init__(self, work: Path, target: Path):
        self.work, self.target = work, target
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.conf = work / "nginx.conf"
        self.conf.write_text(
            f"""daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    include {target}/nginx/xxgk.conf;
}}
""",
            encoding="utf-8",
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def command(self, *args: str) -> list[str]:
        return [NGINX, "-p", f"{self.work}/", "-c", str(self.conf), "-e", str(self.work / "error.log"), *args]

    @property
    def reload_command(self) -> str:
        """What an operator's --reload does: test the configuration, then reload."""
        return " ".join(self.command("-t", "-q")) + " && " + " ".join(self.command("-s", "reload"))

    def start(self) -> None:
        self.proc = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"nginx exited: {self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail(f"nginx did not listen on {self.port}: {self.log()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def log(self) -> str:
        path = self.work / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", quote(path), headers={k.replace("_", "-"): v for k, v in headers.items()})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()


@pytest.fixture
def workdir() -> Iterator[Path]:
    """A folder nginx's workers can read: when the tests run as root they run as
    `nobody`, and pytest's own temporary folders are private to the user."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: install Debian's nginx (see .ci/run)")
    work = Path(tempfile.mkdtemp(prefix="xxgk-nginx-"))
    work.chmod(0o755)
    yield work
    shutil.rmtree(work, ignore_errors=True)


def project_with(work: Path, site_from: Path | None = None, **site_args: str) -> Path:
    """A project folder with ``content/site.yml`` (allowed_hosts) and a built ``site/``."""
    project = work / "project"
    (project / "content").mkdir(parents=True, exist_ok=True)
    (project / "content/site.yml").write_text(f"allowed_hosts: {HOSTS}\n", encoding="utf-8")
    if site_from:
        shutil.copytree(site_from, project / "site", dirs_exist_ok=True)
        (project / "site/redirects.map").write_text(REDIRECTS, encoding="utf-8")
    else:
        shutil.rmtree(project / "site", ignore_errors=True)
        make_site(project / "site", **site_args)
    return project


def deploy(project: Path, server: Nginx, *args: str) -> None:
    result = run_xxgk(project, "deploy", str(server.target), "--listen", f"127.0.0.1:{server.port}", *args)
    assert result.returncode == 0, result.stdout + result.stderr


def until(check: Callable[[], bool], seconds: float = 10) -> bool:
    """nginx reloads in the background: wait (bounded) for the new workers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


@pytest.fixture(params=["/", "/xxgk/"], ids=["root", "prefix"], scope="module")
def served(request: pytest.FixtureRequest, sample_build: Path) -> Iterator[tuple[Nginx, str, Path]]:
    """The sample site deployed with `xxgk deploy` and served by nginx at ``prefix``."""
    work = Path(tempfile.mkdtemp(prefix="xxgk-nginx-"))
    work.chmod(0o755)
    server = Nginx(work, work / "www")
    project = project_with(work, sample_build)
    deploy(project, server, "--prefix", request.param)
    server.start()
    yield server, request.param, project / "site"
    server.stop()
    shutil.rmtree(work, ignore_errors=True)


def test_nginx_accepts_the_rendered_configuration(served: tuple[Nginx, str, Path]) -> None:
    server, _prefix, _site = served
    result = subprocess.run(server.command("-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_pages_are_served_with_the_security_headers(served: tuple[Nginx, str, Path]) -> None:
    server, prefix, site = served
    for path in ("", "zhinan/", "sitemap/"):
        status, headers, body = server.get(prefix + path)
        assert status == 200, path
        assert body == (site / path / "index.html").read_bytes()
        assert headers["content-type"] == "text/html; charset=utf-8"
        # The same policy as the pages' <meta>, from the one definition, with the agency's hosts.
        assert headers["content-security-policy"] == content_security_policy(HOSTS, header=True)
        assert "https://img.example.gov.cn" in headers["content-security-policy"]
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert headers["x-frame-options"] == "SAMEORIGIN"
        assert headers["cache-control"] == "no-cache"
        assert "server" not in headers or "/" not in headers["server"]  # no version number


def test_hashed_assets_are_cached_for_a_year_everything_else_briefly(served: tuple[Nginx, str, Path]) -> None:
    server, prefix, site = served

    def one(pattern: str) -> str:
        return next(site.glob(pattern)).relative_to(site).as_posix()

    expected = {
        one("assets/javascripts/bundle.*.min.js"): LONG,
        one("assets/stylesheets/main.*.min.css"): LONG,
        one("pagefind/*/fragment/*.pf_fragment"): LONG,
        one("pagefind/*/index/*.pf_index"): LONG,
        one("pagefind/*/pagefind.*.pf_meta"): LONG,
        one("pagefind/*/pagefind.js"): SHORT,
        one("pagefind/*/pagefind-entry.json"): SHORT,
        "pagefind/shards.json": SHORT,
        one("search/lookup/*.json"): SHORT,
        "assets/xxgk/xxgk.js": SHORT,
        "assets/xxgk/xxgk.css": SHORT,
        "index.html": "no-cache",
    }
    got = {}
    for path in expected:
        status, headers, _ = server.get(prefix + path)
        assert status == 200, path
        got[path] = headers["cache-control"]
    assert got == expected


def test_a_missing_page_gets_the_404_page(served: tuple[Nginx, str, Path]) -> None:
    server, prefix, site = served
    status, headers, body = server.get(prefix + "no/such/page/")
    assert status == 404
    assert body == (site / "404.html").read_bytes()
    assert headers["content-security-policy"] == content_security_policy(HOSTS, header=True)
    assert headers["cache-control"] == "no-cache"


def test_old_addresses_redirect_to_their_new_page(served: tuple[Nginx, str, Path]) -> None:
    server, prefix, _site = served
    for old, new in (("/old/path.htm", "zhinan/"), ("/旧栏目/通知.htm", "zhidu/")):
        status, headers, _ = server.get(old)
        assert (status, headers.get("location")) == (301, prefix + new)
        assert server.get(headers["location"])[0] == 200
    assert server.get("/old/other.htm")[0] == 404  # not in the map


def test_the_redirect_map_itself_is_not_served(served: tuple[Nginx, str, Path]) -> None:
    server, prefix, site = served
    status, _headers, body = server.get(prefix + "redirects.map")
    assert status == 404
    assert b"/old/path.htm" not in body
    assert body == (site / "404.html").read_bytes()


@pytest.mark.parametrize("path", ["index.html", "assets/xxgk/xxgk.css", "assets/xxgk/xxgk.js"])
def test_text_is_gzipped_for_browsers_that_accept_it(served: tuple[Nginx, str, Path], path: str) -> None:
    server, prefix, site = served
    status, headers, body = server.get(prefix + path, Accept_Encoding="gzip")
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == (site / path).read_bytes()
    status, headers, body = server.get(prefix + path)
    assert "content-encoding" not in headers and body == (site / path).read_bytes()


def test_a_folder_without_its_slash_redirects_within_the_prefix(served: tuple[Nginx, str, Path]) -> None:
    server, prefix, _site = served
    status, headers, _ = server.get(prefix + "zhinan")
    assert (status, headers["location"]) == (301, prefix + "zhinan/")
    if prefix != "/":
        status, headers, _ = server.get(prefix.rstrip("/"))
        assert (status, headers["location"]) == (301, prefix)


def test_deploys_a_refused_map_and_a_rollback_while_serving(workdir: Path) -> None:
    server = Nginx(workdir, workdir / "www")
    reload = ("--reload", server.reload_command, "--keep", "2")

    def page() -> bytes:
        return server.get("/")[2]

    def redirect() -> str | None:
        return server.get("/a.htm")[1].get("location")

    # The first deploy comes before nginx serves it (nothing to reload yet).
    deploy(project_with(workdir, text="第一版", redirects='"/a.htm" "/one/";\n'), server)
    server.start()
    try:
        assert page() == "<h1>第一版</h1>".encode()
        assert redirect() == "/one/"

        deploy(project_with(workdir, text="第二版", redirects='"/a.htm" "/two/";\n'), server, *reload)
        assert page() == "<h1>第二版</h1>".encode()  # the switch needs no reload
        assert until(lambda: redirect() == "/two/"), server.log()  # the map does

        # A broken map fails `nginx -t`: the deploy is refused and nothing changes.
        project = project_with(workdir, text="坏的", redirects='"/a.htm";\n')
        result = run_xxgk(project, "deploy", str(server.target), "--listen", f"127.0.0.1:{server.port}", *reload)
        assert result.returncode == 1 and "重新加载命令失败" in result.stderr
        assert page() == "<h1>第二版</h1>".encode() and redirect() == "/two/"

        deploy(project_with(workdir, text="第三版", redirects='"/a.htm" "/three/";\n'), server, *reload)
        assert page() == "<h1>第三版</h1>".encode()
        assert until(lambda: redirect() == "/three/"), server.log()
        assert len(list((server.target / "releases").iterdir())) == 2  # --keep 2

        result = run_xxgk(project, "deploy", str(server.target), "--rollback", "--reload", server.reload_command)
        assert result.returncode == 0, result.stderr
        assert page() == "<h1>第二版</h1>".encode()
        assert until(lambda: redirect() == "/two/"), server.log()
    finally:
        server.stop()


def test_nothing_from_content_becomes_nginx_syntax(workdir: Path) -> None:
    project = project_with(workdir)
    (project / "content/site.yml").write_text("allowed_hosts: ['x\"; add_header X 1; \"']\n", encoding="utf-8")
    result = run_xxgk(project, "deploy", str(workdir / "www"))
    assert result.returncode == 1
    assert "content/site.yml: allowed_hosts 应当是主机名列表" in result.stderr
    assert not (workdir / "www").exists()


def test_prefixes_are_normalized_or_refused() -> None:
    assert [normalize_prefix(p) for p in ("", "/", "xxgk", "/xxgk", "/gov/xxgk/")] == [
        "/",
        "/",
        "/xxgk/",
        "/xxgk/",
        "/gov/xxgk/",
    ]
    for bad in ("/a b/", "/../", '/x";/'):
        with pytest.raises(ConfigError, match="路径前缀"):
            normalize_prefix(bad)

"""Publishing a built ``site/`` to a web server's folder, locally or over SSH.

The target folder holds every release and a link to the live one::

    <target>/releases/20261123T101500Z-1a2b3c4/   one complete site per deploy
    <target>/current -> releases/20261123T101500Z-1a2b3c4
    <target>/nginx/                                the rendered nginx configuration

A deploy uploads into a hidden folder, renames it into ``releases/``, then
switches ``current`` with one ``rename`` (a temporary link moved over the old
one), so a visitor sees the old site or the new one, never a mix. rsync's
``--link-dest`` makes unchanged files hard links to the previous release, so
keeping several releases for rollback costs little disk.

Every step on the target is a short POSIX shell script, run by ``sh`` for a
local folder and by ``ssh`` for a remote one: one code path for both.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
NGINX = "nginx"
REQUIRED = ("index.html", "404.html")  # a site without them is not a complete build
_REMOTE = re.compile(r"(?P<host>(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9._-]+|\[[0-9A-Fa-f:]+\]):(?P<path>.*)")
# rsync sets these modes, so the web server's user can read what a deploy wrote.
_MODES = "D755,F644"


class DeployError(Exception):
    """A deploy that cannot go on; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class Target:
    """Where releases go: a local folder, or ``[user@]host:/path`` over SSH."""

    path: str
    host: str | None = None

    @classmethod
    def parse(cls, text: str) -> Target:
        m = _REMOTE.fullmatch(text)
        if m and not os.path.exists(text):  # "a:b" could be a local name; a real path wins
            path = m["path"]
            if not path.startswith("/"):
                raise DeployError(f"远程目标“{text}”的目录应当是绝对路径，例如 deploy@web1:/srv/xxgk")
            return cls(path=path.rstrip("/") or "/", host=m["host"])
        return cls(path=str(Path(text).resolve()))

    def rsync_dest(self, rel: str) -> str:
        where = f"{self.path}/{rel}/"
        return f"{self.host}:{where}" if self.host else where

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path


@dataclass
class State:
    current: str | None = None
    releases: list[str] = field(default_factory=list)  # oldest first


def missing_files(site: Path) -> list[str]:
    return [name for name in REQUIRED if not (site / name).is_file()]


def release_name(now: dt.datetime, revision: str, existing: Iterable[str]) -> str:
    """``<UTC time>-<revision>``: names sort in deploy order."""
    base = f"{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{revision}"
    taken = set(existing)
    name, n = base, 1
    while name in taken:  # two deploys within a second
        n += 1
        name = f"{base}-{n:02d}"
    return name


def to_remove(releases: Sequence[str], current: str | None, keep: int) -> list[str]:
    """Releases beyond the newest ``keep``; never the live one."""
    newest = set(sorted(releases)[-keep:]) if keep > 0 else set()
    return [r for r in sorted(releases) if r not in newest and r != current]


def previous(releases: Sequence[str], current: str | None) -> str | None:
    """The release before the live one (what a rollback switches to)."""
    older = [r for r in sorted(releases) if current is None or r < current]
    return older[-1] if older else None


def revision(root: Path) -> str:
    """The short commit the site was built from, ``nogit`` outside a repository."""
    result = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short=7", "HEAD"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else "nogit"


class Releases:
    """The release folders of one target, changed only through short shell scripts."""

    def __init__(self, target: Target, ssh: str = "ssh", rsync: str | None = None):
        self.target = target
        self.ssh = ssh
        self.rsync = rsync if rsync is not None else shutil.which("rsync")
        if target.host and not self.rsync:
            raise DeployError("发布到远程主机需要 rsync：请先安装（Debian：apt-get install rsync）")

    def sh(self, script: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [*shlex.split(self.ssh), self.target.host, script] if self.target.host else ["sh", "-c", script]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            raise DeployError(f"在 {self.target} 上执行失败（{result.returncode}）：{script}\n{result.stderr.strip()}")
        return result

    def _in_target(self, script: str) -> str:
        return f"cd -- {shlex.quote(self.target.path)} && {script}"

    def state(self) -> State:
        out = self.sh(
            f"cd -- {shlex.quote(self.target.path)} 2>/dev/null || exit 0; "
            f"readlink {CURRENT} || echo; ls -1 {RELEASES} 2>/dev/null || true"
        ).stdout.splitlines()
        if not out:
            return State()
        current = out[0].strip().rsplit("/", 1)[-1] or None
        return State(current=current, releases=sorted(n for n in out[1:] if n and not n.startswith(".")))

    def upload(self, source: Path, rel: str, link_dest: str | None = None) -> None:
        """Copy the contents of ``source`` into ``<target>/<rel>/``."""
        if not self.rsync:  # a local folder without rsync: a plain copy (no hard links)
            dest = Path(self.target.path, rel)
            shutil.copytree(source, dest, symlinks=True, dirs_exist_ok=True)
            _readable(dest)
            return
        command = [self.rsync, "-rl", "--checksum", f"--chmod={_MODES}"]
        if self.target.host:
            command += ["-e", self.ssh]
        if link_dest:  # relative to the destination folder
            command.append(f"--link-dest=../{link_dest}")
        result = subprocess.run(
            [*command, f"{source}/", self.target.rsync_dest(rel)], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise DeployError(f"上传到 {self.target} 失败（rsync {result.returncode}）：\n{result.stderr.strip()}")

    def add(self, site: Path, name: str, link_dest: str | None) -> None:
        """Upload ``site`` as release ``name``; it appears under its name only when complete."""
        partial = f".{name}.partial"
        root = shlex.quote(self.target.path)
        # A hidden .partial left by an interrupted deploy is removed; releases/ never lists them.
        self.sh(f"mkdir -p -- {root}/{RELEASES} {root}/{NGINX} && cd -- {root}/{RELEASES} && rm -rf -- .*.partial")
        self.upload(site, f"{RELEASES}/{partial}", link_dest)
        self.sh(self._in_target(f"mv -- {RELEASES}/{partial} {RELEASES}/{name}"))

    def write(self, rel: str, files: dict[str, str]) -> None:
        """Files into ``<target>/<rel>/``, each replaced whole (rsync and os.replace both rename)."""
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in files.items():
                Path(tmp, name).write_text(text, encoding="utf-8")
            if self.rsync:
                self.upload(Path(tmp), rel)
                return
            dest = Path(self.target.path, rel)
            dest.mkdir(parents=True, exist_ok=True)
            for name in files:
                shutil.copy(Path(tmp, name), dest / f".{name}.new")
                os.replace(dest / f".{name}.new", dest / name)

    def switch(self, name: str) -> None:
        """Point ``current`` at ``name`` with one rename."""
        self.sh(self._in_target(f"ln -sfn -- {RELEASES}/{name} .{CURRENT}.new && mv -T -- .{CURRENT}.new {CURRENT}"))

    def remove(self, names: Iterable[str]) -> None:
        quoted = " ".join(shlex.quote(n) for n in names)
        if quoted:
            self.sh(self._in_target(f"cd -- {RELEASES} && rm -rf -- {quoted}"))

    def reload(self, command: str) -> subprocess.CompletedProcess[str]:
        """The web server's reload command, run where the site is (nginx re-reads the redirect map)."""
        return self.sh(command, check=False)


def _readable(folder: Path) -> None:
    """The modes rsync's --chmod would give, for the plain-copy fallback."""
    for dirpath, _dirs, files in os.walk(folder):
        os.chmod(dirpath, 0o755)
        for name in files:
            path = Path(dirpath, name)
            if not path.is_symlink():
                os.chmod(path, 0o644)


@dataclass
class Outcome:
    release: str
    previous: str | None
    removed: list[str] = field(default_factory=list)


def deploy(
    site: Path,
    releases: Releases,
    name_revision: str,
    nginx_files: dict[str, str],
    keep: int = 5,
    reload: str | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Upload ``site`` as a new release, switch to it, reload, keep the newest ``keep``."""
    if not site.is_dir():
        raise DeployError(f"找不到要发布的网站目录 {site}：请先运行 make site")
    if missing := missing_files(site):
        raise DeployError(f"{site} 不是完整的构建（缺少 {'、'.join(missing)}）：请先运行 make site")
    if keep < 1:
        raise DeployError("--keep 至少为 1")
    state = releases.state()
    name = release_name(now or dt.datetime.now(dt.UTC), name_revision, state.releases)
    releases.add(site, name, link_dest=state.current or (state.releases[-1] if state.releases else None))
    releases.write(NGINX, nginx_files)
    releases.switch(name)
    try:
        _reload_or_switch_back(releases, reload, back_to=state.current)
    except DeployError:
        if state.current:  # switched back: the refused release goes, the target is as it was
            releases.remove([name])
        raise
    removed = to_remove([*state.releases, name], name, keep)
    releases.remove(removed)
    return Outcome(release=name, previous=state.current, removed=removed)


def rollback(releases: Releases, reload: str | None = None) -> Outcome:
    """Switch ``current`` to the release before it."""
    state = releases.state()
    target = previous(state.releases, state.current)
    if target is None:
        raise DeployError(f"{releases.target} 上没有比当前版本（{state.current or '无'}）更早的版本可以回退")
    releases.switch(target)
    _reload_or_switch_back(releases, reload, back_to=state.current)
    return Outcome(release=target, previous=state.current)


def _reload_or_switch_back(releases: Releases, reload: str | None, back_to: str | None) -> None:
    if not reload:
        return
    result = releases.reload(reload)
    if result.returncode == 0:
        return
    if back_to:  # the server kept its old configuration: serve the old release with it
        releases.switch(back_to)
    after = f"已切回原来的版本 {back_to}。" if back_to else "没有更早的版本可以切回，新版本保持为当前版本。"
    raise DeployError(
        f"重新加载命令失败（{result.returncode}）：{reload}\n{(result.stdout + result.stderr).strip()}\n{after}"
    )

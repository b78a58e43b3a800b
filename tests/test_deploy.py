"""``xxgk deploy``: releases, the atomic ``current`` switch, pruning, rollback,
refusals, and the same steps over "SSH" (a stand-in ssh that runs the remote
command locally, so rsync's and our own remote code paths run for real).
Serving what it deploys is tested on a real nginx in test_nginx.py."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_xxgk
from deploy_kit import make_site

from generator import deploy

# ssh as rsync and `xxgk deploy` call it (`ssh [-l user] [options] host command…`),
# running the command here instead of on the host.
FAKE_SSH = r"""#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in
    -l|-p|-i|-o|-e) shift 2 ;;
    -*) shift ;;
    *) shift; break ;;
  esac
done
exec sh -c "$*"
"""


def deploy_cli(project: Path, target: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_xxgk(project, "deploy", target, *args)


def releases_of(target: Path) -> list[str]:
    return sorted(p.name for p in (target / "releases").iterdir())


def live_text(target: Path) -> str:
    return (target / "current" / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    make_site(root / "site")
    return root


def test_deploy_makes_a_release_and_points_current_at_it(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    result = deploy_cli(project, str(target))
    assert result.returncode == 0, result.stderr
    [release] = releases_of(target)
    assert release.endswith("-nogit")  # <UTC time>-<commit>; the project is no git checkout
    assert os.readlink(target / "current") == f"releases/{release}"  # relative: the folder can move
    assert live_text(target) == "<h1>第一版</h1>"
    assert sorted(p.name for p in (target / "nginx").iterdir()) == [
        "xxgk-http.conf",
        "xxgk-locations.conf",
        "xxgk.conf",
    ]
    assert f"已发布：{target}/releases/{release}" in result.stdout
    # Readable by the web server's user, whatever the build's umask was.
    assert (target / "current/index.html").stat().st_mode & 0o777 == 0o644


def test_unchanged_files_are_hard_links_to_the_previous_release(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    assert deploy_cli(project, str(target)).returncode == 0
    make_site(project / "site", "第二版")
    assert deploy_cli(project, str(target)).returncode == 0
    first, second = (target / "releases" / name for name in releases_of(target))
    asset = "assets/app.12345678.min.js"
    assert (first / asset).stat().st_ino == (second / asset).stat().st_ino
    assert (first / "index.html").stat().st_ino != (second / "index.html").stat().st_ino
    assert live_text(target) == "<h1>第二版</h1>"


def test_keeps_the_newest_releases_and_rolls_back(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    for n in range(1, 5):
        make_site(project / "site", f"第{n}版")
        result = deploy_cli(project, str(target), "--keep", "3")
        assert result.returncode == 0, result.stderr
    names = releases_of(target)
    assert len(names) == 3
    assert live_text(target) == "<h1>第4版</h1>"

    result = deploy_cli(project, str(target), "--rollback")
    assert result.returncode == 0, result.stderr
    assert live_text(target) == "<h1>第3版</h1>"
    assert f"{names[2]} → {names[1]}" in result.stdout
    listing = deploy_cli(project, str(target), "--list").stdout.splitlines()
    assert listing == [f"  {names[0]}", f"* {names[1]}", f"  {names[2]}"]

    assert deploy_cli(project, str(target), "--rollback").returncode == 0
    assert live_text(target) == "<h1>第2版</h1>"
    result = deploy_cli(project, str(target), "--rollback")
    assert result.returncode == 1
    assert "没有比当前版本" in result.stderr and "更早的版本可以回退" in result.stderr
    assert live_text(target) == "<h1>第2版</h1>"


@pytest.mark.parametrize(
    ("remove", "message"),
    [("site", "找不到要发布的网站目录"), ("site/404.html", "不是完整的构建（缺少 404.html）")],
)
def test_refuses_a_missing_or_incomplete_site(project: Path, tmp_path: Path, remove: str, message: str) -> None:
    target = tmp_path / "www"
    assert deploy_cli(project, str(target)).returncode == 0
    before = releases_of(target)
    path = project / remove
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    result = deploy_cli(project, str(target))
    assert result.returncode == 1
    assert message in result.stderr and "make site" in result.stderr
    assert releases_of(target) == before
    assert live_text(target) == "<h1>第一版</h1>"


def test_a_failed_reload_switches_back_and_drops_the_new_release(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    assert deploy_cli(project, str(target)).returncode == 0
    before = releases_of(target)
    make_site(project / "site", "第二版")
    result = deploy_cli(project, str(target), "--reload", "echo 配置有误 >&2; exit 3")
    assert result.returncode == 1
    assert "重新加载命令失败（3）" in result.stderr and "配置有误" in result.stderr
    assert releases_of(target) == before
    assert live_text(target) == "<h1>第一版</h1>"


def test_the_reload_command_runs_after_the_switch(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "www"
    seen = tmp_path / "seen.txt"
    result = deploy_cli(project, str(target), "--reload", f"cat {target}/current/index.html > {seen}")
    assert result.returncode == 0, result.stderr
    assert seen.read_text(encoding="utf-8") == "<h1>第一版</h1>"


def test_without_rsync_a_local_target_gets_a_plain_copy(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    (site / "index.html").chmod(0o600)
    releases = deploy.Releases(deploy.Target.parse(str(tmp_path / "www")), rsync="")
    outcome = deploy.deploy(site, releases, "abc1234", {"xxgk.conf": "# test\n"})
    assert outcome.release.endswith("-abc1234")
    assert live_text(tmp_path / "www") == "<h1>第一版</h1>"
    assert (tmp_path / "www/current/index.html").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "www/nginx/xxgk.conf").read_text(encoding="utf-8") == "# test\n"


def test_over_ssh(project: Path, tmp_path: Path) -> None:
    ssh = tmp_path / "fake-ssh"
    ssh.write_text(FAKE_SSH, encoding="utf-8")
    ssh.chmod(0o755)
    target = tmp_path / "remote-www"
    remote = f"deploy@web1.example:{target}"
    reloaded = tmp_path / "reloaded"
    for n in (1, 2):
        make_site(project / "site", f"第{n}版")
        result = deploy_cli(project, remote, "--ssh", f"{ssh} -p 22", "--reload", f"touch {reloaded}")
        assert result.returncode == 0, result.stderr
    assert live_text(target) == "<h1>第2版</h1>"
    assert reloaded.exists()
    first, second = (target / "releases" / name for name in releases_of(target))
    assert (first / "assets/app.12345678.min.js").stat().st_ino == (second / "assets/app.12345678.min.js").stat().st_ino
    assert deploy_cli(project, remote, "--ssh", str(ssh), "--rollback").returncode == 0
    assert live_text(target) == "<h1>第1版</h1>"


def test_remote_targets_need_an_absolute_folder(project: Path) -> None:
    result = deploy_cli(project, "deploy@web1:www")
    assert result.returncode == 1
    assert "应当是绝对路径" in result.stderr


def test_make_deploy_reads_its_settings_from_the_environment(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    env = {**os.environ, "DEPLOY_TARGET": str(tmp_path / "www"), "DEPLOY_SITE": str(site), "DEPLOY_KEEP": "1"}
    for _ in range(2):
        result = subprocess.run(
            ["bash", str(ROOT / "deploy/ci-deploy.sh")], capture_output=True, text=True, env=env, timeout=120
        )
        assert result.returncode == 0, result.stderr
    assert len(releases_of(tmp_path / "www")) == 1
    result = subprocess.run(
        ["bash", str(ROOT / "deploy/ci-deploy.sh")],
        capture_output=True,
        text=True,
        env={**env, "DEPLOY_TARGET": "deploy@web1:/srv/xxgk", "DEPLOY_SSH_KEY": "not a key"},
        timeout=60,
    )
    assert result.returncode != 0
    assert "DEPLOY_KNOWN_HOSTS" in result.stderr  # a remote host's key must be pinned


def test_release_names_sort_in_deploy_order_and_pruning_spares_the_live_one() -> None:
    import datetime as dt

    now = dt.datetime(2026, 11, 23, 10, 15, tzinfo=dt.UTC)
    first = deploy.release_name(now, "1a2b3c4", [])
    assert first == "20261123T101500Z-1a2b3c4"
    second = deploy.release_name(now, "1a2b3c4", [first])
    assert sorted([second, first]) == [first, second]
    names = [f"2026112{d}T000000Z-x" for d in range(1, 6)]
    assert deploy.to_remove(names, current=names[-1], keep=2) == names[:3]
    assert deploy.to_remove(names, current=names[0], keep=2) == names[1:3]
    assert deploy.previous(names, names[2]) == names[1]
    assert deploy.previous(names, names[0]) is None


def test_target_parsing() -> None:
    assert deploy.Target.parse("deploy@web1:/srv/xxgk/") == deploy.Target(path="/srv/xxgk", host="deploy@web1")
    assert deploy.Target.parse("web1:/srv/xxgk").host == "web1"
    local = deploy.Target.parse("www")
    assert local.host is None and Path(local.path).is_absolute()

"""``xxgk deploy``: publish the built ``site/`` to a web server's folder.

A local folder or ``[user@]host:/path`` (rsync over SSH): a new release
folder, an atomic switch of ``current``, the nginx configuration rendered
beside it, an optional reload, the newest releases kept for ``--rollback``.
The logic lives in ``generator/deploy.py`` and ``generator/nginx.py``.
"""

from __future__ import annotations

import argparse
import sys

from .. import deploy, nginx

HELP = "把构建好的 site/ 发布到本机目录或 [用户@]主机:/目录（原子切换，可回退）"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("target", help="发布目录：本机目录，或 [用户@]主机:/绝对路径（rsync + SSH）")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--rollback", action="store_true", help="切回上一个版本")
    what.add_argument("--list", action="store_true", help="列出目标上的版本（* 为当前版本）")
    p.add_argument("--site", default="site", help="要发布的网站目录，默认 site（相对于项目根目录）")
    p.add_argument("--keep", type=int, default=5, help="保留最近几个版本供回退，默认 5")
    p.add_argument("--reload", metavar="命令", help="切换后在目标主机上运行的命令，例如 'sudo systemctl reload nginx'")
    p.add_argument("--ssh", default="ssh", metavar="命令", help="连接远程主机的 ssh 命令，例如 'ssh -p 2222 -i key'")
    p.add_argument("--prefix", default="/", help="网站所在的路径前缀，默认 /；例如 /xxgk/")
    p.add_argument("--server-name", default="_", help="nginx server_name，默认 _（任意主机名）")
    p.add_argument("--listen", default="80", help="nginx listen，默认 80")


def run(args: argparse.Namespace) -> int:
    try:
        target = deploy.Target.parse(args.target)
        releases = deploy.Releases(target, ssh=args.ssh)
        if args.list:
            return _list(releases)
        if args.rollback:
            outcome = deploy.rollback(releases, reload=args.reload)
            print(f"已回退：{target} 的当前版本 {outcome.previous} → {outcome.release}")
            _reload_hint(args)
            return 0
        site = nginx.site_for(
            args.root,
            target.path,
            prefix=nginx.normalize_prefix(args.prefix),
            server_name=args.server_name,
            listen=args.listen,
        )
        outcome = deploy.deploy(
            args.root / args.site,
            releases,
            deploy.revision(args.root),
            nginx.render(site),
            keep=args.keep,
            reload=args.reload,
        )
    except (deploy.DeployError, nginx.ConfigError) as exc:
        print(f"发布失败：{exc}", file=sys.stderr)
        return 1
    print(f"已发布：{target}/{deploy.RELEASES}/{outcome.release}（上一个版本：{outcome.previous or '无'}）")
    if outcome.removed:
        print(f"已删除旧版本：{'、'.join(outcome.removed)}")
    print(f"nginx 配置：{target}/{deploy.NGINX}/xxgk.conf")
    _reload_hint(args)
    return 0


def _reload_hint(args: argparse.Namespace) -> None:
    if not args.reload:
        print(
            "提示：没有给 --reload。页面已经切换；新的跳转表（redirects.map）和 nginx 配置要等 nginx 重新加载后才生效。"
        )


def _list(releases: deploy.Releases) -> int:
    state = releases.state()
    if not state.releases:
        print(f"{releases.target} 上还没有发布过的版本")
    for name in state.releases:
        print(f"{'*' if name == state.current else ' '} {name}")
    return 0

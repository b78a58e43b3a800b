"""The column's nginx configuration, rendered from the templates in ``deploy/nginx/``.

``xxgk deploy`` renders it on every deploy into ``<target>/nginx/``, so the
Content-Security-Policy header always follows ``content/site.yml`` (the same
policy as the pages' ``<meta>``, from ``security.py``). Every value written
into the configuration is checked first: a quote or a ``$`` from a content
file must never become nginx syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .security import content_security_policy

TEMPLATES = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
FILES = ("xxgk.conf", "xxgk-http.conf", "xxgk-locations.conf")

_PREFIX = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")
_ROOT = re.compile(r"/[A-Za-z0-9._~/+-]*")
_SERVER_NAME = re.compile(r"[A-Za-z0-9._*~-]+(?: [A-Za-z0-9._*~-]+)*")
_LISTEN = re.compile(r"[A-Za-z0-9.:\[\]]+(?: [a-z_=0-9]+)*")
_HOST = re.compile(r"(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?")


class ConfigError(ValueError):
    """A setting that cannot go into the configuration (message in Chinese)."""


@dataclass(frozen=True)
class NginxSite:
    root: str  # the deploy folder on the server: holds current/ and releases/
    csp: str  # the Content-Security-Policy header value
    prefix: str = "/"  # where the column is served: "/" or e.g. "/xxgk/"
    server_name: str = "_"
    listen: str = "80"


def normalize_prefix(text: str) -> str:
    """``xxgk`` or ``/xxgk`` → ``/xxgk/``; only plain path characters."""
    prefix = "/" + text.strip("/") + "/" if text.strip("/") else "/"
    if not _PREFIX.fullmatch(prefix) or any(part in {".", ".."} for part in prefix.split("/")):
        raise ConfigError(f"路径前缀“{text}”只能含字母、数字和 . _ ~ -，例如 /xxgk/")
    return prefix


def allowed_hosts(root: Path) -> list[str]:
    """The other hosts pages may show images and media from: ``allowed_hosts``
    in ``content/site.yml``; absent → none."""
    path = root / "content" / "site.yml"
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    hosts = data.get("allowed_hosts") if isinstance(data, dict) else None
    if not hosts:
        return []
    if not isinstance(hosts, list) or not all(isinstance(h, str) and _HOST.fullmatch(h) for h in hosts):
        raise ConfigError(
            "content/site.yml: allowed_hosts 应当是主机名列表，例如 [img.example.gov.cn]（不带 https:// 和路径）"
        )
    return hosts


def site_for(root: Path, deploy_root: str, **settings: str) -> NginxSite:
    """The settings for ``deploy_root`` with the policy of the project at ``root``."""
    return NginxSite(root=deploy_root, csp=content_security_policy(allowed_hosts(root), header=True), **settings)


def render(site: NginxSite) -> dict[str, str]:
    """File name → text of each configuration file."""
    _check(site)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # nginx syntax, not HTML; every value is checked in _check
    )
    values = {
        "root": site.root.rstrip("/") or "/",
        "csp": site.csp,
        "prefix": site.prefix,
        "prefix_bare": site.prefix.rstrip("/"),
        "prefix_re": site.prefix.replace(".", r"\."),
        "server_name": site.server_name,
        "listen": site.listen,
    }
    return {name: env.get_template(name + ".j2").render(values) for name in FILES}


def _check(site: NginxSite) -> None:
    if not _ROOT.fullmatch(site.root):
        raise ConfigError(f"发布目录“{site.root}”应当是服务器上的绝对路径，只含字母、数字和 . _ ~ / + -")
    normalize_prefix(site.prefix)
    if site.prefix != normalize_prefix(site.prefix):
        raise ConfigError(f"路径前缀“{site.prefix}”应当以 / 开头并以 / 结尾")
    if not _SERVER_NAME.fullmatch(site.server_name):
        raise ConfigError(f"server_name“{site.server_name}”不是有效的主机名")
    if not _LISTEN.fullmatch(site.listen):
        raise ConfigError(f"listen“{site.listen}”应当是端口或 地址:端口")
    if any(c in site.csp for c in '"\\$\n{}'):
        raise ConfigError("Content-Security-Policy 含有不能写进 nginx 配置的字符")

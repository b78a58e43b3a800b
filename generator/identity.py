"""Whose column this is, on every page: the site's name and description, the
agency's images (emblem, favicon, 党政机关网站标识), the footer's links to the
official 备案 sites and to the national 找错 platform, and the public address.

Everything comes from ``content/site.yml``; ``mkdocs.yml`` carries no agency
data. The images are files under ``content/`` checked like attachments
(regular files, no symbolic link, never outside ``content/``) and published
under :data:`IMAGE_DIR`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from .config import SiteConfig
from .files import attachment_problem
from .loader import CONTENT
from .model import COLUMN_NAME

IMAGE_DIR = "assets/agency"  # where the agency's images are published in the site
IMAGE_ROLES = {"emblem": "机关标识图片", "favicon": "网站图标", "conac": "党政机关网站标识图片"}
# The official 备案 sites the footer numbers link to (links to other hosts are fine:
# the Content-Security-Policy restricts what a page embeds, not where it links).
ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
# The national 政府网站找错 platform of the General Office of the State Council,
# addressed by the site's 网站标识码 and the page (the column's home) it is about.
JIUCUO_URL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={code}"


def site_name(config: SiteConfig) -> str:
    """「溪川县农业农村局政府信息公开」: the header and every page title."""
    return f"{config.agency_name}{COLUMN_NAME}"


def description(config: SiteConfig) -> str:
    return config.description or f"{config.agency_name}{COLUMN_NAME}专栏"


@dataclass(frozen=True)
class Image:
    role: str  # emblem, favicon, conac
    source: Path  # the file under content/
    url: str  # site-relative address of the published copy (also its docs-tree path)


def image_problem(root: Path, name: str) -> str | None:
    """Why ``name`` (a path under content/, as written in site.yml) cannot be published, or None."""
    folder = root / CONTENT
    why = attachment_problem(folder, name)
    if why is not None:
        return why.replace("附件", "图片")
    path = folder / name
    if not path.is_file():
        return f"找不到图片文件 content/{name}"
    return None


def images(root: Path, config: SiteConfig) -> dict[str, Image]:
    """The identity's images that can be published, by role (the check reports the others).
    The favicon defaults to the emblem."""
    found: dict[str, Image] = {}
    for role, name in config.images.items():
        if image_problem(root, name) is None:
            suffix = PurePosixPath(name).suffix.lower()
            found[role] = Image(role, root / CONTENT / name, f"{IMAGE_DIR}/{role}{suffix}")
    if "favicon" not in found and "emblem" in found:
        found["favicon"] = found["emblem"]
    return found


def police_url(text: str) -> str | None:
    """The 公安机关备案 query page for the number in ``text`` (「X公网安备 11010502000001号」)."""
    digits = re.search(r"\d{6,}", text)
    return POLICE_URL.format(code=digits.group(0)) if digits else None


def jiucuo_url(config: SiteConfig) -> str | None:
    setting = config.footer.get("jiucuo")
    if isinstance(setting, str) and setting:
        return setting
    code = config.footer.get("site_code")
    if setting is not True or not code:
        return None
    url = JIUCUO_URL.format(code=quote(str(code), safe=""))
    return url + (f"&url={quote(config.site_url, safe='')}" if config.site_url else "")


def footer(config: SiteConfig) -> dict[str, Any]:
    """What the footer template prints besides the plain texts: link targets."""
    conac = config.footer.get("conac")
    return {
        "icp_url": ICP_URL if config.footer.get("icp") else None,
        "police_url": police_url(str(config.footer.get("police") or "")),
        "conac_url": conac.get("url") if isinstance(conac, dict) else None,
        "jiucuo_url": jiucuo_url(config),
    }

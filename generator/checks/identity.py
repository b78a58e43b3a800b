"""The agency's images named in site.yml (emblem, favicon, 党政机关网站标识):
each must be a regular image file under content/, like an attachment."""

from __future__ import annotations

from ..diagnostics import Problem, Problems
from ..feature import CheckContext
from ..identity import IMAGE_ROLES, image_problem

# Where each role's key sits in site.yml.
_KEYS = {"emblem": ("website", "emblem"), "favicon": ("website", "favicon"), "conac": ("footer", "conac", "image")}


def check(ctx: CheckContext) -> Problems:
    problems = Problems()
    config = ctx.site.config
    for role, name in config.images.items():
        why = image_problem(ctx.root, name)
        if why is None:
            continue
        keys = _KEYS[role]
        problems.add(
            Problem(
                "content/site.yml",
                config.line(*keys),
                ".".join(keys),
                f"{IMAGE_ROLES[role]}不能发布：{why}",
                "把图片文件放进 content/ 文件夹（例如 content/images/），在这里写它相对 content/ 的路径。",
                rule="site.image",
            )
        )
    return problems

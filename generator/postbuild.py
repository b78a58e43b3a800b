"""Steps run on the built HTML site before it is published (the features'
``post_build`` steps: search index, link check), in their declared order.
Each returns problems; an error among them fails the build and the
previously published site stays in place."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from .diagnostics import Problems
from .feature import BuildContext

log = logging.getLogger("mkdocs.xxgk")


def run(ctx: BuildContext, site_dir: Path, in_parts: bool | None = None) -> Problems:
    """Every step, or (``in_parts``) those of a part of a split build / of its assembly."""
    problems = Problems()
    for step in ctx.features.post_steps(in_parts):
        start = time.perf_counter()
        problems.extend(step.run(ctx.site, site_dir))
        log.debug("xxgk: post-build step %s %.2f s", step.name, time.perf_counter() - start)
    return problems

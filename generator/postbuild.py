"""Steps run on the built HTML site before it is published (search index,
link check). Each returns problems; an error among them fails the build and
the previously published site stays in place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .diagnostics import Problems
from .model import Site

Step = Callable[[Site, Path], Problems]
STEPS: list[Step] = []
# Run after every step of STEPS, on the finished site (the link check must
# see the files other steps add, such as the search index).
FINAL_STEPS: list[Step] = []


def run(site: Site, site_dir: Path) -> Problems:
    problems = Problems()
    for step in [*STEPS, *FINAL_STEPS]:
        problems.extend(step(site, site_dir))
    return problems

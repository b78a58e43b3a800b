"""The inspection report (国办秘函〔2019〕19号, STANDARDS §8): the rules an
inspector applies, judged on every check's results, the office's
self-check page ``jcbg/`` and the link check of the finished site."""

from __future__ import annotations

from pathlib import Path

from ..feature import Feature, PostStep
from ..inspection import page, rules

FEATURE = Feature(
    name="inspection",
    title="政府网站检查（巡检报告）",
    settings_key="inspection",
    settings=rules.InspectionSettings,
    review=rules.review,
    pages=(page.write_page,),
    late_pages=(page.late_page,),
    listing_chips=(page.chips,),
    not_in_nav=("/jcbg/",),
    assets=("assets/xxgk/compliance.css",),
    templates=Path(page.__file__).parent / "templates",
    # Reads every page of the finished site: after every step that adds files.
    post_build=(PostStep("link-check", page.link_step, order=900),),
)

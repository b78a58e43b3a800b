"""Old addresses of migrated items (``legacy_url``, written by ``xxgk import``):
a redirect page at each old path and the server's redirect map."""

from __future__ import annotations

from ..feature import Feature, PostStep
from ..legacy import checks, redirects

FEATURE = Feature(
    name="legacy",
    title="旧网址跳转",
    checks=(checks.check,),
    # Adds files to the finished site: after the search index (which must not index them),
    # before the link check (which reads every page, the redirect pages included).
    post_build=(PostStep("legacy-redirects", redirects.write_redirects, order=800),),
)

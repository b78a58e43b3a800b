"""政策解读 and 有效性 (STANDARDS §5, §6): interpretations linked both ways,
validity banners, per-validity views of the policy listings, and the checks
of 三同步 and of documents' lifecycles."""

from __future__ import annotations

from ..feature import Feature
from ..policy import checks, pages, scaffold

FEATURE = Feature(
    name="policy",
    title="政策解读与文件有效性",
    checks=(checks.check,),
    item_notices=(pages.notices,),
    item_meta_rows=(pages.meta_rows,),
    listing_chips=(pages.chips,),
    new_item=scaffold.new_item,
    pages=(pages.write_views,),
    not_in_nav=("/fdzdgknr/**/yxx/",),
    assets=("assets/xxgk/compliance.css",),
)

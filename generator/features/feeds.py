"""订阅源: Atom feeds of the newest documents of the column and of each sub-column."""

from __future__ import annotations

from ..feature import Feature
from ..opendata import feeds

FEATURE = Feature(
    name="feeds",
    title="订阅源（Atom）",
    settings_key="feeds",
    settings=feeds.FeedsSettings,
    pages=(feeds.write_feeds,),
    listing_chips=(feeds.chips,),
)

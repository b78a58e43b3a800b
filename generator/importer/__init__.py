"""``xxgk import``: a legacy column, saved as HTML files, becomes items.

The pipeline, one module each:

- ``mirror``: the saved pages (a wget or HTTrack mirror, or any crawl) and the
  address each one had; links resolved to files of the mirror, never fetched;
- ``profiles``: where a CMS family keeps each field and the body (YAML files,
  built-in for 开普 UCAP, TRS and 大汉 Hanweb, or written by an operator);
- ``extract``: the fields of one page, read with selectolax (profile selectors,
  then the labels of a metadata block: 索引号：…, 发布日期：…);
- ``values``: each field's text made a value of the item schema, or left empty
  with the reason (dates with their time, 有效性, 主题分类, 文号 brackets);
- ``convert``: the body cleaned (CMS chrome, Word styles, empty spans) and made
  Markdown with markdownify, tables kept as tables, files copied beside the item;
- ``proposals``: what an editor may want to add (体裁, 主题分类, 废止/修改);
- ``items``: the item files, written so a second run changes only what changed
  and never renumbers; ``worklist``: ``import-worklist.csv``;
- ``run``: all of it, registering every legacy 索引号 through the ledger's Issuer.

Nothing is invented: a field the page does not state stays empty and gets a
worklist line. The core never imports this package (only the command does).
"""

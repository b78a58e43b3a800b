"""Annual reports (政府信息公开工作年度报告) as checked data.

One YAML file per year in ``content/reports/<year>.yml``. Where things are:

- ``formats.py``    the official layouts of tables 二/三/四 (2019 and 2021 formats), as data
- ``identities.py`` the arithmetic identities the tables must satisfy, as a table of rules
- ``checks.py``     where a report is validated (layout, cell values, identities, deadline)
- ``values.py``     reading the numbers and computing the cells an editor may leave out
- ``load.py``       reading ``content/reports/*.yml``
- ``tables.py``     the tables as header/body grids with merged cells, for HTML and CSV
- ``render.py``     the report pages, downloads and the cross-year comparison
- ``compare.py``    which figures the comparison shows and how the two formats map onto them
- ``charts.py``     the comparison's SVG charts: gaps, format markers, legends that never overlap
- ``scaffold.py``   next year's file for ``xxgk report new`` (and an imported report's file)
- ``schema.py``     generates ``generator/schemas/report-<format>.schema.json``
- ``amounts.py``    amounts kept as printed (digits and unit, 元 or 万元)
- ``published.py``  archived reports: printed blanks and ``as_published`` (勘误说明)
- ``documents.py``  reports without a national format: Markdown documents with attachments
- ``importer.py``   ``xxgk report import``: a saved report page → the report file, checked
- ``printed.py``    what a saved report page holds (lxml, markdownify)
- ``reading.py``    its tables read cell by cell against the official labels (``labels.py``)
"""

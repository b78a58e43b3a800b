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
- ``scaffold.py``   next year's file for ``xxgk report new``
- ``schema.py``     generates ``generator/schemas/report-<format>.schema.json``
"""

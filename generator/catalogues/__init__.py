"""The two catalogues of a disclosure column (STANDARDS §2 Art 12, §7):
``basic`` — the 主动公开基本目录 generated from the items themselves;
``standard`` — the 基层政务公开标准目录, one YAML file per 领域 in
``content/catalogues/``, each row naming where the site publishes it.
``pages`` renders both; ``checks`` reports rows that name nothing or
nothing published."""

"""Open data (issue 14): Atom feeds of the column and of each sub-column, a
JSON document per item, and the structured data of the pages (JSON-LD, Open
Graph). Two features use it: ``feeds`` and ``opendata``."""

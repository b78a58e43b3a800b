"""Policy documents beyond a single page: interpretations (政策解读, 三同步,
STANDARDS §5) and the validity lifecycle (有效性, STANDARDS §6).

``links`` derives the relations between items once per site; ``checks``
reports problems in them; ``pages`` shows them on item pages and listings.
Importing this package registers nothing: ``generator/features`` does.
"""

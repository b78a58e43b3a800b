"""The disclosure rules that span items: interpretations and validity
(``generator/policy``), catalogues (``generator/catalogues``) and the
inspection report with the built-site link check (``generator/inspection``)."""

from __future__ import annotations

from ..catalogues import pages as catalogue_pages
from ..inspection import page as inspection_page
from ..policy import pages as policy_pages

policy_pages.register()
catalogue_pages.register()
inspection_page.register()

"""Optional features. Importing this package lets each feature register its
page writers (``writer.PAGE_WRITERS``), item notices, checks and post-build
steps (``postbuild.STEPS``). Add a feature by adding a module and an import."""

from . import (
    compliance,  # noqa: F401  (policy, catalogues, inspection)
    reports,  # noqa: F401  (annual reports: pages, downloads, comparison)
    search,  # noqa: F401  (Pagefind full-text search, issue 4)
)

"""The column's features, one module each, every module holding ``FEATURE``
(a :class:`generator.feature.Feature`). The ordered list of them is
``generator.feature.FEATURES``; the core loads them by name and never
imports this package."""

"""One module per ``xxgk`` verb, each with ``HELP``, ``add_arguments`` and ``run``."""

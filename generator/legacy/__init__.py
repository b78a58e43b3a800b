"""Old addresses of migrated items keep working (the ``legacy`` feature).

An item brought over from a legacy site records where it was (``legacy_url``).
After the build, a step writes at each old path a small redirect page (meta
refresh, canonical link and a visible link: no script, the CSP forbids inline
ones) for static hosts, and ``redirects.map`` for servers that read one (the
shipped nginx configuration: ``"/old/path.htm" "/doc/slug/";`` per line).
"""

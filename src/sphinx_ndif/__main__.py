"""``python -m sphinx_ndif``: the ``sphinx-ndif`` command line."""

from __future__ import annotations

from sphinx_ndif.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

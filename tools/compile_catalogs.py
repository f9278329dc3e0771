"""Compile the message catalogs (.po -> .mo) shipped in the package.

Run after editing a .po file: ``python tools/compile_catalogs.py``. A test checks that
every shipped .mo matches its .po, so a stale catalog cannot land.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).parent.parent / "src" / "sphinx_ndif" / "locale"


def compiled(po: Path) -> bytes:
    """The .mo bytes for one .po file."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def main() -> None:
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        po.with_suffix(".mo").write_bytes(compiled(po))
        print(po.with_suffix(".mo"))


if __name__ == "__main__":
    main()

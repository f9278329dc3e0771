"""Reading data files: regular files only, checked on the open descriptor.

A data file named in ``conf.py`` may be a link to ``/dev/zero`` (read forever, memory
exhausted) or a FIFO (the build hangs waiting for a writer). The file is opened
without blocking and its type checked on the descriptor before one byte is read, so
nothing can swap it between the check and the read.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from sphinx_ndif.model import Origin, Problem
from sphinx_ndif.warnings import NdifWarning


class NotARegularFile(OSError):
    """The path exists but is a directory, device, FIFO or socket."""


def read_data_bytes(path: Path) -> bytes:
    """The bytes of a regular file; :class:`NotARegularFile` for anything else."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotARegularFile(f"data file {path} is not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            return file.read()
    finally:
        os.close(descriptor)


def file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a data file (missing, not a regular file), or
    ``None`` when it can be tried."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return f"data file not found: {path}"
    if not stat.S_ISREG(mode):
        return f"data file {path} is not a regular file (a directory, device or FIFO)"
    return None


# JabRef's first line says how the file is written: "% Encoding: windows-1252".
_DECLARED = re.compile(rb"\A(?:\xef\xbb\xbf)?%\s*Encoding:\s*([A-Za-z0-9_.:-]{1,40})")


def decode_data(data: bytes, *, bibtex: bool = False) -> tuple[str, int | None]:
    """A data file's text, and the line of its first byte that is not UTF-8 when it is
    not (``None`` when it is). Such a file is read as Windows-1252, as files written
    before UTF-8 mostly are, or as Latin-1 when it holds one of the five bytes
    Windows-1252 leaves undefined. A .bib file (``bibtex``) may name its encoding in a
    JabRef ``% Encoding:`` first line, and is then read in it."""
    declared = _DECLARED.match(data) if bibtex else None
    if declared is not None:
        try:
            return data.decode(declared.group(1).decode("ascii")), None
        except (LookupError, UnicodeDecodeError):
            pass  # an encoding Python does not know, or not the file's: as if not named
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
    try:
        return data.decode("cp1252"), line
    except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined: Latin-1 has them all
        return data.decode("latin-1"), line


def read_data_text(path: Path, problems: list[Problem], *, bibtex: bool = False) -> str:
    """A regular file's text (see :func:`decode_data`); a file that is not UTF-8 adds a
    located ``not-utf8`` warning to ``problems``."""
    text, line = decode_data(read_data_bytes(path), bibtex=bibtex)
    if line is not None:
        named = " or begin it with '% Encoding: <its encoding>'" if bibtex else ""
        problems.append(
            Problem(
                Origin(str(path), line),
                NdifWarning.NOT_UTF8,
                f"{path} is not UTF-8 (from line {line} on): read as Windows-1252; save it "
                f"as UTF-8{named}",
            )
        )
    return text

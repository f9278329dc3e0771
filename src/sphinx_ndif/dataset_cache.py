"""The dataset kept between builds, reused while no data file has changed.

A build needs the data when it reads or writes a page that lists papers. Most
incremental builds change no data file, yet may read or write such a page (the page
itself was edited; Sphinx rewrote every page because the toctree changed): they load
the dataset saved by the last build, much faster than parsing a large ``.bib``
again (figures in benchmarks/README.md). The cache file sits in the doctree
directory, beside Sphinx's own pickled environment, and is trusted as that is.

It is valid while every source and the vocabulary have the same content (a hash, not
a modification time: a checkout or a copy may keep times and change content), the
same quality-check setting, and the same code loaded it: the version of sphinx-ndif,
a hash of the source of every module that makes a dataset (see :func:`code_version`),
and the versions of the parsers they use.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.util
import os
import pickle
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from sphinx_ndif import __version__
from sphinx_ndif.dataset import BUNDLED_VOCABULARY, Dataset, load_dataset
from sphinx_ndif.sources.files import read_data_bytes

CACHE_NAME = "ndif-dataset.pickle"
PACKAGE = "sphinx_ndif"
PACKAGE_DIR = Path(__file__).parent
ROOT_MODULES = (f"{PACKAGE}.dataset", __name__)
"""Where the modules that make (and pickle) a dataset are found: these and every module
of the package they import, directly or not (but for the package's ``__init__``, whose
version is part of the stamp and whose ``setup()`` imports the whole extension)."""

Stamp = tuple[str, bool, tuple[tuple[str, str], ...]]
"""What a saved dataset was made from: code version, check setting, (path, content hash)."""


@functools.cache
def code_version() -> str:
    """The package version, a hash of the source of every module that makes a dataset,
    and the installed files of the libraries they import: it changes whenever the code
    that loads, merges or pickles the data changes, released or not (an editable install).

    Computed once per process, on purpose: a long-lived process (sphinx-autobuild) keeps
    running the code it imported even when its files are edited, so a later edit must
    not stamp a dataset that the older code made.
    """
    digest = hashlib.blake2b(digest_size=16)
    libraries: set[str] = set()
    for name, source in sorted(_loader_sources(libraries)):
        digest.update(f"{name}\0{len(source)}\0".encode())
        digest.update(source)
    for library in sorted(libraries):
        digest.update(f"{library}\0{_installed(library)}\0".encode())
    return f"{__version__}+{digest.hexdigest()}"


def _installed(library: str) -> str:
    """Where a library is installed and when it was written there: an upgrade changes it.
    Found without importing it (importing the parsers costs more than this whole stamp)."""
    try:
        spec = importlib.util.find_spec(library)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        return "absent"
    try:
        status = Path(spec.origin).stat()
    except OSError:
        return spec.origin
    return f"{spec.origin}:{status.st_size}:{status.st_mtime_ns}"


def _loader_sources(libraries: set[str]) -> Iterator[tuple[str, bytes]]:
    """(module name, source bytes) of each module reachable from :data:`ROOT_MODULES`
    through imports of the package (at any depth, inside functions too); the other
    top-level names imported, but for the standard library's, are added to ``libraries``.
    The files are read, not imported: a loader not needed by this build stays unloaded."""
    pending, seen = list(ROOT_MODULES), set(ROOT_MODULES)
    while pending:
        name = pending.pop()
        file = _module_file(name)
        if file is None:  # "a.b" where ``b`` is a name in module ``a``
            continue
        source = file.read_bytes()
        yield name, source
        package = name if file.name == "__init__.py" else name.rpartition(".")[0]
        for imported in _imports(source.decode("utf-8"), package):
            top = imported.split(".")[0]
            if top != PACKAGE:
                if top not in sys.stdlib_module_names:
                    libraries.add(top)
            elif imported != PACKAGE and imported not in seen:  # its version is stamped
                seen.add(imported)
                pending.append(imported)


def _module_file(name: str) -> Path | None:
    """The source file of a module of the package, if ``name`` is one."""
    path = PACKAGE_DIR.joinpath(*name.split(".")[1:])
    for file in (path.with_suffix(".py"), path / "__init__.py"):
        if file.is_file():
            return file
    return None


# An import statement at the start of a line, anywhere in a module (inside functions
# too): "import a, b as c" or "from .a import (b, c)". A regular expression, not ``ast``:
# parsing the loaders takes a tenth of a second, and every build computes this.
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<base>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#]*)"
    r"|import[ \t]+(?P<modules>[^\n#]*))",
    re.M,
)


def _imports(source: str, package: str) -> Iterator[str]:
    """Every module an import statement of ``source`` names: ``from a import b`` yields
    ``a`` and ``a.b`` (``b`` may be a module; a name that is not finds no file)."""
    for match in _IMPORT.finditer(source):
        if match["modules"] is not None:
            yield from _names(match["modules"])
            continue
        base = match["base"].lstrip(".")
        level = len(match["base"]) - len(base)
        if level:  # relative: from the package, up level - 1
            parts = package.split(".")[: len(package.split(".")) - level + 1]
            base = ".".join([*parts, *([base] if base else [])])
        yield base
        if base.split(".")[0] == PACKAGE:
            yield from (f"{base}.{name}" for name in _names(match["names"].strip("()")))


def _names(text: str) -> Iterator[str]:
    """The imported names of "a, b as c" (any line breaks, parentheses and comments)."""
    for part in re.sub(r"#[^\n]*", "", text).split(","):
        words = part.split()
        if words and words[0] != "\\":
            yield words[0]


def stamp(sources: Sequence[Path], vocabulary: Path, *, check: bool) -> Stamp:
    """The identity of the data a dataset would be loaded from, as it is now."""
    files = []
    for path in (*sources, vocabulary):
        try:
            digest = hashlib.blake2b(read_data_bytes(path), digest_size=16).hexdigest()
        except OSError:
            digest = ""  # missing, unreadable or not a regular file: load_dataset reports it
        files.append((str(path), digest))
    return code_version(), check, tuple(files)


def load_cached_dataset(
    sources: Sequence[Path],
    cache: Path | None,
    vocabulary: Path = BUNDLED_VOCABULARY,
    *,
    check: bool = True,
) -> Dataset:
    """The saved dataset if it was made from the same data, else a fresh load (saved).
    Without a ``cache`` file, always a fresh load."""
    if cache is None:
        return load_dataset(sources, vocabulary, check=check)
    current = stamp(sources, vocabulary, check=check)
    saved = _read(cache)
    if saved is not None and saved[0] == current:
        return saved[1]
    dataset = load_dataset(sources, vocabulary, check=check)
    _write(cache, current, dataset)
    return dataset


def _read(cache: Path) -> tuple[Stamp, Dataset] | None:
    try:
        with cache.open("rb") as file:
            saved = pickle.load(file)
    except Exception:  # missing, damaged or foreign: load the data again
        return None
    if not (isinstance(saved, tuple) and len(saved) == 2 and isinstance(saved[1], Dataset)):
        return None
    return saved


def _write(cache: Path, current: Stamp, dataset: Dataset) -> None:
    """Save without the search text (folded on demand); written aside and renamed, so a
    reader never sees half a file. A directory that cannot be written only costs the
    next build."""
    kept = dataclasses.replace(dataset, _search={})
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:
            pickle.dump((current, kept), file, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(cache)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)

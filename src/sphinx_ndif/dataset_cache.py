"""The dataset kept between builds, reused while no data file has changed.

A build needs the data when it reads or writes a page that lists papers. Most
incremental builds change no data file, yet may read or write such a page (the page
itself was edited; Sphinx rewrote every page because the toctree changed): they load
the dataset saved by the last build, about ten times faster than parsing a large
``.bib`` again. The cache file sits in the doctree directory, beside Sphinx's own
pickled environment, and is trusted as that is.

It is valid while every source and the vocabulary have the same content (a hash, not
a modification time: a checkout or a copy may keep times and change content), the
same quality-check setting, and this version of sphinx-ndif wrote it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from sphinx_ndif import __version__
from sphinx_ndif.dataset import BUNDLED_VOCABULARY, Dataset, load_dataset
from sphinx_ndif.sources.files import read_data_bytes
from sphinx_ndif.styles import StyleCache

CACHE_NAME = "ndif-dataset.pickle"
FORMAT = 2
"""Bumped when the pickled values change shape (2: merges, same_as, tag phrases), so a
cache written by an earlier build of the same version is not read."""

Stamp = tuple[str, bool, tuple[tuple[str, str], ...]]
"""What a saved dataset was made from: version, check setting, (path, content hash)."""


def stamp(sources: Sequence[Path], vocabulary: Path, *, check: bool) -> Stamp:
    """The identity of the data a dataset would be loaded from, as it is now."""
    files = []
    for path in (*sources, vocabulary):
        try:
            digest = hashlib.blake2b(read_data_bytes(path), digest_size=16).hexdigest()
        except OSError:
            digest = ""  # missing, unreadable or not a regular file: load_dataset reports it
        files.append((str(path), digest))
    return f"{__version__}+{FORMAT}", check, tuple(files)


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
    """Save without the per-build caches; written aside and renamed, so a reader never
    sees half a file. A directory that cannot be written only costs the next build."""
    kept = dataclasses.replace(dataset, styles=StyleCache(), _search={})
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:
            pickle.dump((current, kept), file, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(cache)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)

"""Paper thumbnails: where a record's ``image`` is, and which builders show it.

A record's image is an http(s) link, or a path on the site that published the data
(``/images/a.png`` in NDIF's pipeline JSON; the loader has already refused anything
else). A path is looked up under ``ndif_image_dir``, a folder of the source directory
standing for that site's root (its files are copied into HTML output as Sphinx copies
any image), and else joined to ``ndif_image_base_url``. This is done when the page is
read, where Sphinx notes each page's images and their files as dependencies; HTML
builders show the images, remote ones only where the builder may link them (not
EPUB, which is read offline), and every other builder leaves them out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import unquote, urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from sphinx_ndif.builders import builder_class
from sphinx_ndif.html.images import visit_paper_image
from sphinx_ndif.model import PaperRecord
from sphinx_ndif.nodes import paper_image, skip_node
from sphinx_ndif.render.cards import PaperImage
from sphinx_ndif.sources.links import image_path_problem, is_web_link
from sphinx_ndif.warnings import NdifWarning

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """The configured places for image paths: a base URL and an absolute folder."""

    srcdir: Path
    base_url: str = ""
    folder: Path | None = None

    @classmethod
    def of(cls, config: Config, srcdir: Path) -> ImageSettings:
        """The settings in ``conf.py``; a base URL that is not http(s) counts as unset
        (:func:`check_config` says so once per build)."""
        base_url = _text(config, "ndif_image_base_url")
        folder = _text(config, "ndif_image_dir")
        return cls(
            srcdir=srcdir,
            base_url=base_url if is_web_link(base_url) else "",
            folder=Path(srcdir, folder) if folder else None,
        )


@dataclass(frozen=True, slots=True)
class ImageLookup:
    """The thumbnails of a list: found ones by key, and what could not be found."""

    images: dict[str, PaperImage]
    missing: list[tuple[PaperRecord, Path]]
    """Paths not in ``ndif_image_dir`` (with no base URL to fall back on)."""
    unplaced: list[PaperRecord]
    """Paths with neither a folder nor a base URL configured."""


def find_image(path: str, settings: ImageSettings) -> PaperImage | Path | None:
    """Where the image ``path`` is: an image, the file that should hold it (missing from
    the folder), or None when nothing is configured for paths."""
    if is_web_link(path):
        return PaperImage(path, local=False)
    if image_path_problem(path) is not None:  # refused by the loaders; never emitted
        return None
    file = None
    if settings.folder is not None:
        file = settings.folder / unquote(urlsplit(path).path).lstrip("/")
        if file.is_file():
            return PaperImage(PurePath(os.path.relpath(file, settings.srcdir)).as_posix(), True)
    if settings.base_url:
        return PaperImage(f"{settings.base_url.rstrip('/')}/{path.lstrip('/')}", local=False)
    return file


def find_images(records: Iterable[PaperRecord], settings: ImageSettings) -> ImageLookup:
    """The thumbnail of each record that has an image."""
    lookup = ImageLookup({}, [], [])
    for record in records:
        if not record.image or record.key in lookup.images:
            continue
        found = find_image(record.image, settings)
        if isinstance(found, PaperImage):
            lookup.images[record.key] = found
        elif isinstance(found, Path):
            lookup.missing.append((record, found))
        else:
            lookup.unplaced.append(record)
    return lookup


def note_images(env: BuildEnvironment, docname: str, lookup: ImageLookup) -> None:
    """Note the page's local images as Sphinx's image collector does: each file is a
    dependency (a missing one too, so adding it rebuilds the page), and each found one
    is an image of the page, which HTML builders copy."""
    for image in lookup.images.values():
        if image.local:
            env.note_dependency(image.uri)
            env.images.add_file(docname, image.uri)
    for _record, file in lookup.missing:
        env.note_dependency(str(file))


def lookup_problems(lookup: ImageLookup, settings: ImageSettings) -> list[tuple[NdifWarning, str]]:
    """A (subtype, message) per missing file, and one for all unplaced paths."""
    problems = [
        (
            NdifWarning.MISSING_IMAGE,
            f"image {record.image!r} of {record.key!r} ({record.origin}) is not in "
            f"ndif_image_dir: no file {file}; the paper is shown without it",
        )
        for record, file in lookup.missing
    ]
    if lookup.unplaced:
        count = len(lookup.unplaced)
        example = lookup.unplaced[0].image
        problems.append(
            (
                NdifWarning.NO_IMAGE_SOURCE,
                f"{count} paper image{'s are' if count > 1 else ' is a'} path"
                f"{'s' if count > 1 else ''} (such as {example!r}), but neither "
                "ndif_image_base_url nor ndif_image_dir is set; shown without images",
            )
        )
    return problems


class LeaveOutImages(SphinxPostTransform):
    """Remove the thumbnails a builder cannot show: all of them outside HTML, remote
    ones where the builder may not link remote images (EPUB). Before Sphinx's image
    downloader (priority 100), which would otherwise fetch them: no network, ever."""

    default_priority = 6  # just after the paper lists are rendered (5)

    def run(self, **kwargs: Any) -> None:
        builder = builder_class(self)
        html = builder.format == "html"
        for node in list(self.document.findall(paper_image)):
            if not html or ("?" in node["candidates"] and not builder.supported_remote_images):
                node.parent.remove(node)


def check_config(app: Sphinx) -> None:
    """Say once per build what in the image configuration cannot be used."""
    base_url = _text(app.config, "ndif_image_base_url")
    if base_url and not is_web_link(base_url):
        logger.warning(
            f"ndif_image_base_url {base_url!r} is not an http(s) URL; it is ignored",
            type="ndif",
            subtype=NdifWarning.BAD_CONFIG,
        )
    folder = _text(app.config, "ndif_image_dir")
    if folder and not Path(app.srcdir, folder).is_dir():
        logger.warning(
            f"ndif_image_dir {folder!r} is not a folder in the source directory "
            f"({Path(app.srcdir, folder)})",
            type="ndif",
            subtype=NdifWarning.BAD_CONFIG,
        )


def _text(config: Config, name: str) -> str:
    """A text setting; one of another type (Sphinx warns of it) counts as unset."""
    value = getattr(config, name)
    return value.strip() if isinstance(value, str) else ""


def setup_images(app: Sphinx) -> None:
    """Register the configuration, the thumbnail node and its HTML visitor."""
    app.add_config_value("ndif_image_base_url", "", "env", types=[str])
    app.add_config_value("ndif_image_dir", "", "env", types=[str])
    skip = (skip_node, None)
    app.add_node(
        paper_image,
        html=(visit_paper_image, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_post_transform(LeaveOutImages)
    app.connect("builder-inited", check_config)

"""The domain collects what it keeps from the doctree, as sphinx.ext.todo does: the
directives and roles only make nodes, and element ids travel with their records."""

from __future__ import annotations

import copy

from sphinx_ndif.domain import ndif_domain
from sphinx_ndif.nodes import paper_item

from .conftest import Build

TABLES = ("listings", "tag_lists", "references", "cited")
PAGES = {
    "index.rst": (
        "I\n=\n\n.. toctree::\n\n   tags\n\n.. ndif-citation::\n   :show: reference\n\n"
        ".. ndif-papers::\n   :tags: games, steering\n   :group-by: tag\n\n"
        "See :ndif-cite:`davis2024hidden` and :ndif-tag:`probing`.\n"
    ),
    "tags.md": "# Tags\n\n```{ndif-tags}\n```\n\nSee {ndif-cite}`zhu2024language`.\n",
}


def test_the_domain_state_is_what_the_doctrees_hold(build: Build) -> None:
    """Forget every page and collect it again from its pickled doctree: the same state."""
    built = build(PAGES)
    env = built.app.env
    domain = ndif_domain(env)
    kept = {name: copy.deepcopy(domain.data[name]) for name in TABLES}
    assert all(kept.values()), kept
    for docname in env.found_docs:
        domain.clear_doc(docname)
    assert not any(domain.data[name] for name in TABLES)
    for docname in sorted(env.found_docs):
        domain.process_doc(env, docname, env.get_doctree(docname))
    assert {name: domain.data[name] for name in TABLES} == kept
    assert kept["cited"] == {"index": "fiotto-kaufman2025nnsight"}
    assert kept["references"] == {
        "index": [("cite", "davis2024hidden"), ("tag", "probing")],
        "tags": [("cite", "zhu2024language")],
    }
    assert ("games", "ndif-papers") in kept["tag_lists"]["index"]
    assert ("probing", "ndif-tag-probing") in kept["tag_lists"]["tags"]


def test_a_paper_in_two_groups_has_an_id_in_each(build: Build) -> None:
    """Grouped by tag, a paper with two of the tags is listed twice: each listing has its
    own id, noted with its key in page order, and the written items carry those ids."""
    built = build(PAGES)
    listings = ndif_domain(built.app.env).listings["index"]
    written = [item["ids"][0] for item in built.doctree().findall(paper_item)]
    assert [element_id for _key, element_id in listings] == written
    assert len({key for key, _id in listings}) < len(listings)  # some paper twice
    for key, element_id in listings:
        assert element_id in (f"paper-{key}", f"paper-{key}-2")
    link = built.html().select_one("a:has(.ndif-cite)")
    assert link is not None and link["href"] == "#paper-davis2024hidden"

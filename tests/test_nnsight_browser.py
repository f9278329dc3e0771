"""NNsight's docs in miniature in a real browser, in dark (the site's default) and light
mode: the site's script turns every <p> into a <span>, sphinx-copybutton adds its own
buttons, and the pages are dirhtml. Headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from sphinx_ndif.dataset import BUNDLED_BIB, load_dataset
from sphinx_ndif.export import reader_bibtex
from sphinx_ndif.render.filter_data import vocabulary_order
from sphinx_ndif.text import fold, paper_id

from .browser import (
    build_site,
    contrast,
    copy_root,
    serve,
)

DATASET = load_dataset([BUNDLED_BIB])
BY_ID = {paper_id(record.key): record for record in DATASET.papers}
CITATION = DATASET.records["fiotto-kaufman2025nnsight"]
MODES = ("dark", "light")
# The root without sphinx-copybutton: ndif.js then gives every block its button.
WITHOUT_COPYBUTTON = "extensions=sphinx_design,sphinx_toolbox.collapse,myst_parser,sphinx_ndif"
BLOCKS = ".ndif-bibtex, .ndif-copyable"
BUTTONS = ".copybtn, .ndif-copy"
COPIED = ".copybtn.success, .ndif-copy.ndif-copied"


# The root as it is; with copybutton taking every <pre> (our unhighlighted BibTeX too);
# without copybutton.
SITES = {
    "copybutton": (),
    "copybutton-every-pre": ("copybutton_selector=pre",),
    "no-copybutton": (WITHOUT_COPYBUTTON,),
}


@pytest.fixture(scope="module", params=list(SITES))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp(f"nnsight-{request.param}")
    overrides = SITES[request.param]
    src = copy_root("nnsight", root / "src")
    out = build_site(src, root / "html", *overrides, builder="dirhtml")
    with serve(out) as url:
        yield url


@pytest.fixture(scope="module")
def nnsight(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site exactly as configured (with sphinx-copybutton)."""
    root = tmp_path_factory.mktemp("nnsight")
    out = build_site(copy_root("nnsight", root / "src"), root / "html", builder="dirhtml")
    with serve(out) as url:
        yield url


def new_page(browser: Any, url: str, mode: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    if mode == "light":  # pydata-sphinx-theme keeps the reader's choice here
        context.add_init_script("localStorage.setItem('mode', 'light');")
        context.add_init_script("localStorage.setItem('theme', 'light');")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


SPANS_FOR_PARAGRAPHS = """() => {
  for (const paragraph of Array.from(document.querySelectorAll('p'))) {
    const span = document.createElement('span');
    while (paragraph.firstChild) span.appendChild(paragraph.firstChild);
    paragraph.replaceWith(span);
  }
}"""


def open_page(page: Any, url: str, mode: str) -> None:
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ndifReady === '1'")
    if page.locator("summary").count():  # the site's script ran: no paragraph is left
        page.wait_for_function("document.querySelector('main p') === null")
    else:  # the citing page has no <summary>: do what the script does, as other sites might
        page.evaluate(SPANS_FOR_PARAGRAPHS)
    assert page.evaluate("document.documentElement.dataset.theme") == mode


def close(page: Any) -> None:
    errors = page.errors
    page.context.close()
    assert errors == [], errors


def visible_papers(page: Any, list_selector: str = ".ndif-papers") -> set[str]:
    return set(
        page.eval_on_selector_all(
            f"{list_selector} li.ndif-paper",
            "items => items.filter(i => !i.hidden).map(i => i.id.replace(/-\\d+$/, ''))",
        )
    )


STACKED = """(items) => items.flatMap((li) => {
  li.scrollIntoView();  // papers off screen are not laid out (content-visibility)
  const parts = Array.from(li.children).filter((c) => getComputedStyle(c).display !== 'none');
  const wrong = [];
  for (let i = 1; i < parts.length; i++) {
    const above = parts[i - 1].getBoundingClientRect();
    const below = parts[i].getBoundingClientRect();
    if (below.top < above.bottom - 0.5 || below.height === 0) {
      wrong.push(`${li.id}: ${parts[i].className || parts[i].tagName} beside ${parts[i - 1].className}`);
    }
  }
  return parts.length < 2 ? [`${li.id}: ${parts.length} part(s)`] : wrong;
})"""


@pytest.mark.parametrize("name", ["research", "topics", "gallery"])
def test_each_part_of_a_paper_starts_below_the_previous_one(
    browser: Any, nnsight: str, mode: str, name: str
) -> None:
    page = new_page(browser, nnsight, mode)
    open_page(page, f"{nnsight}/{name}/", mode)
    assert page.locator("li.ndif-paper").count() >= 25
    assert page.eval_on_selector_all("li.ndif-paper", STACKED) == []
    # Styled: the title is larger than the byline or reference, the tags smaller.
    sizes = page.evaluate(
        """() => ['title', 'byline, .ndif-paper-reference', 'tags'].map((part) => parseFloat(
             getComputedStyle(document.querySelector(`li.ndif-paper .ndif-paper-${part}`)).fontSize))"""
    )
    assert sizes[0] > sizes[1] > sizes[2]
    close(page)


def test_citation_parts_and_formats_keep_their_lines(browser: Any, nnsight: str, mode: str) -> None:
    page = new_page(browser, nnsight, mode)
    open_page(page, f"{nnsight}/citing/", mode)
    first = page.locator(".ndif-citation").first
    intro = first.locator(".ndif-citation-intro").bounding_box()
    reference = first.locator(".ndif-citation-reference").bounding_box()
    assert reference["y"] >= intro["y"] + intro["height"] - 0.5
    # The format tabs took their names from the panels' titles (which kept their class).
    tabs = page.locator(".ndif-formats [role=tab]")
    assert tabs.all_inner_texts() == ["NDIF", "APA", "MLA", "BibTeX", "BibLaTeX", "RIS"]
    close(page)


def test_the_count_follows_the_filter_after_the_sites_script(
    browser: Any, nnsight: str, mode: str
) -> None:
    page = new_page(browser, nnsight, mode)
    open_page(page, f"{nnsight}/research/", mode)
    page.locator(".ndif-filter-search").fill("chess")
    shown = len(visible_papers(page))
    assert 0 < shown < 25
    assert page.locator(".ndif-filter-count").inner_text() == f"{shown} of 25 papers"
    close(page)


# sphinx-copybutton adds its buttons once the page is loaded (and ClipboardJS is there).
COPYBUTTON_DONE = """() => document.readyState === 'complete' && (
  !document.querySelector('script[src*=copybutton]') ||
  document.querySelectorAll('div.highlight pre').length ===
    document.querySelectorAll('div.highlight button.copybtn').length)"""


# Open every closed disclosure; resolves once each one's `toggle` has been handled
# (ndif.js listens in the capture phase, so before this target-phase listener).
OPEN_EVERY_DISCLOSURE = """() => Promise.all(
  Array.from(document.querySelectorAll('details:not([open])')).map((details) =>
    new Promise((resolve) => {
      details.addEventListener('toggle', resolve, { once: true });
      details.open = true;
    })))"""
# Our buttons inside disclosures that are still closed (there must be none).
BUTTONS_IN_CLOSED = "document.querySelectorAll('details:not([open]) .ndif-copy').length"


def button_counts(page: Any) -> list[int]:
    """How many copy buttons (ours or sphinx-copybutton's) each BibTeX block has."""
    return list(
        page.locator(BLOCKS).evaluate_all(
            f"(bs) => bs.map((b) => b.querySelectorAll('{BUTTONS}').length)"
        )
    )


def expected_copy(block: Any) -> str:
    """The text a block's button must copy: the BibTeX of its paper or citation."""
    paper = block.evaluate("(b) => (b.closest('li.ndif-paper') || {}).id || ''")
    if paper:
        return reader_bibtex(BY_ID[re.sub(r"-\d+$", "", paper)])
    if block.evaluate("(b) => b.classList.contains('ndif-citation-bibtex')"):
        return reader_bibtex(CITATION)
    return str(block.locator("pre").evaluate("(pre) => pre.textContent"))


def click_and_read(page: Any, block: Any) -> str:
    page.evaluate("navigator.clipboard.writeText('(nothing copied)')")
    details = block.locator("xpath=ancestor::details[1]")
    if details.count() and not details.evaluate("(d) => d.open"):
        details.locator("summary").click()
    block.hover()
    block.locator(BUTTONS).click()
    block.locator(COPIED).wait_for(state="attached")
    return str(page.evaluate("navigator.clipboard.readText()"))


def test_every_bibtex_has_one_button_that_copies_it(browser: Any, site: str, mode: str) -> None:
    page = new_page(browser, site, mode)
    for name in ("citing", "research", "topics"):
        open_page(page, f"{site}/{name}/", mode)
        # copybutton adds its buttons when ClipboardJS is there: wait for it to be done.
        page.wait_for_function(COPYBUTTON_DONE)
        # A collapsed BibTeX gets our button when its disclosure opens, not before.
        assert page.evaluate(BUTTONS_IN_CLOSED) == 0, name
        page.evaluate(OPEN_EVERY_DISCLOSURE)
        blocks = page.locator(BLOCKS)
        counts = button_counts(page)
        assert counts and counts == [1] * len(counts), (name, counts)
        # Click a few of each kind (the first and last on the page, and every format tab).
        chosen = {0, len(counts) - 1}
        if name == "citing":
            chosen = set(range(len(counts)))
        for index in sorted(chosen):
            block = blocks.nth(index)
            tab = block.evaluate(
                "(b) => b.closest('[role=tabpanel]')?.getAttribute('aria-labelledby')"
            )
            if tab:
                page.locator(f"#{tab}").click()
            copied = click_and_read(page, block)
            expected = expected_copy(block)
            assert copied.rstrip("\n") == expected.rstrip("\n"), (name, index)
            assert copied.lstrip().startswith(("@", "TY  -")), copied[:40]
    close(page)


def test_one_button_when_copybutton_runs_before_ndif_js(browser: Any, nnsight: str) -> None:
    """ndif.js normally runs first (deferred); hold it back until copybutton is done."""
    page = new_page(browser, nnsight, "dark")
    ndif_js = re.compile(r".*/ndif\.js(\?.*)?$")
    for name in ("topics", "research", "citing"):
        page.route(ndif_js, lambda route: route.abort())
        page.goto(f"{nnsight}/{name}/")
        page.wait_for_function(COPYBUTTON_DONE)
        page.unroute(ndif_js)
        page.add_script_tag(url=f"{nnsight}/_static/ndif.js")
        page.wait_for_function("document.documentElement.dataset.ndifReady === '1'")
        page.evaluate(OPEN_EVERY_DISCLOSURE)
        counts = button_counts(page)
        assert counts and counts == [1] * len(counts), name
    page.context.close()


def test_search_by_author_and_venue_with_a_csl_style(browser: Any, nnsight: str, mode: str) -> None:
    page = new_page(browser, nnsight, mode)
    open_page(page, f"{nnsight}/topics/", mode)
    assert page.locator(".ndif-paper-byline").count() == 0  # APA: no byline to read
    person = next(p for r in DATASET.papers for p in r.authors if "Dumas" in p.display)
    name = fold(person.display)
    expected = {i for i, r in BY_ID.items() if any(name in fold(p.display) for p in r.authors)}
    assert len(expected) > 1
    page.locator(".ndif-filter-search").fill(person.display)
    assert visible_papers(page) == expected
    page.locator(".ndif-filter-search").fill("ICLR")
    assert visible_papers(page) == {i for i, r in BY_ID.items() if "iclr" in fold(r.venue)}
    close(page)


def test_chips_in_vocabulary_order(browser: Any, nnsight: str, mode: str) -> None:
    page = new_page(browser, nnsight, mode)
    open_page(page, f"{nnsight}/research/", mode)
    chips = page.locator(".ndif-chip")
    names = chips.evaluate_all("(cs) => cs.map((c) => c.dataset.tag)")
    used = {tag for record in DATASET.papers for tag in record.tags}
    assert names == vocabulary_order(DATASET, used)
    kinds = [DATASET.vocabulary[name].kind for name in names]
    assert kinds == sorted(kinds, key=["category", "method", "topic"].index)
    assert chips.all_inner_texts()[:2] == ["Built with NNsight", "Hosted on NDIF"]
    close(page)


OUR_TEXT = (
    ".ndif-filter .ndif-chip[aria-pressed='true']",
    ".ndif-filter .ndif-chip[aria-pressed='false']",
    ".ndif-filter .ndif-match",
    ".ndif-filter .ndif-filter-count",
    ".ndif-filter .ndif-filter-search",
    ".ndif-filter .ndif-clear",
    ".ndif-filter .ndif-filter-from",
    "li.ndif-paper .ndif-paper-title a",
    "li.ndif-paper .ndif-paper-byline",
    "li.ndif-paper .ndif-paper-summary",
    "li.ndif-paper .ndif-paper-tags",
    "li.ndif-paper .ndif-paper-links a",
    "li.ndif-paper .ndif-paper-bibtex-details > summary",
    "li.ndif-paper .ndif-paper-bibtex-details pre",
)


def test_contrast_meets_wcag_aa(browser: Any, nnsight: str, mode: str) -> None:
    page = new_page(browser, nnsight, mode)
    open_page(page, f"{nnsight}/research/", mode)
    page.locator(".ndif-chip").first.click()
    page.locator("li.ndif-paper:not([hidden]) details summary").first.click()
    low = {s: round(contrast(page, s), 2) for s in OUR_TEXT if contrast(page, s) < 4.5}
    open_page(page, f"{nnsight}/citing/", mode)
    for selector in (
        ".ndif-citation .ndif-citation-intro",
        ".ndif-citation .ndif-citation-reference",
        ".ndif-citation .ndif-copy",
        ".ndif-formats .ndif-tab[aria-selected='true']",
        ".ndif-formats .ndif-tab[aria-selected='false']",
    ):
        if contrast(page, selector) < 4.5:
            low[selector] = round(contrast(page, selector), 2)
    assert low == {}, (mode, low)
    close(page)

"""The research page in a real browser: filter bar, URL state, copy buttons, keyboard,
JavaScript off, themes. Headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from sphinx_ndif.dataset import BUNDLED_BIB, load_dataset
from sphinx_ndif.text import paper_id

from .browser import (
    background_luminance,
    build_site,
    contrast,
    copy_root,
    expect,
    require_browser,
    serve,
)

DATASET = load_dataset([BUNDLED_BIB])
ALL = {paper_id(r.key) for r in DATASET.papers}
BAR = ".ndif-filter:has(+ #ndif-papers)"  # the bar of the first list


def ids_with(predicate: Any) -> set[str]:
    return {paper_id(r.key) for r in DATASET.papers if predicate(r)}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    out = build_site(copy_root("browser", root / "src"), root / "html")
    with serve(out) as url:
        yield url


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


def open_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ndifReady === '1'")


def visible(page: Any, list_id: str = "ndif-papers") -> set[str]:
    return set(
        page.eval_on_selector_all(
            f"#{list_id} li.ndif-paper", "items => items.filter(i => !i.hidden).map(i => i.id)"
        )
    )


def count_text(page: Any) -> str:
    return str(page.locator(f"{BAR} .ndif-filter-count").inner_text())


def copy_with(page: Any, button: Any) -> str:
    """Click a copy button, wait until it shows it copied, and read the clipboard."""
    page.evaluate("navigator.clipboard.writeText('(nothing copied)')")
    button.click()
    expect(button).to_have_class(re.compile(r"\bndif-copied\b"))
    return str(page.evaluate("navigator.clipboard.readText()"))


def own_listeners(page: Any, selector: str) -> list[str]:
    """The event types of the listeners on an element itself (not its ancestors)."""
    cdp = page.context.new_cdp_session(page)
    try:
        found = cdp.send(
            "Runtime.evaluate", {"expression": f"document.querySelector('{selector}')"}
        )
        target = {"objectId": found["result"]["objectId"], "depth": 0}
        return [
            listener["type"]
            for listener in cdp.send("DOMDebugger.getEventListeners", target)["listeners"]
        ]
    finally:
        cdp.detach()


def test_assets_only_on_pages_with_a_directive(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    assert page.locator("script[src*='ndif.js']").count() == 1
    assert page.locator("link[href*='ndif.css']").count() == 1
    page.goto(f"{site}/plain.html")
    assert page.locator("script[src*='ndif.js']").count() == 0
    assert page.locator("link[href*='ndif.css']").count() == 0


def test_every_list_gets_its_own_bar_and_count(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    assert page.locator(".ndif-filter").count() == 2
    assert visible(page) == ALL
    assert count_text(page) == "25 of 25 papers"


def test_the_script_adds_no_globals(page: Any, site: str) -> None:
    ndif_js = re.compile(r".*/ndif\.js(\?.*)?$")
    page.route(ndif_js, lambda route: route.abort())
    page.goto(f"{site}/index.html")
    without = set(page.evaluate("Object.keys(window)"))
    page.unroute(ndif_js)
    open_page(page, f"{site}/index.html")
    assert set(page.evaluate("Object.keys(window)")) - without == set()


def test_chip_filters_and_match_all(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    chip = page.locator(f"{BAR} .ndif-chip[data-tag='games']")
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    assert visible(page) == ids_with(lambda r: "games" in r.tags)
    page.locator(f"{BAR} .ndif-chip[data-tag='probing']").click()
    assert visible(page) == ids_with(lambda r: {"games", "probing"} & set(r.tags))
    page.locator(f"{BAR} .ndif-match").click()
    assert visible(page) == ids_with(lambda r: {"games", "probing"} <= set(r.tags))
    # The second list is independent (its papers are listed again: ids end in -2).
    second = ids_with(lambda r: {"steering", "model-editing"} & set(r.tags))
    assert visible(page, "ndif-papers-2") == {f"{i}-2" for i in second}


def test_text_search_ignores_case_and_accents(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    page.locator(f"{BAR} .ndif-filter-search").fill("CLEMENT dumas")
    assert visible(page) == {
        "paper-dumas2024llamas",
        "paper-dumas2025separating",
        "paper-minder2025robustly",
    }
    assert count_text(page) == "3 of 25 papers"
    page.locator(f"{BAR} .ndif-filter-search").fill("protein")  # in a summary only
    assert visible(page) == {"paper-simon2024interplm"}


def test_year_range(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    page.locator(f"{BAR} .ndif-filter-from").fill("2025")
    page.locator(f"{BAR} .ndif-filter-from").press("Enter")
    assert visible(page) == ids_with(lambda r: r.year >= 2025)


def test_sort_moves_items_without_rebuilding(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    marker = page.evaluate("document.getElementById('paper-zhu2024language').dataset.mark = 'x'")
    assert marker == "x"
    page.locator(f"{BAR} .ndif-filter-sort").select_option(label="Title")
    order = page.eval_on_selector_all("#ndif-papers li.ndif-paper", "items => items.map(i => i.id)")
    titles = [DATASET.records[i.removeprefix("paper-")].title.casefold() for i in order]
    assert titles == sorted(titles)
    assert page.evaluate("document.getElementById('paper-zhu2024language').dataset.mark") == "x"


def test_clear_restores_everything(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    page.locator(f"{BAR} .ndif-chip[data-tag='games']").click()
    page.locator(f"{BAR} .ndif-filter-search").fill("chess")
    page.locator(f"{BAR} .ndif-clear").click()
    assert visible(page) == ALL
    assert page.locator(f"{BAR} .ndif-chip[aria-pressed='true']").count() == 0


def test_url_state_round_trip_and_history(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    page.locator(f"{BAR} .ndif-chip[data-tag='multilingual']").click()
    page.locator(f"{BAR} .ndif-filter-search").fill("llama")
    page.wait_for_function("location.search.includes('llama')")
    url = page.url
    assert "ndif-papers.tags=multilingual" in url
    expected = {"paper-dumas2024llamas"}
    assert visible(page) == expected
    # A fresh page from the link shows the same filtered view.
    open_page(page, url)
    assert visible(page) == expected
    assert page.locator(f"{BAR} .ndif-filter-search").input_value() == "llama"
    # Back and forward through discrete changes.
    open_page(page, f"{site}/index.html")
    page.locator(f"{BAR} .ndif-chip[data-tag='games']").click()
    page.locator(f"{BAR} .ndif-chip[data-tag='arithmetic']").click()
    page.go_back()
    page.wait_for_function("!location.search.includes('arithmetic')")
    assert visible(page) == ids_with(lambda r: "games" in r.tags)
    page.go_forward()
    page.wait_for_function("location.search.includes('arithmetic')")
    assert visible(page) == ids_with(lambda r: {"games", "arithmetic"} & set(r.tags))


def test_copy_button_puts_the_exact_bibtex_on_the_clipboard(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    block = page.locator(".ndif-citation .ndif-citation-bibtex")
    expected = block.locator("pre").inner_text()
    assert block.locator(".ndif-copy").count() == 1
    assert copy_with(page, block.locator(".ndif-copy")) == expected
    assert expected.startswith("@inproceedings{fiotto-kaufman2025nnsight,")


def test_copy_citation_and_a_paper_bibtex(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    reference = page.locator(".ndif-citation-reference")
    copied = copy_with(page, reference.locator(".ndif-copy"))
    assert copied.startswith("Jaden Fried Fiotto-Kaufman") and copied.endswith("MxbEiFRf39.")
    details = page.locator("#paper-feucht2024token details.ndif-paper-bibtex-details")
    details.locator("summary").click()
    assert copy_with(page, details.locator(".ndif-copy")).startswith(
        "@inproceedings{feucht2024token,"
    )


def test_collapsed_bibtex_gets_its_button_when_opened(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    papers = page.locator("#ndif-papers")
    # 25 papers, each BibTeX collapsed: no button yet.
    assert papers.locator("details.ndif-paper-bibtex-details").count() == 25
    assert papers.locator(".ndif-copy").count() == 0
    feucht = page.locator("#paper-feucht2024token details")
    feucht.locator("summary").click()
    expect(feucht.locator(".ndif-copy")).to_have_count(1)
    assert papers.locator(".ndif-copy").count() == 1
    # Closed and opened again: still one button.
    feucht.locator("summary").click()
    feucht.locator("summary").click()
    expect(feucht).to_have_attribute("open", "")
    assert papers.locator(".ndif-copy").count() == 1
    # A second paper: each button copies its own paper's BibTeX.
    davis = page.locator("#paper-davis2024hidden details")
    davis.locator("summary").click()
    expect(papers.locator(".ndif-copy")).to_have_count(2)
    assert copy_with(page, davis.locator(".ndif-copy")).startswith(
        "@inproceedings{davis2024hidden,"
    )
    assert copy_with(page, feucht.locator(".ndif-copy")).startswith(
        "@inproceedings{feucht2024token,"
    )


def test_no_copy_button_has_a_listener_of_its_own(page: Any, site: str) -> None:
    """One handler on the document serves every button (none per paper)."""
    open_page(page, f"{site}/index.html")
    page.locator("#paper-feucht2024token details summary").click()
    for selector in (
        "#paper-feucht2024token .ndif-copy",  # made when its disclosure opened
        "#ndif-papers-2 .ndif-copy",  # a paper's shown BibTeX
        ".ndif-citation-bibtex .ndif-copy",
        ".ndif-citation-reference .ndif-copy",
    ):
        page.locator(selector).first.wait_for()
        assert own_listeners(page, selector) == [], selector


def test_copy_buttons_say_which_paper(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    second = [r for r in DATASET.papers if {"steering", "model-editing"} & set(r.tags)]
    assert len(second) > 1
    for record in second:
        paper = page.locator(f"#{paper_id(record.key)}-2")
        name = f"Copy BibTeX of {record.title}"
        expect(paper.get_by_role("button", name=name, exact=True)).to_have_count(1)
    feucht = page.locator("#paper-feucht2024token")
    feucht.locator("details summary").click()
    name = f"Copy BibTeX of {DATASET.records['feucht2024token'].title}"
    expect(feucht.get_by_role("button", name=name, exact=True)).to_have_count(1)
    # The citation's own blocks say what they copy.
    citation = page.locator(".ndif-citation")
    expect(citation.get_by_role("button", name="Copy BibTeX", exact=True)).to_have_count(1)
    expect(citation.get_by_role("button", name="Copy citation", exact=True)).to_have_count(1)


# Every text the count's live region takes, in order (a test-only page global).
RECORD_ANNOUNCEMENTS = """() => {
  window.spoken = [];
  const region = document.querySelector('.ndif-filter-announcer');
  new MutationObserver(() => window.spoken.push(region.textContent))
    .observe(region, { childList: true, characterData: true, subtree: true });
}"""


def test_the_count_is_announced_once_typing_pauses(page: Any, site: str) -> None:
    page.clock.install()  # the page's timers run only when the test says
    open_page(page, f"{site}/index.html")
    announcer = page.locator(f"{BAR} .ndif-filter-announcer")
    assert announcer.get_attribute("role") == "status"
    # The visible count is not live: it would be read out on every keystroke.
    assert page.locator(f"{BAR} .ndif-filter-count").get_attribute("aria-live") is None
    page.clock.run_for(2000)
    assert announcer.text_content() == ""  # the page as loaded is not announced
    page.evaluate(RECORD_ANNOUNCEMENTS)
    page.locator(f"{BAR} .ndif-filter-search").focus()
    counts = []
    for char in "chess":
        page.keyboard.type(char)
        counts.append(count_text(page))  # the visible count follows every keystroke
        page.clock.run_for(300)
    assert counts[-1] == "2 of 25 papers" and len(set(counts)) > 1
    assert page.evaluate("window.spoken") == []
    page.clock.run_for(300)
    assert page.evaluate("window.spoken") == ["2 of 25 papers"]
    page.clock.run_for(5000)
    assert page.evaluate("window.spoken") == ["2 of 25 papers"]
    # A click is one change: announced once, after the same pause.
    page.locator(f"{BAR} .ndif-clear").click()
    page.clock.run_for(600)
    assert page.evaluate("window.spoken") == ["2 of 25 papers", "25 of 25 papers"]


def test_keyboard_only(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    page.locator(f"{BAR} .ndif-filter-search").focus()
    page.keyboard.type("chess")
    assert visible(page) == {"paper-jenner2024evidence", "paper-davis2024hidden"}
    page.keyboard.press("Escape")
    assert visible(page) == ALL
    chip = page.locator(f"{BAR} .ndif-chip").first
    chip.focus()
    page.keyboard.press("Space")
    assert chip.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Enter")
    assert chip.get_attribute("aria-pressed") == "false"
    # Focus is visible: the focused chip draws an outline.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_without_javascript_every_paper_and_bibtex_is_there(browser: Any, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/index.html")
    assert page.locator(".ndif-filter").count() == 0
    assert page.locator("#ndif-papers li.ndif-paper").count() == 25
    assert page.locator("#ndif-papers li.ndif-paper:visible").count() == 25
    assert page.locator("#ndif-papers details.ndif-paper-bibtex-details pre").count() == 25
    context.close()


def test_print_hides_controls_and_shows_every_paper(page: Any, site: str) -> None:
    open_page(page, f"{site}/index.html")
    page.locator(f"{BAR} .ndif-chip[data-tag='games']").click()
    page.emulate_media(media="print")
    assert page.locator(".ndif-filter").first.is_hidden()
    assert page.locator("#ndif-papers li.ndif-paper:visible").count() == 25
    assert page.locator(".ndif-copy:visible").count() == 0


THEMES = {
    "alabaster": ("alabaster", None),
    "furo": ("furo", "document.body.dataset.theme = 'dark'"),
    "pydata": ("pydata_sphinx_theme", "document.documentElement.dataset.theme = 'dark'"),
    "book": ("sphinx_book_theme", "document.documentElement.dataset.theme = 'dark'"),
}


@pytest.mark.parametrize("theme", list(THEMES))
def test_themes_light_and_dark(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, theme: str
) -> None:
    require_browser()
    name, dark = THEMES[theme]
    root = tmp_path_factory.mktemp(f"theme-{theme}")
    out = build_site(copy_root("browser", root / "src"), root / "html", f"html_theme={name}")
    with serve(out) as url:
        for mode in ("light", "dark"):
            context = browser.new_context(
                viewport={"width": 1280, "height": 1000},
                color_scheme="dark" if mode == "dark" else "light",
            )
            page = context.new_page()
            open_page(page, f"{url}/index.html")
            if mode == "dark" and dark:
                page.evaluate(dark)
            page.locator(f"{BAR} .ndif-chip[data-tag='games']").click()
            page.locator("#ndif-papers").scroll_into_view_if_needed()
            page.locator(BAR).scroll_into_view_if_needed()
            # Our blocks take the theme's mode: a dark surface in its dark mode, a light one
            # otherwise (alabaster has no dark mode, so its page stays light).
            surface = background_luminance(page, BAR)
            if mode == "dark" and dark:
                assert surface < 0.2, (theme, mode, surface)
            else:
                assert surface > 0.5, (theme, mode, surface)
            for selector in (
                f"{BAR} .ndif-chip[aria-pressed='true']",
                f"{BAR} .ndif-chip[aria-pressed='false']",
                f"{BAR} .ndif-filter-count",
                f"{BAR} .ndif-filter-search",
            ):
                assert contrast(page, selector) >= 4.5, (theme, mode, selector)
            context.close()


def test_filtering_five_thousand_papers_is_correct(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    require_browser()
    root = tmp_path_factory.mktemp("many")
    src = root / "src"
    src.mkdir()
    entries = [
        f"@misc{{p{i}, title = {{Paper {i} about {'llamas' if i % 7 == 0 else 'models'}}},"
        f" author = {{Author{i % 50}, Ann}}, year = {2000 + i % 25},"
        f" keywords = {{{'games' if i % 5 == 0 else 'probing'}}}}}\n"
        for i in range(5000)
    ]
    (src / "many.bib").write_text("".join(entries))
    (src / "conf.py").write_text(
        'extensions = ["sphinx_ndif"]\nndif_data_files = ["many.bib"]\nndif_include_bundled = False\n'
    )
    (src / "index.rst").write_text("Many\n====\n\n.. ndif-papers::\n   :show: authors, venue\n")
    out = build_site(src, root / "html")
    with serve(out) as url:
        context = browser.new_context()
        page = context.new_page()
        open_page(
            page,
            f"{url}/index.html?ndif-papers.tags=games&ndif-papers.q=llamas&ndif-papers.from=2010",
        )
        shown = visible(page)
        expected = {f"paper-p{i}" for i in range(5000) if i % 35 == 0 and 2000 + i % 25 >= 2010}
        assert shown == expected
        assert re.fullmatch(rf"{len(expected)} of 5000 papers", count_text(page))
        context.close()


def test_formats_are_accessible_tabs(page: Any, site: str) -> None:
    open_page(page, f"{site}/formats.html")
    tabs = page.locator(".ndif-formats [role=tab]")
    assert tabs.all_inner_texts() == ["NDIF", "APA", "BibTeX", "RIS", "CSL-JSON"]
    panels = page.locator(".ndif-formats [role=tabpanel]")
    assert [panels.nth(i).is_visible() for i in range(5)] == [True, False, False, False, False]
    tabs.nth(2).click()
    assert tabs.nth(2).get_attribute("aria-selected") == "true"
    assert panels.nth(2).is_visible() and not panels.nth(0).is_visible()
    # Keyboard: arrows move between tabs.
    tabs.nth(2).focus()
    page.keyboard.press("ArrowRight")
    assert tabs.nth(3).get_attribute("aria-selected") == "true" and panels.nth(3).is_visible()
    # Each panel has one copy button; it copies that format exactly.
    panel = panels.nth(3)
    assert panel.locator(".ndif-copy").count() == 1
    assert copy_with(page, panel.locator(".ndif-copy")) == panel.locator("pre").inner_text()
    expect(panel.get_by_role("button", name="Copy citation as RIS", exact=True)).to_have_count(1)

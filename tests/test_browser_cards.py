"""Cards in a real browser: a responsive grid, thumbnails that move nothing when they
load, the filter bar on cards, and cards without JavaScript and in print."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import build_site, copy_root, serve

CARDS = "#ndif-papers li.ndif-paper"  # the card list (the page's first list)
BOXES = """els => els.map(e => { const r = e.getBoundingClientRect();
  return [e.id || e.alt, Math.round(r.x + scrollX), Math.round(r.y + scrollY), Math.round(r.width),
          Math.round(r.height)]; })"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("cards")
    out = build_site(copy_root("cards", root / "src"), root / "html")
    with serve(out) as url:
        yield url


def new_page(browser: Any, width: int = 1200, **options: Any) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    return context.new_page()


def columns(page: Any) -> list[tuple[int, int]]:
    """The (x, y) of each visible card."""
    boxes = page.eval_on_selector_all(f"{CARDS}:not([hidden])", BOXES)
    return [(x, y) for _id, x, y, _w, _h in boxes]


def test_cards_lay_out_in_a_responsive_grid(browser: Any, site: str) -> None:
    wide = new_page(browser, 1200)
    wide.goto(f"{site}/index.html")
    xy = columns(wide)
    assert len(xy) == 5
    assert xy[0][1] == xy[1][1] and xy[0][0] < xy[1][0]  # side by side in one row
    assert len({x for x, _y in xy}) >= 2
    display = wide.eval_on_selector(
        "#ndif-papers ul.ndif-paper-list", "e => getComputedStyle(e).display"
    )
    assert display == "grid"
    # The second list on the page is a plain list: one paper under another.
    listed = wide.eval_on_selector_all("#ndif-papers-2 li.ndif-paper", BOXES)
    assert len({x for _id, x, _y, _w, _h in listed}) == 1
    wide.context.close()

    narrow = new_page(browser, 420)
    narrow.goto(f"{site}/index.html")
    xy = columns(narrow)
    assert len({x for x, _y in xy}) == 1  # one column on a phone
    assert [y for _x, y in xy] == sorted(y for _x, y in xy)
    narrow.context.close()


@pytest.mark.parametrize("width", [1200, 420])
def test_nothing_moves_when_the_thumbnails_load(browser: Any, site: str, width: int) -> None:
    """Every paper and image box (cards and the list) is the same before the images
    arrive (their responses are held) and after. The page fits the viewport, so every
    lazy image loads and every paper is laid out."""
    context = browser.new_context(viewport={"width": width, "height": 6000})
    page = context.new_page()
    held: list[Any] = []
    released = False

    def hold(route: Any) -> None:  # until the layout without images is measured
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/_images/*", hold)
    page.goto(f"{site}/index.html", wait_until="domcontentloaded")
    page.wait_for_function("document.documentElement.dataset.ndifReady === '1'")
    papers, images = "li.ndif-paper", "img.ndif-paper-image"
    assert page.locator(images).count() == 6  # three on cards, three in the list
    assert page.eval_on_selector_all(images, "els => els.every(e => !e.complete)")
    papers_before = page.eval_on_selector_all(papers, BOXES)
    images_before = page.eval_on_selector_all(images, BOXES)
    assert held, "the images were requested"
    released = True
    for route in held:
        route.continue_()
    page.wait_for_function(
        f"[...document.querySelectorAll('{images}')].every(e => e.complete && e.naturalWidth > 0)"
    )
    natural = page.eval_on_selector_all(
        images, "els => els.map(e => [e.naturalWidth, e.naturalHeight])"
    )
    assert [96, 24] in natural and [24, 96] in natural  # a wide and a tall image
    assert page.eval_on_selector_all(papers, BOXES) == papers_before
    assert page.eval_on_selector_all(images, BOXES) == images_before
    for _alt, _x, _y, box_width, box_height in images_before:
        assert (
            box_height > 0 and abs(box_width / box_height - 16 / 9) < 0.05
        )  # one box for every image
    context.close()


def test_the_filter_bar_filters_cards(browser: Any, site: str) -> None:
    page = new_page(browser)
    page.goto(f"{site}/index.html")
    page.wait_for_function("document.documentElement.dataset.ndifReady === '1'")
    bar = ".ndif-filter:has(+ #ndif-papers)"
    page.locator(f"{bar} .ndif-filter-search").fill("hopper")
    visible = page.eval_on_selector_all(
        CARDS, "els => els.filter(e => !e.hidden).map(e => e.querySelector('img')?.alt)"
    )
    assert visible == ["A tall thumbnail"]
    assert columns(page)[0][1] > 0
    page.context.close()


def test_cards_without_javascript(browser: Any, site: str) -> None:
    page = new_page(browser, java_script_enabled=False)
    page.goto(f"{site}/index.html")
    assert page.locator(".ndif-filter").count() == 0
    xy = columns(page)
    assert xy[0][1] == xy[1][1] and xy[0][0] < xy[1][0]
    assert page.locator("#ndif-papers img.ndif-paper-image").count() == 3
    page.context.close()


def test_cards_in_print_show_every_paper_in_two_columns(browser: Any, site: str) -> None:
    page = new_page(browser)
    page.goto(f"{site}/index.html")
    page.wait_for_function("document.documentElement.dataset.ndifReady === '1'")
    page.locator(".ndif-filter:has(+ #ndif-papers) .ndif-filter-search").fill("hopper")
    page.emulate_media(media="print")
    total = page.locator(CARDS).count()
    shown = page.eval_on_selector_all(CARDS, "els => els.filter(e => e.offsetParent).length")
    assert shown == total
    xs = {x for x, _y in [(b[1], b[2]) for b in page.eval_on_selector_all(CARDS, BOXES)]}
    assert len(xs) == 2
    page.context.close()

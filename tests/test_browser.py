"""The explorer in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Screenshots go to ``test-artifacts/`` at the repository root. Skips when Chromium or the
Playwright package is absent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_serve_fixtures import Server, explorer_db, server

__all__ = ["explorer_db", "server"]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (make browser installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


class Watch:
    """What a page did that it should not: script errors, dialogs, CSP violations, failed requests."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    p = ctx.new_page()
    p.set_default_timeout(20_000)
    try:
        yield p
    finally:
        ctx.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_article_entity_relation(server: Server, page: Any) -> None:
    watch = Watch(page)
    page.goto(server.base + "/")
    shot(page, "01-home")
    page.fill("#top-q", "pernyataan lukashenko")
    page.press("#top-q", "Enter")
    page.wait_for_url("**/search?q=*")
    assert "articles match" in page.inner_text("#summary")
    first = page.locator("a.hit-title").first
    assert "Kazakhstan" in first.inner_text()
    assert page.locator("a.hit-title mark, p.snippet mark").count() >= 1
    shot(page, "02-search")

    # a facet checkbox applies at once (the page's one script)
    facet = page.locator('fieldset[data-facet="outlet"] input[type=checkbox]').first
    with page.expect_navigation():
        facet.check()
    assert "outlet=" in page.url

    page.locator("a.hit-title").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1.headline").inner_text().startswith("Kazakhstan Protes Belarus")
    assert page.locator("aside.key-points li").count() == 3
    assert page.locator(".body h2").count() >= 2
    assert page.locator("figcaption .credit").count() >= 1
    quote = page.locator("q.quote").first
    assert quote.count() == 1
    assert "Murat Nurtleu" in page.locator("cite.speaker").first.inner_text()
    assert page.locator("section.latest li").count() >= 1
    shot(page, "03-article")

    page.locator("a.ent", has_text="Alexander Lukashenko").first.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("h1").inner_text() == "Alexander Lukashenko"
    assert "Lukashenko" in page.locator("p.aliases").inner_text()
    assert "Presiden Belarus" in page.locator("p.roles").inner_text()
    assert page.locator("section.timeline svg rect").count() >= 1
    shot(page, "04-entity")

    page.goto(server.base + "/entities/kazakhstan")
    page.locator("a.pair", has_text="Belarus").first.click()
    page.wait_for_url("**/relations?*")
    assert "Kazakhstan" in page.locator("h1").inner_text() and "Belarus" in page.locator("h1").inner_text()
    assert page.locator("figure.relation-chart svg rect").count() == 2
    assert page.locator("figure.relation-chart svg circle").count() == 2  # mean score per month
    assert "-1.75" in page.locator("p.summary").inner_text()
    shot(page, "05-relations")
    page.locator("table.list a").first.click()
    page.wait_for_url("**/articles/*")

    page.goto(server.base + "/status")
    assert page.locator("h1").inner_text() == "Ingest status"
    shot(page, "06-status")
    assert not watch.errors and not watch.dialogs, (watch.errors, watch.dialogs)
    assert not [c for c in watch.console if "Content Security Policy" in c], watch.console


def test_hostile_page_is_inert_in_the_browser(server: Server, page: Any) -> None:
    watch = Watch(page)
    for start in ("<script>", "Gempa"):
        aid = server.article_id(start)
        page.goto(f"{server.base}/articles/{aid}")
        page.wait_for_load_state("load")
        page.mouse.move(200, 300)
        for el in page.locator(".body p").all():
            el.hover()
        for link in page.locator("a").all():
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith("javascript:"), href
        assert page.evaluate("window.__pwned === undefined")
        assert page.evaluate("[...document.scripts].map(s => s.src.replace(location.origin, ''))") == ["/static/app.js"]
        assert page.evaluate("document.querySelectorAll('iframe, img, svg, object, embed').length") == 0
        shot(page, f"07-hostile-{'text' if start == '<script>' else 'html'}")
    assert not watch.dialogs, watch.dialogs
    assert not watch.errors, watch.errors


def test_phone_viewport(server: Server, browser: Any) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True,
                              has_touch=True)
    try:
        p = ctx.new_page()
        weights: list[int] = []
        p.on("response", lambda r: weights.append(int(r.headers.get("content-length") or len(r.body()))))
        aid = server.article_id("Kazakhstan Protes Belarus")
        p.goto(f"{server.base}/articles/{aid}")
        p.wait_for_load_state("load")
        assert sum(weights) < 200 * 1024, weights
        # nothing wider than the screen, and text at a readable size
        assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert p.evaluate("parseFloat(getComputedStyle(document.querySelector('.body p')).fontSize)") >= 15
        # the side column goes under the article
        art_box = p.locator("article.article").bounding_box()
        side_box = p.locator("aside.side").bounding_box()
        assert side_box["y"] > art_box["y"] + art_box["height"] - 1
        p.screenshot(path=str(ARTIFACTS / "08-phone-article.png"), full_page=True)
        p.goto(f"{server.base}/search?q=banjir")
        assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        p.screenshot(path=str(ARTIFACTS / "09-phone-search.png"), full_page=True)
    finally:
        ctx.close()

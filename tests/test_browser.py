"""The web pages in a real headless browser (Debian's Chromium, driven by Playwright).

Screenshots go to build/screenshots/ (or $KG_SCREENSHOTS) so a person can look at them.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("KG_SCREENSHOTS", Path(__file__).resolve().parents[1] / "build" / "screenshots"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.requests = requests
        yield page
        browser.close()


def test_run_a_canned_query_and_follow_a_link_to_the_sources(page, derna_server):
    page.goto(derna_server)
    form = page.locator('form.canned[data-query="allies-of"]')
    form.locator('input[name="actor"]').fill("DMSC")
    form.locator("button").click()
    table = page.locator("#results table")
    table.wait_for()
    assert "General National Congress" in table.inner_text()
    page.screenshot(path=str(SHOTS / "query-allies-of-dmsc.png"), full_page=True)

    table.locator('a[href="/entity/dmsc"]').first.click()
    page.wait_for_url("**/entity/dmsc")
    assert page.locator("h1").inner_text() == "Derna Mujahideen Shura Council"
    sources = page.locator("section.sources table").inner_text()
    assert "001_730e27dca7c189c0.txt" in sources and "F2" in sources
    assert "linked to al-Qaeda" in page.locator("section.contested").inner_text()
    page.screenshot(path=str(SHOTS / "entity-dmsc.png"))

    page.click("text=Network around Derna Mujahideen Shura Council")
    page.wait_for_url("**/graph/dmsc")
    assert page.locator('svg .node[data-id="dmsc"]').count() == 1 and page.locator("svg .edge").count() > 5
    page.screenshot(path=str(SHOTS / "graph-dmsc.png"))
    assert all(url.startswith(derna_server) for url in page.requests), "a page asked for something outside the server"


def test_a_page_of_an_answer_offers_the_next_page(page, derna_server):
    page.goto(derna_server)
    page.evaluate("""async () => show(await fetch("/query/who-opposes-whom?limit=15",
                                                  { headers: { Accept: "application/sparql-results+json" } }))""")
    count = page.locator("#results p").first
    assert count.inner_text() == "15 rows, and more follow: next page"
    count.locator("a").click()
    page.locator("#results p", has_text="5 rows").wait_for()
    assert page.locator("#results tbody tr").count() == 5 and "next page" not in page.locator("#results").inner_text()
    page.screenshot(path=str(SHOTS / "query-next-page.png"))


def test_the_sparql_editor_runs_a_query(page, derna_server):
    page.goto(derna_server)
    page.fill("#sparql", "SELECT ?label WHERE { ?a a <https://w3id.org/faction-kg/ontology#Coalition> ; "
                         "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?label")
    page.click("#editor button")
    page.locator("#results table").wait_for()
    assert "Derna Mujahideen Shura Council" in page.locator("#results table").inner_text()
    page.fill("#sparql", "DROP ALL")
    page.click("#editor button")
    page.locator("#results .error").wait_for()
    assert "403" in page.locator("#results .error").inner_text()
    page.screenshot(path=str(SHOTS / "query-refused.png"), full_page=True)


def test_search_box_finds_an_entity_by_any_name(page, derna_server):
    page.goto(derna_server)
    page.fill('header input[name="name"]', "Jathran")
    page.press('header input[name="name"]', "Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Ibrahim Jodhran"

"""The pictures: the SVG parses and holds the expected nodes and edges, the layout keeps boxes apart,
and a real headless Chromium opens the HTML page, finds the nodes and shows an edge's sources."""

import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

import kg
from kg import picture, timeline
from kg.cli import cli
from kg.network import network

SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def graph(derna_build):
    return kg.open_graph(derna_build.out)


@pytest.fixture(scope="module")
def derna(graph):
    return network(graph)


def _groups(root, cls):
    return [g for g in root.iter(f"{SVG}g") if cls in g.get("class", "").split()]


def test_the_svg_has_every_actor_and_every_claim(derna):
    root = ET.fromstring(picture.render_svg(derna))
    nodes = {g.get("data-id"): g for g in _groups(root, "node")}
    edges = {g.get("data-id"): g for g in _groups(root, "edge")}
    assert set(nodes) == set(derna.nodes) and set(edges) == {e.id for e in derna.edges}
    assert "Derna Mujahideen Shura Council" in "".join(nodes["dmsc"].itertext())
    alliance = edges["dmsc.alliedWith.gnc"]
    assert "alliance" in alliance.get("class") and alliance.find(f"{SVG}path").get("marker-end") is None
    assert "The Council is allied with the Tripoli government." in alliance.find(f"{SVG}title").text
    backing = next(g for g in edges.values() if "backing" in g.get("class"))
    assert backing.find(f"{SVG}path").get("marker-end") == "url(#arrow-backing)"
    contested = [g for g in edges.values() if {"disputed", "denied"} & set(g.get("class").split())]
    assert contested and all(g.find(f"{SVG}path").get("stroke-dasharray") for g in contested)
    settled = [g for g in edges.values() if "asserted" in g.get("class").split()]
    assert all(g.find(f"{SVG}path").get("stroke-dasharray") is None for g in settled)


def test_the_picture_is_deterministic(graph):
    assert picture.render_svg(network(graph)) == picture.render_svg(network(graph))


def test_no_two_actors_overlap_on_the_derna_graph(derna):
    drawing = picture._Drawing(derna, "t")
    boxes = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
             for n, (x, y) in drawing.pos.items() for w, h in [drawing.sizes[n]]]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_the_focus_actor_is_in_the_middle(graph):
    net = network(graph, "DMSC", depth=1)
    root = ET.fromstring(picture.render_svg(net))
    left, top, width, height = map(float, root.get("viewBox").split())
    focus = next(g for g in _groups(root, "node") if "focus" in g.get("class"))
    x, y = map(float, focus.get("transform")[len("translate("):-1].split(","))
    assert focus.get("data-id") == "dmsc" and abs(x - (left + width / 2)) < 1


def test_graph_command_writes_svg_and_html(derna_build, tmp_path):
    runner = CliRunner()
    out = ["--out", str(derna_build.out)]
    result = runner.invoke(cli, ["graph", "Haftar", "--depth", "1", "-o", str(tmp_path / "haftar.svg"), *out])
    assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "haftar.svg").getroot()
    assert {g.get("data-id") for g in _groups(root, "node")} >= {"khalifa-haftar", "lna", "dmsc"}
    result = runner.invoke(cli, ["graph", *out])
    assert result.exit_code == 0 and result.output.startswith("<!DOCTYPE html>") and "<script" in result.output
    assert "http://" not in result.output.split("<svg", 1)[0] and "src=" not in result.output  # nothing fetched
    result = runner.invoke(cli, ["graph", "Derna", *out])
    assert result.exit_code == 1 and "not an actor" in result.output


def test_timeline_svg_lists_events_in_date_order_with_uncertain_dates_marked(graph):
    root = ET.fromstring(timeline.render_svg(timeline.timeline(graph)))
    rows = _groups(root, "event")
    ids = [g.get("data-id") for g in rows]
    assert "operation-dignity" in ids and "is-seizure-of-derna" in ids
    dated = [g for g in rows if "undated" not in g.get("class")]
    assert ids.index("foreign-fighter-list-found") < ids.index("is-seizure-of-derna") < ids.index("operation-dignity")
    assert any("range" in g.get("class") for g in dated) and any("day" in g.get("class") for g in dated)
    undated = [g for g in rows if "undated" in g.get("class")]
    assert undated and all(rows.index(g) > rows.index(dated[-1]) for g in undated)
    assert any("last May" in "".join(g.itertext()) for g in rows)


def test_timeline_of_an_actor_keeps_its_events(graph):
    mine = timeline.timeline(graph, "DMSC")
    everything = timeline.timeline(graph)
    assert 0 < len(mine.events) < len(everything.events)
    assert "derna-taken-from-is" in {e.id for e in mine.events}
    assert "operation-dignity" not in {e.id for e in mine.events}


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


def _open(browser, path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, requests, errors


def test_a_browser_opens_the_network_page_and_shows_sources(browser, derna, tmp_path):
    path = tmp_path / "derna.html"
    path.write_text(picture.render_html(derna), encoding="utf-8")
    page, requests, errors = _open(browser, path)
    assert page.locator("svg .node").count() == len(derna.nodes)
    assert page.locator("svg .edge").count() == len(derna.edges)
    boxes = [page.locator(f'.node[data-id="{n}"] circle').bounding_box() for n in derna.nodes]
    assert all(b and b["width"] > 5 for b in boxes)  # drawn and visible
    centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2) for b in boxes]
    assert len({(round(x), round(y)) for x, y in centres}) == len(centres)
    page.locator('.edge[data-id="dmsc.alliedWith.gnc"] .line').hover(force=True)
    panel = page.inner_text("#panel")
    assert "alliedWith" in panel and "The Council is allied with the Tripoli government." in panel
    page.mouse.move(2, 2)
    page.locator('.node[data-id="khalifa-haftar"] circle').click()
    assert "Khalifa Haftar —commands→ Libyan National Army" in page.inner_text("#panel")
    assert requests == [path.as_uri()] and errors == []  # no internet, no script error
    page.close()


def test_a_browser_opens_the_timeline_page(browser, graph, tmp_path):
    line = timeline.timeline(graph)
    path = tmp_path / "timeline.html"
    path.write_text(timeline.render_html(line), encoding="utf-8")
    page, requests, errors = _open(browser, path)
    assert page.locator("svg .event").count() == len(line.events)
    assert page.locator('.event[data-id="operation-dignity"]').bounding_box()["width"] > 20
    assert requests == [path.as_uri()] and errors == []
    page.close()

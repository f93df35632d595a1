"""kg docs: the ontology's pages (pyLODE), the rules in words, the queries, the counts; opened in a browser."""

from click.testing import CliRunner

from kg.cli import cli
from kg.queries import catalog

from .test_pictures import _open, browser  # noqa: F401 - the browser fixture


def test_docs_describe_the_ontology_rules_queries_and_build(derna_build, tmp_path):
    result = CliRunner().invoke(cli, ["docs", "-o", str(tmp_path / "docs"), "--out", str(derna_build.out)])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
    ontology = (tmp_path / "docs" / "ontology.html").read_text(encoding="utf-8")
    assert "Armed Group" in ontology or "armed group" in ontology
    assert "https://w3id.org/faction-kg/ontology#ArmedGroup" in ontology
    for name in catalog():
        assert f"kg query {name}" in index
    assert "Allies of an actor" in index
    assert "A claim needs evidence: a document and a verbatim quote." in index  # a SHACL message, in words
    assert "A finding is a warning" in index  # the one warning-level shape
    counts = derna_build.counts
    assert f"<th>claims</th><td>{counts['claims']}</td>" in index


def test_the_docs_open_offline_in_a_browser(browser, derna_build, tmp_path):  # noqa: F811
    CliRunner().invoke(cli, ["docs", "-o", str(tmp_path / "docs"), "--out", str(derna_build.out)])
    page, requests, errors = _open(browser, tmp_path / "docs" / "index.html")
    with page.expect_navigation():
        page.click('a[href="ontology.html"]')
    assert page.url.endswith("ontology.html") and "faction-kg" in page.title().lower()
    assert all(url.startswith("file://") for url in requests) and errors == []
    page.close()

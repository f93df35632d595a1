"""The kg command: its output, its errors as one readable line, and its exit codes."""

from click.testing import CliRunner

from kg.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_build_prints_what_it_did_then_skips(mini, tmp_path):
    facts, corpus = mini
    first = run("build", "--facts", facts, "--corpus", corpus, "--out", tmp_path / "b")
    assert first.exit_code == 0, first.output
    assert "claims        6  (2 contested in 1 disputes, 1 denied" in first.output
    assert "inferred" in first.output and "alliedWith 1" in first.output
    again = run("build", "--facts", facts, "--corpus", corpus, "--out", tmp_path / "b")
    assert again.exit_code == 0 and "up to date" in again.output


def test_validate_clean_and_broken(mini):
    facts, corpus = mini
    ok = run("validate", "--facts", facts, "--corpus", corpus)
    assert ok.exit_code == 0 and "0 violations" in ok.output
    f = facts / "facts.yaml"
    f.write_text(f.read_text().replace("quote: The Hill Army opposes the Northern Front.", "quote: The Hill Army adores the Northern Front."))
    bad = run("validate", "--facts", facts, "--corpus", corpus)
    assert bad.exit_code == 1
    assert "facts.yaml:" in bad.output and "quote is not in report.txt" in bad.output


def test_facts_that_do_not_load_exit_1_without_traceback(mini, tmp_path):
    facts, corpus = mini
    f = facts / "facts.yaml"
    f.write_text(f.read_text().replace("type: Person", "type: Persn"))
    result = run("build", "--facts", facts, "--out", tmp_path / "b")
    assert result.exit_code == 1
    assert "unknown type 'Persn'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "b").exists()


def test_missing_facts_folder_is_a_usage_error(tmp_path):
    result = run("validate", "--facts", tmp_path / "nowhere")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_help_documents_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "validate"):
        assert command in result.output
        assert run(command, "--help").exit_code == 0

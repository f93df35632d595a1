"""The ``kg`` command: each subcommand parses its options, calls the library, formats, exits."""

import sys
from pathlib import Path

import click

from .errors import KgError

FACTS = click.option("--facts", "facts_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Facts folder to build (default: the shipped Derna facts).")
CORPUS = click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None, envvar="KG_CORPUS",
                      help="Corpus folder: check every quote and document hash against it [env KG_CORPUS].")


class _Group(click.Group):
    """Turns every KgError into one readable line and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.secho(f"Error: {e}", fg="red", err=True)
            sys.exit(e.exit_code)
        except OSError as e:
            click.secho(f"Error: {e.strerror or e}: {e.filename or ''}".rstrip(": "), fg="red", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.version_option(package_name="faction-kg")
def cli():
    """faction-kg: an actor and faction knowledge graph, every fact with its source."""


@cli.command()
@FACTS
@CORPUS
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"), show_default=True,
              help="Folder to write the build to.")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
def build(facts_dir, corpus, out, force):
    """Load, validate, reason and write the graph to OUT."""
    from .build import build as run

    result = run(facts_dir, out=out, corpus=corpus, force=force)
    for warning in result.warnings:
        click.secho(warning, fg="yellow", err=True)
    if result.skipped:
        click.echo(f"{out}: up to date, nothing to do ({result.seconds:.2f} s)")
        return
    c = result.counts
    click.echo(f"built {out}/ in {result.seconds:.2f} s")
    click.echo(f"  entities  {sum(c['entities'].values()):5}  " + ", ".join(f"{k} {v}" for k, v in c["entities"].items()))
    click.echo(f"  relations {sum(c['relations'].values()):5}  " + ", ".join(f"{k} {v}" for k, v in c["relations"].items()))
    click.echo(f"  alliances {c['alliances']:5}")
    click.echo(f"  claims    {c['claims']:5}  ({c['contested claims']} contested in {c['disputes']} disputes, "
               f"{c['denied claims']} denied, {c['evidence']} pieces of evidence from {c['documents']} documents)")
    click.echo(f"  triples   {c['asserted triples']:5} asserted, {c['provenance triples']} provenance, {c['inferred triples']} inferred")


@cli.command()
@FACTS
@CORPUS
def validate(facts_dir, corpus):
    """Check the facts: SHACL rules, and quotes against the corpus. Exit 0 clean, 1 violations, 2 could not run."""
    from . import paths
    from .load import load
    from .ontology import Ontology
    from .validate import validate as run

    ontology = Ontology()
    report = run(load(facts_dir or paths.default_facts(), ontology), ontology, corpus)
    for finding in report.findings:
        click.secho(str(finding), fg="red" if finding.severity == "violation" else "yellow")
    click.echo(f"{len(report.violations)} violations, {len(report.warnings)} warnings")
    if not report.conforms:
        sys.exit(1)


def main():
    cli(prog_name="kg")

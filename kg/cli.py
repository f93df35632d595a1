"""The ``kg`` command: each subcommand parses its options, calls the library, formats, exits.

Exit codes: 0 success, 1 no such entity or the data fails validation, 2 usage or
internal error. Errors are one readable line.
"""

import functools
import sys
from pathlib import Path

import click

from .errors import KgError

TABLE_FORMATS = ("table", "json", "csv", "tsv")


class _Group(click.Group):
    """Turns every error into one readable line and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.secho(f"Error: {e}", fg="red", err=True)
            sys.exit(e.exit_code)
        except OSError as e:
            click.secho(f"Error: {e.strerror or e}: {e.filename or ''}".rstrip(": "), fg="red", err=True)
            sys.exit(2)


def facts_option(f):
    return click.option("--facts", "facts_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="Facts folder to build (default: the shipped Derna facts).")(f)


def corpus_option(f):
    return click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None, envvar="KG_CORPUS",
                        help="Corpus folder: check every quote and document hash against it [env KG_CORPUS].")(f)


def out_option(f):
    return click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
                        show_default=True, help="Build folder.")(f)


def graph_options(f):
    """--facts, --out and --corpus, and the built graph opened (building it first if stale)."""

    @facts_option
    @out_option
    @corpus_option
    @functools.wraps(f)
    def wrapper(facts_dir, out, corpus, **kwargs):
        from .manifest import ensure_built
        from .store import open_graph

        ensure_built(facts_dir, out, corpus, notify=lambda message: click.secho(message, fg="yellow", err=True))
        return f(open_graph(out), out=out, **kwargs)

    return wrapper


def format_options(f):
    f = click.option("--sources", is_flag=True, help="Add the sources (document, quote, claimant, grade) of each row.")(f)
    return click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default=None,
                        help="Output format [default: table on a terminal, json otherwise].")(f)


def emit(result, fmt, sources=False, hidden=(), out=None, shown=()):
    """Print a Result in the chosen format."""
    from . import formats
    from .manifest import read_manifest

    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if not sources and "evidence" in result.vars:
        result.vars = [v for v in result.vars if v != "evidence"]
        for row in result.rows:
            row.pop("evidence", None)
    if fmt == "table":
        namespace = (read_manifest(out) or {}).get("namespace") if out else None
        shown = [*shown, "evidence"] if shown and sources else shown
        click.echo(formats.to_table(result, hidden=hidden, namespace=namespace, shown=shown), nl=False)
    else:
        click.echo(formats.FORMATS[fmt](result), nl=False)


@click.group(cls=_Group)
@click.version_option(package_name="faction-kg")
def cli():
    """faction-kg: an actor and faction knowledge graph, every fact with its source."""


@cli.command()
@facts_option
@corpus_option
@out_option
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
def build(facts_dir, corpus, out, force):
    """Load, validate, reason and write the graph to OUT."""
    from . import paths
    from .manifest import corpus_fingerprint, fingerprint, is_current, read_manifest

    manifest = read_manifest(out)
    current = is_current(manifest, out, fingerprint(facts_dir or paths.default_facts()))
    if not force and current and (corpus is None or corpus_fingerprint(corpus) == manifest.get("corpus")):
        click.echo(f"{out}: up to date, nothing to do")  # checked without loading the build machinery
        return
    from .builder import build as run

    result = run(facts_dir, out=out, corpus=corpus, force=force, notify=lambda message: click.secho(message, fg="yellow", err=True))
    for warning in result.warnings:
        click.secho(warning, fg="yellow", err=True)
    if result.skipped:
        click.echo(f"{out}: up to date, nothing to do ({result.seconds:.2f} s)")
        return
    c = result.counts
    click.echo(f"built {out}/ in {result.seconds:.2f} s (" + ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items()) + ")")
    click.echo(f"  entities  {sum(c['entities'].values()):5}  " + ", ".join(f"{k} {v}" for k, v in c["entities"].items()))
    click.echo(f"  relations {sum(c['relations'].values()):5}  " + ", ".join(f"{k} {v}" for k, v in c["relations"].items()))
    click.echo(f"  alliances {c['alliances']:5}")
    click.echo(f"  claims    {c['claims']:5}  ({c['contested claims']} contested in {c['disputes']} disputes, "
               f"{c['denied claims']} denied, {c['evidence']} pieces of evidence from {c['documents']} documents)")
    click.echo(f"  triples   {c['asserted triples']:5} asserted, {c['provenance triples']} provenance, {c['inferred triples']} inferred")


@cli.command()
@facts_option
@corpus_option
def validate(facts_dir, corpus):
    """Check the facts: SHACL rules, and quotes against the corpus. Exit 0 clean, 1 violations, 2 could not run."""
    from . import validate as run
    from . import paths

    report = run(facts_dir or paths.default_facts(), corpus)
    for finding in report.findings:
        click.secho(str(finding), fg="red" if finding.severity == "violation" else "yellow")
    click.echo(f"{len(report.violations)} violations, {len(report.warnings)} warnings")
    if not report.conforms:
        sys.exit(1)


class _Queries(_Group):
    """``kg query NAME``: one subcommand per canned query file, made when asked for."""

    def list_commands(self, ctx):
        from .queries import catalog

        return sorted(catalog())

    def get_command(self, ctx, name):
        from .queries import catalog

        query = catalog().get(name)
        if query is None:
            return None
        params = [click.Argument([p.name], metavar=p.name.upper()) for p in query.params]
        doc = f"{query.title}: {query.description}\n\n" + "\n".join(
            f"{p.name.upper()} ({p.type.lower()}): {p.description}" for p in query.params)

        @graph_options
        def run(graph, out, fmt, sources, **args):
            from .queries import ask

            result = ask(graph, name, *(args[p.name] for p in query.params))
            emit(result, fmt, sources, hidden=[p.name for p in query.params], out=out, shown=query.table)

        command = click.Command(name, callback=format_options(run), params=params, help=doc, short_help=query.title)
        command.params += getattr(command.callback, "__click_params__", [])[::-1]
        return command

    def resolve_command(self, ctx, args):
        from .queries import get

        if args and args[0] not in self.list_commands(ctx) and not args[0].startswith("-"):
            get(args[0])  # raises with the closest names
        return super().resolve_command(ctx, args)


@cli.group(cls=_Queries, invoke_without_command=True)
@click.option("--list", "listing", is_flag=True, help="List the canned queries with their descriptions.")
@click.pass_context
def query(ctx, listing):
    """Ask a canned question: kg query NAME [ARGS]... (kg query NAME --help for its parameters)."""
    if ctx.invoked_subcommand is None:
        from .queries import catalog

        for q in catalog().values():
            args = " ".join(p.name.upper() for p in q.params)
            click.echo(f"{(q.name + ' ' + args).strip():32} {q.description}")


@cli.command()
@click.argument("name")
@format_options
@graph_options
def resolve(graph, out, name, fmt, sources):
    """Which entity NAME means: its identifier, type and every name it goes by."""
    from .resolver import resolve as find
    from .store import Result, Term

    entity = find(graph, name)
    result = Result(["entity", "label", "type", "names"], [{
        "entity": Term.uri(entity.iri), "label": Term.literal(entity.label),
        "type": Term.literal(entity.type), "names": Term.literal("; ".join(entity.names)),
    }])
    emit(result, fmt, out=out)


@cli.command()
@click.argument("actor")
@graph_options
def show(graph, out, actor):
    """A profile card of ACTOR: names, roles, allies, opponents, backers, operations, events, disputes."""
    from .profile import profile

    click.echo(profile(graph, actor, out), nl=False)


@cli.command()
@click.argument("text", required=False)
@click.option("-f", "--file", "path", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice([*TABLE_FORMATS, "turtle", "ntriples", "jsonld"]), default=None,
              help="Results format; turtle, ntriples or jsonld for CONSTRUCT and DESCRIBE.")
@graph_options
def sparql(graph, out, text, path, fmt):
    """Run any SPARQL query, given as TEXT or with -f FILE."""
    from .errors import UsageError

    if bool(text) == bool(path):
        raise UsageError("give the query as an argument or with -f FILE, not both or neither")
    answer = graph.query(path.read_text(encoding="utf-8") if path else text)
    if isinstance(answer, bool):
        click.echo("true" if answer else "false")
    elif isinstance(answer, list):
        from .exporter import serialize_triples

        click.echo(serialize_triples(answer, fmt or "turtle").decode("utf-8"), nl=False)
    else:
        emit(answer, fmt if fmt in TABLE_FORMATS else None, sources=True, out=out)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "nquads", "trig", "jsonld"]), default="turtle", show_default=True)
@click.option("--asserted", "which", flag_value="asserted", help="Only what was curated: entities, relations, claims, provenance.")
@click.option("--inferred", "which", flag_value="inferred", help="Only what the reasoner inferred.")
@click.option("--all", "which", flag_value="all", default=True, help="Everything (the default).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to a file instead of standard output.")
@facts_option
@out_option
@corpus_option
def export(fmt, which, output, facts_dir, out, corpus):
    """Export the graph in a standard RDF format, byte for byte the same for the same build."""
    from .exporter import export as run
    from .exporter import write
    from .manifest import ensure_built, read_manifest

    ensure_built(facts_dir, out, corpus, notify=lambda message: click.secho(message, fg="yellow", err=True))
    data = run(out, fmt, which, (read_manifest(out) or {}).get("namespace"))
    if output:
        write(data, output)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)
    else:
        sys.stdout.buffer.write(data)


def main():
    cli(prog_name="kg")

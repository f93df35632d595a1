"""The ``kg`` command: each subcommand parses its options, calls the library, formats, exits.

Exit codes: 0 success, 1 no such entity or the data fails validation, 2 usage or
internal error. Errors are one readable line.
"""

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .errors import KgError

TABLE_FORMATS = ("table", "json", "xml", "csv", "tsv")
FOLDER = click.Path(file_okay=False, path_type=Path)  # made once: each click.Path costs a gettext look-up


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
    return click.option("--facts", "facts_dir", type=FOLDER, default=None,
                        help="Facts folder to build (default: the shipped Derna facts).")(f)


def corpus_option(f):
    return click.option("--corpus", type=FOLDER, default=None, envvar="KG_CORPUS",
                        help="Corpus folder: check every quote and document hash against it [env KG_CORPUS].")(f)


def out_option(f):
    return click.option("--out", type=FOLDER, default=Path("build"),
                        show_default=True, help="Build folder.")(f)


def credentials_options(f):
    f = click.option("--password", envvar="KG_PASSWORD", default=None, help="Password for the store [env KG_PASSWORD].")(f)
    return click.option("--user", envvar="KG_USER", default=None, help="User name for the store (digest or basic auth) [env KG_USER].")(f)


def graph_base_option(f):
    return click.option("--graph", "graph_base", metavar="BASE", default=None,
                        help="The store's graphs are BASE + asserted, provenance, inferred [default: as built].")(f)


def remote_graph(endpoint, graph_base, user, password, out):
    """The build's graphs in the SPARQL service at ``endpoint`` (imported only when asked for)."""
    from .manifest import read_manifest
    from .remote import GRAPHS, RemoteGraph, graph_names

    if graph_base:
        graphs = graph_names(graph_base).values()
    else:
        built = (read_manifest(out) or {}).get("graphs", {})
        graphs = [built[name] for name in GRAPHS if name in built]
    graph = RemoteGraph(endpoint, graphs, user, password)
    graph.check()
    return graph


def graph_options(f):
    """--facts, --out and --corpus, and the built graph opened (building it first if stale),
    or with --endpoint the graph pushed to a SPARQL service."""

    @facts_option
    @out_option
    @corpus_option
    @click.option("--endpoint", default=None, metavar="URL",
                  help="Ask the SPARQL 1.1 query service at URL, where `kg push` put the graph, instead of the build.")
    @graph_base_option
    @credentials_options
    @functools.wraps(f)
    def wrapper(facts_dir, out, corpus, endpoint, graph_base, user, password, **kwargs):
        if endpoint:
            return f(remote_graph(endpoint, graph_base, user, password, out), out=out, **kwargs)
        from .opening import take

        opening = take(out)  # the database opens while the build's freshness is checked
        from .manifest import ensure_built

        ensure_built(facts_dir, out, corpus, notify=lambda message: click.secho(message, fg="yellow", err=True))
        return f(opening.graph(), out=out, **kwargs)

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
@click.version_option(__version__, package_name="faction-kg", prog_name="kg")
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
        from .queries import PAGE, find

        query = find(name)
        if query is None:
            return None
        params = [click.Argument([p.name], metavar=p.name.upper()) for p in query.params]
        params += [click.Option(["--limit"], type=click.IntRange(min=1), default=PAGE, show_default=True,
                                help="Rows in a page of the answer."),
                   click.Option(["--offset"], type=click.IntRange(min=0), default=0, show_default=True,
                                help="Rows to skip: --offset 100 is the second page of 100."),
                   click.Option(["--all", "every_row"], is_flag=True, help="Every row of the answer, in one page.")]
        doc = f"{query.title}: {query.description}\n\n" + "\n".join(
            f"{p.name.upper()} ({p.type.lower()}): {p.description}" for p in query.params)

        @graph_options
        def run(graph, out, fmt, sources, limit, offset, every_row, **args):
            from .queries import ask

            result = ask(graph, name, *(args[p.name] for p in query.params), limit=None if every_row else limit, offset=offset)
            emit(result, fmt, sources, hidden=[p.name for p in query.params], out=out, shown=query.table)
            if result.more:
                shown = f"rows {offset + 1} to {offset + len(result.rows)}" if offset else f"the first {len(result.rows)} rows"
                click.secho(f"{name}: {shown}; more follow: --offset {offset + len(result.rows)} for the next page, "
                            "--all for every row", fg="yellow", err=True)

        command = click.Command(name, callback=format_options(run), params=params, help=doc, short_help=query.title)
        command.params += getattr(command.callback, "__click_params__", [])[::-1]
        return command

    def resolve_command(self, ctx, args):
        from .queries import get

        if args and not args[0].startswith("-"):
            get(args[0])  # raises with the closest names if there is no such query
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


def picture_options(f):
    f = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Write to a file instead of standard output.")(f)
    return click.option("--format", "fmt", type=click.Choice(["html", "svg"]), default=None,
                        help="An interactive page that works offline, or an SVG [default: from -o's suffix, else html].")(f)


def emit_picture(picture, fmt, output, **kwargs):
    """Write a picture module's HTML or SVG to ``output`` or standard output."""
    fmt = fmt or ("svg" if output and output.suffix.lower() == ".svg" else "html")
    text = (picture.render_svg if fmt == "svg" else picture.render_html)(**kwargs)
    if output:
        from .exporter import write

        write(text.encode("utf-8"), output)
        click.echo(f"wrote {output} ({len(text.encode('utf-8'))} bytes)", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("actor", required=False)
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True, help="How many steps from ACTOR to show.")
@picture_options
@graph_options
def graph(graph, out, actor, depth, fmt, output):
    """The network of actors: alliances, oppositions, backing, command, membership; with ACTOR, those around it."""
    from . import picture
    from .network import network

    emit_picture(picture, fmt, output, net=network(graph, actor, depth))


@cli.command()
@click.argument("actor", required=False)
@picture_options
@graph_options
def timeline(graph, out, actor, fmt, output):
    """The events and operations in date order (with ACTOR, those it takes part in); uncertain dates shown as such."""
    from . import timeline as picture

    emit_picture(picture, fmt, output, line=picture.timeline(graph, actor))


@cli.command()
@click.option("-o", "--output", type=FOLDER, required=True, help="The folder to write.")
@facts_option
@out_option
@corpus_option
def docs(output, facts_dir, out, corpus):
    """HTML documentation: the ontology (pyLODE), the SHACL rules in plain words, the canned queries, the build's counts."""
    from .docs import write_docs
    from .manifest import ensure_built

    ensure_built(facts_dir, out, corpus, notify=lambda message: click.secho(message, fg="yellow", err=True))
    for path in write_docs(out, output):
        click.echo(f"wrote {path}", err=True)


NETWORK_FORMATS = ("graphml", "gexf", "csv")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "nquads", "trig", "jsonld", *NETWORK_FORMATS]),
              default="turtle", show_default=True,
              help="An RDF format, or the network of entities and claims: graphml, gexf (Gephi), csv (nodes.csv and edges.csv).")
@click.option("--asserted", "which", flag_value="asserted", help="Only what was curated: entities, relations, claims, provenance.")
@click.option("--inferred", "which", flag_value="inferred", help="Only what the reasoner inferred.")
@click.option("--all", "which", flag_value="all", default=True, help="Everything (the default).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to a file instead of standard output (for csv: a folder).")
@facts_option
@out_option
@corpus_option
def export(fmt, which, output, facts_dir, out, corpus):
    """Export the graph in a standard RDF format, or its network for Gephi and spreadsheets; the same bytes for the same build."""
    from .errors import UsageError
    from .exporter import write
    from .manifest import ensure_built, read_manifest

    if fmt in NETWORK_FORMATS and which != "all":
        raise UsageError(f"--{which} chooses RDF graphs; {fmt} exports the network of claims, each with its standing")
    if fmt == "csv" and output is None:
        raise UsageError("csv writes two files, nodes.csv and edges.csv: give a folder with -o DIR")
    ensure_built(facts_dir, out, corpus, notify=lambda message: click.secho(message, fg="yellow", err=True))
    if fmt in NETWORK_FORMATS:
        from .network import network
        from .network_formats import FORMATS
        from .store import open_graph

        data = FORMATS[fmt](network(open_graph(out), scope="all"))
    else:
        from .exporter import export as run

        data = run(out, fmt, which, (read_manifest(out) or {}).get("namespace"))
    if isinstance(data, dict):
        output.mkdir(parents=True, exist_ok=True)
        for name, content in data.items():
            write(content, output / name)
            click.echo(f"wrote {output / name} ({len(content)} bytes)", err=True)
    elif output:
        write(data, output)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)
    else:
        sys.stdout.buffer.write(data)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; the default is this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port; 0 picks a free one.")
@click.option("--workers", type=click.IntRange(2, 64), default=4, show_default=True,
              help="Worker processes: half for canned queries and pages, half for ad hoc SPARQL.")
@click.option("--timeout", type=click.FloatRange(0.1), default=10.0, show_default=True, help="Time limit of a query, in seconds.")
@click.option("--max-result", "max_bytes", type=click.IntRange(1000), default=50_000_000, show_default=True,
              help="Size limit of an answer, in bytes.")
@click.option("--max-request", "max_body", type=click.IntRange(1000), default=1_000_000, show_default=True,
              help="Size limit of a request body, in bytes.")
@click.option("--cors", metavar="ORIGIN", default=None, help="Allow browsers on ORIGIN ('*' for any) to query; off by default.")
@click.option("--store", "store_path", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Serve this Oxigraph database folder instead of the build.")
@click.option("--quiet", is_flag=True, help="Do not log each request.")
@facts_option
@out_option
@corpus_option
def serve(host, port, workers, timeout, max_bytes, max_body, cors, store_path, quiet, facts_dir, out, corpus):
    """Serve the graph: a read-only SPARQL endpoint, the canned queries over HTTP, and web pages.

    A rebuild of OUT while the server runs is served as soon as it is finished.
    """
    from .builds import current
    from .manifest import STORE, ensure_built, read_manifest
    from .serve import serve as run

    namespace, watch = None, None
    if store_path is None:
        ensure_built(facts_dir, out, corpus, notify=lambda message: click.secho(message, fg="yellow", err=True))
        namespace, watch = (read_manifest(out) or {}).get("namespace"), out / "manifest.json"
    served = store_path or out / STORE

    def ready(url):
        click.echo(f"serving {served} at {url} (SPARQL endpoint {url}sparql); Ctrl-C stops", err=True)

    locate = (lambda: store_path) if store_path else (lambda: current(out) / STORE)
    run(locate, host, port, workers, timeout, max_bytes, max_body, cors, namespace, log=not quiet, ready=ready, watch=watch)


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL 1.1 Graph Store Protocol service, e.g. http://127.0.0.1:7878/store.")
@graph_base_option
@credentials_options
@facts_option
@out_option
@corpus_option
def push(endpoint, graph_base, user, password, facts_dir, out, corpus):
    """Upload the build to a triple store: each named graph replaced, provenance in its own."""
    from .manifest import ensure_built
    from .push import push as run

    ensure_built(facts_dir, out, corpus, notify=lambda message: click.secho(message, fg="yellow", err=True))
    pushed = run(out, endpoint, graph_base, user, password, notify=click.echo)
    click.echo(f"pushed {sum(p.triples for p in pushed)} triples in {len(pushed)} graphs to {endpoint}")


def main():
    cli(prog_name="kg")

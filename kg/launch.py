"""The ``kg`` command's entry point: for a command that reads the build, start opening its database, then load the rest.

The opening (:mod:`kg.opening`) runs while click and the command's modules are imported,
which take as long; without it, a fresh ``kg query`` would pay for both in turn.
"""

import sys

READERS = ("query", "resolve", "show", "sparql", "graph", "timeline")


def _out(args):
    """The --out of a command line, as click will read it (the default: build)."""
    for i, arg in enumerate(args):
        if arg == "--out" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--out="):
            return arg[len("--out="):]
    return "build"


def main():
    args = sys.argv[1:]
    if args and args[0] in READERS and not any(a == "--endpoint" or a.startswith("--endpoint=") for a in args):
        from . import opening

        opening.start(_out(args))
    from .cli import main as run

    run()

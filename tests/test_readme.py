"""README.md stays true: its commands exist, its library example runs."""

import re

from kg.cli import cli

from .conftest import CORPUS, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    for name in cli.commands:
        assert f"kg {name}" in README, f"kg {name} is not in README.md"


def test_every_canned_query_is_documented():
    from kg.queries import catalog

    for name in catalog():
        assert f"`{name}" in README, f"query {name} is not in README.md"


def test_the_library_example_runs(derna_build, monkeypatch):
    code = re.search(r"## Library API.*?```python\n(.*?)```", README, re.S).group(1)
    code = code.replace('"build"', repr(str(derna_build.out))).replace('"facts/derna"', repr(str(ROOT / "facts" / "derna")))
    code = code.replace('"../shared/corpus"', repr(str(CORPUS)))
    exec(compile(code, "README.md", "exec"), {})

"""The load test in its short form: many clients on a real server, with runaway queries mixed in, and no failures.

The long form is by hand: `python bench/load.py --seconds 60 --clients 64`.
"""

import subprocess
import sys

from .conftest import ROOT


def test_many_clients_with_runaway_queries_get_no_failures(derna_build):
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "load.py"), "--build", str(derna_build.out),
                          "--seconds", "3", "--clients", "8", "--slow", "2", "--timeout", "1"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[2].startswith("canned only") and lines[3].startswith("canned + 2 runaway")
    assert all(line.split()[-2] == "0" for line in lines[2:4])  # the errors column
    assert "422:" in lines[4]  # the runaway queries were stopped at the time limit

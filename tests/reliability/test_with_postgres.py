""".ci/with-postgres: the suite runs whatever happens to PostgreSQL (missing, not installable, not starting).

A fresh machine is simulated with a PATH holding only fake `id`, `apt-get` and `pg_virtualenv`: nothing is
installed and no cluster is started here.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / ".ci" / "with-postgres"
PROBE = 'echo "ran PGHOST=${PGHOST:-none}" >> "$LOG"; exit 3'  # the "test suite": logs, fails with status 3

FAKE_PG_VIRTUALENV = """#!/bin/sh
echo "pg_virtualenv $*" >> "$LOG"
while [ "${1#-}" != "$1" ]; do case "$1" in -o|-c|-i|-v|-p) shift 2 ;; *) shift ;; esac; done
PGHOST=fake-cluster exec "$@"
"""
BROKEN_PG_VIRTUALENV = """#!/bin/sh
echo "pg_virtualenv $*" >> "$LOG"
echo "Error: could not create cluster" >&2
exit 1
"""


def _fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _apt_get(installs: bool, exit_code: int = 0) -> str:
    """A fake apt-get that logs its arguments; `install` can bring the fake pg_virtualenv with it."""
    bring = f'cat > "$FAKEBIN/pg_virtualenv" <<"EOF"\n{FAKE_PG_VIRTUALENV}EOF\nchmod +x "$FAKEBIN/pg_virtualenv"\n'
    return ('#!/bin/sh\necho "apt-get $*" >> "$LOG"\n'
            + (f'case "$*" in *install*) {bring};; esac\n' if installs else "")
            + f"exit {exit_code}\n")


@pytest.fixture
def fresh_machine(tmp_path):
    """(bin folder, run) where run(*, uid) runs the probe through the script on a PATH of that folder only."""
    if shutil.which("sh") is None or shutil.which("mktemp") is None:
        pytest.skip("needs a POSIX sh and mktemp")
    bin_dir, log = tmp_path / "bin", tmp_path / "log"
    bin_dir.mkdir()
    for tool in ("sh", "mktemp", "rm", "touch", "cat", "chmod"):
        (bin_dir / tool).symlink_to(shutil.which(tool))

    def run(uid: int = 0, **env):
        _fake(bin_dir, "id", f"#!/bin/sh\necho {uid}\n")
        full_env = {"PATH": str(bin_dir), "LOG": str(log), "FAKEBIN": str(bin_dir), "TMPDIR": str(tmp_path), **env}
        done = subprocess.run(["/bin/sh", str(SCRIPT), "sh", "-c", PROBE], env=full_env, capture_output=True,
                              text=True, timeout=60)
        return done.returncode, done.stderr, (log.read_text() if log.exists() else "")

    return bin_dir, run


def test_no_pg_virtualenv_no_root_says_how_to_install_and_runs_plain(fresh_machine):
    bin_dir, run = fresh_machine
    _fake(bin_dir, "apt-get", _apt_get(installs=True))
    status, err, log = run(uid=1000)
    assert status == 3 and log == "ran PGHOST=none\n"  # the suite ran once, its status kept; apt-get never called
    assert "sudo apt-get install postgresql postgresql-contrib" in err and "SKIPPED" in err


def test_root_with_apt_unreachable_runs_plain_and_says_so(fresh_machine):
    bin_dir, run = fresh_machine
    _fake(bin_dir, "apt-get", _apt_get(installs=False, exit_code=100))
    status, err, log = run()
    calls = [line for line in log.splitlines() if line.startswith("apt-get")]
    assert calls[0].startswith("apt-get install -y -q --no-install-recommends") and calls[0].endswith(
        "postgresql postgresql-contrib")
    assert "DPkg::Lock::Timeout=60" in calls[0] and "Acquire::http::Timeout=20" in calls[0]  # bounded waits
    assert calls[1].startswith("apt-get -q -o") and calls[1].endswith(" update")  # a stale list refreshed once
    assert status == 3 and log.endswith("ran PGHOST=none\n")
    assert "apt-get could not install postgresql" in err and "SKIPPED" in err


def test_root_installs_postgresql_then_runs_inside_the_cluster(fresh_machine):
    bin_dir, run = fresh_machine
    _fake(bin_dir, "apt-get", _apt_get(installs=True))
    status, err, log = run()
    lines = log.splitlines()
    assert lines[0].startswith("apt-get install") and lines[1].startswith("pg_virtualenv -t")
    assert lines[2:] == ["ran PGHOST=fake-cluster"] and status == 3  # the suite's own failure is kept
    assert "SKIPPED" not in err


def test_apt_errors_but_pg_virtualenv_came_anyway_runs_inside(fresh_machine):
    """E.g. the package's own cluster failed to start in a container: dpkg errs, the tools are installed."""
    bin_dir, run = fresh_machine
    _fake(bin_dir, "apt-get", _apt_get(installs=True, exit_code=100))
    status, err, log = run()
    assert log.splitlines()[-1] == "ran PGHOST=fake-cluster" and status == 3 and "SKIPPED" not in err


def test_no_apt_get_runs_plain(fresh_machine):
    _, run = fresh_machine
    status, err, log = run()
    assert status == 3 and log == "ran PGHOST=none\n" and "no apt-get here" in err


def test_a_cluster_that_cannot_start_runs_the_suite_plain_once(fresh_machine):
    bin_dir, run = fresh_machine
    _fake(bin_dir, "pg_virtualenv", BROKEN_PG_VIRTUALENV)
    status, err, log = run()
    assert log.splitlines()[1:] == ["ran PGHOST=none"] and status == 3
    assert "could not start a throwaway cluster" in err and "SKIPPED" in err


def test_a_working_cluster_runs_the_suite_inside_it_once(fresh_machine):
    bin_dir, run = fresh_machine
    _fake(bin_dir, "pg_virtualenv", FAKE_PG_VIRTUALENV)
    status, err, log = run()
    assert log.splitlines()[1:] == ["ran PGHOST=fake-cluster"] and status == 3 and "SKIPPED" not in err


def test_it_can_be_switched_off(fresh_machine):
    bin_dir, run = fresh_machine
    _fake(bin_dir, "pg_virtualenv", FAKE_PG_VIRTUALENV)
    status, err, log = run(BRIEFING_READER_PG="off")
    assert log == "ran PGHOST=none\n" and status == 3 and "BRIEFING_READER_PG=off" in err


def test_make_test_and_ci_go_through_the_script():
    makefile = (REPO / "Makefile").read_text()
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "sh .ci/with-postgres " in test_recipe and "pytest" in test_recipe
    assert "make test" in (REPO / ".ci" / "run").read_text()
    assert os.access(SCRIPT, os.X_OK)

"""The library write lock: exclusive across processes, released by a crash, stale entries cleared."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from indexer.errors import LibraryLockedError
from indexer.locking import WriteLock

HOLD = textwrap.dedent("""
    import sys, time
    from indexer.locking import WriteLock
    lock = WriteLock(sys.argv[1]); lock.acquire()
    print("held", flush=True)
    time.sleep(60)
""")


def _holder(path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_process_gets_a_clear_message(tmp_path):
    proc = _holder(tmp_path / "write.lock")
    try:
        with pytest.raises(LibraryLockedError) as err:
            WriteLock(tmp_path / "write.lock").acquire(timeout=0.2)
        assert f"process {proc.pid}" in str(err.value)
        assert "try again" in str(err.value)
    finally:
        proc.kill()
        proc.wait()


def test_killed_holder_leaves_a_stale_lock_that_is_cleared(tmp_path):
    proc = _holder(tmp_path / "write.lock")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (tmp_path / "write.lock").read_text() == str(proc.pid)
    lock = WriteLock(tmp_path / "write.lock")
    lock.acquire(timeout=2)
    assert lock.stale_cleared
    assert (tmp_path / "write.lock").read_text() == str(os.getpid())
    lock.release()
    assert (tmp_path / "write.lock").read_text() == ""


def test_waiting_writer_gets_the_lock_when_it_is_released(tmp_path):
    proc = _holder(tmp_path / "write.lock")
    start = time.monotonic()
    subprocess.Popen(["sh", "-c", f"sleep 0.5; kill {proc.pid}"])
    lock = WriteLock(tmp_path / "write.lock")
    lock.acquire(timeout=10)
    assert time.monotonic() - start >= 0.4
    lock.release()
    proc.wait()


def test_reentrant_in_one_object(tmp_path):
    lock = WriteLock(tmp_path / "write.lock")
    lock.acquire()
    lock.acquire()
    lock.release()
    assert lock.held
    lock.release()
    assert not lock.held

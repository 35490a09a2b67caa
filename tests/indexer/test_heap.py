"""young_objects_only: an import's heap frozen out of the collector while it runs, unfrozen however it ends."""

from __future__ import annotations

import gc

import pytest

from indexer.heap import young_objects_only


def _steps(n: int, seen: list, fail_at: int | None = None):
    try:
        for k in range(n):
            if k == fail_at:
                raise ValueError("a bad file")
            seen.append(gc.get_freeze_count())
            yield k
        return "report"
    finally:
        seen.append("closed")


def _run(gen):
    steps = []
    while True:
        try:
            steps.append(next(gen))
        except StopIteration as end:
            return steps, end.value


def test_steps_and_result_pass_through_and_the_heap_is_frozen_while_they_run():
    gc.unfreeze()
    seen: list = []
    steps, result = _run(young_objects_only(_steps(5, seen), every=2))
    assert steps == [0, 1, 2, 3, 4] and result == "report"
    assert all(count > 0 for count in seen[:-1]), "the heap was frozen during the steps"
    assert seen[-1] == "closed" and gc.get_freeze_count() == 0


def test_objects_made_during_the_steps_are_frozen_every_few_steps():
    gc.unfreeze()
    kept = []

    def steps():
        for k in range(4):
            kept.append([[] for _ in range(1000)])  # containers the collector tracks, made by the step
            yield gc.get_freeze_count()

    counts, _ = _run(young_objects_only(steps(), every=2))
    assert counts[2] >= counts[1] + 1000, "the objects of the first two steps were frozen after step 2"
    assert gc.get_freeze_count() == 0


def test_an_error_or_a_cancel_unfreezes_the_heap_and_closes_the_import():
    gc.unfreeze()
    seen: list = []
    with pytest.raises(ValueError):
        _run(young_objects_only(_steps(5, seen, fail_at=3), every=1))
    assert gc.get_freeze_count() == 0 and seen[-1] == "closed"
    seen.clear()
    gen = young_objects_only(_steps(5, seen), every=1)
    next(gen)
    gen.close()  # the GUI's cancel closes the import's generator
    assert gc.get_freeze_count() == 0 and seen[-1] == "closed"

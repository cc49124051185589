"""The garbage-collector set-up `img-advisor run` applies once it has started."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.heap import YOUNG_THRESHOLD, settle_heap


@pytest.fixture
def restored_collector() -> Iterator[None]:
    """Put the collector back as it was, for the tests that follow."""
    threshold = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_start_up_objects_are_frozen_and_young_ones_collected_less_often(
    restored_collector: None,
) -> None:
    """After settle_heap, what was loaded is out of collections and gen 0 waits longer."""
    gc.unfreeze()
    settle_heap()
    assert gc.get_freeze_count() > 1000  # the imports' objects, at least
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD

"""Per-member rate limits: each member has their own allowance, and memory stays bounded."""

from __future__ import annotations

from bot.adapters.discord.limits import SWEEP_AT, MemberLimits


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_member_over_the_limit_waits_and_others_are_not_held_up() -> None:
    """Two commands per 10 s: the third waits for the window; another member goes ahead."""
    clock = Clock()
    limits = MemberLimits(2, 10.0, clock)
    assert limits.take(1) is None and limits.take(1) is None
    clock.now += 4
    assert limits.take(1) == 6.0
    assert limits.take(2) is None
    clock.now += 6.5
    assert limits.take(1) is None


def test_members_whose_window_has_passed_are_forgotten_and_active_ones_kept() -> None:
    """The table is swept once it reaches SWEEP_AT members, keeping only active windows."""
    clock = Clock()
    limits = MemberLimits(1, 10.0, clock)
    for member in range(SWEEP_AT - 1):
        limits.take(member)
    clock.now += 11  # every window so far has passed ...
    limits.take(-1)  # ... but this member has just used their allowance
    assert len(limits) == SWEEP_AT
    limits.take(-2)  # the sweep runs before this one is counted
    assert len(limits) == 2
    assert limits.take(-1) is not None  # the active member is still limited
    assert limits.take(0) is None  # a forgotten member starts afresh


def test_sweeps_stay_rare_when_every_member_is_active() -> None:
    """With all members inside their window, the next sweep waits for the table to double."""
    clock = Clock()
    limits = MemberLimits(1, 60.0, clock)
    for member in range(SWEEP_AT + 1):
        limits.take(member)
    assert (len(limits), limits.sweeps) == (SWEEP_AT + 1, 1)  # swept once, nobody dropped
    for member in range(SWEEP_AT + 1, 2 * SWEEP_AT + 1):
        limits.take(member)
    assert (len(limits), limits.sweeps) == (2 * SWEEP_AT + 1, 2)
    assert limits.take(0) is not None  # everyone still remembered and limited

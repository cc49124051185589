"""Benchmark: 100,000 reminders in SQLite with our scheduler vs APScheduler 3's memory store.

    .venv/bin/python bench/bench_reminders.py [--count 100000]

Prints, side by side from one run:
- memory the pending reminders add to the process (RSS with N pending minus with none);
- start-up time with N pending (ours: open the database and find the next wake; APScheduler:
  load N jobs into its memory store and start);
- the rate at which N all-due reminders are claimed and handed to a no-op sender (ours) vs
  APScheduler firing N due jobs from memory;
- the longest event-loop stall during that burst, seen by a 5 ms timer task.

Each measurement runs in a fresh child process so RSS figures are not polluted by earlier
work. Nothing here is a pass/fail test; the targets are printed next to the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# bench/ is on sys.path when this runs as a script
from _reminder_phases import aps_burst, aps_idle, ours_burst, ours_idle, prepare

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(phase: str, path: str, count: int) -> None:
    """Run one phase and print its figures as JSON."""
    # Both sides pay for the same imports before anything is measured.
    import apscheduler  # noqa: F401

    import bot.reminders.scheduler
    import bot.storage.database  # noqa: F401

    phases = {
        "ours-idle": lambda: ours_idle(path),
        "aps-idle": lambda: aps_idle(count),
        "ours-burst": lambda: ours_burst(path, count, settle=False),
        "aps-burst": lambda: aps_burst(count, settle=False),
        "ours-burst-settled": lambda: ours_burst(path, count, settle=True),
        "aps-burst-settled": lambda: aps_burst(count, settle=True),
    }
    print(json.dumps(asyncio.run(phases[phase]())))


def run_child(phase: str, path: Path | str, count: int) -> dict[str, float]:
    """Run a phase in a fresh interpreter and return its figures."""
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--path", str(path), "--count", str(count)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Prepare the databases, run every phase and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--phase")
    parser.add_argument("--path", default="")
    args = parser.parse_args()
    if args.phase:
        child(args.phase, args.path, args.count)
        return
    n = args.count
    with tempfile.TemporaryDirectory() as tmp:
        empty, pending, due, due2 = (
            Path(tmp) / f"{name}.db" for name in ("empty", "pending", "due", "due2")
        )
        t0 = time.perf_counter()
        asyncio.run(prepare(empty, 0, False))
        asyncio.run(prepare(pending, n, False))
        asyncio.run(prepare(due, n, True))
        asyncio.run(prepare(due2, n, True))
        print(
            f"prepared SQLite files with 0 / {n:,} pending / 2 x {n:,} due reminders in "
            f"{time.perf_counter() - t0:.1f} s ({pending.stat().st_size / 2**20:.1f} MB each)\n"
        )
        ours0, ours_n = run_child("ours-idle", empty, 0), run_child("ours-idle", pending, n)
        aps0, aps_n = run_child("aps-idle", "", 0), run_child("aps-idle", "", n)
        ours_b, aps_b = run_child("ours-burst", due, n), run_child("aps-burst", "", n)
        ours_s = run_child("ours-burst-settled", due2, n)
        aps_s = run_child("aps-burst-settled", "", n)

    ours_mem, aps_mem = ours_n["rss_mb"] - ours0["rss_mb"], aps_n["rss_mb"] - aps0["rss_mb"]
    rows = [
        ("RSS with none pending (MB)", f"{ours0['rss_mb']:.1f}", f"{aps0['rss_mb']:.1f}"),
        (f"RSS with {n:,} pending (MB)", f"{ours_n['rss_mb']:.1f}", f"{aps_n['rss_mb']:.1f}"),
        ("memory the pending add (MB)", f"{ours_mem:.1f}", f"{aps_mem:.1f}"),
        (
            f"start-up with {n:,} pending (s)",
            f"{ours_n['startup_s']:.3f}",
            f"{aps_n['startup_s']:.3f}",
        ),
        ("start-up with none pending (s)", f"{ours0['startup_s']:.3f}", f"{aps0['startup_s']:.3f}"),
        (f"burst: {n:,} due, total (s)", f"{ours_b['seconds']:.2f}", f"{aps_b['seconds']:.2f}"),
        (
            "burst: rate (reminders/s)",
            f"{ours_b['rate_per_s']:,.0f}",
            f"{aps_b['rate_per_s']:,.0f}",
        ),
        ("burst: longest loop stall (ms)", f"{ours_b['stall_ms']:.1f}", f"{aps_b['stall_ms']:.1f}"),
        (
            "burst after settle_heap(): rate (/s)",
            f"{ours_s['rate_per_s']:,.0f}",
            f"{aps_s['rate_per_s']:,.0f}",
        ),
        (
            "burst after settle_heap(): stall (ms)",
            f"{ours_s['stall_ms']:.1f}",
            f"{aps_s['stall_ms']:.1f}",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'ours (SQLite)':>14}  {'APScheduler 3 (memory)':>22}")
    for label, ours, aps in rows:
        print(f"{label:{width}}  {ours:>14}  {aps:>22}")
    ratio = ours_mem / aps_mem if aps_mem > 0 else float("nan")
    print("\ntargets:")
    print(
        f"- memory at most 1/5 of APScheduler's: {ours_mem:.1f} MB vs {aps_mem:.1f} MB "
        f"(ratio {ratio:.3f}) -> {'met' if ours_mem <= aps_mem / 5 else 'NOT met'}"
    )
    met = ours_b["rate_per_s"] >= aps_b["rate_per_s"]
    print(
        f"- burst rate at least APScheduler's: {ours_b['rate_per_s']:,.0f}/s vs "
        f"{aps_b['rate_per_s']:,.0f}/s -> {'met' if met else 'NOT met'}"
    )
    print(
        f"- longest stall under 100 ms: {ours_b['stall_ms']:.1f} ms -> "
        f"{'met' if ours_b['stall_ms'] < 100 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()

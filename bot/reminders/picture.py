"""The season as a picture for a phone (matplotlib, Agg): one row per milestone and per
reminder along a date axis, from a little before the season (or today) to Match Day.

Sized for a phone: 1080 px wide and type about 28 px high, so it reads without zooming.
Each row's label sits beside its dot, on whichever side has room, so none is cut at the
edge. The interview season is drawn as a span, up to the rank order list's opening.
Pure: milestones, reminders and "today" in, PNG bytes out (callers run it in a thread).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.reminders.milestones import MilestoneLike
from bot.reminders.store import ReminderView
from flows.reminder_parse import describe_rule, next_occurrence, zone, zone_label

WIDTH_PX = 1080
_DPI = 150
_FONT = 13  # points: 27 px at 150 dpi, a phone's body text once the picture fits the screen
_ROW_IN = 0.62  # inches per row: two lines of a wrapped label fit
_WRAP = 34  # characters per label line
_BEFORE = timedelta(days=45)  # how far the axis reaches back before the first thing shown
_BACK = timedelta(days=120)  # ...but no further back than this before today
_AFTER = timedelta(days=25)  # and on past the last (Match Day)
_MAX_REMINDERS = 6  # personal reminders drawn as rows; the list has the rest
# A milestone drawn as a span: it lasts until the other one begins.
_SPANS = {"interviews": "rol_opens"}
_SPAN_DEFAULT = timedelta(days=90)
_PAST, _COMING, _MINE, _TODAY = "#9a9a9a", "#1f5fa8", "#d35400", "#c0392b"


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the picture: its label and the days its marks fall on."""

    label: str
    days: tuple[date, ...]  # a milestone's day; each time a reminder fires on the axis
    colour: str
    end: date | None = None  # a span (the interview season) ends here
    mine: bool = False  # a reminder of the user's, not a date of the season


@dataclass(frozen=True, slots=True)
class Layout:
    """What the picture shows: the axis's first and last day, and the rows top down."""

    first: date
    last: date
    rows: tuple[Row, ...]


def layout(
    milestones: Sequence[MilestoneLike], today: date, reminders: Sequence[ReminderView], tz: str
) -> Layout:
    """Decide the axis and the rows: milestones in date order, then the user's reminders."""
    items = sorted(milestones, key=lambda m: m.date)
    # From a few months back (or the season's start, if later) to Match Day: what is long
    # past sits at the left edge, its date in its label.
    earliest = min([m.date for m in items] + [today]) - _BEFORE
    first = min(max(earliest, today - _BACK), today - _BEFORE)
    last = max([m.date for m in items] + [today]) + _AFTER
    alarms = {r.milestone_id.rpartition(":")[2] for r in reminders if r.milestone_id}
    rows = []
    for milestone in items:
        when = _day(milestone.date) + (f" {milestone.date.year}" if milestone.date < first else "")
        bell = " (reminder on)" if milestone.id in alarms else ""
        rows.append(
            Row(
                f"{when} · {milestone.title}{bell}",
                (milestone.date,),
                _PAST if milestone.date < today else _COMING,
                _span_end(milestone, items),
            )
        )
    rows += [
        Row(label, tuple(days), _MINE, mine=True)
        for label, days in _own_rows(reminders, tz, first, last)
    ]
    return Layout(first, last, tuple(rows))


def timeline_png(
    milestones: Sequence[MilestoneLike],
    today: date,
    reminders: Sequence[ReminderView],
    tz: str,
    title: str,
) -> bytes:
    """Draw the season with today, the user's reminders (repeating ones as a series) and
    the interview season as a span."""
    # Imported here: matplotlib takes a while to load and most processes never draw.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure

    plan = layout(milestones, today, reminders, tz)
    count = len(plan.rows)
    height = 1.5 + _ROW_IN * max(count, 2)
    figure = Figure(figsize=(WIDTH_PX / _DPI, height), dpi=_DPI, layout="constrained")
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    left, right = float(date2num(plan.first)), float(date2num(plan.last))
    labels = []
    for number, row in enumerate(plan.rows):
        y = count - 1 - number
        xs = [max(float(date2num(day)), left) for day in row.days]
        if row.end is not None and float(date2num(row.end)) > xs[0]:
            width = float(date2num(row.end)) - xs[0]
            axes.barh(y, width, left=xs[0], height=0.5, color=row.colour, alpha=0.3)
        if row.mine:
            if len(xs) > 1:  # a series: a tick at each time, along a line
                axes.hlines(y, xs[0], xs[-1], color=_MINE, linewidth=1.2, alpha=0.5, zorder=2)
                axes.plot(xs, [y] * len(xs), "|", color=_MINE, markersize=10, zorder=4)
            axes.plot(xs[0], y, "v", color=_MINE, markersize=10, zorder=4)
        else:
            marker = "o" if row.days[0] >= plan.first else "<"  # before the axis: at its edge
            axes.plot(xs[0], y, marker, color=row.colour, markersize=9, zorder=3, clip_on=False)
        labels.append(_label(axes, xs[0], y, row.label, row.colour, over=len(xs) > 1))
    now_x = float(date2num(today))
    axes.axvline(now_x, color=_TODAY, linestyle="--", linewidth=1.4, alpha=0.6, zorder=1)
    axes.annotate("today", (now_x, count - 0.35), ha="center", fontsize=_FONT - 2, color=_TODAY)
    axes.set_xlim(left, right)
    axes.set_ylim(-0.7, count - 0.1)
    axes.set_yticks([])
    _date_axis(axes, plan.first, plan.last)
    for side in ("left", "right", "top"):
        axes.spines[side].set_visible(False)
    axes.set_title(f"{title}\n(dates in {zone_label(tz)})", fontsize=_FONT + 1, loc="left", pad=14)
    _keep_labels_inside(canvas, axes, labels)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _own_rows(
    reminders: Sequence[ReminderView], tz: str, first: date, last: date
) -> list[tuple[str, list[date]]]:
    """The personal reminders as (label, the days they fire within the axis)."""
    where = zone(tz)
    end = datetime.combine(last, datetime.min.time(), UTC)
    rows = []
    for reminder in reminders:
        if reminder.kind != "personal":
            continue  # a season reminder shows on its milestone's row
        title = reminder.text.split("\n", 1)[0]
        if reminder.rrule:
            times = [reminder.due_at]
            while len(times) < 200:
                following = next_occurrence(reminder.rrule, tz, times[-1])
                if following is None or following > end:
                    break
                times.append(following)
            days = [t.astimezone(where).date() for t in times]
            label = f"{describe_rule(reminder.rrule)} · {title}"
        else:
            days = [reminder.due_at.astimezone(where).date()]
            label = f"{_day(days[0])} · {title}"
        days = [d for d in days if first <= d <= last]
        if days:
            rows.append((label, days))
    return rows[:_MAX_REMINDERS]


def _span_end(milestone: MilestoneLike, items: Sequence[MilestoneLike]) -> date | None:
    """Where a milestone that is a span ends (its own `end`, or the milestone after it)."""
    end = getattr(milestone, "end", None)
    if isinstance(end, date):
        return end
    if milestone.id not in _SPANS:
        return None
    following = next((m.date for m in items if m.id == _SPANS[milestone.id]), None)
    return following or milestone.date + _SPAN_DEFAULT


def _label(axes: Any, x: float, y: float, text: str, colour: str, over: bool = False) -> Any:
    """Write a row's label to the right of its dot (moved left later if it has no room);
    `over` a series' marks, on a white ground so the words stay clear of them."""
    ground = {"facecolor": "white", "edgecolor": "none", "pad": 1.0} if over else None
    return axes.annotate(
        textwrap.fill(text, _WRAP),
        (x, y),
        xytext=(9, 0),
        textcoords="offset points",
        va="center",
        ha="left",
        fontsize=_FONT,
        color=colour,
        linespacing=1.05,
        zorder=5,
        bbox=ground,
    )


def _keep_labels_inside(canvas: Any, axes: Any, labels: list[Any]) -> None:
    """Put each label that would run past the right edge on the left of its dot instead."""
    renderer = canvas.get_renderer()
    edge = axes.get_window_extent(renderer).x1
    for label in labels:
        if label.get_window_extent(renderer).x1 > edge:
            label.set_horizontalalignment("right")
            label.set_position((-9, 0))


def _date_axis(axes: Any, first: date, last: date) -> None:
    """Month ticks, each January (and the first tick) with its year."""
    from matplotlib.dates import MonthLocator, num2date
    from matplotlib.ticker import FuncFormatter

    months = (last.year - first.year) * 12 + last.month - first.month
    step = next(k for k in (1, 2, 3, 4, 6, 12) if months / k <= 7)
    # Every step-th month counted from January, so each year's January has a tick.
    axes.xaxis.set_major_locator(MonthLocator(bymonth=range(1, 13, step)))

    def name(value: float, position: int | None) -> str:
        day = num2date(value)
        return f"{day:%b}\n{day.year}" if day.month == 1 or position == 0 else f"{day:%b}"

    axes.xaxis.set_major_formatter(FuncFormatter(name))
    axes.tick_params(axis="x", labelsize=_FONT - 1)


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"

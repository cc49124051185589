"""Where an applicant stands in the season of their Match year, from today's date.

The phase names are a contract: rules, topic variants and other modules test
`season_phase == "interviewing"` and so on, so keep them exactly as below.

    preparing     before ERAS opens for submissions for that Match
    applying      ERAS open, programs not yet reading applications
    interviewing  programs reading, invitations and interviews, until the rank list opens
    ranking       rank order list open, and the wait after its deadline until Match Week
    match_week    Monday of Match Week (matched or not, SOAP) to Match Day (Friday)
    after_match   after Match Day of that season
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

PHASES = ("preparing", "applying", "interviewing", "ranking", "match_week", "after_match")

# The milestone (timeline.yaml id) each phase after "preparing" starts on. after_match starts
# the day after Match Day; the others on the milestone's own day.
_STARTS = (
    ("applying", "eras_submit", 0),
    ("interviewing", "programs_review", 0),
    ("ranking", "rol_opens", 0),
    ("match_week", "match_week", 0),
    ("after_match", "match_day", 1),
)
MILESTONES = tuple(m for _, m, _ in _STARTS)


def season_phase(today: dt.date, dates: Mapping[str, dt.date]) -> str:
    """Return the phase of the season `dates` (milestone id -> date of one Match year) on
    `today`."""
    phase = PHASES[0]
    for name, milestone, offset in _STARTS:
        if today >= dates[milestone] + dt.timedelta(days=offset):
            phase = name
    return phase

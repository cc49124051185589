"""KnowledgeBase: the one object the bot uses - plan, answers, topic answers, timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from flows.profile import Profile
from knowledge.abbreviations import expand_first
from knowledge.classifier import MODEL_FILE, Classifier
from knowledge.derived import profile_env
from knowledge.errors import KnowledgeError, Problems
from knowledge.loader import DEFAULT_DATA, Knowledge, read_knowledge
from knowledge.matcher import Matcher
from knowledge.model import Answer, Milestone, Plan, Topic
from knowledge.plan import MAX_SHOWN, SeasonView, build_plan, plan_citations, render_plan
from knowledge.program_fit import fit_visa_count
from knowledge.programs import FILE_NAME, Catalogue, read_programs
from knowledge.render import Citer, compose_topic
from knowledge.season_figures import facts_for

OFF_TOPIC_TEXT = (
    "Sorry, I can't help with that. I give general advice to IMGs applying to combined "
    "Internal Medicine-Psychiatry: Step exams, visas, US clinical experience, letters, "
    "personal statements, choosing programs and the season timeline.\n\n"
    "For one program's own dates, status or rules, please check its website or write to "
    "its program coordinator.\n\nPick a topic if one helps:"
)
UNSURE_TEXT = "I'm not sure what you are asking. Which of these topics is closest?"
ONE_PROGRAM_TEXT = (
    "I can't answer for one program: its own visas, positions, dates and cut-offs are on "
    "its website, and its program coordinator can confirm them. Here is what I can say "
    "about programs in general."
)
GENERAL_PROGRAMS_TOPIC = "program_selection"  # what is true of programs in general
# A topic button from an old message, or one a client made up: offer today's topics.
UNKNOWN_TOPIC_TEXT = "I don't have that topic any more. Which of these is closest?"


class KnowledgeBase:
    """Loaded, checked knowledge with the operations the bot needs."""

    def __init__(
        self,
        knowledge: Knowledge,
        clock: Callable[[], dt.date] = dt.date.today,
        programs: Catalogue | None = None,
        classifier: Classifier | None = None,
    ) -> None:
        self._k = knowledge
        self.programs = programs or Catalogue(())  # the med-psych program list
        self._clock = clock
        self._citer = Citer(knowledge.sources, knowledge.facts)
        self._matcher = Matcher(
            knowledge.topics, knowledge.lexicon, classifier or Classifier.load(MODEL_FILE)
        )
        self._topics = {t.id: t for t in knowledge.topics}

    @property
    def topics(self) -> tuple[Topic, ...]:
        """All topics, in menu order."""
        return self._k.topics

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Ids of all plan rules, in file order."""
        return tuple(r.id for r in self._k.rules)

    def rule_topic(self, rule_id: str) -> str:
        """The topic a plan rule belongs to."""
        return next(r.topic for r in self._k.rules if r.id == rule_id)

    def fired_variants(
        self, topic_id: str, profile: Profile, today: dt.date | None = None
    ) -> tuple[str, ...]:
        """Ids of a topic's personal variants that hold for a profile, by priority."""
        env = self.env(profile, today)
        fired = [v for v in self._topics[topic_id].variants if v.when.test(env)]
        return tuple(v.id for v in sorted(fired, key=lambda v: v.priority))

    def summary(self) -> str:
        """Count what was loaded, for `knowledge check`."""
        k = self._k
        return (
            f"{len(k.topics)} topics, {len(k.rules)} rules, "
            f"{sum(len(t.variants) for t in k.topics)} variants, {len(k.flags)} flags, "
            f"{len(k.facts)} facts, {len(k.sources)} sources, "
            f"{len(k.timeline.typical) + len(k.timeline.personal)} milestones, "
            f"{len(self.programs.programs)} programs"
        )

    def env(self, profile: Profile, today: dt.date | None = None) -> dict[str, Any]:
        """Return the values conditions see for this profile (fields, flags, facts)."""
        day = today or self._clock()
        submit = self._k.timeline.submit_date(profile.match_year) if profile.match_year else None
        # The day programs start reading, for a booked CK month (flag ck_result_late).
        season = self._k.timeline.dates(profile.match_year) if profile.match_year else {}
        reading = season["programs_review"][0] if "programs_review" in season else None
        env = profile_env(profile, day, self._k.facts, self._k.flags, submit, reading)
        env["season_phase"] = self._k.timeline.phase(day, profile.match_year)
        env["programs_fit_visa"] = fit_visa_count(self.programs, profile)
        env.update(self._k.timeline.date_texts(profile.match_year))
        return env

    def plan(self, profile: Profile, today: dt.date) -> Plan:
        """Build the prioritised plan for a profile."""
        env = self.env(profile, today)
        year = _planned(profile, env)
        season = SeasonView(self._k.timeline, year, today) if year is not None else None
        citer = self._citer_for(year, today)
        return build_plan(self._k.rules, self._k.flags, env, citer, season)

    def render_plan(
        self, plan: Plan, profile: Profile | None = None, limit: int = MAX_SHOWN
    ) -> str:
        """Write a plan's first `limit` steps as short Markdown for a phone, with sources."""
        return expand_first(render_plan(plan, limit), self._k.abbreviations)

    def plan_citations(self, plan: Plan, limit: int = MAX_SHOWN) -> tuple[str, ...]:
        """Full citations (with addresses) of the rendered plan, numbered as it numbers them."""
        return plan_citations(plan, limit)

    def topic_answer(
        self, topic_id: str, profile: Profile | None, today: dt.date | None = None
    ) -> Answer:
        """Answer a topic directly (a pressed topic button); personal when a profile is given.

        An unknown topic id gets the list of topics, never an error."""
        topic = self._topics.get(topic_id)
        if topic is None:  # a stale or made-up button: no error, the topics instead
            return Answer(None, 0.0, UNKNOWN_TOPIC_TEXT, suggestions=self.topics)
        env = self.env(profile, today) if profile is not None else None
        planned = _planned(profile, env) if profile is not None and env is not None else None
        citer = self._citer_for(planned, today or self._clock())
        calendar, dated, extra = "", False, cast(tuple[str, ...], ())
        if "season_calendar" in topic.text.specials:
            year = _planned(profile, env) if profile is not None and env is not None else None
            calendar, dated = self._calendar(profile, year, today)
            extra = self._k.timeline.source_ids(year)
        text, ids, personal = compose_topic(citer, topic, env, {"season_calendar": calendar}, extra)
        text = expand_first(text, self._k.abbreviations)
        return Answer(topic.id, 1.0, text, citer.cites(ids), personal or dated)

    def answer(
        self,
        question: str,
        profile: Profile | None,
        today: dt.date | None = None,
        sure_of: float = 0.0,
    ) -> Answer:
        """Answer a typed question, or say it is unclear / off-topic and offer the topics;
        below `sure_of` confidence a topic found is offered rather than answered."""
        found = self._matcher.match(question)
        if found.topic is not None and found.confidence < sure_of:
            found = replace(found, topic=None, also=None)
        ordered = tuple(self._topics[t] for t in found.ranking)
        if found.one_program and GENERAL_PROGRAMS_TOPIC in self._topics:
            general = self.topic_answer(GENERAL_PROGRAMS_TOPIC, None, today)
            return Answer(
                None,
                found.confidence,
                f"{ONE_PROGRAM_TEXT}\n\n{general.text}",
                general.sources,
                suggestions=ordered[:6],
                off_topic=True,
            )
        if found.off_topic:
            return Answer(
                None, found.confidence, OFF_TOPIC_TEXT, suggestions=self.topics, off_topic=True
            )
        if found.topic is None:
            return Answer(None, found.confidence, UNSURE_TEXT, suggestions=ordered)
        base = self.topic_answer(found.topic, profile, today)
        if found.also is None:
            return Answer(base.topic, found.confidence, base.text, base.sources, base.personal)
        other = self._topics[found.also]
        body, _, tail = base.text.rpartition("\n\nSources: ")
        text = (
            f"{body}\n\nYou also asked about **{other.title}** - tap it below.\n\nSources: {tail}"
        )
        return Answer(
            base.topic, found.confidence, text, base.sources, base.personal, suggestions=(other,)
        )

    def match_year_to_plan(self, profile: Profile, today: dt.date | None = None) -> int | None:
        """The Match the plan aims for: the profile's, or the next one when the plan moves
        it (the season opened before a CK result; flag `aim_next_match`)."""
        return _planned(profile, self.env(profile, today))

    def timeline(
        self, match_year: int, profile: Profile | None, today: dt.date | None = None
    ) -> list[Milestone]:
        """Return the dated milestones of a Match year, with personal ones for a profile."""
        env = self.env(profile, today) if profile is not None else None
        return self._k.timeline.milestones(
            match_year,
            env,
            lambda ids: self._citer.labels(self._citer.source_ids(ids, ())),
            lambda fact_id: int(self._k.facts[fact_id].value),
        )

    def _citer_for(self, match_year: int | None, today: dt.date) -> Citer:
        """The citer for an applicant of `match_year` (else the season under way today):
        figures of an earlier season say they may have changed."""
        year = match_year or self._k.timeline.current_match_year(today)
        if self._k.timeline.phase(today, year) == "after_match":
            year += 1  # that Match is over: the figures that matter are the next season's
        facts = facts_for(self._k.facts, year)
        return self._citer if facts is self._k.facts else Citer(self._k.sources, facts)

    def _calendar(
        self, profile: Profile | None, year: int | None, today: dt.date | None
    ) -> tuple[str, bool]:
        """The season block of the timeline answer: dated for the Match the plan aims for
        (personal, from today on), else the typical months. Return (text, used the profile?)."""
        if profile is None or year is None:
            rows = self._k.timeline.typical_months()
            return (
                "**The usual season** (typical timing - check the official calendar)\n"
                + "\n".join(f"- {when}: {title}" for when, title in rows)
            ), False
        day = today or self._clock()
        items = [m for m in self.timeline(year, profile, day) if m.date >= day]
        lines = [
            f"- {m.date.strftime('%d %b %Y').lstrip('0')}: {m.title}"
            + (f" (typical: {m.timing})" if m.timing else " (typical)" if m.typical else "")
            for m in items
        ]
        if not lines:
            lines = ["- This season is over. Tell me your next Match year to see its dates."]
        return (
            f"**Your season: Match {year}**\n"
            + "\n".join(lines)
            + "\n\nDates marked typical follow the usual pattern; check the official "
            "calendar."
        ), True


def _planned(profile: Profile, env: dict[str, Any]) -> int | None:
    """The profile's Match year, or the next one when the flag `aim_next_match` holds."""
    if profile.match_year is None:
        return None
    return profile.match_year + 1 if env["aim_next_match"] else profile.match_year


def load_knowledge(
    path: Path | str | None = None, clock: Callable[[], dt.date] = dt.date.today
) -> KnowledgeBase:
    """Load and check the knowledge and the program list; raise KnowledgeError listing every
    problem of both.

    The matcher's model is the data folder's matcher_model.npz, or the shipped one when a
    folder has none."""
    problems = Problems()
    base = Path(path) if path is not None else DEFAULT_DATA
    programs = read_programs(base, problems, _label(base / FILE_NAME)) if base.is_dir() else None
    try:
        knowledge = read_knowledge(path)
    except KnowledgeError as exc:
        raise KnowledgeError([*exc.problems, *problems.items]) from None
    problems.raise_if_any()
    model = base / MODEL_FILE.name
    classifier = Classifier.load(model if model.exists() else MODEL_FILE)
    return KnowledgeBase(knowledge, clock, programs, classifier)


def _label(path: Path) -> str:
    """A file's name as problems show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


__all__ = ["KnowledgeBase", "KnowledgeError", "load_knowledge"]

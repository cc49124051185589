"""Turn interview prompts, plans, answers and the profile view into Outgoing messages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.core import payloads, texts
from bot.core.menu import menu
from bot.core.messages import Choice, Outgoing
from bot.core.ports import AdviceSource
from flows.interview import Interview, InterviewState
from flows.profile import Profile
from knowledge.plan import MAX_SHOWN

if TYPE_CHECKING:
    from knowledge.model import Answer


class InterviewReplies:
    """Renders what the flows and the knowledge produce into neutral replies."""

    def __init__(self, interview: Interview, knowledge: AdviceSource) -> None:
        self.interview = interview
        self.knowledge = knowledge

    def prompt(self, st: InterviewState, read: str = "") -> list[Outgoing]:
        """Show the current question with its progress and choices, headed by `read` (what
        was just read from a typed answer: one message, not two)."""
        prompt = self.interview.prompt(st)
        if prompt is None:
            return [Outgoing(texts.INTERVIEW_COMPLETE, private=True)]
        lines = [texts.question_heading(read, prompt.position, prompt.total), prompt.text]
        if prompt.current:
            lines.append(texts.stored_now(prompt.current))
        choices = [
            Choice(label, payloads.answer(prompt.state, i))
            for i, label in enumerate(prompt.options)
        ]
        if prompt.optional:
            choices.append(Choice(texts.SKIP, payloads.skip(prompt.state)))
        return [
            Outgoing("\n".join(lines), choices=tuple(choices), private=True, awaits_answer=True)
        ]

    def reask(self, st: InterviewState, error: str | None) -> list[Outgoing]:
        """Say what was wrong and ask the same question again."""
        return [Outgoing(error or texts.NOT_UNDERSTOOD, private=True), *self.prompt(st)]

    def plan(self, profile: Profile, now: datetime, *, full: bool = False) -> Outgoing:
        """Render the personalised plan for this profile: its main steps, or all of them."""
        plan = self.knowledge.plan(profile, now.date())
        steps = len(plan.actions)
        limit = steps if full else MAX_SHOWN
        more = (
            (Choice(texts.show_all_steps(steps), payloads.command("plan all")),)
            if steps > limit
            else ()
        )
        return Outgoing(
            self.knowledge.render_plan(plan, profile, limit),
            private=True,
            choices=more,
            sources=self.knowledge.plan_citations(plan, limit),
        )

    def answer(self, answer: Answer, public: bool) -> Outgoing:
        """Render a matched answer; when unsure, offer the topics as a menu of six plus
        "More topics" (bot.core.menu)."""
        order = tuple(t.id for t in self.knowledge.topics)
        return Outgoing(
            answer.text,
            choices=menu(answer.suggestions, order),
            private=bool(answer.personal) and not public,
            sources=tuple(answer.sources),
        )

    def profile(self, st: InterviewState, identities: list[tuple[str, str]]) -> Outgoing:
        """List everything stored about the user, and how to change or delete it."""
        platforms = sorted({platform for platform, _ in identities})
        return Outgoing(
            texts.profile_view(self.interview.stored(st.answers), platforms), private=True
        )

    def edit_menu(self, st: InterviewState) -> Outgoing:
        """Offer the answers that can be edited as choices."""
        labels = self.interview.editable(st)
        choices = tuple(Choice(label, payloads.command(f"edit {label}")) for label in labels[:24])
        return Outgoing(texts.EDIT_WHICH, choices=choices, private=True)

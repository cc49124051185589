"""Turn interview prompts, plans, answers and the profile view into Outgoing messages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.messages import Choice, Outgoing
from flows.interview import Interview, InterviewState
from flows.profile import Profile
from knowledge.plan import MAX_SHOWN


class InterviewReplies:
    """Renders what the flows and the knowledge produce into neutral replies."""

    def __init__(self, interview: Interview, knowledge: Any) -> None:
        self.interview = interview
        self.knowledge = knowledge

    def prompt(self, st: InterviewState, read: str = "") -> list[Outgoing]:
        """Show the current question with its progress and choices, headed by `read` (what
        was just read from a typed answer: one message, not two)."""
        prompt = self.interview.prompt(st)
        if prompt is None:
            return [Outgoing("Your interview is complete. Type `plan` for your plan or ask "
                             "me a question.", private=True)]
        lines = [f"{read}_Question {prompt.position} of {prompt.total}_", prompt.text]
        if prompt.current:
            lines.append(f"(Stored now — {prompt.current}. Type a new answer to change it.)")
        choices = [Choice(label, f"a:{prompt.state}:{i}")
                   for i, label in enumerate(prompt.options)]
        if prompt.optional:
            choices.append(Choice("Skip", f"s:{prompt.state}"))
        return [Outgoing("\n".join(lines), choices=tuple(choices), private=True,
                         awaits_answer=True)]

    def reask(self, st: InterviewState, error: str | None) -> list[Outgoing]:
        """Say what was wrong and ask the same question again."""
        return [Outgoing(error or "Sorry, I didn't understand that.", private=True),
                *self.prompt(st)]

    def plan(self, profile: Profile, now: datetime, *, full: bool = False) -> Outgoing:
        """Render the personalised plan for this profile: its main steps, or all of them."""
        plan = self.knowledge.plan(profile, now.date())
        steps = len(plan.actions)
        limit = steps if full else MAX_SHOWN
        more = (Choice(f"Show all {steps} steps", "c:plan all"),) if steps > limit else ()
        return Outgoing(self.knowledge.render_plan(plan, profile, limit), private=True,
                        choices=more, sources=self.knowledge.plan_citations(plan, limit))

    def answer(self, answer: Any, public: bool) -> Outgoing:
        """Render a matched answer; when unsure, offer the topics as choices."""
        choices = tuple(Choice(t.title, f"t:{t.id}") for t in answer.suggestions)
        return Outgoing(answer.text, choices=choices,
                        private=bool(answer.personal) and not public,
                        sources=tuple(answer.sources))

    def profile(self, st: InterviewState, identities: list[tuple[str, str]]) -> Outgoing:
        """List everything stored about the user, and how to change or delete it."""
        lines = ["**What I have stored about you**"]
        lines += [f"- {label}: {value}" for label, value in self.interview.stored(st.answers)]
        if len(lines) == 1:
            lines.append("- no answers yet")
        platforms = sorted({platform for platform, _ in identities})
        lines.append(f"- linked accounts: {', '.join(platforms) or 'none'}")
        lines.append("")
        lines.append("Change one with `edit <field>` (e.g. `edit step2`); delete everything "
                     "with `forget`.")
        return Outgoing("\n".join(lines), private=True)

    def edit_menu(self, st: InterviewState) -> Outgoing:
        """Offer the answers that can be edited as choices."""
        labels = self.interview.editable(st)
        choices = tuple(Choice(label, f"c:edit {label}") for label in labels[:24])
        return Outgoing("Which answer would you like to change? e.g. `edit visa`.",
                        choices=choices, private=True)

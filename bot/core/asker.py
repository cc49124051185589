"""Answering a question in its conversation: follow-ups, several questions, asides.

A short follow-up ("what about psych?") is read with the topic answered last; a post that
asks several questions gets the main one answered and the others offered as buttons; a
social reply ("ok", "😭") or a message in another script gets one short line instead of
a topic menu; and a long story is read to the question it ends with.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.core import payloads, texts
from bot.core.interview_replies import InterviewReplies
from bot.core.menu import menu, shown_ids
from bot.core.messages import Choice, Outgoing
from bot.core.ports import AdviceSource
from bot.core.reading import closing_question, is_follow_up, questions_in
from bot.core.scripts import other_script
from bot.core.social import Social, social_reply
from bot.core.turn import Turn
from flows.interview import DONE
from flows.parsing import MAX_INPUT, looks_like_question
from flows.profile import Profile

if TYPE_CHECKING:
    from knowledge.model import Answer, Topic

SHORT = 6  # words: a message this short that matches nothing may lean on the last topic
# "what about psych?" with no answer before it has lost what it follows: only a topic this
# sure is answered (how about letters? 1.0); otherwise the menu asks which was meant.
FOLLOW_UP_ALONE = 0.7
_SOCIAL_TEXT = {
    Social.THANKS: texts.SOCIAL_THANKS,
    Social.OKAY: texts.SOCIAL_OKAY,
    Social.UPSET: texts.SOCIAL_UPSET,
}
_SOURCES = "\n\nSources: "  # how a topic answer's sources line starts (knowledge.render)


def asks(text: str) -> bool:
    """Whether a message asks a question of its own, also at the end of a long story
    (the parsers read a message's first MAX_INPUT characters only)."""
    if looks_like_question(text):
        return True
    closing = closing_question(text) if len(text) > MAX_INPUT else None
    return closing is not None and looks_like_question(closing)


class Asker:
    """Answers typed questions with what the conversation around them says."""

    def __init__(self, knowledge: AdviceSource, replies: InterviewReplies) -> None:
        self.knowledge = knowledge
        self.replies = replies

    # --- asides: social replies and other scripts ---------------------------------------

    def is_aside(self, turn: Turn, text: str) -> bool:
        """Whether a message is a social reply or in another script, and no answer to the
        question asked: a name in Arabic script answers "what should I call you?", "lol"
        does not (only a question with choices may take a social word for an answer)."""
        if turn.pending is not None or not text:
            return False
        social = social_reply(text) is not None
        if not social and other_script(text) is None:
            return False
        if turn.new:
            return not social  # "ok" first gets the welcome, as any first message
        if turn.public or turn.st.state == DONE:
            return True
        asked = self.replies.interview.question(turn.st)
        if asked is None or (social and not asked.options):
            return True
        return not asked.parse(text, turn.now.date()).ok

    async def aside(self, turn: Turn, text: str, welcome: str = "") -> list[Outgoing]:
        """One short line for a social reply or another script; then our question again."""
        kind = social_reply(text)
        line = texts.OTHER_SCRIPT if kind is None else _SOCIAL_TEXT[kind]
        replies = [Outgoing(welcome)] if turn.new and welcome else []
        replies.append(Outgoing(line))
        if not turn.public and turn.st.state != DONE:
            replies.extend(self.replies.prompt(turn.st))
        return replies

    # --- answers -------------------------------------------------------------------------

    def read(self, turn: Turn, text: str, profile: Profile | None) -> Answer:
        """Answer a question, reading a follow-up with the topic answered last.

        Only a message that names no topic of its own leans on the last one: "what about
        psych?" after the letters' answer asks about psychiatry letters, while "what about
        the personal statement?" changes the subject.
        """
        previous = self._topic(turn.topic)
        if previous is None:
            sure_of = FOLLOW_UP_ALONE if is_follow_up(text) else 0.0
            return self.knowledge.answer(text, profile, sure_of=sure_of)
        own = self.knowledge.answer(text, profile)
        if own.topic is not None:
            if own.topic == previous.id or not is_follow_up(text):
                return own
            # "and if I fail again?" after Step 3 names "fail", but in its place it still
            # asks about Step 3: it stays there when read with it scores at least as well.
            context = self.knowledge.answer(f"{previous.title}: {text}", profile)
            keep = context.topic == previous.id and context.confidence >= own.confidence
            return context if keep else own
        short_and_unsure = not own.off_topic and len(text.split()) <= SHORT
        if not (short_and_unsure or is_follow_up(text)):
            return own
        context = self.knowledge.answer(f"{previous.title}: {text}", profile)
        return context if context.topic is not None else own

    def reply(self, turn: Turn, text: str, answer: Answer, public: bool) -> Outgoing:
        """Render an answer with the post's other questions as buttons; remember its topic."""
        others = self._other_topics(text, answer)
        if answer.topic is None and others:
            # Unsure of the whole post, sure of one of its questions: that one is answered.
            main, others = others[0], others[1:]
            personal = not public and bool(turn.profile.filled())  # as the caller asked
            answer = self.knowledge.topic_answer(main.id, turn.profile if personal else None)
        if answer.topic is not None:
            self.remember(turn, answer.topic)
        rendered = self.render(answer, public)
        if not others:
            return rendered
        line = texts.also_asked([t.title for t in others], again=bool(answer.suggestions))
        body, sep, tail = rendered.text.rpartition(_SOURCES)
        text_with = f"{body}\n\n{line}{sep}{tail}" if sep else f"{rendered.text}\n\n{line}"
        extra = tuple(Choice(t.title, payloads.topic(t.id)) for t in others)
        return replace(rendered, text=text_with, choices=(*rendered.choices, *extra))

    def render(self, answer: Answer, public: bool) -> Outgoing:
        """Render an answer; its suggested topics as a menu of six plus "More topics"."""
        return self.replies.answer(answer, public)

    def more(self, topic_field: str) -> Outgoing:
        """The next page of the topic menu, after the topics a "More topics" button shown."""
        order = tuple(t.id for t in self.knowledge.topics)
        # A forged button may say all were shown: the menu then starts again.
        choices = menu(self.knowledge.topics, order, shown_ids(topic_field, order)) or menu(
            self.knowledge.topics, order
        )
        return Outgoing(texts.MORE_TOPICS, choices=choices)

    def remember(self, turn: Turn, topic_id: str) -> None:
        """Keep the topic just answered, so a follow-up is read with it."""
        if turn.topic != topic_id:
            turn.topic = topic_id
            turn.changed()

    def _topic(self, topic_id: str | None) -> Topic | None:
        if topic_id is None:
            return None
        return next((t for t in self.knowledge.topics if t.id == topic_id), None)

    def _other_topics(self, text: str, answer: Answer) -> list[Topic]:
        """The topics of a post's other questions: not the answer's, nor one it suggests."""
        asked = questions_in(text)
        if len(asked) < 2:
            return []
        taken = {answer.topic, *(t.id for t in answer.suggestions if answer.topic is not None)}
        found: list[Topic] = []
        for question in asked:
            topic = self._topic(self.knowledge.answer(question, None).topic)
            if topic is not None and topic.id not in taken:
                taken.add(topic.id)
                found.append(topic)
        return found

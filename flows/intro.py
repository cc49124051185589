"""Reading an applicant's introduction: "YOG 2018, step 1 passed, CK 235, need J1, 3 mo USCE".

Applicants often open with their whole story, the way they post in forums. Each clause is
given to the parser of the question it names (a Step, the visa, graduation, the Match, US
experience, letters); a clause that names nothing continues the one before ("failed CK
once, then 221"). Only what a clause states is read: questions are skipped ("do programs
sponsor H-1B?" says nothing about the applicant), and so is anything a parser rejects.

One fact on its own is read by `read_fact`: typed at another question's prompt ("ck 245"
where Step 1 is asked, "need J1" where US experience is), it is read for the question it
names, not stored as the asked one's answer; after the interview, it updates an answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from flows.names import is_name_word
from flows.parsing import Parsed, clean, looks_like_question
from flows.question_types import Question, Topic
from flows.questions import QUESTIONS

# Which question a clause is about, by the words that name it; see `Topic.rank`.
_TOPICS: tuple[tuple[str, Topic], ...] = tuple(
    sorted(((q.state, q.topic) for q in QUESTIONS if q.topic is not None), key=lambda t: -t[1].rank)
)
_TOPIC_OF: Mapping[str, Topic] = MappingProxyType(dict(_TOPICS))
_AND = re.compile(r"\band\b|\bwith\b")
_SEPARATOR = re.compile(r"[,;\n|.]| - |\b(and|with)\b")
_CLAUSE = re.compile(r"[,;\n|]|(?<=[a-z0-9)])(?<!\bdr)(?<!\bmr)(?<!\bms)\.(?:\s|$)| - ")
# "I'm Amina from Egypt": where they come from follows the name and is not part of it.
# The name is one to three words of letters in any script (`is_name_word`), maybe after "Dr".
_NAME = re.compile(
    r"^(?:hi|hello|hey|salam)?[\s,!]*(i'?m|i am|my name is)\s+(.+?)"
    r"(?:\s+from\s.*)?$"
)
_NOT_A_NAME = frozenset(
    {
        "img",
        "imgs",
        "fmg",
        "an",
        "a",
        "the",
        "from",
        "non",
        "us",
        "new",
        "here",
        "graduate",
        "student",
        "applicant",
        "doctor",
        "physician",
        "resident",
        "international",
        "foreign",
        "medical",
        "trying",
        "applying",
        "planning",
        "looking",
        "interested",
        "confused",
        "worried",
        "not",
        "very",
        "so",
        "also",
        "still",
    }
)
_ASKED = re.compile(
    r"(?:^|\s)(?:what|how|when|why|which|where|who|should|can|could|would"
    r"|is|are|do|does|will)\b.*"
)
MIN_FACTS = 2  # one fact alone is as likely part of a question as a statement
# A question typed without "?" on a phone: "i failed step 1 how to explain". Unlike
# `_ASKED`, no "is"/"do": "my CK is 240" asks nothing.
_QUESTION_WORD = re.compile(
    r"\b(what|how|when|why|which|where|who|whether|should|could|would|can"
    r"|shall)\b"
)
# "2 more letters from IM" adds to an answer; read alone it would replace it.
_ADDED = re.compile(r"\b(more|another|additional|extra)\b")
# "My friend failed step 1": a fact, but not the applicant's.
_SOMEONE_ELSE = re.compile(
    r"\b(my|a|his|her|their|our)\s+(friends?|brothers?|sisters?|colleagues?|cousins?|wife"
    r"|husband|classmates?|seniors?|juniors?|roommates?|batchmates?)\b|\b(he|she|they)\b"
)
# "after CK", "before match 2027": timing for this question, told by another one's name;
# "if I fail step 1": a case imagined, not a fact.
_TIMING_OR_IF = re.compile(
    r"\b(before|after|until|till|prior|ahead|by the time|once i"
    r"|when i|waiting|awaiting|pending|if|unless|suppose|in case)\b"
)


def read_intro(text: str, today: date, asked: Question | None = None) -> dict[str, Any]:
    """Return the profile values an introduction states, or {} if it states fewer than two.

    Values are keyed by profile field; questions in the text are not read as facts. With
    `asked`, the question the user is answering, clauses that name no question before one
    that does answer it: "passed, step 1 was a fail though" at the Step 2 question.
    """
    said = clean(text)
    if not _SEPARATOR.search(said) or _SOMEONE_ELSE.search(said):  # an answer, or not theirs
        return {}
    own = _own_topic(asked)
    found: dict[str, Any] = {}
    about: str | None = own
    groups: list[tuple[str, list[str]]] = [] if own is None else [(own, [])]
    for raw in _clauses(said):
        clause = raw.strip(" .!")
        if raw.rstrip().endswith("?"):  # "3 months USCE what are my chances?": keep the fact
            clause = _ASKED.split(clause, maxsplit=1)[0] if _ASKED.search(clause) else ""
        if not clause:
            continue
        if looks_like_question(clause):
            about = None  # a question ends the clause it was continuing
            continue
        name = _name_in(clause, text)
        if name is not None and "name" not in found:
            found["name"] = name
            about = None
            continue
        topic = next((state for state, t in _TOPICS if t.words.search(clause)), None)
        if topic is None:
            if about is not None and (about == own or _TOPIC_OF[about].continued):
                groups[-1][1].append(clause)  # "failed CK once, then 221"
            continue
        if topic == about:
            groups[-1][1].append(clause)
        else:
            groups.append((topic, [clause]))
        about = topic
    covered = {"name"} & found.keys()
    groups = [(topic, clauses) for topic, clauses in groups if clauses]
    if len(covered) + len({topic for topic, _ in groups}) < MIN_FACTS:
        return {}
    for topic, clauses in groups:
        if topic in covered:
            continue
        said = ", ".join(clauses)
        if topic == own and asked is not None:
            parsed: Parsed = asked.parse(said, today)  # a follow-up's own parser: "ck 245"
        else:
            parsed = _TOPIC_OF[topic].parse(said, today)
        if parsed.ok:
            found.update(parsed.values)
            covered.add(topic)
    return found if len(covered) >= MIN_FACTS else {}


def read_fact(text: str, today: date, asked: Question | None = None) -> dict[str, Any]:
    """Return the values of the one fact `text` states, for another question than `asked`.

    {} when the text names the asked question's own topic, or more than one, or none
    clearly, or reads as a question ("need j1 or h1b, which is better") or as timing
    ("after CK"): at a question, it is then that question's answer.
    """
    # What is asked is no fact: "I failed step 1 twice, can I still match?" states one.
    said = ", ".join(c for c in _clauses(clean(text)) if not _asks(c))
    not_a_fact = (_TIMING_OR_IF, _ADDED, _SOMEONE_ELSE)
    if not said.strip(" ,") or any(p.search(said) for p in not_a_fact):
        return {}
    own = _own_topic(asked)
    named = _topics(said)
    own_topic = None if own is None else _TOPIC_OF.get(own)
    if own in named or (own_topic is not None and named & set(own_topic.also)):
        return {}
    clear = [state for state, topic in _TOPICS if (topic.clear or topic.words).search(said)]
    if len(clear) != 1:
        return {}
    parsed: Parsed = _TOPIC_OF[clear[0]].parse(said, today)
    return dict(parsed.values) if parsed.ok else {}


def _own_topic(asked: Question | None) -> str | None:
    """The topic of the question asked: a follow-up's is its first question's ("ck 245"
    answers where a CK score is asked)."""
    return None if asked is None else asked.parent or asked.state


def _asks(clause: str) -> bool:
    """Whether a clause asks something, with or without its "?"."""
    return (
        clause.rstrip().endswith("?")
        or looks_like_question(clause)
        or _QUESTION_WORD.search(clause) is not None
    )


def _topics(clause: str) -> set[str]:
    return {state for state, topic in _TOPICS if topic.words.search(clause)}


def _clauses(text: str) -> list[str]:
    """Split at commas and sentence ends, and at "and" where it joins two topics ("2 LORs
    from IM and 4 months observership")."""
    out: list[str] = []
    for clause in _CLAUSE.split(text):
        parts = _AND.split(clause)
        if len(parts) > 1 and len(_topics(clause)) > 1:
            out.extend(parts)
        else:
            out.append(clause)
    return out


def _name_in(clause: str, original: str) -> str | None:
    """The name in "I'm Ahmed" or "my name is Dr. Sara Khan", written as it was typed."""
    m = _NAME.match(clause)
    words = [] if m is None else m.group(2).split()
    named = words[1:] if len(words) > 1 and re.fullmatch(r"dr\.?", words[0]) else words
    if (
        m is None
        or not 1 <= len(named) <= 3
        or not all(map(is_name_word, words))
        or any(w.strip(".") in _NOT_A_NAME for w in words)
    ):
        return None
    typed = re.search(r"\s+".join(map(re.escape, words)), original, re.IGNORECASE)
    if typed is None:
        return None
    # "I'm tired" is no name: after "I'm", only a capitalised word is taken for one (in a
    # script with capitals: "I'm محمد" is a name).
    if m.group(1) != "my name is" and typed.group(0)[0].islower():
        return None
    return typed.group(0)

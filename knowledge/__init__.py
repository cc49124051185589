"""The advice: topics, rules, facts, sources and the season timeline as editable data
(knowledge/data/*.yaml), with a small engine that checks them, builds a personal plan,
matches typed questions to topics and answers them with their sources."""

from knowledge.engine import KnowledgeBase, load_knowledge
from knowledge.errors import KnowledgeError
from knowledge.model import Action, Answer, Milestone, Plan, Topic

__all__ = [
    "Action",
    "Answer",
    "KnowledgeBase",
    "KnowledgeError",
    "Milestone",
    "Plan",
    "Topic",
    "load_knowledge",
]

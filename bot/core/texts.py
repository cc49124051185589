"""The core's own wording: welcome, help, the interview's frame and the short replies."""

from __future__ import annotations

from bot.core.commands import COMMANDS
from bot.core.yesno import Offer


def welcome(questions: int) -> str:
    """The first message, saying how many questions the interview starts with."""
    return (
        "**Hello! I'm IMG Advisor.** I help international medical graduates plan an "
        "application to combined Internal Medicine–Psychiatry (med-psych) residency, "
        "including with low or failed Step scores or a visa need.\n\n"
        "What I am: advice drawn from cited sources (each answer names its source). What I "
        "am not: an official or guaranteed answer — always check programs' own pages.\n\n"
        f"I'll ask {questions} short questions, and a few follow-ups where your answers need "
        "them (one reply often covers several). I store your answers (scores, attempts, visa, "
        "experience) so I can personalise your plan. Type `profile` to see everything "
        "stored, `forget` to delete it all, `help` for commands."
    )


APOLOGY = (
    "Sorry — something went wrong on my side. Your answers are saved; please try again in a moment."
)

STALE_BUTTON = "That button is from an earlier message, so nothing changed."

PRIVATE_ONLY = (
    "That's personal, so let's continue in a private chat — your scores and visa "
    "stay out of the group."
)

FINISHED = (
    "**That's everything — thank you!** Here is your plan. You can ask me anything "
    'any time, e.g. "when should I take Step 3?" or "how do I explain my fail?"'
)

UPDATED = "Updated. Here is your plan with the change:"

FORGET_CONFIRM = (
    "This deletes everything stored about you: answers, plan, reminders and "
    "linked accounts. It can't be undone. Delete it all?"
)
FORGOTTEN = (
    "Done — everything stored about you is deleted. Send `start` if you want to begin again."
)
KEPT = "Okay, nothing was deleted."
ANSWERS_KEPT = "Okay, your answers stay as they are."
RESTART_CONFIRM = "Start the interview again from the first question? Your answers will be cleared."
THANKED = (
    "You're welcome — good luck! Ask me anything any time, or type `help` to see what I can do."
)
GOODBYE = (
    "Bye for now — nothing is lost: your answers are saved. Come back any time and send "
    "`start` to carry on where you left off."
)

# The yes/no questions: their buttons, and what else answers them (see bot.core.yesno).
UPDATE_OFFER = Offer(
    "facts",
    "Yes, update",
    "No, keep them",
    yes_words=frozenset({"update", "update them"}),
    no_words=frozenset({"keep", "keep them", "no keep"}),
)
RESTART_OFFER = Offer("restart", "Yes, start again", "No")
FORGET_OFFER = Offer("forget", "Yes, delete everything", "No, keep it")

# Labels a pressed button's message shows once answered.
UPDATED_LABEL = "Updated"
KEPT_LABEL = "Kept"
NO_LABEL = "No"
SKIPPED_LABEL = "Skipped"
DELETED_LABEL = "Deleted"
RESTARTED_LABEL = "Start again"
CONTINUE_PRIVATELY = "Continue privately"

STARTING_AGAIN = "Starting again."
WELCOME_BACK = "Welcome back — let's carry on."
START_WHEN_DONE = (
    "Your interview is complete. Type `plan` for your plan, ask me a question, "
    "or `edit <field>` to change an answer."
)
INTERVIEW_COMPLETE = "Your interview is complete. Type `plan` for your plan or ask me a question."
PLAN_SO_FAR = "Your interview isn't finished, so this plan is based on what you've told me so far."
ASK_WHAT = "What would you like to ask? e.g. `ask when should I take Step 3?`"
EMPTY_MESSAGE = "I got an empty message. Here's the question again:"
NOT_UNDERSTOOD = "Sorry, I didn't understand that."
SKIP = "Skip"
EDIT_WHICH = "Which answer would you like to change? e.g. `edit visa`."

LINK_WRONG = (
    "That code is wrong or has expired. Send `link` on your other account to get a new one."
)
LINK_HERE = "Type this code on your *other* account, not here."


def not_available(command: str) -> str:
    """A command no feature answers in this setup."""
    return f"`{command}` isn't available here yet."


def pressed(label: str) -> str:
    """The echo of a pressed interview button ("✓ Skipped")."""
    return f"✓ {label}"


def question_heading(read: str, position: int, total: int) -> str:
    """What heads a question: what was read from the last answer, then the progress."""
    return f"{read}_Question {position} of {total}_"


def stored_now(current: str) -> str:
    """Shown under a question whose answer is stored (going back or editing)."""
    return f"(Stored now — {current}. Type a new answer to change it.)"


def show_all_steps(steps: int) -> str:
    """The button that shows the whole plan."""
    return f"Show all {steps} steps"


def profile_view(stored: list[tuple[str, str]], platforms: list[str]) -> str:
    """Everything stored about the user, and how to change or delete it."""
    lines = ["**What I have stored about you**"]
    lines += [f"- {label}: {value}" for label, value in stored]
    if not stored:
        lines.append("- no answers yet")
    lines.append(f"- linked accounts: {', '.join(platforms) or 'none'}")
    lines.append("")
    lines.append(
        "Change one with `edit <field>` (e.g. `edit step2`); delete everything with `forget`."
    )
    return "\n".join(lines)


def link_code(code: str, minutes: int) -> str:
    """A new link code and how to use it."""
    return (
        f"Your code is **{code}**. Within {minutes} minutes, send `link {code}` to me on "
        "your other account. Your profile here is kept; the other account's answers are "
        "replaced by it."
    )


def linked(platform: str) -> str:
    """Said once this account shares the other account's profile."""
    return (
        f"Linked! This account now shares the profile of your {platform.capitalize()} "
        "account. Type `profile` to check."
    )


def got_it(understood: str | None) -> str:
    """The line heading the next question after a typed answer was read ("step1: Passed");
    "" when nothing was read."""
    return f"✓ Got it — {understood}\n\n" if understood else ""


def update_offer(now: str, after: str) -> str:
    """Asks before facts stated after the plan replace stored answers."""
    return f"Shall I update your answers?\n- Stored now: {now}\n- New: {after}"


def help_text(in_public: bool) -> str:
    """List the commands; in a public chat, say that personal ones work privately."""
    lines = ["**What I can do**"]
    for command in COMMANDS:
        if command.name == "quit":
            continue
        usage = f"{command.name} {command.args}".strip()
        lines.append(f"- `{usage}` — {command.description}")
    lines.append("")
    lines.append(
        "During the interview, answer in your own words or tap a choice; "
        "`back` goes one question back, `skip` skips an optional one."
    )
    if not in_public:
        lines.append(
            'Something changed? Tell me ("my CK score is 240") or type e.g. '
            "`edit step2`; your plan is updated."
        )
    if in_public:
        lines.append(
            "In a group I only give general answers; personal ones happen in a private chat."
        )
    return "\n".join(lines)


# --- The conversation around a question (issue 17: follow-ups, several questions, short
# social replies, other scripts, the topic menu) ---

MORE_TOPICS_LABEL = "More topics"
MORE_TOPICS = "More topics:"
SOCIAL_OKAY = "👍 Ask me anything else whenever you like."
SOCIAL_THANKS = THANKED
SOCIAL_UPSET = (
    "This process is stressful, and you are not the only one finding it hard. Whenever you "
    "are ready, tell me what worries you and we'll look at it together."
)
OTHER_SCRIPT = (
    "Sorry, I can only read and answer English for now. Please write your question in "
    "English, for example:\n"
    '- "When should I take Step 3?"\n'
    '- "How many programs should I apply to?"'
)


def also_asked(titles: list[str], *, again: bool = False) -> str:
    """The line under an answer naming the other questions of the post, offered as buttons;
    `again` when a line already names one of them."""
    named = ", ".join(f"**{t}**" for t in titles[:-1])
    listed = f"{named} and **{titles[-1]}**" if named else f"**{titles[-1]}**"
    if again:
        return f"And about {listed} - also below."
    return f"You also asked about {listed} - tap below for {'them' if named else 'it'}."


# --- issue 20 (reliability): the database did not take the answer ---
NOT_SAVED = (
    "Sorry — I couldn't save that just now, so it isn't stored. Please send it again in a moment."
)

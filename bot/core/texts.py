"""The core's own wording: welcome, help and the short system replies."""

from __future__ import annotations

from bot.core.commands import COMMANDS


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


APOLOGY = ("Sorry — something went wrong on my side. Your answers are saved; please try "
           "again in a moment.")

STALE_BUTTON = "That button is from an earlier message, so nothing changed."

PRIVATE_ONLY = ("That's personal, so let's continue in a private chat — your scores and visa "
                "stay out of the group.")

FINISHED = ("**That's everything — thank you!** Here is your plan. You can ask me anything "
            "any time, e.g. \"when should I take Step 3?\" or \"how do I explain my fail?\"")

UPDATED = "Updated. Here is your plan with the change:"

FORGET_CONFIRM = ("This deletes everything stored about you: answers, plan, reminders and "
                  "linked accounts. It can't be undone. Delete it all?")
FORGOTTEN = ("Done — everything stored about you is deleted. Send `start` if you want to "
             "begin again.")
KEPT = "Okay, nothing was deleted."
ANSWERS_KEPT = "Okay, your answers stay as they are."
RESTART_CONFIRM = "Start the interview again from the first question? Your answers will be cleared."
SETUP_IN_GROUP = ("Cohort reminders post the application season's milestones to a whole study "
                  "group. A group admin switches them on in the group itself: "
                  "`/setup on Africa/Cairo` on Telegram, `/advisor-setup set` on Discord.")
THANKED = ("You're welcome — good luck! Ask me anything any time, or type `help` to see "
           "what I can do.")
GOODBYE = "Bye for now — your answers are saved. Come back any time and we'll continue."


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
    lines.append("During the interview, answer in your own words or tap a choice; "
                 "`back` goes one question back, `skip` skips an optional one.")
    if not in_public:
        lines.append("Something changed? Tell me (\"my CK score is 240\") or type e.g. "
                     "`edit step2`; your plan is updated.")
    if in_public:
        lines.append("In a group I only give general answers; personal ones happen in a "
                     "private chat.")
    return "\n".join(lines)

"""Draw the interview as a Mermaid diagram (kept beside the flow as `interview.mmd`).

    .venv/bin/python -m flows.diagram > flows/interview.mmd
"""

from __future__ import annotations

from flows.interview import DONE, Interview


def mermaid(interview: Interview) -> str:
    """Return the interview's states and `advance` order as a Mermaid state diagram."""
    lines = ["stateDiagram-v2", f"    [*] --> {interview.questions[0].state}"]
    states = [q.state for q in interview.questions] + [DONE]
    for i, q in enumerate(interview.questions):
        note = " (optional)" if q.optional else ""
        lines.append(f"    {q.state}: {q.label}{note}")
        if q.relevant.text != "always":
            lines.append(f"    note right of {q.state}: asked when {q.relevant.text}")
        lines.append(f"    {q.state} --> {states[i + 1]}: advance")
    lines.append(f"    {DONE} --> [*]")
    lines.append("    %% back returns to the previous question; goto_<state> serves `edit`")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(mermaid(Interview()), end="")

"""Draw the interview machine as a Mermaid diagram (kept beside the flow as `interview.mmd`).

    .venv/bin/python -m flows.diagram > flows/interview.mmd

Every edge is read from the machine's own transitions; a trigger that leads from every
state to one state is drawn once, as a note. Each question says when it is asked: an
`advance` passes on through a question that does not apply or is answered already.
"""

from __future__ import annotations

from flows.interview import DONE, Interview


def mermaid(interview: Interview) -> str:
    """Return the interview's states, triggers and `when` conditions as a Mermaid diagram."""
    machine = interview.machine
    first = interview.questions[0].state
    lines = ["stateDiagram-v2", f"    [*] --> {first}"]
    for q in interview.questions:
        lines.append(f"    {q.state}: {q.label}{' (optional)' if q.optional else ''}")
        if q.relevant.text != "always":
            lines.append(
                f"    note right of {q.state}: asked when {q.relevant.text}, else advance passes on"
            )
    everywhere = []
    for trigger, event in machine.events.items():
        edges = [(source, t.dest) for source, ts in event.transitions.items() for t in ts]
        dests = {dest for _, dest in edges}
        if len(edges) == len(machine.states) and len(dests) == 1:
            everywhere.append(f"{trigger}: from every state to here")
            continue
        lines.extend(f"    {source} --> {dest}: {trigger}" for source, dest in edges)
    # Not edges of the map: where they go is data (the question shown before, the one named).
    everywhere.append("back, edit: jump to the question shown before / named")
    lines.append(f"    note left of {first}")
    lines.extend(f"        {text}" for text in everywhere)
    lines.append("    end note")
    lines.append(f"    {DONE} --> [*]")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(mermaid(Interview()), end="")

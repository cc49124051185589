"""The advising core: one entry point from every platform.

- `advisor`: `Advisor.handle(Incoming) -> list[Outgoing]`, wiring the parts below.
- `session`: the unit of work: load a user's session as a `Turn` (turn.py), save it if dirty.
- `cases`: the ordered table of what a typed message means.
- `dispatch`: the registry of the features' commands and button prefixes.
- features: `interview_feature` (the interview's commands and buttons), `confirm` (yes/no
  questions, `forget`), `asking` (`ask`, `help`, topics), `linking` (`link`).
- `steps` and `moves`: what follows an interview move, and the moves themselves.
- `shown`: the buttons shown last (one numbered list a turn), so typing one presses it.
- `payloads` (button payloads), `yesno` (one yes/no vocabulary), `texts` (all wording),
  `commands` (the command table), `ports` (the protocols for everything outside).
"""

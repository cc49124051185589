"""Platform adapters: translate platform updates to Incoming and render Outgoing.

One package per platform (`telegram/`, `discord/`), each declaring its `Platform` (see
`platform.py`) and listed in `registry.py`; `console.py` is `img-advisor chat`'s front end.
"""

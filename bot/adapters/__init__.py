"""Platform adapters: translate platform updates to Incoming and render Outgoing."""

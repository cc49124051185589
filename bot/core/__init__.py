"""The advising core: one entry point from every platform."""

"""The `programs` feature: the med-psych program list sorted for the applicant, each fact
with its source, and a personal shortlist."""

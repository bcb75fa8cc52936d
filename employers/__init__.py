"""The employers' area: the company, its openings and the proposals it receives."""

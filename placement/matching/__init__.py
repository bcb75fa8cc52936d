"""Matching citizens with openings: pure scoring, and the queries that feed it."""

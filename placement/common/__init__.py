"""Shared by every feature: the clock, identifiers, access rules, refusals, policy, SQL helpers."""

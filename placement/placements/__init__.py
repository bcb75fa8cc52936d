"""Placements: the lifecycle, the ratio rule, the hours plan, the law's duration limits."""

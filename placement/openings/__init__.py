"""Openings: their checks, states, copying, and the public board."""

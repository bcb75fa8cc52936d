"""Companies: registration, approval, colleagues and the contact log."""

"""Notifications: the inbox, what waits for a person, the outbox and e-mail."""

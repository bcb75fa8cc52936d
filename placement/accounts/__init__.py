"""Accounts: users, passwords, sessions, sign-in and the admin's user management."""

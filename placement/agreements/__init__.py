"""Agreements: what they say, their versions and confirmations, the form and the PDF."""

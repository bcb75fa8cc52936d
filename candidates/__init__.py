"""The candidates' area: the consultant's caseload and profiles, and the citizen's portal."""

"""CSV import of a jobcenter's existing caseload, companies and openings (issue 21)."""

"""Citizens: profiles, the caseload, goals, self-service and interest in openings."""

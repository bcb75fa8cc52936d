"""Follow-ups on running placements: plans, due dates and their scheduled reminders."""

"""Calendars: each person's iCalendar feed of follow-up meetings and placement dates."""

"""Demo data: a realistic Danish data set for trying the system."""

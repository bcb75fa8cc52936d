"""Privacy: the audit log, consent, sharing, erasure, data export and the CPR vault."""

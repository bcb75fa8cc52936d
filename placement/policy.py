"""Rules a municipality may need to adjust, in one place, each with its source."""
from __future__ import annotations

# CVR number: 8 digits whose weighted sum is divisible by 11.
# Source: Erhvervsstyrelsen, "Modulus 11-kontrol af CVR-nummer".
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)

# P-number (produktionsenhedsnummer): 10 digits, no published check digit.
# Source: Erhvervsstyrelsen, CVR-registret.
P_NUMBER_LENGTH = 10

# Full time, the ceiling for hours in any opening or placement.
# Source: BEK om en aktiv beskæftigelsesindsats § 60 ("aldrig over fuld tid"); 37 t/uge is the
# full-time norm in Danish collective agreements.
FULL_TIME_HOURS = 37

# Passwords chosen by people. The security issue adds a list of common passwords.
PASSWORD_MIN_LENGTH = 8

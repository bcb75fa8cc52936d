"""Demo data: a realistic Danish data set for trying the system (placeholder, being written)."""
from __future__ import annotations

DEMO_PASSWORD = "demo1234"
DEMO_LOGINS = [
    ("admin@demo.dk", "admin"),
    ("leder@demo.dk", "manager, Viborg"),
    ("konsulent@demo.dk", "consultant, Viborg"),
    ("konsulent.silkeborg@demo.dk", "consultant, Silkeborg"),
    ("virksomhed@demo.dk", "employer user of a demo company"),
    ("borger@demo.dk", "citizen, Viborg"),
]


class NotADemoDatabase(RuntimeError):
    pass


def load() -> bool:
    raise NotImplementedError


def logins_text(base_url: str) -> str:
    lines = [f"Open {base_url} and log in with password {DEMO_PASSWORD}:"]
    lines += [f"  {email:<30} {role}" for email, role in DEMO_LOGINS]
    return "\n".join(lines)

"""Sending e-mail: SMTP when configured, the console in development, memory in tests.

Bodies never carry a CPR number; callers pass only what the recipient may see.
"""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text mail. Returns False when no mail could be sent."""
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions.setdefault("mail_outbox", []).append(
            {"to": to, "subject": subject, "body": body}
        )
        return True
    if backend == "console":
        # Development only: the developer reads the mail (and any link in it) in the terminal.
        print(f"\n--- e-mail to {to}: {subject}\n{body}\n---\n", flush=True)
        return True
    if backend == "log":
        current_app.logger.warning("Mail is not configured; a mail could not be sent.")
        return False

    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.error("Sending mail failed: %s", type(error).__name__)
        return False
    return True

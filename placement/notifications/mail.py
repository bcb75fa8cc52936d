"""Sending e-mail: SMTP when configured, the console in development, memory in tests.

`send_mail` sends one mail now, for what a person waits for on the page (a password link,
an invitation code). Notifications go through the outbox instead
(placement/notifications/outbox.py), which keeps one `connect()`ion open for a batch of mails.

Bodies never carry a CPR number; callers pass only what the recipient may see.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app

# What a mail server, or the way to it, fails with.
MAIL_ERRORS = (OSError, smtplib.SMTPException)


class MailNotConfigured(RuntimeError):
    """Production without MAIL_SERVER: there is nowhere to send mail."""


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    # Set by the outbox, stable per notification, so a mail sent twice is shown once.
    message_id: str | None = None


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text mail. Returns False when no mail could be sent."""
    if current_app.config["MAIL_BACKEND"] == "log":
        current_app.logger.warning("Mail is not configured; a mail could not be sent.")
        return False
    try:
        connection = connect()
        try:
            connection.send(Mail(to, subject, body))
        finally:
            connection.close()
    except MAIL_ERRORS as error:
        current_app.logger.error("Sending mail failed: %s", type(error).__name__)
        return False
    return True


def connect():
    """A connection of the configured backend, with send(Mail) and close(). Raises one of
    MAIL_ERRORS when the server cannot be reached or refuses the login."""
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        return _Memory(current_app.extensions.setdefault("mail_outbox", []))
    if backend == "console":
        return _Console()
    if backend == "log":
        raise MailNotConfigured("MAIL_SERVER is not set")
    return _Smtp(config)


class _Memory:
    """Tests read the mails from app.extensions["mail_outbox"]."""

    def __init__(self, outbox: list):
        self.outbox = outbox

    def send(self, mail: Mail) -> None:
        self.outbox.append(
            {
                "to": mail.to,
                "subject": mail.subject,
                "body": mail.body,
                "message_id": mail.message_id,
            }
        )

    def close(self) -> None:
        pass


class _Console:
    """Development only: the developer reads the mail (and any link in it) in the terminal."""

    def send(self, mail: Mail) -> None:
        print(f"\n--- e-mail to {mail.to}: {mail.subject}\n{mail.body}\n---\n", flush=True)

    def close(self) -> None:
        pass


class _Smtp:
    """One SMTP session: connected, STARTTLS and login as configured, then any number of
    mails until close()."""

    def __init__(self, config):
        self.sender = config["MAIL_SENDER"]
        self.smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10)
        try:
            if config["MAIL_USE_TLS"]:
                self.smtp.starttls()
            if config["MAIL_USERNAME"]:
                self.smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            self.smtp.close()
            raise

    def send(self, mail: Mail) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False)
        if mail.message_id:
            message["Message-ID"] = mail.message_id
        # RFC 3834: written by a program, so out-of-office replies are not sent back.
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(mail.body)
        self.smtp.send_message(message)

    def close(self) -> None:
        try:
            self.smtp.quit()
        except MAIL_ERRORS:
            self.smtp.close()  # the server went first: just drop the socket

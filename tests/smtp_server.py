"""A real SMTP server in the test process (aiosmtpd) that records what it accepts, and can be
slow, refuse a recipient, or be down."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller

from tests.processes import free_port


class Recorder:
    """The server's side of each session: counts connections, keeps each accepted mail."""

    def __init__(self):
        self.lock = threading.Lock()
        self.mails: list[dict] = []
        self.connections = 0
        self.refuse: dict[str, str] = {}  # address → the server's answer to RCPT
        self.delay = 0.0  # seconds between taking a mail and answering "250"
        self.session_limit = 0  # mails per session, after which the server hangs up

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self.lock:
            self.connections += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default)
        # Recorded before the answer: a sender killed while it waits has been "got".
        with self.lock:
            self.mails.append(
                {
                    "message_id": message["Message-ID"],
                    "to": message["To"],
                    "subject": message["Subject"],
                    "body": message.get_content().replace("\r\n", "\n"),
                    "headers": dict(message),
                }
            )
        if self.delay:
            await asyncio.sleep(self.delay)
        session.mails = getattr(session, "mails", 0) + 1
        return "250 Message accepted for delivery"

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.session_limit and getattr(session, "mails", 0) >= self.session_limit:
            # As a server that ends a session after so many mails: it hangs up.
            server.transport.close()
            return "421 4.7.0 Too many mails in this session"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"


class SmtpServer:
    """On a port of its own; `up()` and `down()` as often as a test likes."""

    def __init__(self):
        self.port = free_port()
        self.recorder = Recorder()
        self._controller: Controller | None = None

    def up(self) -> SmtpServer:
        if self._controller is None:
            self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
            self._controller.start()
        return self

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def mails(self) -> list[dict]:
        with self.recorder.lock:
            return list(self.recorder.mails)

    def times_got(self) -> Counter:
        """How many times each Message-ID arrived."""
        return Counter(mail["message_id"] for mail in self.mails)

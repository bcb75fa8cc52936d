"""A stand-in for the CVR register's data distribution in the test process: an HTTP server on a
free port that answers `POST /cvr-permanent/virksomhed/_search` in the register's format, and
can refuse the login, fail, answer nonsense or be slow.

The answers are written from the register's public documentation (Erhvervsstyrelsen, "CVR
data", the Elasticsearch index cvr-permanent), not recorded from the live service."""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.processes import free_port

USER, PASSWORD = "placement-test", "hemmeligt"

# Valid CVR numbers (modulus 11).
KNOWN_CVR = "25313763"
OTHER_CVR = "10150817"
UNKNOWN_CVR = "12345674"


def company(
    cvr: str = KNOWN_CVR,
    name: str = "Bageriet Kornblomsten ApS",
    street: str = "Søndergade",
    number: int = 12,
    postcode: int = 8800,
    city: str = "Viborg",
    industry: str = "Fremstilling af friske bageriprodukter, kager og lignende",
    monthly: tuple[tuple[int, int, int], ...] = ((2026, 8, 21), (2026, 9, 23)),
) -> dict:
    """One `Vrvirksomhed`, in the shape of the register's documentation (only the parts read
    here, plus some beside them, as the real answers carry much more)."""
    latest = monthly[-1] if monthly else None
    return {
        "cvrNummer": int(cvr),
        "regNummer": [],
        "virksomhedMetadata": {
            "nyesteNavn": {"navn": name, "periode": {"gyldigFra": "2004-01-01", "gyldigTil": None}},
            "nyesteBeliggenhedsadresse": {
                "landekode": "DK",
                "vejnavn": street,
                "husnummerFra": number,
                "husnummerTil": None,
                "bogstavFra": None,
                "etage": None,
                "sidedoer": None,
                "postnummer": postcode,
                "postdistrikt": city,
                "kommune": {"kommuneKode": 791, "kommuneNavn": "VIBORG"},
            },
            "nyesteHovedbranche": {"branchekode": "107100", "branchetekst": industry},
            "nyesteVirksomhedsform": {"kortBeskrivelse": "APS"},
            "nyesteMaanedsbeskaeftigelse": (
                {
                    "aar": latest[0],
                    "maaned": latest[1],
                    "antalAnsatte": latest[2],
                    "antalAarsvaerk": latest[2] - 2,
                    "intervalKodeAntalAnsatte": "ANTAL_20_49",
                }
                if latest
                else None
            ),
            "nyesteKvartalsbeskaeftigelse": {
                "aar": 2026,
                "kvartal": 2,
                "antalAnsatte": None,
                "intervalKodeAntalAnsatte": "ANTAL_20_49",
            },
            "sammensatStatus": "NORMAL",
        },
        "penheder": [
            {"pNummer": 1003388394, "periode": {"gyldigFra": "2004-01-01", "gyldigTil": None}}
        ],
        "maanedsbeskaeftigelse": [
            {
                "aar": year,
                "maaned": month,
                "antalAnsatte": employees,
                "antalAarsvaerk": employees - 2,
                "antalInklusivEjere": None,
                "intervalKodeAntalAnsatte": "ANTAL_20_49",
            }
            for year, month, employees in monthly
        ],
    }


class CvrRegister:
    """The register's answers by CVR number; `mode` makes every answer fail one way."""

    def __init__(self):
        self.port = free_port()
        self.companies: dict[str, dict] = {KNOWN_CVR: company()}
        self.mode = "ok"  # "ok", "401", "500", "malformed" or "slow"
        self.delay = 2.0  # seconds, when slow
        self.asked: list[str] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> dict:
        return {
            "CVR_REGISTER_URL": self.url,
            "CVR_REGISTER_USER": USER,
            "CVR_REGISTER_PASSWORD": PASSWORD,
            "CVR_REGISTER_TIMEOUT": 0.5,
        }

    def up(self) -> CvrRegister:
        register = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                if self.path != "/cvr-permanent/virksomhed/_search":
                    return self._answer(404, b"{}")
                if register.mode == "401" or self.headers.get("Authorization") != expected:
                    return self._answer(401, b"Unauthorized")
                if register.mode == "500":
                    return self._answer(500, b'{"error": "search_phase_execution_exception"}')
                if register.mode == "malformed":
                    return self._answer(200, b'{"hits": {"hits": [{"_source": ')
                if register.mode == "slow":
                    time.sleep(register.delay)
                cvr = str(json.loads(body)["query"]["term"]["Vrvirksomhed.cvrNummer"])
                register.asked.append(cvr)
                found = register.companies.get(cvr)
                hits = [{"_index": "cvr-permanent", "_source": {"Vrvirksomhed": found}}]
                answer = {
                    "took": 3,
                    "timed_out": False,
                    "hits": {"total": len(hits) if found else 0, "hits": hits if found else []},
                }
                self._answer(200, json.dumps(answer).encode())

            def _answer(self, status: int, body: bytes):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

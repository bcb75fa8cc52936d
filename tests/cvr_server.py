"""A stand-in for the CVR register's data distribution in the test process: an HTTP server on a
free port that answers `POST /cvr-permanent/virksomhed/_search` and
`POST /cvr-permanent/produktionsenhed/_search` in the register's format, and can refuse the
login, fail, answer nonsense or be slow.

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
# The known company's production units: its shop (in `company()`'s penheder) and a second one.
SHOP_P = "1003388394"
BAKERY_P = "1019283746"


def company(
    cvr: str = KNOWN_CVR,
    name: str = "Bageriet Kornblomsten ApS",
    street: str = "Søndergade",
    number: int = 12,
    postcode: int = 8800,
    city: str = "Viborg",
    industry: str = "Fremstilling af friske bageriprodukter, kager og lignende",
    monthly: tuple[tuple[int, int, int], ...] = ((2026, 8, 21), (2026, 9, 23)),
    p_numbers: tuple[str, ...] = (SHOP_P,),
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
            {"pNummer": int(p), "periode": {"gyldigFra": "2004-01-01", "gyldigTil": None}}
            for p in p_numbers
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


def unit(
    p_number: str = SHOP_P,
    cvr: str = KNOWN_CVR,
    name: str = "Bageriet Kornblomsten, butikken",
    street: str = "Søndergade",
    number: int = 12,
    postcode: int = 8800,
    city: str = "Viborg",
    employees: int | None = 14,
    status: str = "Aktiv",
) -> dict:
    """One `VrproduktionsEnhed` (a workplace), in the shape of the register's documentation."""
    return {
        "pNummer": int(p_number),
        "virksomhedsrelation": [
            {"cvrNummer": int(cvr), "periode": {"gyldigFra": "2004-01-01", "gyldigTil": None}}
        ],
        "produktionsEnhedMetadata": {
            "nyesteNavn": {"navn": name, "periode": {"gyldigFra": "2004-01-01", "gyldigTil": None}},
            "nyesteBeliggenhedsadresse": {
                "landekode": "DK",
                "vejnavn": street,
                "husnummerFra": number,
                "bogstavFra": None,
                "etage": None,
                "sidedoer": None,
                "postnummer": postcode,
                "postdistrikt": city,
            },
            "nyesteCvrNummerRelation": int(cvr),
            "nyesteErstMaanedsbeskaeftigelse": (
                {"aar": 2026, "maaned": 9, "antalAnsatte": employees, "antalAarsvaerk": None}
                if employees is not None
                else None
            ),
            "nyesteKvartalsbeskaeftigelse": {
                "aar": 2026,
                "kvartal": 2,
                "antalAnsatte": None,
                "intervalKodeAntalAnsatte": "ANTAL_10_19",
            },
            "sammensatStatus": status,
        },
    }


class CvrRegister:
    """The register's answers by CVR number; `mode` makes every answer fail one way."""

    def __init__(self):
        self.port = free_port()
        self.companies: dict[str, dict] = {KNOWN_CVR: company()}
        self.units: dict[str, dict] = {SHOP_P: unit()}
        self.mode = "ok"  # "ok", "401", "500", "malformed" or "slow"
        self.units_mode = "ok"  # "ok" or "500": only the production units' search fails
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
                if self.path == "/cvr-permanent/produktionsenhed/_search":
                    return self._units(body, expected)
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

            def _units(self, body: bytes, expected: str):
                if register.mode == "401" or self.headers.get("Authorization") != expected:
                    return self._answer(401, b"Unauthorized")
                if "500" in (register.mode, register.units_mode):
                    return self._answer(500, b'{"error": "search_phase_execution_exception"}')
                asked = json.loads(body)["query"]["terms"]["VrproduktionsEnhed.pNummer"]
                found = [register.units[str(p)] for p in asked if str(p) in register.units]
                hits = [{"_source": {"VrproduktionsEnhed": unit}} for unit in found]
                answer = {"took": 2, "timed_out": False, "hits": {"total": len(hits), "hits": hits}}
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

"""The OpenAPI 3.0 document of the API at /api/v1, written by hand to match placement.api."""

from __future__ import annotations

from datetime import date

from placement.models import Kind
from placement.openings.public_board import BOARD_PAGE_SIZE

# The limits the API keeps, stated here once so the document and placement.api agree.
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000
TEXT_MAX_LENGTH = 200
INDUSTRY_MAX_LENGTH = 100
MAX_ID = 2_147_483_647  # a PostgreSQL integer; anything larger names nothing
# The statistics' period: long enough for any report, short enough that one call cannot ask
# the database for centuries of months.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
MAX_PERIOD_YEARS = 10

COLUMN_KINDS = ["count", "share", "days", "hours", "number", "text"]


def _string(description: str = "", **extra) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def _nullable_date(description: str) -> dict:
    return {"type": "string", "format": "date", "nullable": True, "description": description}


def _object(properties: dict, description: str = "") -> dict:
    schema = {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _ok(description: str, ref: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


KIND = {"type": "string", "enum": [kind.value for kind in Kind]}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["status", "message"],
        "additionalProperties": False,
        "properties": {
            "status": {"type": "integer", "description": "HTTP-statuskoden."},
            "message": _string("Hvad der er galt, på dansk."),
            "parameter": _string("Den parameter, fejlen gælder, når den gælder én."),
        },
    },
    "Adaptation": _object(
        {
            "code": _string("Tilpasningens faste kode i kataloget."),
            "label": _string("Tilpasningen i ord."),
        }
    ),
    "Opening": _object(
        {
            "id": {"type": "integer"},
            "title": _string(),
            "kind": KIND,
            "kind_label": _string("Typen i ord."),
            "description": _string(),
            "company": _object({"name": _string()}),
            "postcode": _string(pattern="^[0-9]{4}$"),
            "city": _string(),
            "hours_min": {"type": "integer", "description": "Færreste timer om ugen."},
            "hours_max": {"type": "integer", "description": "Flest timer om ugen."},
            "start_date": _nullable_date("Start, hvis den er fastlagt."),
            "end_date": _nullable_date("Slut, hvis den er fastlagt."),
            "deadline": _nullable_date("Sidste dag at vise interesse."),
            "adaptations": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Adaptation"},
                "description": "Tilpasninger, virksomheden kan tilbyde.",
            },
            "url": _string("Pladsen på siden Ledige pladser.", format="uri"),
        }
    ),
    "OpeningPage": _object(
        {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Opening"}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0, "description": "Antal pladser i alt."},
            "pages": {"type": "integer", "minimum": 1},
        }
    ),
    "Column": _object(
        {
            "key": _string(),
            "label": _string(),
            "kind": {
                "type": "string",
                "enum": COLUMN_KINDS,
                "description": (
                    'count: personer eller forløb (1-4 vises som "<5"); share: andel 0-1; days; '
                    "hours; number: tal, der ikke handler om personer; text."
                ),
            },
        }
    ),
    "Table": _object(
        {
            "key": _string("Tabellens faste navn, fx placements_by_kind."),
            "title": _string(),
            "explanation": _string("Hvordan tallene er talt, i én linje."),
            "columns": {"type": "array", "items": {"$ref": "#/components/schemas/Column"}},
            "rows": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {
                        "nullable": True,
                        "anyOf": [{"type": "number"}, {"type": "string"}],
                        "description": 'Et tal, en tekst, "<5" for et lille tal, eller null '
                        "(skjult eller intet at regne på).",
                    },
                },
            },
            "has_total": {"type": "boolean", "description": "Sidste række er en total."},
        }
    ),
    "StatisticsFilters": _object(
        {
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"},
            "municipality": {
                **ID,
                "nullable": True,
                "description": "Kommunens id; null er alle kommuner (kun admin).",
            },
            "kind": {**KIND, "nullable": True},
            "consultant": {**ID, "nullable": True},
            "industry": {"type": "string", "nullable": True},
        },
        "De filtre, tallene er regnet med.",
    ),
    "StatisticsRead": _object(
        {
            "at": {"type": "string", "format": "date-time", "description": "Hvornår (UTC)."},
            "from_replica": {
                "type": "boolean",
                "description": "Læst fra en kopi af databasen (en læsereplika).",
            },
            "caught_up": {
                "type": "boolean",
                "description": "Kopien havde alle ændringer med; altid true uden kopi.",
            },
            "behind_seconds": {
                "type": "integer",
                "minimum": 0,
                "nullable": True,
                "description": "De nyeste ændringer fra højst så mange sekunder kan mangle; "
                "null når intet mangler eller det ikke kan siges.",
            },
        },
        "Hvornår og hvorfra tallene er læst.",
    ),
    "Statistics": _object(
        {
            "filters": {"$ref": "#/components/schemas/StatisticsFilters"},
            "read": {"$ref": "#/components/schemas/StatisticsRead"},
            "small_number_threshold": {
                "type": "integer",
                "minimum": 1,
                "description": (
                    'Tal for grupper af borgere under denne grænse (men over 0) vises som "<5".'
                ),
            },
            "tables": {"type": "array", "items": {"$ref": "#/components/schemas/Table"}},
        }
    ),
}

OPENINGS = {
    "summary": "Ledige pladser",
    "description": "Offentliggjorte pladser hos godkendte virksomheder, hvis frist ikke er "
    "overskredet. Kræver ingen nøgle. Nyeste først.",
    "operationId": "listOpenings",
    "parameters": [
        _query(
            "q",
            {"type": "string", "maxLength": TEXT_MAX_LENGTH},
            "Ord i titel, beskrivelse, opgaver, kompetencer eller virksomhedens navn.",
        ),
        _query("kind", KIND, "Kun pladser af denne type."),
        _query("postcode", {"type": "string", "pattern": "^[0-9]{4}$"}, "Kun dette postnummer."),
        _query(
            "page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            "Sidenummer; en side efter den sidste er tom.",
        ),
        _query(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": BOARD_PAGE_SIZE},
            "Pladser per side.",
        ),
    ],
    "responses": {
        "200": _ok("En side med pladser.", "OpeningPage"),
        "400": _error("En parameter kan ikke bruges; message siger hvorfor."),
        "default": _error("Anden fejl."),
    },
}

STATISTICS = {
    "summary": "Lederens tal",
    "description": (
        "Tallene fra lederens overblik for de valgte filtre. Kræver en API-nøgle, som lederen "
        "laver på siden API-nøgler. En leders nøgle giver altid tal for lederens egen kommune; "
        "beder man om en anden kommune, svarer API'et 403. En administrators nøgle giver alle "
        'kommuner eller den valgte. Tal mellem 1 og 4 for grupper af borgere vises som "<5". '
        f"Perioden skal ligge fra {EARLIEST} til {LATEST}, from højst på dagen for to, og "
        f"højst {MAX_PERIOD_YEARS} år."
    ),
    "operationId": "getStatistics",
    "security": [{"bearerAuth": []}],
    "parameters": [
        _query(
            "from",
            {"type": "string", "format": "date"},
            "Periodens første dag. Standard: den 1. i måneden 11 måneder før to.",
        ),
        _query(
            "to", {"type": "string", "format": "date"}, "Periodens sidste dag. Standard: i dag."
        ),
        _query("municipality", ID, "Kommunens id (administrator); for en leder kun egen kommune."),
        _query("kind", KIND, "Kun forløb af denne type."),
        _query("consultant", ID, "Kun denne jobkonsulents forløb."),
        _query(
            "industry",
            {"type": "string", "minLength": 1, "maxLength": INDUSTRY_MAX_LENGTH},
            "Kun virksomheder i denne branche (præcis som skrevet).",
        ),
    ],
    "responses": {
        "200": _ok("Tabellerne.", "Statistics"),
        "400": _error("En parameter kan ikke bruges; message siger hvorfor."),
        "401": {
            **_error("Ingen, en forkert eller en tilbagekaldt API-nøgle."),
            "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
        },
        "403": _error("Nøglen giver ikke adgang til det ønskede, fx en anden kommune."),
        "429": {
            **_error(
                "For mange forkerte API-nøgler fra samme adresse. Vent det antal "
                "sekunder, Retry-After siger."
            ),
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        },
        "default": _error("Anden fejl."),
    },
}


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Placement API",
            "version": "1.0.0",
            "description": "Læse-API for job og praktik på særlige vilkår. Alle fejl er JSON "
            "med en besked på dansk.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/openings": {"get": OPENINGS},
            "/statistics": {"get": STATISTICS},
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Authorization: Bearer <nøgle>",
                }
            },
            "schemas": SCHEMAS,
        },
    }

"""The OpenAPI 3.1 description of the open data API, built from the same registry as the API."""

from buurtkompas.atlas.indicators import INDICATORS
from buurtkompas.atlas.params import LEVELS, MAX_WEIGHT


def parameter(name: str, description: str, schema: dict, *, where: str = "query") -> dict:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
    }


COMMON = [
    parameter(
        "level",
        "gemeente, wijk or buurt (default wijk)",
        {"type": "string", "enum": list(LEVELS), "default": "wijk"},
    ),
    parameter("year", "indeling year (default: newest with figures)", {"type": "integer"}),
    parameter(
        "gemeente",
        "only areas in this gemeente, e.g. GM0599",
        {"type": "string", "pattern": "^GM[0-9]{4}$"},
    ),
    parameter("q", "name contains", {"type": "string"}),
    parameter("page", "page number, from 1", {"type": "integer", "minimum": 1, "default": 1}),
    parameter(
        "per_page",
        "rows per page",
        {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
    ),
]
WEIGHTS = [
    parameter(
        f"w_{i.key}",
        f"weight of {i.key} (default {i.default_weight:g})",
        {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT},
    )
    for i in INDICATORS
    if i.in_index
]
THRESHOLDS = [
    parameter(f"{bound}_{i.key}", f"only areas with {i.key} {bound} this value", {"type": "number"})
    for i in INDICATORS
    for bound in ("min", "max")
]
ERROR = {
    "description": "bad parameter, with a reason",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def operation(summary: str, parameters: list[dict], description: str = "") -> dict:
    return {
        "get": {
            "summary": summary,
            "description": description,
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {}}},
                "400": ERROR,
                "404": {"description": "not found"},
            },
        }
    }


def spec(request=None) -> dict:
    base = request.build_absolute_uri("/api/") if request else "/api/"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Buurtkompas open data API",
            "version": "1",
            "description": "Read-only figures per gemeente, wijk and buurt with their "
            "source and year, and the need index. Data: CBS, CC BY 4.0.",
            "license": {
                "name": "CC BY 4.0 (data)",
                "url": "https://creativecommons.org/licenses/by/4.0/",
            },
        },
        "servers": [{"url": base}],
        "paths": {
            "/indicators": operation("The indicator registry", []),
            "/regions": operation("Regions, paged", COMMON),
            "/regions/{year}/{code}": operation(
                "One region with every figure and its source",
                [
                    parameter("year", "indeling year", {"type": "integer"}, where="path"),
                    parameter("code", "CBS code, e.g. WK059915", {"type": "string"}, where="path"),
                ],
            ),
            "/values": operation(
                "Values of one indicator, paged",
                [
                    parameter(
                        "indicator",
                        "indicator key",
                        {"type": "string", "enum": [i.key for i in INDICATORS]},
                    ),
                    *COMMON,
                ],
            ),
            "/index": operation(
                "The need index, ranked",
                [
                    *COMMON,
                    *WEIGHTS,
                    *THRESHOLDS,
                    parameter(
                        "sort", "index, name, coverage or an indicator key", {"type": "string"}
                    ),
                    parameter("order", "asc or desc", {"type": "string", "enum": ["asc", "desc"]}),
                    parameter(
                        "without_community_work",
                        "1: only areas where no publicly listed team works "
                        "(each row has community_work_active true or false)",
                        {"type": "integer", "enum": [0, 1], "default": 0},
                    ),
                ],
            ),
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {"type": "string"},
                        "reason": {"type": "string"},
                        "parameter": {"type": "string"},
                    },
                    "required": ["error", "reason"],
                }
            }
        },
    }

"""JSON Schema of every wire document, generated from the models (one definition for both)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from sp4n.wire.models import (
    WIRE_VERSION,
    AgencyComplaintDoc,
    ProblemDoc,
    PublicComplaintDoc,
    PublicEventDoc,
    ReceiptDoc,
    ReporterComplaintDoc,
    StoredEventDoc,
)

__all__ = ["DOCUMENTS", "json_schemas"]

#: Every top-level document by its schema name.
DOCUMENTS: dict[str, type[BaseModel]] = {
    "public-complaint": PublicComplaintDoc,
    "agency-complaint": AgencyComplaintDoc,
    "reporter-complaint": ReporterComplaintDoc,
    "public-event": PublicEventDoc,
    "stored-event": StoredEventDoc,
    "receipt": ReceiptDoc,
    "problem": ProblemDoc,
}


class _WireNames(GenerateJsonSchema):
    def normalize_name(self, name: str) -> str:
        return super().normalize_name(name).removesuffix("Doc")


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema (draft 2020-12) of every document, generated from the models, each with its ``$id``."""
    schemas = {}
    for name, model in DOCUMENTS.items():
        schema = model.model_json_schema(mode="serialization", schema_generator=_WireNames)
        schemas[name] = {"$id": f"urn:sp4n:wire:{WIRE_VERSION}:{name}", **schema}
    return schemas

"""The input document of the geoparse contract, validated the same way for HTTP and CLI."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.core.errors import InvalidInput
from app.geoparse.types import Document


class DocumentIn(BaseModel):
    """One document: plain ``text`` or an ``html`` page (exactly one of them)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: str = Field(default="", max_length=512, description="Echoed as the collection's id.")
    text: str | None = Field(default=None, description="Plain text to geoparse.")
    html: str | None = Field(
        default=None, description="An HTML page; its main text is extracted and returned."
    )
    published_at: dt.date | None = Field(default=None, description="YYYY-MM-DD")
    title: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(
        default=None, max_length=500, description="The reporting outlet (ACLED's source)."
    )

    @model_validator(mode="after")
    def _one_body(self) -> DocumentIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self

    def to_document(self, default_id: str = "") -> Document:
        is_html = self.html is not None
        return Document(
            id=self.id or default_id,
            text=self.html if is_html else self.text or "",
            published_at=self.published_at,
            title=self.title,
            source=self.source,
            is_html=is_html,
        )


def describe(error: ValidationError) -> str:
    """One line per problem: 'field: message'."""
    parts = []
    for item in error.errors():
        where = ".".join(str(x) for x in item["loc"]) or "document"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def parse_document(obj: object, default_id: str = "") -> Document:
    """Validate a decoded JSON value as a document, or raise InvalidInput. A document
    without text (empty or only white space) is invalid, as it is for ``/v1/articles``;
    an HTML page whose extracted text is empty is rejected when it is geoparsed."""
    if not isinstance(obj, dict):
        raise InvalidInput("a document must be a JSON object")
    try:
        document = DocumentIn.model_validate(obj).to_document(default_id)
    except ValidationError as exc:
        raise InvalidInput(describe(exc)) from exc
    if not document.text.strip():
        raise InvalidInput("the document has no text")
    return document

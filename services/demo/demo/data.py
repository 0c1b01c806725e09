"""Seed data files (JSON, one list of objects per file) read through a typed schema with field names."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError


class SeedRow(BaseModel):
    """One object of a data file: every field required, no field the schema does not name."""

    model_config = ConfigDict(extra="forbid", frozen=True)


Row = TypeVar("Row", bound=SeedRow)


class SeedDataError(ValueError):
    """A data file that does not match its schema; the message names the file, the row and the field."""


def load(path: Path, schema: type[Row]) -> tuple[Row, ...]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise SeedDataError(f"{path.name}: expected a list of {schema.__name__} objects")
    loaded = []
    for index, row in enumerate(rows):
        try:
            loaded.append(schema.model_validate(row))
        except ValidationError as exc:
            raise SeedDataError(f"{path.name}[{index}] ({schema.__name__}): {exc}") from exc
    return tuple(loaded)

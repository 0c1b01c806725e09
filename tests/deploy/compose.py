"""docker-compose.yml as compose reads it: YAML (anchors and merge keys), then ${…} interpolation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
# The Compose specification's schema, beside the repository (REPO/../shared/compose-spec).
COMPOSE_SCHEMA = ROOT.parent / "shared" / "compose-spec" / "compose-spec.json"

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}
REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def references(text: str) -> list[tuple[str, str, str]]:
    """Every (name, operator, argument) the file interpolates."""
    return [(m.group(1), m.group(2) or "", m.group(3) or "") for m in REFERENCE.finditer(text)]


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """Compose's interpolation: a required variable missing from `env` is an error, as for compose."""

    def value(match: re.Match[str]) -> str:
        name, operator, argument = match.group(1), match.group(2) or "", match.group(3) or ""
        present = env.get(name)
        if operator.endswith("?"):
            if present is None or (operator == ":?" and present == ""):
                raise KeyError(f"{name}: {argument}")
            return present
        if operator == ":-":
            return present if present else argument
        if operator == "-":
            return present if present is not None else argument
        return present or ""

    return REFERENCE.sub(value, text.replace("$$", "\0")).replace("\0", "$")


def load(env: Mapping[str, str]) -> dict[str, Any]:
    loaded = yaml.safe_load(interpolate(COMPOSE_FILE.read_text(), env))
    assert isinstance(loaded, dict)
    return loaded


def required_variables() -> set[str]:
    return {name for name, operator, _ in references(COMPOSE_FILE.read_text()) if operator.endswith("?")}

"""Write each service's OpenAPI spec to frontend/openapi/<service>.json without starting a server."""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "frontend" / "openapi"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update({"APP_ENV": "test", "VAR_DIR": tmp})
        for service in ("gateway", "matching", "workflow"):
            module = importlib.import_module(f"{service}.app")
            spec = module.create_app().openapi()
            path = OUT / f"{service}.json"
            path.write_text(json.dumps(spec, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {len(spec.get('paths', {}))} paths")
    return 0


if __name__ == "__main__":
    sys.exit(main())

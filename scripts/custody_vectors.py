"""Writes `tests/vectors/custody/python.json`: an envelope and a key file made by the Python side of
custodian sealing, with the custodians' private keys, for the browser's tests to open
(`frontend/src/features/custody/vectors.test.ts`). The browser writes `browser.json` the same way
for `tests/workflow/test_custody_vectors.py`.

    uv run --frozen python scripts/custody_vectors.py
"""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from workflow.custody import envelope as env
from workflow.custody import keyfile

OUT = Path(__file__).resolve().parents[1] / "tests" / "vectors" / "custody" / "python.json"
APPLICATION = {"plan": "基于多模态大模型的城市治理视觉中台（Python 封装）", "budget_wan": 280.5, "team": ["张工", "Li"]}
DOCUMENT = env.Document("技术方案.pdf", "application/pdf", "%PDF-1.7 方案正文 python".encode())
PASSPHRASE = "视谷 custodian passphrase"


def main() -> None:
    keys = {name: keyfile.generate() for name in ("gov-reviewer-1", "gov-reviewer-2", "supervisor-1")}
    opening = [env.OpeningKey(name, env.public_key_of(key)) for name, key in keys.items()]
    sealed = env.seal(
        challenge_id="ch-vector",
        organisation_id="org-vendor-vector",
        application=APPLICATION,
        documents=[DOCUMENT],
        custodians=opening,
        threshold=2,
    )
    first = next(iter(keys.values()))
    vector = {
        "made_by": "python",
        "threshold": 2,
        "custodians": [
            {
                "custodian_id": name,
                "public_key": env.b64(env.public_key_of(key)),
                "private_pkcs8": env.b64(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())),
            }
            for name, key in keys.items()
        ],
        "application": APPLICATION,
        "documents": [{"name": DOCUMENT.name, "content_type": DOCUMENT.content_type, "data": env.b64(DOCUMENT.data)}],
        "envelope": sealed.model_dump(mode="json"),
        "keyfile": {
            "passphrase": PASSPHRASE,
            "file": keyfile.export_key(first, PASSPHRASE, n=2**14).model_dump(mode="json"),
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(vector, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

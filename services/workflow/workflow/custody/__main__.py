"""离线编制 — the offline tool of custodian sealing (decision 0100).

    python -m workflow.custody keygen --out key.json            # a custodian's opening key
    python -m workflow.custody public --key key.json            # its public key and fingerprint
    python -m workflow.custody seal --challenge ID --organisation ID --custodians custodians.json \
        --threshold 2 --application application.json [--document file.pdf ...] --out envelope.json
    python -m workflow.custody open-share --envelope envelope.json --custodian ID --key key.json
    python -m workflow.custody open --envelope envelope.json --share s1.json --share s2.json --out-dir DIR

The passphrase is read from the file named by `--passphrase-file`, else from
`SHIGU_CUSTODIAN_PASSPHRASE`, else asked for on the terminal. `custodians.json` is the list the
platform publishes for a challenge: `[{"custodian_id": …, "public_key": …}, …]` (base64url of the
uncompressed P-256 point). Envelopes and shares are the JSON the platform accepts; the browser
writes and reads the same.
"""

from __future__ import annotations

import argparse
import getpass
import json
import mimetypes
import os
import sys
from pathlib import Path
from typing import Any

from workflow.custody import envelope as env
from workflow.custody import keyfile


def _passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    if args.passphrase_file:
        return Path(args.passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
    if os.environ.get("SHIGU_CUSTODIAN_PASSPHRASE"):
        return os.environ["SHIGU_CUSTODIAN_PASSPHRASE"]
    first = getpass.getpass("口令 passphrase: ")
    if confirm and getpass.getpass("再次输入 again: ") != first:
        raise env.SealError("the two passphrases differ")
    return first


def _read_json(path: str) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _write(path: str | None, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if path:
        Path(path).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _keygen(args: argparse.Namespace) -> None:
    out = Path(args.out)
    if out.exists():
        raise env.SealError(f"{out} exists; a key file is never overwritten")
    private = keyfile.generate()
    saved = keyfile.export_key(private, _passphrase(args, confirm=True), n=args.scrypt_n)
    out.write_text(saved.model_dump_json(indent=2) + "\n", encoding="utf-8")
    out.chmod(0o600)
    _write(None, {"public_key": saved.public_key, "fingerprint": saved.fingerprint})


def _public(args: argparse.Namespace) -> None:
    saved = keyfile.KeyFile.model_validate(_read_json(args.key))
    _write(None, {"public_key": saved.public_key, "fingerprint": saved.fingerprint})


def _seal(args: argparse.Namespace) -> None:
    custodians = [env.OpeningKey(c["custodian_id"], env.unb64(c["public_key"])) for c in _read_json(args.custodians)]
    documents = [
        env.Document(
            name=Path(p).name,
            content_type=mimetypes.guess_type(p)[0] or "application/octet-stream",
            data=Path(p).read_bytes(),
        )
        for p in args.document
    ]
    sealed = env.seal(
        challenge_id=args.challenge,
        organisation_id=args.organisation,
        application=_read_json(args.application),
        documents=documents,
        custodians=custodians,
        threshold=args.threshold,
    )
    _write(args.out, sealed.model_dump(mode="json"))


def _open_share(args: argparse.Namespace) -> None:
    sealed = env.Envelope.model_validate(_read_json(args.envelope))
    private = keyfile.import_key(_read_json(args.key), _passphrase(args))
    share = env.open_share(sealed, args.custodian, private)
    result = {"envelope_id": sealed.header.envelope_id, "custodian_id": args.custodian, "share": env.b64(share)}
    _write(args.out, result)


def _open(args: argparse.Namespace) -> None:
    sealed = env.Envelope.model_validate(_read_json(args.envelope))
    shares: dict[str, bytes] = {}
    for path in args.share:
        item = _read_json(path)
        if item["envelope_id"] != sealed.header.envelope_id:
            raise env.SealError(f"{path} is a share of another envelope")
        shares[item["custodian_id"]] = env.unb64(item["share"])
    plaintexts = env.open_parts(sealed, env.combine(sealed.header, shares))
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "application.json").write_bytes(plaintexts[0])
    for entry, data in zip(sealed.header.parts[1:], plaintexts[1:], strict=True):
        (out / Path(entry.name or "document").name).write_bytes(data)
    _write(None, {"opened": len(plaintexts), "out_dir": str(out)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workflow.custody", description=__doc__.splitlines()[0])
    parser.add_argument("--passphrase-file")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("keygen", help="make a custodian's opening key, saved under a passphrase")
    p.add_argument("--out", required=True)
    p.add_argument("--scrypt-n", type=int, default=keyfile.DEFAULT_N, help=argparse.SUPPRESS)
    p.set_defaults(run=_keygen)
    p = sub.add_parser("public", help="print a key file's public key and fingerprint")
    p.add_argument("--key", required=True)
    p.set_defaults(run=_public)
    p = sub.add_parser("seal", help="seal an application and its documents for upload")
    p.add_argument("--challenge", required=True)
    p.add_argument("--organisation", required=True)
    p.add_argument("--custodians", required=True)
    p.add_argument("--threshold", type=int, required=True)
    p.add_argument("--application", required=True)
    p.add_argument("--document", action="append", default=[])
    p.add_argument("--out")
    p.set_defaults(run=_seal)
    p = sub.add_parser("open-share", help="a custodian's share of one envelope")
    p.add_argument("--envelope", required=True)
    p.add_argument("--custodian", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--out")
    p.set_defaults(run=_open_share)
    p = sub.add_parser("open", help="open an envelope with enough custodians' shares")
    p.add_argument("--envelope", required=True)
    p.add_argument("--share", action="append", required=True)
    p.add_argument("--out-dir", required=True)
    p.set_defaults(run=_open)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except (env.SealError, OSError, KeyError, ValueError) as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

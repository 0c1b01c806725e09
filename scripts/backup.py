"""Backup and restore of the embedded mode: the services' SQLite databases and the tantivy search index.

    python scripts/backup.py backup --var-dir var --out backups/2026-11-23T10-00-00.tar.gz
    python scripts/backup.py restore --archive backups/2026-11-23T10-00-00.tar.gz --var-dir var-restored [--force]

`backup` runs while the platform is up: each database is copied with SQLite's online backup API (a
consistent snapshot even with WAL on), the search index by its committed `meta.json` and the immutable
segment files it names. The archive holds `manifest.json` (files, SHA-256 of each, Alembic revision per
database, created-at). `restore` checks every SHA-256 before it writes anything, and refuses a non-empty
target folder unless `--force`. See docs/decisions/0040-backup-restore.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import sys
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DATABASES = ("gateway", "matching", "workflow")
SEARCH_DIR = "search"
MANIFEST = "manifest.json"
FORMAT = 1
# Files tantivy keeps beside the segments that are not part of a committed state.
_INDEX_SKIP = frozenset({".tantivy-meta.lock", ".tantivy-writer.lock", ".managed.json", "meta.json"})


class BackupError(Exception):
    """A refusal or failure with a message meant for the operator."""


def step(message: str) -> None:
    print(f"▶ {message}", flush=True)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# -- backup -----------------------------------------------------------------------------------------


def backup_database(source: Path, target: Path) -> str | None:
    """Online, consistent copy through the backup API; returns the Alembic revision of the copy."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        # One step (pages=-1): a single read transaction, which WAL lets writers run beside; stepwise copies
        # restart whenever another connection writes, and may never finish under steady traffic.
        src.backup(dst, pages=-1)
        # A single file: no -wal beside the copy.
        dst.execute("PRAGMA journal_mode=DELETE")
        row = None
        try:
            row = dst.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            row = None
        check = dst.execute("PRAGMA integrity_check").fetchone()
        if check is None or check[0] != "ok":
            raise BackupError(f"integrity check failed on the copy of {source.name}: {check}")
    finally:
        dst.close()
        src.close()
    return None if row is None else str(row[0])


def _index_files(meta: dict[str, Any]) -> set[str]:
    """The segment files a committed meta.json refers to (names as tantivy writes them)."""
    wanted: set[str] = set()
    for segment in meta.get("segments", []):
        wanted.add(str(segment["segment_id"]).replace("-", ""))
    return wanted


def _belongs(name: str, segments: set[str], deletes: dict[str, int]) -> bool:
    stem, _, rest = name.partition(".")
    if stem not in segments:
        return False
    if rest.endswith("del"):
        return rest == f"{deletes.get(stem)}.del"
    return True


def backup_index(source: Path, target: Path, attempts: int = 10) -> list[str]:
    """Copies the last committed state of the index; retries when a merge removed a file meanwhile."""
    for _attempt in range(attempts):
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        meta_path = source / "meta.json"
        if not meta_path.exists():
            return []
        meta_bytes = meta_path.read_bytes()
        meta = json.loads(meta_bytes)
        segments = _index_files(meta)
        deletes = {
            str(s["segment_id"]).replace("-", ""): int(s["deletes"]["opstamp"])
            for s in meta.get("segments", [])
            if s.get("deletes")
        }
        copied: list[str] = []
        missing = False
        for path in sorted(source.iterdir()):
            if path.name in _INDEX_SKIP or not path.is_file() or not _belongs(path.name, segments, deletes):
                continue
            try:
                # An open handle keeps the bytes even if tantivy's garbage collection unlinks the file.
                with path.open("rb") as src, (target / path.name).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
            except FileNotFoundError:
                missing = True
                break
            copied.append(path.name)
        present = {name.partition(".")[0] for name in copied}
        if missing or present != segments:
            time.sleep(0.2)
            continue
        (target / "meta.json").write_bytes(meta_bytes)
        (target / ".managed.json").write_text(json.dumps([*copied, "meta.json"]))
        return [*copied, "meta.json", ".managed.json"]
    raise BackupError(f"the search index under {source} kept changing; gave up after {attempts} attempts")


def backup(var_dir: Path, out: Path) -> dict[str, Any]:
    if not var_dir.is_dir():
        raise BackupError(f"no such folder: {var_dir}")
    if out.exists():
        raise BackupError(f"{out} exists; choose another name")
    out.parent.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC).isoformat()
    with tempfile.TemporaryDirectory(prefix="shigu-backup-") as tmp:
        stage = Path(tmp)
        revisions: dict[str, str | None] = {}
        # The index first: it is derived from matching's database, so a database copied afterwards is never
        # behind the index (what the index lacks, `python -m matching.search reconcile` re-derives).
        index_source = var_dir / SEARCH_DIR
        if index_source.is_dir():
            step(f"search index {index_source}")
            names = backup_index(index_source, stage / SEARCH_DIR)
            step(f"  {len(names)} files")
        for name in DATABASES:
            source = var_dir / f"{name}.db"
            if not source.exists():
                step(f"{name}: no database at {source}, skipped")
                continue
            step(f"{name}: online copy of {source}")
            revisions[name] = backup_database(source, stage / f"{name}.db")
            step(f"  alembic revision {revisions[name]}")
        files: list[dict[str, Any]] = []
        for path in sorted(p for p in stage.rglob("*") if p.is_file()):
            rel = path.relative_to(stage).as_posix()
            files.append({"path": rel, "size": path.stat().st_size, "sha256": sha256_file(path)})
        if not files:
            raise BackupError(f"nothing to back up under {var_dir}")
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": created,
            "source": str(var_dir.resolve()),
            "databases": {name: {"alembic_revision": rev} for name, rev in revisions.items()},
            "search_index": (stage / SEARCH_DIR).is_dir(),
            "files": files,
        }
        (stage / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        step(f"writing {out}")
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(stage / MANIFEST, arcname=MANIFEST)
            for entry in files:
                rel = str(entry["path"])
                tar.add(stage / rel, arcname=rel)
        partial.replace(out)
    step(f"done: {len(files)} files, {out.stat().st_size} bytes")
    return manifest


# -- restore ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    manifest: dict[str, Any]
    contents: dict[str, bytes]


def read_archive(archive: Path) -> Checked:
    """Reads the whole archive into memory and checks it against its manifest; writes nothing."""
    if not archive.is_file():
        raise BackupError(f"no such archive: {archive}")
    contents: dict[str, bytes] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                if not member.isfile():
                    raise BackupError(f"archive refused: unexpected entry {member.name!r} (not a regular file)")
                handle = tar.extractfile(member)
                if handle is None:
                    raise BackupError(f"archive refused: cannot read {member.name!r}")
                contents[member.name] = handle.read()
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"archive refused: {archive} is not a readable backup ({exc})") from exc
    if MANIFEST not in contents:
        raise BackupError(f"archive refused: {archive} has no {MANIFEST}")
    try:
        manifest = json.loads(contents.pop(MANIFEST))
    except ValueError as exc:
        raise BackupError(f"archive refused: {MANIFEST} is not valid JSON ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"archive refused: manifest format {manifest.get('format')!r}, expected {FORMAT}")
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for path in listed:
        if path.startswith("/") or ".." in Path(path).parts:
            raise BackupError(f"archive refused: unsafe path {path!r} in the manifest")
    extra = sorted(set(contents) - set(listed))
    if extra:
        raise BackupError(f"archive refused: files not in the manifest: {', '.join(extra)}")
    for path, entry in listed.items():
        data = contents.get(path)
        if data is None:
            raise BackupError(f"archive refused: {path} is listed in the manifest but missing")
        actual = hashlib.sha256(data).hexdigest()
        if actual != entry["sha256"]:
            raise BackupError(
                f"archive refused: SHA-256 mismatch for {path} (manifest {entry['sha256']}, archive {actual}); "
                "the archive is damaged or was altered. Nothing was written."
            )
    return Checked(manifest, contents)


def restore(archive: Path, var_dir: Path, force: bool = False) -> dict[str, Any]:
    step(f"checking {archive}")
    checked = read_archive(archive)
    manifest = checked.manifest
    step(f"  {len(checked.contents)} files, every SHA-256 matches (backup of {manifest['created_at']})")
    if var_dir.exists() and any(var_dir.iterdir()):
        if not force:
            raise BackupError(f"{var_dir} is not empty; stop the platform and pass --force to overwrite it")
        step(f"--force: replacing the databases and the search index in {var_dir}")
    var_dir.mkdir(parents=True, exist_ok=True)
    for name in DATABASES:
        if f"{name}.db" in checked.contents:
            for suffix in (".db", ".db-wal", ".db-shm", ".db-journal"):
                (var_dir / f"{name}{suffix}").unlink(missing_ok=True)
    if manifest.get("search_index") and (var_dir / SEARCH_DIR).exists():
        shutil.rmtree(var_dir / SEARCH_DIR)
    for path, data in sorted(checked.contents.items()):
        target = var_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(data)
        partial.replace(target)
        step(f"restored {path}")
    for name, info in manifest.get("databases", {}).items():
        with sqlite3.connect(var_dir / f"{name}.db") as conn:
            check = conn.execute("PRAGMA integrity_check").fetchone()
        if check is None or check[0] != "ok":
            raise BackupError(f"{name}.db failed its integrity check after restore: {check}")
        step(f"{name}: integrity ok, alembic revision {info.get('alembic_revision')}")
    step(f"done; start the platform with VAR_DIR={var_dir} (migrations run on start)")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/backup.py", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup", help="online copy of the databases and the search index into an archive")
    make.add_argument("--var-dir", type=Path, default=Path("var"))
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
    make.add_argument("--out", type=Path, default=Path("backups") / f"{stamp}.tar.gz")
    back = sub.add_parser("restore", help="check an archive and restore it into a data folder")
    back.add_argument("--archive", type=Path, required=True)
    back.add_argument("--var-dir", type=Path, required=True)
    back.add_argument("--force", action="store_true", help="overwrite a non-empty data folder")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            backup(args.var_dir, args.out)
        else:
            restore(args.archive, args.var_dir, force=args.force)
    except BackupError as exc:
        print(f"✗ {exc}", file=sys.stderr, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

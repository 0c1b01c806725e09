"""Matching settings: env prefix MATCHING_ (MEILI_URL and MEILI_MASTER_KEY are accepted too)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MATCHING_", extra="ignore")

    port: int = 8001
    search_backend: Literal["embedded", "meilisearch"] = "embedded"
    meili_url: str = Field(default="", validation_alias=AliasChoices("MATCHING_MEILI_URL", "MEILI_URL"))
    meili_master_key: str = Field(
        default="", validation_alias=AliasChoices("MATCHING_MEILI_MASTER_KEY", "MEILI_MASTER_KEY")
    )
    # Scoped keys made beforehand (`python -m matching.search keys`): the container then needs no master key.
    meili_search_key: str = ""
    meili_write_key: str = ""
    meili_index: str = "shigu"
    # Default: <VAR_DIR>/search (var/search/ in the repository); "memory" keeps the index in RAM (tests).
    index_dir: Path | None = None
    outbox_interval_seconds: float = 1.0
    outbox_batch_size: int = 200
    outbox_max_backoff_seconds: float = 300.0
    run_outbox_worker: bool = True
    # Validity runs out without an event (labels, recognitions, demands): reconcile re-derives the index.
    reconcile_interval_seconds: float = 6 * 3600

    def resolved_index_dir(self) -> Path | None:
        if self.index_dir is not None and str(self.index_dir) == "memory":
            return None
        return self.index_dir or self.var_dir / "search"

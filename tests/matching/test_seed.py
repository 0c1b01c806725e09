from __future__ import annotations

from collections.abc import Iterator

import pytest

from kit.clock import ManualClock
from kit.testing import empty_tables
from matching.config import Settings
from matching.models import Base
from matching.search.factory import make_backend
from matching.seed import run
from matching.seed_data import PROVIDERS
from matching.vocabulary import CORE_DISTRICTS, SEVEN_ENDS


@pytest.fixture
def clean(db_url: str) -> Iterator[None]:
    empty_tables(db_url, Base.metadata)
    yield
    empty_tables(db_url, Base.metadata)


@pytest.mark.usefixtures("clean")
def test_seed_is_idempotent(settings: Settings, clock: ManualClock) -> None:
    first = run(settings, clock, progress=False)
    assert first["providers"] >= 40
    assert first["products"] == 25
    assert first["demands"] == 50
    again = run(settings, clock, progress=False)
    assert (again["providers"], again["products"], again["demands"]) == (0, 0, 0)
    assert again["indexed"] == first["indexed"]


def test_seed_covers_the_seven_ends_and_the_districts() -> None:
    ends = {t for p in PROVIDERS for t in p[4] if t in SEVEN_ENDS}
    assert ends == set(SEVEN_ENDS)
    assert set(CORE_DISTRICTS) <= {p[3] for p in PROVIDERS}
    assert {"vendor1", "vendor2", "vendor3", "vendor4"} <= {p[0] for p in PROVIDERS}


def test_settings_pick_the_backend() -> None:
    with pytest.raises(ValueError, match="MEILI_URL"):
        make_backend(Settings(search_backend="meilisearch", meili_url=""))

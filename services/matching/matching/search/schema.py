"""The one index: every kind of public document, its attributes declared once for both engines."""

from __future__ import annotations

from matching.search.port import IndexSchema

SCHEMA = IndexSchema(
    name="shigu",
    searchable=("title", "tags_text", "summary", "body", "org_name"),
    keywords=(
        "id",
        "kind",
        "status",
        "district",
        "layer_tags",
        "end_tags",
        "capability_tags",
        "scenario_domain",
        "qualification_labels",
        "recognition_schemes",
        "recognition_levels",
        "verified",
        "visibility",
        "readers",
        "owner_org_id",
        "batch_id",
        "demand_type",
        "category",
        "mode",
    ),
    numbers=("budget_min", "budget_max", "deadline", "published_at", "updated_at"),
    facets=(
        "kind",
        "status",
        "district",
        "layer_tags",
        "end_tags",
        "capability_tags",
        "scenario_domain",
        "qualification_labels",
        "recognition_schemes",
        "recognition_levels",
        "verified",
        "demand_type",
        "category",
        "mode",
        "batch_id",
    ),
    sortable=("published_at", "deadline", "budget_max", "updated_at"),
    highlight=("title", "summary"),
    weights={"title": 3.0, "tags_text": 2.0, "summary": 1.5, "body": 1.0, "org_name": 1.0},
)

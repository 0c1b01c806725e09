"""The platform's code lists (三层七端多元, districts, labels, schemes, types), read-only for the admin UI."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from matching import vocabulary as v

router = APIRouter(tags=["codelists"])


class CodeItem(BaseModel):
    code: str
    label_zh: str
    label_en: str | None = None
    group: str | None = None


class CodeLists(BaseModel):
    layers: list[CodeItem]
    layer_items: list[CodeItem]
    seven_ends: list[CodeItem]
    future_fields: list[CodeItem]
    scenario_domains: list[CodeItem]
    districts: list[CodeItem]
    qualification_labels: list[CodeItem]
    qualification_levels: list[CodeItem]
    recognition_schemes: list[CodeItem]
    product_categories: list[CodeItem]
    demand_types: list[CodeItem]
    publisher_kinds: list[CodeItem]
    cooperation_modes: list[CodeItem]


_LAYER_EN = {"基础层": "Foundation layer", "技术层": "Technology layer", "应用层": "Application layer"}
_LEVEL = {"national": ("国家级", "National"), "provincial": ("省级", "Provincial"), "city": ("市级", "City")}


def _plain(values: tuple[str, ...], group: str | None = None) -> list[CodeItem]:
    return [CodeItem(code=x, label_zh=x, group=group) for x in values]


def code_lists() -> CodeLists:
    return CodeLists(
        layers=[CodeItem(code=k, label_zh=k, label_en=_LAYER_EN.get(k)) for k in v.LAYERS],
        layer_items=[item for layer, items in v.LAYERS.items() for item in _plain(items, layer)],
        seven_ends=_plain(v.SEVEN_ENDS, "应用层"),
        future_fields=_plain(v.FUTURE_FIELDS),
        scenario_domains=_plain(v.SCENARIO_DOMAINS),
        districts=[
            CodeItem(code=d, label_zh=d, group="核心区" if d in v.CORE_DISTRICTS else None) for d in v.DISTRICTS
        ],
        qualification_labels=_plain(v.QUALIFICATION_LABELS),
        qualification_levels=[
            CodeItem(code=code, label_zh=_LEVEL[code][0], label_en=_LEVEL[code][1]) for code in v.QUALIFICATION_LEVELS
        ],
        recognition_schemes=_plain(v.RECOGNITION_SCHEMES),
        product_categories=_plain(v.PRODUCT_CATEGORIES),
        demand_types=_plain(v.DEMAND_TYPES),
        publisher_kinds=_plain(v.PUBLISHER_KINDS),
        cooperation_modes=_plain(v.COOPERATION_MODES),
    )


@router.get("/codelists", response_model=CodeLists)
def get_code_lists() -> CodeLists:
    """Public and read-only: the lists every form, facet and import validates against."""
    return code_lists()

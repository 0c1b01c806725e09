"""Code lists of 三层七端多元, the districts, labels and schemes; one synonyms list for both search engines."""

from __future__ import annotations

import re
from collections.abc import Container

LAYERS: dict[str, tuple[str, ...]] = {
    "基础层": ("智能芯片", "传感器和光学器件", "存储显示设备", "物联网大数据和云计算"),
    "技术层": ("感知智能", "认知智能", "平台智能"),
    "应用层": ("数字安防", "工业视觉", "医学影像", "自动驾驶", "智能生活及办公", "虚拟现实及元宇宙", "特殊成像"),
}
SEVEN_ENDS: tuple[str, ...] = LAYERS["应用层"]
FUTURE_FIELDS: tuple[str, ...] = (
    "6G",
    "仿生机器人",
    "类脑计算",
    "智能检测",
    "智慧物流",
    "智慧教育",
    "智慧养老",
    "智慧商业",
)
CAPABILITY_TAGS: tuple[str, ...] = (*LAYERS["基础层"], *LAYERS["技术层"], *SEVEN_ENDS, *FUTURE_FIELDS)
# What a product or a demand may be tagged with: a capability tag or a whole layer.
TAXONOMY_TERMS: frozenset[str] = frozenset((*CAPABILITY_TAGS, *LAYERS))
SCENARIO_DOMAINS: tuple[str, ...] = ("城市治理", "交通", "工业", "物流", "医疗", "金融", "文娱", "养老", "家居")
CORE_DISTRICTS: tuple[str, ...] = ("滨江区", "萧山区", "余杭区", "钱塘区")
DISTRICTS: tuple[str, ...] = (
    *CORE_DISTRICTS,
    "上城区",
    "拱墅区",
    "西湖区",
    "临平区",
    "富阳区",
    "临安区",
    "桐庐县",
    "淳安县",
    "建德市",
)
QUALIFICATION_LABELS: tuple[str, ...] = (
    "创新型中小企业",
    "专精特新中小企业",
    "专精特新小巨人",
    "高新技术企业",
    "隐形冠军",
    "链主企业",
    "单项冠军",
)
QUALIFICATION_LEVELS: tuple[str, ...] = ("national", "provincial", "city")
RECOGNITION_SCHEMES: tuple[str, ...] = ("首台套", "首版次")
PRODUCT_CATEGORIES: tuple[str, ...] = ("首台套", "首版次", "普通产品")
DEMAND_TYPES: tuple[str, ...] = ("应用场景", "技术攻关", "产品采购", "数据开放", "场地开放", "试点示范")
PUBLISHER_KINDS: tuple[str, ...] = ("政府部门", "国有企业", "民营企业", "事业单位", "高校院所")
COOPERATION_MODES: tuple[str, ...] = ("联合研发", "采购", "试点应用", "揭榜挂帅", "合作运营", "技术服务")

# Meilisearch's user dictionary and the embedded segmenter's: these words are never split.
# Meilisearch's user dictionary and the embedded segmenter's: these words are never split. Kept small:
# a word listed here is one token in Meilisearch, so 工业视觉 here would stop 视觉 from finding it.
DICTIONARY: tuple[str, ...] = ("首台套", "首版次", "揭榜挂帅", "专精特新", "小巨人", "赛马制")


# One list, both engines; every group is mutual (a word finds all the others).
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("ai", "人工智能"),
    ("机器视觉", "工业视觉"),
    ("自动驾驶", "无人驾驶"),
    ("安防", "数字安防"),
    ("vr", "虚拟现实"),
    ("ar", "增强现实"),
    ("元宇宙", "metaverse"),
    ("医学影像", "医疗影像"),
    ("物联网", "iot"),
    ("首台套", "首台（套）"),
)


def synonyms_map() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for group in SYNONYM_GROUPS:
        for word in group:
            out[word] = [w for w in group if w != word]
    return out


_FIRST_SET = re.compile(r"首台\s*[（(]\s*套\s*[)）]")


def normalise_scheme(value: str) -> str:
    """`首台（套）` and `首台(套)` are the same scheme as `首台套`."""
    return _FIRST_SET.sub("首台套", value.strip())


def distinct_known(values: list[str], allowed: Container[str], problem: str, *, sep: str = ", ") -> list[str]:
    """For a validator: `values` without repeats (first order kept), or a ValueError naming those not allowed."""
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"{problem}: {sep.join(unknown)}")
    return list(dict.fromkeys(values))

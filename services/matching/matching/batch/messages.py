"""Row problems as a code and a Chinese sentence naming the column; the frontend tells the code in either language."""

from __future__ import annotations

from typing import Any

# The same sentences as the `import` section of frontend/src/locales/zh-cn.ts, which the report .xlsx cannot reach.
MESSAGES: dict[str, str] = {
    "required": "“{column}”为必填项",
    "notInCodeList": "“{column}”的取值不在代码表中",
    "notInTaxonomy": "“{column}”含有三层七端多元分类以外的取值",
    "unknownQualification": "“{column}”含有未知的资质标签",
    "budgetOrder": "预算下限高于预算上限",
    "badNumber": "“{column}”应为有效数字",
    "badDate": "“{column}”应为有效日期",
    "badLength": "“{column}”的长度不符合要求",
    "badFormat": "“{column}”的格式不正确",
    "duplicate": "“{column}”与本文件中的另一行重复",
    "exists": "“{column}”已被平台上的需求使用",
    "invalid": "“{column}”的取值无效",
}
CODE_LIST_FIELDS = {"demand_type", "scenario_domain", "publisher_kind", "district", "cooperation_mode"}
TAXONOMY_FIELDS = {"layer_tags", "end_tags"}
_BY_TYPE = {
    "missing": "required",
    "string_too_long": "badLength",
    "string_too_short": "badLength",
    "too_long": "badLength",
    "too_short": "badLength",
    "string_pattern_mismatch": "badFormat",
}


def message(code: str, column: str) -> str:
    return MESSAGES[code].format(column=column)


def code_of(error: Any, field: str) -> str:
    """The kind of one pydantic error: by its type, or for our own validators (value_error) by the field."""
    kind = str(error.get("type", ""))
    if kind == "value_error":
        if field in CODE_LIST_FIELDS:
            return "notInCodeList"
        if field in TAXONOMY_FIELDS:
            return "notInTaxonomy"
        if field == "required_qualifications":
            return "unknownQualification"
        return "budgetOrder" if field == "row" else "invalid"
    if kind in _BY_TYPE:
        return _BY_TYPE[kind]
    if kind.startswith(("decimal", "float", "int", "greater_than", "less_than")):
        return "badNumber"
    if kind.startswith(("date", "datetime")):
        return "badDate"
    return "invalid"

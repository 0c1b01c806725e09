"""Which organisations an application speaks for, and whether an expert's organisation is one of them.

An applicant's lead is known by id and credit code; a consortium member may be named by id, by 统一社会信用代码
or only by name. Names are compared by their core — without region prefix, legal form, brackets, spaces or
punctuation — so 湘湖智感, 杭州湘湖智感科技有限公司 and 杭州湘湖智感科技有限公司（萧山） are one organisation. For
recusal a false match costs an expert one application; a missed one costs the review its fairness.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_NOISE = re.compile(r"[\s\W_]+")
_REGIONS = (
    "中国",
    "浙江省",
    "浙江",
    "杭州市",
    "杭州",
    "萧山区",
    "萧山",
    "滨江区",
    "余杭区",
    "钱塘区",
    "西湖区",
    "上城区",
)
_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
    "科技",
    "技术",
    "智能",
    "信息",
    "网络",
    "半导体",
    "研究院",
)


def core_name(name: str) -> str:
    text = _NOISE.sub("", _BRACKETED.sub("", unicodedata.normalize("NFKC", name))).lower()
    changed = True
    while changed:
        changed = False
        for prefix in _REGIONS:
            if text.startswith(prefix) and len(text) > len(prefix) + 1:
                text, changed = text[len(prefix) :], True
        for suffix in _FORMS:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text, changed = text[: -len(suffix)], True
    return text


@dataclass(frozen=True)
class Party:
    """An organisation named in an application."""

    name: str
    org_id: str = ""
    credit_code: str = ""

    @property
    def resolved(self) -> bool:
        """Known by id or credit code, not by its name alone."""
        return bool(self.org_id or self.credit_code)


def parties(org_id: str, org_name: str, content: dict[str, Any]) -> list[Party]:
    lead = content.get("lead", {})
    found = [Party(org_name, org_id, str(lead.get("credit_code", "")))]
    if lead.get("org_name") and lead["org_name"] != org_name:
        found.append(Party(str(lead["org_name"]), org_id, str(lead.get("credit_code", ""))))
    for m in content.get("consortium", []):
        found.append(Party(str(m.get("org_name", "")), str(m.get("org_id") or ""), str(m.get("credit_code", ""))))
    return found


def affiliated(expert_org_id: str | None, expert_org_name: str | None, party: Party) -> bool:
    if expert_org_id and party.org_id == expert_org_id:
        return True
    core = core_name(expert_org_name or "")
    return bool(core) and core == core_name(party.name)

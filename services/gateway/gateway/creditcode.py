"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a mod-31 check character."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_REGISTRARS = set("123456789ANY")


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    remainder = 31 - total % 31
    return CHARSET[0 if remainder == 31 else remainder]


def problem_with(code: str) -> str | None:
    """None when `code` is valid, else a sentence saying what is wrong (in Chinese)."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    bad = sorted({c for c in code if c not in CHARSET})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{''.join(bad)}"
    if code[0] not in _REGISTRARS:
        return "统一社会信用代码第1位（登记管理部门代码）无效"
    if not code[2:8].isdigit():
        return "统一社会信用代码第3–8位应为行政区划代码"
    if check_character(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确"
    return None

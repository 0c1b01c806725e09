"""The batch import template: the importer's own headers, code-list dropdowns, an example row and a 说明 sheet."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kit.xlsx_writer import fill_sheet, save
from matching.batch.importer import FIELD_LABELS, LIST_FIELDS, REQUIRED
from matching.codelists.endpoints import CodeItem, code_lists
from matching.demand.schemas import DemandCreate

FIELDS = tuple(f for f in DemandCreate.model_fields if f != "batch_id")
HEADERS = tuple(FIELD_LABELS[f] for f in FIELDS)
LISTS_SHEET = "代码表"
NOTES: dict[str, str] = {
    "code": "可留空，由平台生成；填写时仅限字母、数字、- 和 _，不得与已有需求重复",
    "title": "2–200 字",
    "demand_type": "从下拉列表中选择",
    "scenario_domain": "从下拉列表中选择",
    "layer_tags": "三层七端多元分类中的层级或方向，多个用顿号（、）分隔",
    "end_tags": "七端中的一项或多项，多个用顿号（、）分隔",
    "publisher_name": "发布需求的单位全称",
    "publisher_kind": "从下拉列表中选择；留空按“民营企业”",
    "district": "从下拉列表中选择",
    "background": "不超过 4000 字",
    "pain_points": "不超过 4000 字",
    "required_capabilities": "不超过 4000 字",
    "technical_indicators": "不超过 4000 字",
    "data_offered": "不超过 2000 字",
    "sites_offered": "不超过 2000 字",
    "required_qualifications": "资质标签，多个用顿号（、）分隔",
    "budget_min": "单位万元，数字，不小于 0",
    "budget_max": "单位万元，数字，不低于预算下限",
    "cooperation_mode": "从下拉列表中选择；留空按“联合研发”",
    "timeline": "如“6 个月”",
    "contact_name": "不超过 50 字",
    "contact_phone": "7–20 位数字，可含 + - ( ) 和空格",
    "valid_until": "日期，格式 2027-06-30",
}
EXAMPLE: dict[str, object] = {
    "code": "EXAMPLE-001",
    "title": "地铁站客流视觉分析",
    "demand_type": "应用场景",
    "scenario_domain": "交通",
    "layer_tags": "感知智能",
    "end_tags": "数字安防、工业视觉",
    "publisher_name": "杭州市某某集团",
    "publisher_kind": "国有企业",
    "district": "滨江区",
    "background": "早晚高峰客流集中",
    "pain_points": "高峰客流预警滞后",
    "required_capabilities": "视频客流统计与预警",
    "technical_indicators": "计数准确率不低于 95%",
    "data_offered": "脱敏视频样本",
    "sites_offered": "两个地铁站",
    "required_qualifications": "高新技术企业",
    "budget_min": 100,
    "budget_max": 300,
    "cooperation_mode": "试点应用",
    "timeline": "6 个月",
    "contact_name": "张工",
    "contact_phone": "0571-88886666",
    "valid_until": "2027-06-30",
}


def _lists() -> dict[str, list[CodeItem]]:
    """Each dropdown column and the code list the API serves for it."""
    lists = code_lists()
    return {
        "demand_type": lists.demand_types,
        "scenario_domain": lists.scenario_domains,
        "layer_tags": [*lists.layers, *lists.layer_items, *lists.future_fields],
        "end_tags": lists.seven_ends,
        "publisher_kind": lists.publisher_kinds,
        "district": lists.districts,
        "required_qualifications": lists.qualification_labels,
        "cooperation_mode": lists.cooperation_modes,
    }


def build() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "需求清单"
    fill_sheet(sheet, HEADERS, [[EXAMPLE.get(f, "") for f in FIELDS]])
    for index, f in enumerate(FIELDS, start=1):
        if f in REQUIRED:
            sheet.cell(1, index).font = Font(bold=True, color="C00000")
    _notes(book.create_sheet("说明"))
    _dropdowns(book, sheet)
    return save(book)


def _dropdowns(book: Workbook, sheet: Worksheet) -> None:
    lists = book.create_sheet(LISTS_SHEET)
    for column, (f, items) in enumerate(_lists().items(), start=1):
        lists.cell(1, column, FIELD_LABELS[f])
        for row, item in enumerate(items, start=2):
            lists.cell(row, column, item.code)
        letter = get_column_letter(column)
        # A list column takes several values joined by 、, which no dropdown can hold: there it only suggests.
        multi = f in LIST_FIELDS
        rule = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(items) + 1}",
            allow_blank=True,
            showErrorMessage=not multi,
            errorTitle="取值不在代码表中",
            error=f"“{FIELD_LABELS[f]}”请从下拉列表中选择",
        )
        target = get_column_letter(FIELDS.index(f) + 1)
        rule.add(f"{target}2:{target}2001")
        sheet.add_data_validation(rule)
    lists.sheet_state = "hidden"


def _notes(sheet: Worksheet) -> None:
    values = {f: "、".join(i.code for i in items) for f, items in _lists().items()}
    fill_sheet(
        sheet,
        ("列名", "是否必填", "填写说明", "可选值"),
        [
            (
                FIELD_LABELS[f],
                "必填" if f in REQUIRED else "选填",
                NOTES[f],
                values.get(f, ""),
            )
            for f in FIELDS
        ],
    )
    sheet.append([])
    sheet.append(["第一行为列名，请勿修改；第二行是示例，导入前请删除或改写。先用“试导入”校验，全部通过后再导入。"])
    for letter, width in (("A", 18), ("B", 10), ("C", 50), ("D", 60)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")

"""The kinds of notification the platform sends, shared by the services that create them (workflow),
the gateway that keeps each user's preferences, and the e-mail and SMS wording.

`sms`: the few that justify a text message (decision 0081): the 24-hour deadline reminder, a fix-up
requested or any eligibility result, the final result, and an objection decided.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    zh: str
    en: str
    sms: bool = False


KINDS: dict[str, Kind] = {
    "deadline.reminder": Kind("申报截止提醒", "Application deadline in less than 24 hours", sms=True),
    "application.received": Kind("申报已受理", "Application received and sealed"),
    "application.qualification": Kind(
        "形式审查结果（含补正通知）", "Eligibility check result or fix-up request", sms=True
    ),
    "challenge.amended": Kind("榜单已变更", "Challenge amended"),
    "challenge.cancelled": Kind("榜单已撤销", "Challenge cancelled"),
    "challenge.opened": Kind("申报已开启", "Applications opened for review"),
    "challenge.unsuccessful": Kind("榜单流榜", "Challenge closed without a result"),
    "question.asked": Kind("收到新的提问", "New question"),
    "question.answered": Kind("提问已答复", "Question answered"),
    "review.assigned": Kind("评审任务分配", "Review assigned"),
    "objection.filed": Kind("收到异议", "Objection filed"),
    "objection.decided": Kind("异议处理结果", "Objection decided", sms=True),
    "award.publicity": Kind("拟揭榜单位公示", "Proposed award in public notice (公示)"),
    "award.publicity_changed": Kind("公示截止时间变更", "Public notice end recomputed"),
    "award.final": Kind("揭榜结果公布", "Final result published", sms=True),
    "agreement.proposed": Kind("任务书待签订", "Task agreement ready to sign"),
    "agreement.signed": Kind("任务书已签订", "Task agreement signed by every party"),
    "agreement.refused": Kind("揭榜方拒绝签订任务书", "The winner refused the task agreement"),
    "agreement.sign_reminder": Kind("任务书签订截止提醒", "Task agreement signing deadline approaching"),
    "agreement.lapsed": Kind("任务书逾期未签已失效", "Task agreement lapsed unsigned"),
    "award.next": Kind("递补揭榜", "Award offered to the next ranked application"),
    "milestone.reminder": Kind("里程碑到期提醒", "Milestone due soon"),
    "milestone.overdue": Kind("里程碑逾期", "Milestone overdue"),
    "acceptance.submitted": Kind("验收材料已提交", "Final deliverables submitted for acceptance"),
    "acceptance.decided": Kind("验收结果", "Acceptance decided"),
    "milestone.reported": Kind("里程碑报告待评估", "Milestone report to assess"),
    "milestone.assessed": Kind("里程碑评估结果", "Milestone assessed"),
    "tranche.released": Kind("资金拨付指令", "Funding tranche released"),
}
CHANNELS = ("email", "sms")


def kind(name: str) -> Kind:
    return KINDS.get(name, Kind("平台通知", "Platform notice"))

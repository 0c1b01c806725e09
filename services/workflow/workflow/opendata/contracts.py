"""OCDS 1.1.5 releases after the award (decision 0112): one release per public change of a signed
agreement — the signing (`contract`), each milestone assessment and acceptance rectification
(`contractUpdate`), each tranche released (`implementation`, later ones `implementationUpdate`),
the acceptance's end, passed or failed (`contractTermination`) — each carrying the contract as it
stood just after that change.

The contract's milestones: each agreement milestone (the acceptance milestone `assessment`, the
others `reporting`), the deliverables (`delivery`, met when the acceptance passes) and each tranche
(`financing`, met when released, notMet when a failed acceptance withholds it). Amounts are 万元 on
the platform and 元 in OCDS, converted by kit.money.yuan only."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from kit.clock import SHANGHAI
from kit.money import yuan
from workflow.agreement.record import Delivery, Event

MILESTONE_STATUS = {"met": "met", "partially_met": "partiallyMet", "not_met": "notMet"}
GOVERNMENT_FUND = {"id": "sgx-government-fund", "name": "政府专项资金 Government fund"}


def _day_end(day: date) -> str:
    """A due date (Beijing) as the OCDS date-time it ends at."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI).isoformat()


def _value(amount_wan: float) -> dict[str, Any]:
    return {"amount": yuan(amount_wan), "currency": "CNY"}


class _Contract:
    """The contract of one agreement, changed event by event."""

    def __init__(self, d: Delivery) -> None:
        ag = d.agreement
        self.d = d
        self.contract_status = "active"
        self.milestones: dict[str, dict[str, Any]] = {}
        due = {m.key: m.due_on for m in d.milestones}
        for m in d.milestones:
            self.milestones[m.key] = {
                "id": f"{ag.id}-{m.key}",
                "title": m.title,
                "type": "assessment" if m.key == d.acceptance_key else "reporting",
                "dueDate": _day_end(m.due_on),
                "status": "scheduled",
            }
        final_due = due.get(d.acceptance_key or "")
        self.milestones["#delivery"] = {
            "id": f"{ag.id}-delivery",
            "title": "交付成果 Deliverables",
            "type": "delivery",
            "description": "；".join(str(x) for x in ag.content["deliverables"]),
            "status": "scheduled",
            **({"dueDate": _day_end(final_due)} if final_due else {}),
        }
        for i, t in enumerate(ag.content["tranches"]):
            depends = t.get("milestone")
            self.milestones[f"#tranche-{i}"] = {
                "id": f"{ag.id}-tranche-{i}",
                "title": t["title"],
                "type": "financing",
                "description": f"{float(t['amount']):g} 万元",
                "status": "scheduled",
                **({"dueDate": _day_end(due[depends])} if depends in due else {}),
            }
        self.transactions: list[dict[str, Any]] = []
        self.date_signed: str | None = None

    def _set(self, key: str | None, status: str, at: datetime, note: str = "") -> None:
        if key is None or key not in self.milestones:
            return
        m = self.milestones[key]
        m["status"], m["dateModified"] = status, at.isoformat()
        if status == "met":
            m["dateMet"] = at.isoformat()
        if note:
            m["description"] = note

    def apply(self, e: Event) -> list[str]:
        """The change `e` makes, and the release's tag."""
        if e.kind == "signed":
            self.date_signed = e.at.isoformat()
            return ["contract"]
        if e.kind == "milestone_assessed":
            self._set(e.milestone, MILESTONE_STATUS[e.outcome or ""], e.at, e.note)
            return ["contractUpdate"]
        if e.kind == "tranche_released":
            self._set(f"#tranche-{e.tranche}", "met", e.at)
            payer = self._payer(e.payer, e.payer_name)
            self.transactions.append(
                {
                    "id": e.id,
                    "source": self.d.agreement.id,
                    "date": e.at.isoformat(),
                    "value": _value(e.amount or 0),
                    "payer": payer,
                    "payee": {"id": self.d.agreement.winner_org_id, "name": self.d.agreement.winner_org_name},
                }
            )
            return ["implementation" if len(self.transactions) == 1 else "implementationUpdate"]
        # acceptance_decided
        if e.outcome == "rectification":
            m = self.milestones.get(e.milestone or "")
            if m is not None:
                m["status"], m["dateModified"] = "notMet", e.at.isoformat()
                m["description"] = f"整改 Rectification：{e.note}"
                if e.resubmit_by is not None:
                    m["dueDate"] = _day_end(e.resubmit_by)
            return ["contractUpdate"]
        passed = e.outcome == "passed"
        self.contract_status = "terminated"
        label = "验收通过 Accepted" if passed else "验收不通过 Failed"
        self._set(e.milestone, "met" if passed else "notMet", e.at, f"{label}：{e.note}")
        self._set("#delivery", "met" if passed else "notMet", e.at)
        if not passed:  # the tranches not released are withheld, never paid
            for i in range(len(self.d.agreement.content["tranches"])):
                m = self.milestones[f"#tranche-{i}"]
                if m["status"] != "met":
                    self._set(f"#tranche-{i}", "notMet", e.at, f"{m.get('description', '')} 暂扣 withheld：{e.note}")
        return ["contractTermination"]

    def _payer(self, payer: str, payer_name: str) -> dict[str, str]:
        ag = self.d.agreement
        if payer == "government":
            return dict(GOVERNMENT_FUND)
        return {"id": ag.owner_org_id, "name": payer_name or ag.owner_org_name}

    def snapshot(self, award_id: str) -> dict[str, Any]:
        ag, d = self.d.agreement, self.d
        contract: dict[str, Any] = {
            "id": ag.id,
            "awardID": award_id,
            "title": f"任务书 Task agreement：{ag.winner_org_name}",
            "status": self.contract_status,
            "value": _value(d.committed),
            "items": [{"id": str(i + 1), "description": str(x)} for i, x in enumerate(ag.content["deliverables"])],
            "milestones": [dict(m) for m in self.milestones.values()],
        }
        if self.date_signed is not None:
            contract["dateSigned"] = self.date_signed
            end = self.milestones.get(d.acceptance_key or "", {}).get("dueDate")
            contract["period"] = {"startDate": self.date_signed, **({"endDate": end} if end else {})}
        if self.transactions:
            contract["implementation"] = {"transactions": [dict(t) for t in self.transactions]}
        return contract

    def parties(self) -> list[dict[str, Any]]:
        ag = self.d.agreement
        payers = {t.get("payer", "owner") for t in ag.content["tranches"]}
        owner_roles = ["buyer", "procuringEntity", *(["payer"] if "owner" in payers else [])]
        out = [
            {"id": ag.owner_org_id, "name": ag.owner_org_name, "roles": owner_roles},
            {"id": ag.winner_org_id, "name": ag.winner_org_name, "roles": ["supplier", "tenderer", "payee"]},
        ]
        if "government" in payers:
            out.append({**GOVERNMENT_FUND, "roles": ["funder", "payer"]})
        return out


def releases(ocid: str, deliveries: list[Delivery]) -> list[dict[str, Any]]:
    """One release per public change of each signed agreement, in the order they happened."""
    out: list[tuple[datetime, int, dict[str, Any]]] = []
    for d in deliveries:
        contract = _Contract(d)
        for n, e in enumerate(d.events):
            tag = contract.apply(e)
            release = {
                "ocid": ocid,
                "id": f"{ocid}-{e.kind}-{e.id}",
                "date": e.at.isoformat(),
                "tag": tag,
                "initiationType": "tender",
                "language": "zh",
                "buyer": {"id": d.agreement.owner_org_id, "name": d.agreement.owner_org_name},
                "parties": contract.parties(),
                "contracts": [contract.snapshot(d.agreement.award_id)],
            }
            out.append((e.at, n, release))
    return [r for _, _, r in sorted(out, key=lambda x: (x[0], x[1]))]

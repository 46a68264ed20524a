"""What the system checks before a submission, and the rules' pre-check pinned to its edition."""

from __future__ import annotations

from django.utils.translation import gettext as _

from scoring.engine import evaluate
from scoring.facts import FactsError, build_facts

from .facts import facts_for


def required_materials(application) -> list:
    """The edition's materials list (application-wide and per item) for this application's call."""
    return [m for m in application.call.edition.spec.materials if m.required]


def checklist(application, materials) -> list[dict]:
    """Each required material (per item where it applies) and whether a current file is there."""
    present = {(m.material_id, m.item_key) for m in materials}
    rows = []
    items = list(application.items)
    for material in required_materials(application):
        if material.scope == "application":
            rows.append({"label": material.label, "present": (material.id, None) in present})
        else:
            for item in items:
                rows.append(
                    {"label": f"{material.label}（{item}）", "present": (material.id, item.item_key) in present}
                )
    return rows


def submission_problems(application) -> list[str]:
    """Every reason the application cannot be submitted yet, all at once (empty when it can)."""
    problems = []
    items = list(application.items)
    if not items:
        problems.append(_("请至少填报一份保单") if application.programme == "insurance" else _("请至少填报一笔贷款"))
    if not (application.bank_name and application.account_name and application.account_number):
        problems.append(_("请填写收款账户（开户银行、账户名称、银行账号）"))
    elif application.account_name.strip() != application.enterprise.name:
        problems.append(_("收款账户名称必须与企业名称“%(name)s”一致") % {"name": application.enterprise.name})
    present = {(m.material_id, m.item_key) for m in application.materials.filter(current=True)}
    for material in required_materials(application):
        if material.scope == "application":
            if (material.id, None) not in present:
                problems.append(_("缺少材料：%(label)s") % {"label": material.label})
        else:
            for item in items:
                if (material.id, item.item_key) not in present:
                    problems.append(_("%(item)s缺少材料：%(label)s") % {"item": item, "label": material.label})
    for item in items:
        if not item.patents.exists():
            problems.append(_("%(item)s未关联专利") % {"item": item})
    if not problems:
        try:
            build_facts(facts_for(application), application.programme)
        except FactsError as exc:
            problems.extend(f"{path}：{message}" for path, message in exc.errors)
    return problems


def precheck(application, raw: dict | None = None):
    """The rules' answer for the application as it stands (not stored): an Evaluation, or the facts errors."""
    facts = build_facts(raw if raw is not None else facts_for(application), application.programme)
    return evaluate(application.call.edition, facts)


def pin_precheck(application) -> None:
    """Store the facts and the rules' answer with the edition it came from (id, version, file hash, text)."""
    from .models import RulesSnapshot

    raw = facts_for(application)
    evaluation = precheck(application, raw)
    RulesSnapshot.keep(application.call.edition)
    application.facts = raw
    application.precheck = evaluation.as_dict()
    application.rules_edition = evaluation.edition.id
    application.rules_version = evaluation.edition.version
    application.rules_sha256 = evaluation.edition.sha256
    application.amount_requested = evaluation.amount


STATUS_LABELS = {
    "eligible": _("符合条件"),
    "ineligible": _("不符合条件"),
    "needs_correction": _("需要补正"),
    "awaiting_judgement": _("待审核员判断"),
}
RESULT_LABELS = {"passed": _("符合"), "failed": _("不符合"), "unknown": _("待核实")}


def summary(result: dict, items: dict) -> dict:
    """A stored or fresh evaluation (``Evaluation.as_dict()``) in words, one row per condition."""
    rows = []

    def add(condition, item_key):
        rows.append(
            {
                "label": condition.get("label") or condition.get("id"),
                "item": str(items.get(item_key, item_key)) if item_key else "",
                "result": condition.get("result"),
                "result_label": RESULT_LABELS.get(condition.get("result"), condition.get("result")),
                "article": condition.get("article") or "",
                "notice": condition.get("notice") or "",
            }
        )

    for condition in result.get("conditions", []):
        add(condition, None)
    for key, item in result.get("items", {}).items():
        for condition in item.get("conditions", []):
            add(condition, key)
    edition = result.get("edition", {})
    return {
        "status": result.get("status"),
        "status_label": STATUS_LABELS.get(result.get("status"), result.get("status")),
        "amount": result.get("amount"),
        "edition": f"{edition.get('id', '')} v{edition.get('version', '')} · {edition.get('sha256', '')[:12]}",
        "rows": rows,
    }

"""Ranking and allocation of a call: one stored run, re-runnable to the fen, comparable, exportable.

A run takes, for every evaluated application of the call, the facts pinned at its submission (and the
reviewer's judgements) and its panel score (moderated where the lead moderated), evaluates them with the
call's pinned edition, applies the pass mark, ranks by the edition's keys and shares the budget by its
allocation policy. Inputs, the edition hash and the results are stored; ``rerun`` recomputes from the
stored inputs alone.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.models import RoleKind
from audit.models import record
from calls.models import Call
from scoring.decision import Candidate, decide
from scoring.engine import evaluate
from scoring.facts import build_facts
from workflow.models import Application, Status

from .models import PanelResult, RankingRun
from .scoring import Refused, pinned_edition

RANKABLE = [Status.EVALUATED]
# Forwarded to the province but not yet scored (not started, or scoring): the ranking would leave them out.
WAITING = [Status.FORWARDED, Status.UNDER_EVALUATION]
AFTER_RANKING = [
    Status.IN_NOTICE,
    Status.APPROVED,
    Status.NOT_APPROVED,
    Status.PARTLY_PAID,
    Status.PAID,
    Status.PAYMENT_FAILED,
    Status.FORFEITED,
]
REASONS = {
    "ineligible": _("不符合申报条件"),
    "needs_correction": _("材料需补正未完成"),
    "awaiting_judgement": _("待审核员判断事项未完成"),
}


def compute(edition, programme: str, inputs: dict, budget: Decimal, policy: str | None = None) -> dict:
    """Pure: the run's results from its inputs (the same inputs always give the same results)."""
    candidates, numbers = [], {}
    for number, item in sorted(inputs.items()):
        facts = build_facts(item["facts"], programme)
        score = None if item["score"] is None else Decimal(item["score"])
        evaluation = evaluate(edition, facts)
        candidates.append(Candidate(facts, evaluation, score))
        numbers[facts.application_id] = number
    decision = decide(edition, candidates, budget, policy)
    allocation = decision.allocation
    rows = {}
    for candidate in candidates:
        ev = candidate.evaluation
        app_id = ev.application_id
        awards = [a for a in allocation.awards if a.request.application_id == app_id]
        award = allocation.amount_of(app_id)
        excluded = decision.excluded.get(app_id)
        if excluded and excluded.startswith("status "):
            reason = REASONS.get(ev.status, excluded)
        elif excluded:
            reason = _("评审得分低于合格线")
        elif award == 0:
            reason = _("按排序预算已分配完毕")
        else:
            reason = ""
        rows[numbers[app_id]] = {
            "status": ev.status,
            "eligible_amount": str(ev.amount),
            "score": None if candidate.score is None else str(candidate.score),
            "passed": excluded is None,
            "rank": min((a.rank for a in awards), default=None),
            "award": str(award),
            "items": {a.request.item_id or "": str(a.amount) for a in awards},
            "reason": reason,
        }
    return {
        "policy": allocation.policy,
        "requested": str(allocation.requested),
        "total": str(allocation.total),
        "ratio": None if allocation.ratio is None else str(allocation.ratio),
        "trace": list(allocation.trace),
        "applications": rows,
    }


def rank(call, by, note: str = "", policy: str | None = None) -> RankingRun:
    if not by.has_role(RoleKind.ADMIN):
        raise PermissionDenied(_("只有省局管理员可以进行排序与分配"))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)  # one run at a time: numbers stay unique
        still = Application.objects.filter(call=call, status__in=WAITING).count()
        if still:
            raise Refused(_("还有%(n)d件申报的专家评审未完成") % {"n": still})
        # After publication the published applications are no longer "evaluated": a new run would rank the
        # others alone and hand them the whole budget. Changes then go through the notice's objections.
        if Application.objects.filter(call=call, status__in=AFTER_RANKING).exists():
            raise Refused(_("拟补助名单已公示，不能重新排序；如需调整请通过公示异议处理"))
        applications = list(Application.objects.filter(call=call, status__in=RANKABLE).order_by("number"))
        if not applications:
            raise Refused(_("没有已完成评审的申报"))
        hashes = {a.rules_sha256 for a in applications}
        if len(hashes) != 1:
            raise Refused(_("本批次申报使用了不同的规则版本，不能一起排序"))
        edition = pinned_edition(applications[0])
        results = {r.application_id: r for r in PanelResult.objects.filter(application__in=applications)}
        inputs = {
            a.number: {
                "facts": a.facts,
                "score": None
                if results.get(a.pk) is None or results[a.pk].final_total is None
                else str(results[a.pk].final_total),
            }
            for a in applications
        }
        output = compute(edition, call.programme, inputs, call.budget, policy)
        if Decimal(output["total"]) > call.budget:  # the allocation never exceeds it; this guards the guard
            raise Refused(_("分配合计超出预算"))
        number = RankingRun.objects.filter(call=call).count() + 1
        run = RankingRun.objects.create(
            call=call,
            number=number,
            created_by=by,
            edition_id=edition.id,
            edition_version=edition.version,
            edition_sha256=edition.sha256,
            budget=call.budget,
            policy=output["policy"],
            inputs=inputs,
            results=output,
            total_awarded=Decimal(output["total"]),
            note=note,
        )
        record(by, "evaluation.ranked", run, call=str(call), total=output["total"], edition=edition.sha256)
    return run


def rerun(run: RankingRun) -> dict:
    """The run recomputed from its stored inputs with its pinned edition (for checking, nothing stored)."""
    from workflow.models import RulesSnapshot

    edition = RulesSnapshot.objects.get(sha256=run.edition_sha256).edition()
    return compute(edition, run.call.programme, run.inputs, run.budget, run.policy)


def compare(earlier: RankingRun, later: RankingRun) -> list[dict]:
    """Applications whose score, rank or award differ between two runs."""
    a, b = earlier.results["applications"], later.results["applications"]
    rows = []
    for number in sorted(set(a) | set(b)):
        left, right = a.get(number, {}), b.get(number, {})
        if any(left.get(k) != right.get(k) for k in ("score", "rank", "award", "passed")):
            rows.append({"number": number, "before": left, "after": right})
    return rows


COLUMNS = [
    "排名",
    "申报编号",
    "企业名称",
    "所属单位",
    "规则结论",
    "可补助金额（元）",
    "综合得分",
    "是否合格",
    "拟补助金额（元）",
    "说明",
]


def export(run: RankingRun) -> bytes:
    applications = {a.number: a for a in Application.objects.filter(call=run.call).select_related("enterprise", "unit")}
    book = Workbook(write_only=True)
    sheet = book.create_sheet("排序与分配")
    sheet.append([f"{run} · {run.edition_id} v{run.edition_version} · sha256 {run.edition_sha256[:16]}"])
    sheet.append([f"预算 {run.budget} 元，拟补助合计 {run.total_awarded} 元，分配方式 {run.policy}"])
    sheet.append(COLUMNS)
    rows = sorted(
        run.results["applications"].items(), key=lambda kv: (kv[1]["rank"] is None, kv[1]["rank"] or 0, kv[0])
    )
    for number, row in rows:
        application = applications.get(number)
        sheet.append(
            [
                row["rank"],
                number,
                application.enterprise.name if application else "",
                application.unit.name if application else "",
                row["status"],
                Decimal(row["eligible_amount"]),
                None if row["score"] is None else Decimal(row["score"]),
                "是" if row["passed"] else "否",
                Decimal(row["award"]),
                row["reason"],
            ]
        )
    trace = book.create_sheet("分配过程")
    trace.append(["步骤", "说明"])
    for n, line in enumerate(run.results.get("trace", []), start=1):
        trace.append([n, line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

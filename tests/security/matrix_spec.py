"""The intended permission matrix: for every URL the resolver knows, who may use it, on which object.

An object URL is always asked about an object of the "own" side (the enterprise 石家庄矩阵甲, unit 石家庄,
the application drawn for the assigned expert); each actor stands in one relation to it (see
matrix_world.ACTOR_LABELS). A URL the resolver knows but this table does not is a test failure.
"""

from __future__ import annotations

from dataclasses import dataclass

# Groups of actors -------------------------------------------------------------------------------------
NOBODY: frozenset = frozenset()
ANON = frozenset({"anonymous"})
OWN_ENT = frozenset({"enterprise", "colleague"})
ENTERPRISES = OWN_ENT | {"other_enterprise"}
REVIEWERS = frozenset({"reviewer", "other_reviewer"})
ADMIN = frozenset({"admin"})
FINANCE = frozenset({"finance"})
PROVINCE = ADMIN | FINANCE
ALL_EXPERTS = frozenset({"expert", "panel_lead", "unassigned_expert", "declared_expert", "computed_expert"})
SIGNED_IN = frozenset({"outsider"}) | ENTERPRISES | REVIEWERS | PROVINCE | ALL_EXPERTS
EVERYONE = SIGNED_IN | ANON


# Who stands on the own side and may therefore see the own enterprise's name and numbers somewhere.
KNOWS_OWN = OWN_ENT | {"reviewer"} | PROVINCE | {"expert", "panel_lead"}


@dataclass(frozen=True)
class Row:
    """One URL. ``get``/``post``: who may use it (None: not asked with that method). ``soft``: actors who can
    see the object and are refused with the reason on the page they come back to (a redirect or the form
    again), never a change. Everybody else is refused outright: 403 or 404, or the sign-in page when
    anonymous. ``data``: what is posted - chosen so that it changes something for an allowed actor."""

    get: frozenset | None = None
    post: frozenset | None = None
    soft: frozenset = NOBODY
    relation: str = ""
    data: object = None  # callable(objects) -> dict
    public: bool = False  # shows the own side's data to anyone by design (the public notice)
    login_ok: bool = False  # an allowed answer may be the sign-in page (signing out)
    api: bool = False  # asked with the actor's API token (Authorization: Bearer), not the session
    note: str = ""


def _k(**names):
    """URL kwargs from world objects: value is an object name (its pk), or a literal in a 1-tuple."""

    def build(o):
        out = {}
        for key, value in names.items():
            out[key] = value[0] if isinstance(value, tuple) else o[value].pk
        return out

    return build


KWARGS = {
    "enterprises:detail": _k(pk="enterprise"),
    "enterprises:edit": _k(pk="enterprise"),
    "enterprises:decide": _k(pk="pending_enterprise"),
    "enterprises:resubmit": _k(pk="enterprise"),
    "enterprises:member_add": _k(pk="enterprise"),
    "enterprises:qualification_add": _k(pk="enterprise"),
    "enterprises:qualification_delete": _k(pk="enterprise", qualification_pk="qualification"),
    "calls:detail": _k(pk="call"),
    "calls:edit": _k(pk="call"),
    "workflow:create": _k(call_pk="free_call"),
    "workflow:detail": _k(pk="submitted"),
    "workflow:policy_add": _k(pk="draft"),
    "workflow:policy_edit": _k(pk="draft", item_pk="draft_policy"),
    "workflow:loan_add": _k(pk="loan_draft"),
    "workflow:loan_edit": _k(pk="loan_draft", item_pk="loan"),
    "workflow:item_delete": _k(pk="draft", kind=("policy",), item_pk="draft_policy"),
    "workflow:payee": _k(pk="draft"),
    "workflow:material_upload": _k(pk="draft"),
    "workflow:material_download": _k(pk="submitted", material_pk="material"),
    "workflow:materials_zip": _k(pk="submitted"),
    "workflow:print": _k(pk="draft", kind=("application_form",)),
    "workflow:submit": _k(pk="draft"),
    "workflow:withdraw": _k(pk="submitted"),
    "workflow:claim": _k(pk="submitted"),
    "workflow:release": _k(pk="submitted"),
    "workflow:decide": _k(pk="submitted", decision=("pass",)),
    "workflow:extend": _k(pk="returned"),
    "workflow:judge": _k(pk="submitted"),
    "workflow:return_to_unit": _k(pk="forwarded"),
    "workflow:reopen": _k(pk="forwarded"),
    "workflow:forward": _k(call_pk="passed_call"),
    "workflow:batch_sheet": _k(pk="batch"),
    "documents:docx": _k(pk="document"),
    "documents:pdf": _k(pk="document"),
    "notifications:detail": _k(pk="message"),
    "patents:detail": _k(pk="patent"),
    "patents:edit": _k(pk="patent"),
    "patents:confirm_status": _k(pk="patent"),
    "experts:detail": _k(pk="expert"),
    "experts:edit": _k(pk="expert"),
    "experts:call_groups": _k(call_pk="call"),
    "experts:group_new": _k(call_pk="call"),
    "experts:group": _k(pk="group"),
    "experts:pledge": _k(call_pk="call"),
    "experts:task": _k(pk="assignment"),
    "experts:task_material": _k(pk="assignment", material_pk="main_material"),
    "experts:declare": _k(pk="assignment"),
    "evaluation:score": _k(pk="assignment"),
    "evaluation:declare": _k(pk="assignment"),
    "evaluation:moderate": _k(pk="panel_result"),
    "evaluation:board": _k(call_pk="call"),
    "evaluation:rank": _k(call_pk="call"),
    "evaluation:approve": _k(call_pk="call"),
    "evaluation:letters": _k(call_pk="call"),
    "evaluation:start": _k(group_pk="group"),
    "evaluation:print_sheets": _k(group_pk="group"),
    "evaluation:run": _k(pk="run"),
    "evaluation:run_export": _k(pk="run"),
    "evaluation:publish": _k(pk="run"),
    "notice:detail": _k(pk="notice"),
    "notice:manage": _k(pk="notice"),
    "notice:objection_create": _k(pk="notice"),
    "notice:objection_decide": _k(pk="objection"),
    "notice:close": _k(pk="notice"),
    "notice:holiday_year": _k(year=(2027,)),
    "finance:application": _k(pk="main"),
    "finance:pay": _k(pk="approved_application"),
    "finance:fail": _k(pk="main"),
    "finance:reverse": _k(pk="main", payment_pk="payment"),
    "finance:account": _k(pk="main"),
    "finance:ledger": _k(pk="call"),
    "finance:ledger_xlsx": _k(pk="call"),
    "ledger:unit_year": _k(code=("SJZ",), year=(2022,)),
    "ledger:start": _k(code=("SJZ",), year=(2022,), quarter=(3,)),
    "ledger:detail": _k(pk="ledger"),
    "ledger:attachment": _k(pk="ledger", attachment="ledger_attachment"),
    "ledger:attachment_delete": _k(pk="ledger", attachment="ledger_attachment"),
    "ledger:row_add": _k(pk="ledger", kind=("activities",)),
    "ledger:row_edit": _k(pk="ledger", kind=("activities",), row="activity"),
    "ledger:row_delete": _k(pk="ledger", kind=("activities",), row="activity"),
    "ledger:upload": _k(pk="ledger", kind=("activities",), row="activity"),
    "ledger:submit": _k(pk="ledger"),
    "ledger:reopen": _k(pk="submitted_ledger"),
    "ledger:export_xlsx": _k(pk="ledger"),
    "ledger:export_docx": _k(pk="ledger"),
    "ledger:overview": _k(year=(2022,)),
    "ledger:overview_xlsx": _k(year=(2022,)),
    "ledger:plan_year_edit": _k(year=(2022,)),
    "survey:detail": _k(pk="survey_response"),
    "survey:import_detail": _k(pk="survey_import"),
    "survey:import_run": _k(pk="survey_import"),
    "survey:import_progress": _k(pk="survey_import"),
    "survey:import_marked": _k(pk="survey_import"),
    "survey:export_download": _k(pk="whitelist_export"),
    "parks:withdraw": _k(pk="financing"),
    "parks:targets": _k(year=(2022,)),
    "archive:download": _k(call_pk="call"),
    "jobs:detail": _k(pk="letters_job"),
    "jobs:download": lambda o: {"pk": o["letters_job"].pk, "key": o["job_file_key"]},
    "accounts:otp_reset": _k(pk="otp_person"),
    "api:token_revoke": _k(pk="enterprise_token"),
    "api:application": _k(pk="main"),
    "api:application_payments": _k(pk="main"),
    "api:call_approved": _k(pk="call"),
    "api:call_payments": _k(pk="call"),
    "api:not_found": _k(rest=("nowhere/",)),
}


def _data(**fields):
    """POST data; a callable value is given the world's objects."""

    def build(o):
        return {key: (value(o) if callable(value) else value) for key, value in fields.items()}

    return build


def _pk(name):
    return lambda o: str(o[name].pk)


ROWS: dict[str, Row] = {
    # --- public, and every signed-in user ------------------------------------------------------------
    "home:index": Row(get=SIGNED_IN, relation="the user's own home"),
    "accounts:login": Row(get=EVERYONE, note="signed-in users are sent on to their home"),
    "accounts:logout": Row(post=EVERYONE, login_ok=True, note="ends the session, back to the sign-in page"),
    "accounts:password_change": Row(get=SIGNED_IN, post=SIGNED_IN, relation="the user's own password"),
    "accounts:password_change_done": Row(get=SIGNED_IN),
    "enterprises:register": Row(get=EVERYONE, note="self-registration; signed-in users are sent home"),
    "calls:list": Row(get=SIGNED_IN),
    "calls:detail": Row(get=SIGNED_IN, relation="the main call"),
    "notice:list": Row(get=EVERYONE, note="public, no sign-in"),
    "notice:detail": Row(get=EVERYONE, public=True, relation="the published notice listing the own enterprise"),
    "notifications:inbox": Row(get=SIGNED_IN, relation="the user's own messages"),
    "notifications:detail": Row(get=frozenset({"enterprise"}), relation="a message to the enterprise's first user"),
    "notifications:mark_all_read": Row(post=SIGNED_IN, relation="the user's own messages"),
    "notifications:preferences": Row(get=SIGNED_IN, post=SIGNED_IN, relation="the user's own preferences"),
    "set_language": Row(get=EVERYONE, post=EVERYONE),
    # --- enterprises -----------------------------------------------------------------------------------
    "enterprises:list": Row(get=REVIEWERS | PROVINCE, note="a unit sees its own unit's enterprises only"),
    "enterprises:create": Row(get=ADMIN, post=ADMIN),
    "enterprises:detail": Row(get=OWN_ENT | {"reviewer"} | PROVINCE, relation="own enterprise"),
    "enterprises:edit": Row(get=OWN_ENT | ADMIN, post=OWN_ENT | ADMIN, relation="own enterprise"),
    "enterprises:decide": Row(
        post=frozenset({"reviewer", "admin"}),
        soft=FINANCE,
        relation="an enterprise of the own unit waiting for confirmation",
        data=_data(decision="confirm", note="同意"),
    ),
    "enterprises:resubmit": Row(
        post=OWN_ENT, soft=frozenset({"reviewer"}) | PROVINCE, relation="own enterprise (confirmed: nothing to do)"
    ),
    "enterprises:member_add": Row(get=OWN_ENT | ADMIN, post=OWN_ENT | ADMIN, relation="own enterprise"),
    "enterprises:qualification_add": Row(post=OWN_ENT | ADMIN, relation="own enterprise"),
    "enterprises:qualification_delete": Row(post=OWN_ENT | ADMIN, relation="own enterprise's qualification"),
    # --- calls -------------------------------------------------------------------------------------------
    "calls:create": Row(get=ADMIN, post=ADMIN),
    "calls:edit": Row(get=ADMIN, post=ADMIN, relation="the main call"),
    # --- applications: the enterprise ----------------------------------------------------------------
    "workflow:mine": Row(get=ENTERPRISES, note="each enterprise its own applications"),
    "workflow:create": Row(
        post=ENTERPRISES, soft=SIGNED_IN - ENTERPRISES, relation="an open call the enterprise has not applied to"
    ),
    "workflow:detail": Row(get=OWN_ENT | {"reviewer"} | PROVINCE, relation="own submitted application"),
    "workflow:policy_add": Row(get=OWN_ENT, post=OWN_ENT, relation="own draft (insurance)"),
    "workflow:policy_edit": Row(get=OWN_ENT, post=OWN_ENT, relation="own draft's policy"),
    "workflow:loan_add": Row(get=OWN_ENT, post=OWN_ENT, relation="own draft (loan interest)"),
    "workflow:loan_edit": Row(get=OWN_ENT, post=OWN_ENT, relation="own draft's loan"),
    "workflow:item_delete": Row(post=OWN_ENT, relation="own draft's policy"),
    "workflow:payee": Row(
        post=OWN_ENT,
        relation="own draft",
        data=_data(bank_name="矩阵银行", account_name="石家庄矩阵甲科技有限公司", account_number="6222000011112222"),
    ),
    "workflow:material_upload": Row(post=OWN_ENT, relation="own draft"),
    "workflow:material_download": Row(get=OWN_ENT | {"reviewer"} | PROVINCE, relation="own submitted application"),
    "workflow:materials_zip": Row(get=OWN_ENT | {"reviewer"} | PROVINCE, relation="own submitted application"),
    "workflow:print": Row(post=OWN_ENT, relation="own draft"),
    "workflow:submit": Row(post=OWN_ENT, soft=PROVINCE, relation="own draft", data=_data()),
    "workflow:withdraw": Row(
        post=OWN_ENT,
        soft=frozenset({"reviewer"}) | PROVINCE,
        relation="own submitted application",
        data=_data(reason="不再申报"),
    ),
    # --- applications: the unit's review -------------------------------------------------------------
    "workflow:claim": Row(post=frozenset({"reviewer"}), soft=OWN_ENT | PROVINCE, relation="own unit's submitted"),
    "workflow:release": Row(
        post=frozenset({"reviewer", "admin"}), soft=OWN_ENT | FINANCE, relation="own unit's submitted (unclaimed)"
    ),
    "workflow:decide": Row(
        post=frozenset({"reviewer"}),
        soft=OWN_ENT | PROVINCE,
        relation="own unit's submitted (decision: pass)",
        data=_data(opinion="同意推荐"),
    ),
    "workflow:extend": Row(
        post=frozenset({"reviewer", "admin"}),
        soft=OWN_ENT | FINANCE,
        relation="own unit's returned application",
        data=_data(reply_deadline=lambda o: "2099-12-31", reason="企业申请延期"),
    ),
    "workflow:judge": Row(post=frozenset({"reviewer"}), soft=OWN_ENT | PROVINCE, relation="own unit's submitted"),
    "workflow:return_to_unit": Row(
        post=ADMIN,
        soft=OWN_ENT | {"reviewer"} | FINANCE,
        relation="own unit's forwarded application",
        data=_data(reason="材料不全，退回市局"),
    ),
    "workflow:reopen": Row(
        post=frozenset({"reviewer"}), soft=OWN_ENT | PROVINCE, relation="own unit's forwarded (not returned: no-op)"
    ),
    "workflow:queue": Row(get=REVIEWERS | ADMIN, note="a unit its own queue"),
    "workflow:queue_export": Row(get=REVIEWERS | ADMIN, note="a unit its own queue"),
    "workflow:bulk_pass": Row(
        post=frozenset({"reviewer"}),
        soft=frozenset({"other_reviewer", "admin"}),
        relation="own unit's submitted application, by id",
        data=_data(ids=_pk("submitted"), opinion="同意", confirm="1"),
    ),
    "workflow:forward_list": Row(get=REVIEWERS, note="a unit its own list"),
    "workflow:forward": Row(
        post=frozenset({"reviewer"}),
        soft=frozenset({"other_reviewer"}),
        relation="own unit's passed application, by id",
        data=_data(ids=_pk("passed")),
    ),
    "workflow:batch_sheet": Row(get=frozenset({"reviewer"}) | ADMIN, relation="own unit's forwarding batch"),
    "workflow:province_forwarded": Row(get=ADMIN),
    "workflow:grant_extension": Row(post=ADMIN),
    # --- documents and patents -------------------------------------------------------------------------
    "documents:docx": Row(get=OWN_ENT | {"reviewer"} | PROVINCE, relation="own application's receipt"),
    "documents:pdf": Row(get=OWN_ENT | {"reviewer"} | PROVINCE, relation="own application's receipt (its PDF)"),
    "patents:list": Row(get=ENTERPRISES | REVIEWERS | PROVINCE, note="each sees its own scope"),
    "patents:add": Row(get=ENTERPRISES, post=ENTERPRISES, note="for the user's own enterprise"),
    "patents:detail": Row(get=OWN_ENT | {"reviewer"} | PROVINCE, relation="own enterprise's patent"),
    "patents:edit": Row(get=OWN_ENT, post=OWN_ENT, relation="own enterprise's patent"),
    "patents:confirm_status": Row(post=frozenset({"reviewer", "admin"}), relation="own enterprise's patent"),
    "patents:past_awards": Row(get=ADMIN),
    "patents:past_award_template": Row(get=ADMIN),
    "patents:past_award_import": Row(get=ADMIN, post=ADMIN),
    # --- experts and evaluation ------------------------------------------------------------------------
    "experts:list": Row(get=ADMIN),
    "experts:new": Row(get=ADMIN, post=ADMIN),
    "experts:detail": Row(get=ADMIN, relation="the assigned expert's profile"),
    "experts:edit": Row(get=ADMIN, post=ADMIN, relation="the assigned expert's profile"),
    "experts:calls": Row(get=ADMIN),
    "experts:call_groups": Row(get=ADMIN, relation="the main call"),
    "experts:group_new": Row(get=ADMIN, post=ADMIN, relation="the main call"),
    "experts:group": Row(get=ADMIN, relation="the group drawn for the own application"),
    "experts:tasks": Row(get=ALL_EXPERTS, note="each expert their own assignments"),
    "experts:pledge": Row(
        get=ALL_EXPERTS - {"unassigned_expert"},
        post=ALL_EXPERTS - {"unassigned_expert"},
        relation="the main call (experts drawn into it)",
    ),
    "experts:task": Row(get=frozenset({"expert"}), relation="the assigned expert's assignment on the own application"),
    "experts:task_material": Row(get=frozenset({"expert"}), relation="that assignment's material"),
    "experts:declare": Row(post=frozenset({"expert"}), relation="that assignment (already scored: refused)"),
    "evaluation:score": Row(
        get=frozenset({"expert", "admin"}),
        post=frozenset({"expert", "admin"}),
        relation="that assignment (the province keys in paper sheets)",
    ),
    "evaluation:declare": Row(post=frozenset({"expert", "admin"}), relation="that assignment (already scored)"),
    "evaluation:moderation": Row(
        get=frozenset({"expert", "panel_lead"}), note="holders of the panel-lead role (E01 and E05 here)"
    ),
    "evaluation:moderate": Row(
        post=frozenset({"panel_lead"}), relation="the own application's panel result (lead of its group)"
    ),
    "evaluation:board": Row(get=ADMIN, relation="the main call"),
    "evaluation:rank": Row(post=ADMIN, relation="the main call"),
    "evaluation:approve": Row(post=ADMIN, relation="the main call"),
    "evaluation:letters": Row(post=ADMIN, relation="the main call"),
    "evaluation:start": Row(post=ADMIN, relation="the group"),
    "evaluation:print_sheets": Row(get=ADMIN, relation="the group"),
    "evaluation:run": Row(get=ADMIN, relation="the main call's ranking run"),
    "evaluation:run_export": Row(get=ADMIN, relation="the main call's ranking run"),
    "evaluation:publish": Row(post=ADMIN, relation="the main call's ranking run"),
    # --- notice --------------------------------------------------------------------------------------
    "notice:manage_list": Row(get=ADMIN),
    "notice:manage": Row(get=ADMIN, relation="the notice"),
    "notice:objection_create": Row(post=ADMIN, relation="the notice"),
    "notice:objection_decide": Row(post=ADMIN, relation="the notice's objection"),
    "notice:close": Row(post=ADMIN, relation="the notice"),
    "notice:holidays": Row(get=ADMIN),
    "notice:holiday_year": Row(get=ADMIN, post=ADMIN),
    # --- finance ---------------------------------------------------------------------------------------
    "finance:pending": Row(get=PROVINCE),
    "finance:application": Row(get=PROVINCE, relation="own application (payment failed)"),
    "finance:pay": Row(
        post=FINANCE,
        relation="an approved application",
        data=_data(
            amount="100.00",
            voucher="GKMATRIX01",
            subject="2060299",
            paid_on=lambda o: o["today"],
            idempotency_key="matrix-pay-post",
        ),
    ),
    "finance:fail": Row(post=FINANCE, relation="own application"),
    "finance:reverse": Row(post=FINANCE, relation="own application's payment"),
    "finance:account": Row(
        get=OWN_ENT,
        post=OWN_ENT,
        relation="own application (payment failed)",
        data=_data(bank_name="矩阵银行", account_name="石家庄矩阵甲科技有限公司", account_number="6222000033334444"),
    ),
    "finance:ledgers": Row(get=PROVINCE),
    "finance:ledger": Row(get=PROVINCE, relation="the main call"),
    "finance:ledger_xlsx": Row(get=PROVINCE, relation="the main call"),
    "finance:import": Row(get=FINANCE, post=FINANCE),
    # --- ledger (台账) ---------------------------------------------------------------------------------
    "ledger:index": Row(get=REVIEWERS | ADMIN, note="a unit is sent to its own ledgers"),
    "ledger:unit_year": Row(get=frozenset({"reviewer"}) | ADMIN, relation="own unit"),
    "ledger:start": Row(post=frozenset({"reviewer", "admin"}), relation="own unit"),
    "ledger:detail": Row(
        get=frozenset({"reviewer"}) | ADMIN, post=frozenset({"reviewer"}) | ADMIN, relation="own unit's open ledger"
    ),
    "ledger:attachment": Row(get=frozenset({"reviewer"}) | ADMIN, relation="own unit's ledger file"),
    "ledger:attachment_delete": Row(post=frozenset({"reviewer"}), soft=ADMIN, relation="own unit's ledger file"),
    "ledger:row_add": Row(post=frozenset({"reviewer"}), soft=ADMIN, relation="own unit's open ledger"),
    "ledger:row_edit": Row(
        get=frozenset({"reviewer"}), post=frozenset({"reviewer"}), soft=ADMIN, relation="own unit's ledger row"
    ),
    "ledger:row_delete": Row(post=frozenset({"reviewer"}), soft=ADMIN, relation="own unit's ledger row"),
    "ledger:upload": Row(post=frozenset({"reviewer"}), soft=ADMIN, relation="own unit's ledger row"),
    "ledger:submit": Row(
        get=frozenset({"reviewer"}), post=frozenset({"reviewer"}), soft=ADMIN, relation="own unit's open ledger"
    ),
    "ledger:reopen": Row(get=ADMIN, post=ADMIN, relation="own unit's submitted ledger", data=_data(reason="数据有误")),
    "ledger:export_xlsx": Row(get=frozenset({"reviewer"}) | ADMIN, relation="own unit's ledger"),
    "ledger:export_docx": Row(get=frozenset({"reviewer"}) | ADMIN, relation="own unit's ledger"),
    "ledger:overview": Row(get=ADMIN),
    "ledger:overview_xlsx": Row(get=ADMIN),
    "ledger:plan_years": Row(get=ADMIN),
    "ledger:plan_year_edit": Row(get=ADMIN, post=ADMIN),
    # --- survey ----------------------------------------------------------------------------------------
    "survey:index": Row(get=ENTERPRISES | REVIEWERS | ADMIN, note="each is sent to its own page"),
    "survey:fill": Row(get=ENTERPRISES, post=ENTERPRISES, note="the user's own enterprise's response"),
    "survey:list": Row(get=REVIEWERS | ADMIN, note="a unit its own enterprises' responses"),
    "survey:detail": Row(get=OWN_ENT | {"reviewer"} | ADMIN, relation="own enterprise's response"),
    "survey:template": Row(get=REVIEWERS | ADMIN),
    "survey:import": Row(get=REVIEWERS | ADMIN, post=REVIEWERS | ADMIN),
    "survey:import_detail": Row(get=frozenset({"reviewer"}) | ADMIN, relation="own unit's import"),
    "survey:import_run": Row(post=frozenset({"reviewer"}) | ADMIN, relation="own unit's import"),
    "survey:import_progress": Row(get=frozenset({"reviewer"}) | ADMIN, relation="own unit's import"),
    "survey:import_marked": Row(get=frozenset({"reviewer"}) | ADMIN, relation="own unit's import"),
    "survey:progress": Row(get=REVIEWERS | ADMIN),
    "survey:send": Row(post=REVIEWERS, note="a unit sends its own batch"),
    "survey:statistics": Row(get=ADMIN),
    "survey:whitelist": Row(get=REVIEWERS | ADMIN, note="a unit its own enterprises"),
    "survey:exports": Row(get=REVIEWERS | ADMIN, note="a unit its own exports"),
    "survey:export_download": Row(get=frozenset({"reviewer"}) | ADMIN, relation="own unit's white-list export"),
    "survey:plan": Row(get=ADMIN, post=ADMIN),
    "survey:key_enterprises": Row(get=ADMIN, post=ADMIN),
    # --- parks, statistics, archive, jobs --------------------------------------------------------------
    "parks:progress": Row(get=REVIEWERS | ADMIN),
    "parks:progress_xlsx": Row(get=REVIEWERS | ADMIN),
    "parks:financings": Row(get=REVIEWERS | ADMIN, note="a unit its own parks"),
    "parks:record": Row(get=REVIEWERS | ADMIN, post=REVIEWERS | ADMIN, note="into the user's own unit's parks"),
    "parks:withdraw": Row(
        post=frozenset({"reviewer", "admin"}),
        relation="a financing in the own unit's park",
        data=_data(reason="重复登记"),
    ),
    "parks:targets": Row(get=ADMIN, post=ADMIN),
    "stats:index": Row(get=REVIEWERS | PROVINCE, note="a unit its own figures"),
    "stats:export": Row(get=REVIEWERS | PROVINCE, note="a unit its own figures"),
    "archive:download": Row(post=ADMIN, relation="the main call"),
    "jobs:detail": Row(get=ADMIN, relation="the letters job the administrator started"),
    "jobs:download": Row(get=ADMIN, relation="a result file of that job"),
    # --- two-factor sign-in ------------------------------------------------------------------------------
    "accounts:otp_verify": Row(get=SIGNED_IN, note="the user's own second step"),
    "accounts:otp_enrol": Row(get=SIGNED_IN, note="the user's own device"),
    "accounts:otp_devices": Row(get=ADMIN, post=ADMIN),
    "accounts:otp_reset": Row(post=ADMIN, relation="the enterprise user's devices"),
    # --- the API (pages with the session; data with a token) --------------------------------------------
    "api:index": Row(get=EVERYONE, api=True),
    "api:schema": Row(get=EVERYONE, api=True),
    "api:docs": Row(get=EVERYONE),
    "api:tokens": Row(get=SIGNED_IN, note="the user's own tokens"),
    "api:token_create": Row(post=SIGNED_IN, note="a token for the user themself"),
    "api:token_revoke": Row(post=frozenset({"enterprise"}), relation="the enterprise user's own token"),
    "api:applications": Row(get=SIGNED_IN, api=True, note="each caller's own scope, as on the pages"),
    "api:application": Row(
        get=OWN_ENT | {"reviewer"} | PROVINCE | {"expert", "panel_lead"},
        api=True,
        relation="own application (approved, payment failed; scored by the assigned experts)",
    ),
    "api:application_payments": Row(get=OWN_ENT | PROVINCE, api=True, relation="own application (payment failed)"),
    "api:calls": Row(get=SIGNED_IN, api=True),
    "api:call_approved": Row(get=SIGNED_IN, api=True, relation="the main call", note="each caller's own scope"),
    "api:call_payments": Row(get=PROVINCE, api=True, relation="the main call"),
    "api:bank_results": Row(post=FINANCE, api=True),
    "api:not_found": Row(get=NOBODY, api=True, note="any other /api/ path: a JSON 404"),
}

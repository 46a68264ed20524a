"""The events people wait for, and how each one reaches them.

Every event always lands in the recipient's in-site message box. The table ``POLICIES`` below says, per
event, whether an e-mail goes out unless the user turned it off (``email``), whether a text message is
sent (``sms``: only where missing the news costs the enterprise its subsidy or a payment, so it cannot be
switched off), and whose preferences page lists it (``audience``: only a filter for that page — anyone
may be notified of anything).
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleKind


class Event(models.TextChoices):
    REGISTRATION_SUBMITTED = "registration_submitted", _("新的企业注册待确认")
    REGISTRATION_CONFIRMED = "registration_confirmed", _("企业注册已确认")
    REGISTRATION_REFUSED = "registration_refused", _("企业注册未通过确认")
    APPLICATION_SUBMITTED = "application_submitted", _("申报已提交/受理")
    CORRECTION_REQUESTED = "correction_requested", _("申报需要补正")
    CORRECTION_DEADLINE_NEAR = "correction_deadline_near", _("补正期限临近")
    CORRECTION_DEADLINE_EXTENDED = "correction_deadline_extended", _("补正期限已延长")
    CORRECTION_LAPSED = "correction_lapsed", _("逾期未补正，视为放弃")
    REVIEW_PASSED = "review_passed", _("市级初审通过")
    REVIEW_REJECTED = "review_rejected", _("市级初审未通过")
    REVIEW_FINISHED = "review_finished", _("市级初审已完成")
    FORWARDED_TO_PROVINCE = "forwarded_to_province", _("申报已报送省局")
    RETURNED_BY_PROVINCE = "returned_by_province", _("省局退回申报")
    CITY_REVIEW_DEADLINE_NEAR = "city_review_deadline_near", _("市级初审截止临近")
    CITY_REVIEW_OVERDUE = "city_review_overdue", _("市级初审已逾期")
    SCORES_TO_MODERATE = "scores_to_moderate", _("评分存在异常值待组长复核")
    EVALUATION_ASSIGNED = "evaluation_assigned", _("分配了评审任务")
    SCORE_DUE = "score_due", _("评分截止临近")
    NOTICE_PUBLISHED = "notice_published", _("拟补助名单已公示")
    APPROVED = "approved", _("补助已批准")
    NOT_APPROVED = "not_approved", _("补助未获批准")
    PAYMENT_RECORDED = "payment_recorded", _("补助资金已拨付")
    PAYMENT_FAILED = "payment_failed", _("补助资金拨付失败")
    FORFEITED = "forfeited", _("补助资格已取消")
    LEDGER_DUE = "ledger_due", _("季度台账待报送")
    LEDGER_REOPENED = "ledger_reopened", _("季度台账已退回修改")
    JOB_FINISHED = "job_finished", _("后台任务已完成")

    @property
    def policy(self) -> Policy:
        return POLICIES[self]


class Policy(NamedTuple):
    email: bool  # sent unless the user turned it off on the preferences page
    sms: bool  # always sent to a mobile number on file: the urgent few only
    audience: tuple[str, ...]  # roles whose preferences page lists the event


ENTERPRISE = (RoleKind.ENTERPRISE,)
REVIEWER = (RoleKind.CITY_REVIEWER,)
EXPERTS = (RoleKind.EXPERT, RoleKind.PANEL_LEAD)
PROVINCE = (RoleKind.ADMIN,)
FINANCE = (RoleKind.FINANCE,)

# fmt: off
POLICIES: dict[Event, Policy] = {
    #                                         e-mail  SMS    audience
    Event.REGISTRATION_SUBMITTED:       Policy(True,  False, REVIEWER),
    Event.REGISTRATION_CONFIRMED:       Policy(True,  False, ENTERPRISE),
    Event.REGISTRATION_REFUSED:         Policy(True,  False, ENTERPRISE),
    Event.APPLICATION_SUBMITTED:        Policy(False, False, ENTERPRISE + REVIEWER),  # the receipt is on screen
    Event.CORRECTION_REQUESTED:         Policy(True,  True,  ENTERPRISE),
    Event.CORRECTION_DEADLINE_NEAR:     Policy(True,  True,  ENTERPRISE),
    Event.CORRECTION_DEADLINE_EXTENDED: Policy(True,  False, ENTERPRISE),
    Event.CORRECTION_LAPSED:            Policy(True,  False, ENTERPRISE + REVIEWER),
    Event.REVIEW_PASSED:                Policy(True,  False, ENTERPRISE),
    Event.REVIEW_REJECTED:              Policy(True,  False, ENTERPRISE),
    Event.REVIEW_FINISHED:              Policy(True,  False, ENTERPRISE + REVIEWER),
    Event.FORWARDED_TO_PROVINCE:        Policy(False, False, ENTERPRISE + PROVINCE),
    Event.RETURNED_BY_PROVINCE:         Policy(True,  True,  REVIEWER + ENTERPRISE),
    Event.CITY_REVIEW_DEADLINE_NEAR:    Policy(True,  False, REVIEWER),
    Event.CITY_REVIEW_OVERDUE:          Policy(True,  False, REVIEWER),
    Event.SCORES_TO_MODERATE:           Policy(True,  False, EXPERTS),
    Event.EVALUATION_ASSIGNED:          Policy(True,  False, EXPERTS),
    Event.SCORE_DUE:                    Policy(True,  False, EXPERTS),
    Event.NOTICE_PUBLISHED:             Policy(True,  False, ENTERPRISE + REVIEWER),
    Event.APPROVED:                     Policy(True,  False, ENTERPRISE + REVIEWER),
    Event.NOT_APPROVED:                 Policy(True,  False, ENTERPRISE),
    Event.PAYMENT_RECORDED:             Policy(True,  False, ENTERPRISE),
    Event.PAYMENT_FAILED:               Policy(True,  True,  ENTERPRISE + FINANCE),
    Event.FORFEITED:                    Policy(True,  False, ENTERPRISE + FINANCE),
    Event.LEDGER_DUE:                   Policy(True,  False, REVIEWER),
    Event.LEDGER_REOPENED:              Policy(True,  False, REVIEWER),
    Event.JOB_FINISHED:                 Policy(False, False, REVIEWER + PROVINCE + FINANCE),  # page shows progress
}
# fmt: on


def events_for(role_kinds: list[str]) -> list[Event]:
    """The events a user with these roles would want to choose about; every event for a user with no role."""
    if not role_kinds:
        return list(Event)
    return [event for event in Event if set(event.policy.audience) & set(role_kinds)]

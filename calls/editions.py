"""Which rules edition may govern a call. The rules engine (scoring) owns the editions; this asks it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from scoring.editions import EditionSelectionError, get_edition, released_edition_ids, select_edition


def problem_with(edition_id: str, programme: str, cycle_year: int) -> str | None:
    """None when the edition may govern a call of this programme and cycle year, else the reason in words."""
    try:
        edition = get_edition(edition_id)
    except KeyError:
        known = "、".join(released_edition_ids(programme)) or _("无")
        return _("未知的规则版本“%(id)s”；可选：%(known)s") % {"id": edition_id, "known": known}
    if edition.programme != programme:
        return _("规则版本“%(id)s”不适用于该补助项目") % {"id": edition_id}
    if edition.status != "released":
        return _("规则版本“%(id)s”尚未发布（%(status)s），只能试算，不能用于申报批次") % {
            "id": edition_id,
            "status": edition.status,
        }
    if cycle_year not in edition.cycle_years:
        years = "、".join(str(year) for year in sorted(edition.cycle_years))
        return _("规则版本“%(id)s”适用于%(years)s年的补助周期，不适用于%(year)d年") % {
            "id": edition_id,
            "years": years,
            "year": cycle_year,
        }
    try:
        chosen = select_edition(programme, cycle_year)
    except EditionSelectionError as exc:
        return _("补助周期%(year)d年的规则版本不唯一或不存在：%(detail)s") % {"year": cycle_year, "detail": exc}
    if chosen.id != edition_id:
        return _("%(year)d年补助周期应适用规则版本“%(id)s”") % {"year": cycle_year, "id": chosen.id}
    return None

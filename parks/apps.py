from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParksConfig(AppConfig):
    name = "parks"
    verbose_name = _("入园惠企")
    audit_labels = {
        "parks.parklistload.loaded": _("导入年度重点园区名单"),
        "parks.parkyear.target_changed": _("修改园区年度目标"),
        "parks.parkfinancing.recorded": _("登记园区质押融资"),
        "parks.parkfinancing.withdrawn": _("撤销园区质押融资登记"),
    }

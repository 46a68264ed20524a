"""The 15 issuing bodies: the provincial bureau and the bureaus of the 14 units.

The 文号 prefixes below are PLACEHOLDERS built on the usual pattern (city abbreviation + 市监知): the
bureaus' real prefixes were not known when this was written. Staff correct them in Django admin
(发文机关); numbers already issued keep the text they were printed with.
"""

from django.db import migrations

PROVINCE = ("PROV", "河北省市场监督管理局", "冀市监知")
UNIT_PREFIXES = {
    "SJZ": "石市监知",
    "TS": "唐市监知",
    "QHD": "秦市监知",
    "HD": "邯市监知",
    "XT": "邢市监知",
    "BD": "保市监知",
    "ZJK": "张市监知",
    "CD": "承市监知",
    "CZ": "沧市监知",
    "LF": "廊市监知",
    "HS": "衡市监知",
    "DZ": "定市监知",
    "XJ": "辛市监知",
    "XA": "雄安执法知",
}


def load(apps, schema_editor):
    Issuer = apps.get_model("documents", "Issuer")
    Unit = apps.get_model("places", "Unit")
    code, name, prefix = PROVINCE
    Issuer.objects.update_or_create(code=code, defaults={"name": name, "prefix": prefix, "unit": None})
    for unit in Unit.objects.filter(code__in=UNIT_PREFIXES).order_by("order"):
        Issuer.objects.update_or_create(
            code=unit.code, defaults={"name": unit.authority, "prefix": UNIT_PREFIXES[unit.code], "unit": unit}
        )


def unload(apps, schema_editor):
    apps.get_model("documents", "Issuer").objects.filter(code__in=[PROVINCE[0], *UNIT_PREFIXES]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("places", "0002_the_14_units")]
    operations = [migrations.RunPython(load, unload)]

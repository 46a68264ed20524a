"""The 14 units that receive the yearly call (domain.md §2): 11 cities, 定州, 辛集, 雄安新区."""

from django.db import migrations

UNITS = [
    # code, name, kind, authority
    ("SJZ", "石家庄市", "prefecture", "石家庄市市场监督管理局"),
    ("TS", "唐山市", "prefecture", "唐山市市场监督管理局"),
    ("QHD", "秦皇岛市", "prefecture", "秦皇岛市市场监督管理局"),
    ("HD", "邯郸市", "prefecture", "邯郸市市场监督管理局"),
    ("XT", "邢台市", "prefecture", "邢台市市场监督管理局"),
    ("BD", "保定市", "prefecture", "保定市市场监督管理局"),
    ("ZJK", "张家口市", "prefecture", "张家口市市场监督管理局"),
    ("CD", "承德市", "prefecture", "承德市市场监督管理局"),
    ("CZ", "沧州市", "prefecture", "沧州市市场监督管理局"),
    ("LF", "廊坊市", "prefecture", "廊坊市市场监督管理局"),
    ("HS", "衡水市", "prefecture", "衡水市市场监督管理局"),
    ("DZ", "定州市", "direct", "定州市市场监督管理局"),
    ("XJ", "辛集市", "direct", "辛集市市场监督管理局"),
    ("XA", "雄安新区", "new_area", "雄安新区综合执法局"),
]


def load(apps, schema_editor):
    Unit = apps.get_model("places", "Unit")
    for order, (code, name, kind, authority) in enumerate(UNITS, start=1):
        Unit.objects.update_or_create(code=code, defaults={"name": name, "kind": kind, "authority": authority, "order": order})


def unload(apps, schema_editor):
    apps.get_model("places", "Unit").objects.filter(code__in=[u[0] for u in UNITS]).delete()


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

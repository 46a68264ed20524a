"""The 2022 plan's figures, the default for every year without its own (seed item 二 and 四)."""

from django.db import migrations

NOTE = (
    "《2022年河北省专利商标质押融资和知识产权保险工作推进计划》第二项：各市于每季度第一个月10日前向省局报送上季度工作台账，"
    "报送情况作为年度工作评价基础；第四项：各市至少每季度组织一次政银企对接活动。"
)


def load(apps, schema_editor):
    PlanYear = apps.get_model("ledger", "PlanYear")
    PlanYear.objects.get_or_create(year=2022, defaults={"due_day": 10, "matchmaking_per_quarter": 1, "note": NOTE})


def unload(apps, schema_editor):
    apps.get_model("ledger", "PlanYear").objects.filter(year=2022).delete()


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

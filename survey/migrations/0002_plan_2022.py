"""The 2022 plan (附件5, item 三): each unit surveys at least 50 enterprises and sends Form B by 10 April."""

from datetime import date

from django.db import migrations

NOTE = (
    "2022年河北省专利商标质押融资和知识产权保险工作推进计划 三：按照企业自愿的原则，各市调查企业不少于50家"
    "（省局“服务企业行”活动100家龙头企业为重点调研企业），于4月10日前将《知识产权质押融资信息采集表》报省局汇总。"
)


def load(apps, schema_editor):
    SurveyPlan = apps.get_model("survey", "SurveyPlan")
    SurveyPlan.objects.get_or_create(year=2022, defaults={"target": 50, "deadline": date(2022, 4, 10), "note": NOTE})


def unload(apps, schema_editor):
    apps.get_model("survey", "SurveyPlan").objects.filter(year=2022).delete()


class Migration(migrations.Migration):
    dependencies = [("survey", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

"""manage.py load_parks FILE --year YYYY: every bad row reported with its line; nothing written unless clean."""

import pytest
from django.core.management import CommandError, call_command

from audit.models import Entry
from parks.models import ParkListLoad, ParkYear
from places.models import Park

HEADER = "单位代码,园区名称,类别,年度目标（笔）,备注\n"


def write(tmp_path, body: str, name="parks-2023.csv"):
    path = tmp_path / name
    path.write_text("# 说明行\n" + HEADER + body, encoding="utf-8")
    return path


def test_bad_rows_are_reported_by_line_and_nothing_is_written(db, tmp_path):
    path = write(
        tmp_path,
        "SJZ,石家庄高新技术产业开发区,key_national,8,\n"  # line 3: fine
        "XYZ,未知单位园区,other,3,\n"  # line 4: unknown unit
        "BD,石家庄高新技术产业开发区,national,6,\n"  # line 5: duplicate name (and it belongs to SJZ)
        "TS,唐山新园区,other,三,\n"  # line 6: bad target
        "TS,唐山另一园区,other,0,\n"  # line 7: target below 1
        "HD,邯郸新园区,provincial,3,\n",  # line 8: unknown category
    )
    parks_before = Park.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("load_parks", str(path), "--year", "2023")
    message = str(refused.value)
    assert "第4行（单位代码）：没有代码或名称为“XYZ”的单位" in message
    assert "第5行（园区名称）：园区“石家庄高新技术产业开发区”与第3行重复" in message
    assert "第6行（年度目标（笔））" in message and "“三”" in message
    assert "第7行（年度目标（笔））" in message
    assert "第8行（类别）" in message
    assert "第3行" not in message.replace("与第3行重复", "")
    assert ParkYear.objects.of_year(2023).count() == 0
    assert Park.objects.count() == parks_before and not ParkListLoad.objects.filter(year=2023).exists()


def test_a_clean_file_replaces_the_years_list_with_one_audit_entry(db, tmp_path):
    path = write(tmp_path, "SJZ,石家庄高新技术产业开发区,key_national,10,\n石家庄市,石家庄新园区,其他重点园区,4,\n")
    call_command("load_parks", str(path), "--year", "2023")
    assert dict(ParkYear.objects.of_year(2023).values_list("park__name", "target")) == {
        "石家庄高新技术产业开发区": 10,
        "石家庄新园区": 4,
    }
    assert Park.objects.get(name="石家庄新园区").unit.code == "SJZ"
    assert ParkYear.objects.of_year(2022).count() == 29  # other years untouched
    loaded = ParkListLoad.objects.get(year=2023)
    assert Entry.objects.for_object(loaded).get().action == "parks.parklistload.loaded"

    call_command("load_parks", str(write(tmp_path, "SJZ,石家庄新园区,other,5,\n")), "--year", "2023")
    assert dict(ParkYear.objects.of_year(2023).values_list("park__name", "target")) == {"石家庄新园区": 5}


def test_a_park_cannot_change_unit_through_a_years_file(db, tmp_path):
    path = write(tmp_path, "BD,石家庄高新技术产业开发区,key_national,8,\n")
    with pytest.raises(CommandError, match="第3行（单位代码）：园区“石家庄高新技术产业开发区”已属于其他单位"):
        call_command("load_parks", str(path), "--year", "2023")


def test_a_wrong_header_is_refused(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("单位,名称,目标\nSJZ,某园区,3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第1行：表头应为"):
        call_command("load_parks", str(path), "--year", "2023")


def test_the_shipped_file_reloads_cleanly(db):
    from pathlib import Path

    import parks

    call_command("load_parks", str(Path(parks.__file__).parent / "data" / "parks-2022.csv"), "--year", "2022")
    assert ParkYear.objects.of_year(2022).count() == 29

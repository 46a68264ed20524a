"""The 2022 key-park list and targets (plan item 七), loaded from parks/data/parks-2022.csv.

The names are UNVERIFIED placeholders except the three national high-tech zones the plan names: the province
replaces them with ``manage.py load_parks FILE --year 2022``. Reference data, like places' units: no audit entry.
"""

import hashlib
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "parks-2022.csv"


def load(apps, schema_editor):
    from parks.loading import apply_rows, parse

    Unit = apps.get_model("places", "Unit")
    Park = apps.get_model("places", "Park")
    ParkYear = apps.get_model("parks", "ParkYear")
    ParkListLoad = apps.get_model("parks", "ParkListLoad")
    content = DATA.read_bytes()
    units = {u.code: u.pk for u in Unit.objects.all()} | {u.name: u.pk for u in Unit.objects.all()}
    rows, problems = parse(content.decode("utf-8-sig"), units, dict(Park.objects.values_list("name", "unit_id")))
    if problems:
        raise RuntimeError("\n".join(str(p) for p in problems))
    apply_rows(rows, 2022, Park, ParkYear)
    ParkListLoad.objects.create(
        year=2022, file_name=DATA.name, sha256=hashlib.sha256(content).hexdigest(), parks=len(rows)
    )


def unload(apps, schema_editor):
    apps.get_model("parks", "ParkYear").objects.filter(year=2022).delete()
    apps.get_model("parks", "ParkListLoad").objects.filter(year=2022, loaded_by=None).delete()


class Migration(migrations.Migration):
    dependencies = [("parks", "0001_initial"), ("places", "0002_the_14_units")]
    operations = [migrations.RunPython(load, unload)]

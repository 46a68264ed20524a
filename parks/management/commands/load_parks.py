"""manage.py load_parks FILE --year YYYY: replace a year's key-park list and targets from a CSV file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from parks import loading


class Command(BaseCommand):
    help = "导入某年度入园惠企重点园区名单及目标（CSV）：逐行校验，有任何错误则不写入"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--by", help="username recorded as the loader (default: system)")

    def handle(self, *args, file: Path, year: int, by: str | None = None, **options):
        if not file.is_file():
            raise CommandError(f"文件不存在：{file}")
        actor = None
        if by:
            actor = User.objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"没有用户名为“{by}”的用户")
        try:
            loaded = loading.load(file.read_bytes(), year=year, by=actor, file_name=file.name)
        except loading.ParkListRefused as refused:
            lines = "\n".join(f"  {problem}" for problem in refused.problems)
            raise CommandError(f"{file.name}有{len(refused.problems)}处错误，未写入任何数据：\n{lines}") from None
        self.stdout.write(self.style.SUCCESS(f"{year}年：导入{loaded.parks}个园区（{file.name}）"))

"""Import an earlier year's award list from the command line, with the same checks as the upload page."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from patents import imports


class Command(BaseCommand):
    help = "导入历年补助名单（.xlsx，模板格式）：逐行检查，全部无误才写入；--dry-run 只检查"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", required=True, help="导入人的用户名（须为省局管理员）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")

    def handle(self, *args, file: Path, by: str, dry_run: bool, **options):
        try:
            user = User.objects.get(username=by)
        except User.DoesNotExist:
            raise CommandError(f"没有用户名为“{by}”的用户") from None
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {file}：{exc.strerror}") from None
        if dry_run:
            preview = imports.check_file(content, file.name)
        else:
            try:
                batch = imports.commit(content, file.name, user)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
            except imports.ImportRefused as exc:
                preview = exc.preview
            else:
                self.stdout.write(self.style.SUCCESS(f"已导入 {batch.file_name}：{batch.row_count} 行"))
                return
        for problem in preview.problems:
            self.stderr.write(str(problem))
        if preview.problems:
            raise CommandError(f"{file.name}：发现 {len(preview.problems)} 处问题，未写入任何数据")
        self.stdout.write(
            f"检查通过：{len(preview.rows)} 行，补助金额合计 {preview.total_amount} 元（--dry-run，未写入）"
        )

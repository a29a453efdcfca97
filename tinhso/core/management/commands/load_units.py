from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core.importers import ImportFailed, import_admin_units


class Command(BaseCommand):
    help = (
        "Import administrative units from a CSV (code,name,kind,parent_code[,boundary]) "
        "or GeoJSON FeatureCollection (same names as properties). All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        try:
            result = import_admin_units(path)
        except ImportFailed as exc:
            raise CommandError("Không nhập gì cả. Lỗi:\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(
            f"Đã tạo {result.created}, cập nhật {result.updated}, "
            f"giữ nguyên {result.unchanged} đơn vị hành chính."
        )

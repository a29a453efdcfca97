from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core.importers import ImportFailed
from tinhso.services.catalogue_import import import_procedures


class Command(BaseCommand):
    help = (
        "Import procedures from the national catalogue's export (CSV or XLSX, a column "
        "per field: Mã thủ tục, Tên thủ tục, Cấp thực hiện, Lĩnh vực, Cơ quan thực hiện, "
        "Thời hạn giải quyết, Phí lệ phí, Thành phần hồ sơ, Kết quả thực hiện, Căn cứ pháp "
        "lý, Mức độ). All or nothing; a known code is updated in place."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and write nothing"
        )

    def handle(self, *args: Any, path: Path, dry_run: bool, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}")
        try:
            result = import_procedures(path, dry_run=dry_run)
        except ImportFailed as exc:
            raise CommandError("Không nhập gì cả. Lỗi:\n" + "\n".join(exc.errors)) from exc
        verb = "Sẽ" if dry_run else "Đã"
        self.stdout.write(
            f"{verb} tạo {result.created}, cập nhật {result.updated}, "
            f"giữ nguyên {result.unchanged} thủ tục."
        )

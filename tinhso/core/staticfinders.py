"""Serve single files from installed wheels as static files.

plotly ships plotly.min.js inside its wheel next to datasets we do not want
collected; Django's finders take whole folders, so this one takes named files.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# static path → (package, path inside the package)
PACKAGE_FILES = {"plotly/plotly.min.js": ("plotly", "package_data/plotly.min.js")}


def _locate(package: str, inside: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location, inside)
        if path.is_file():
            return path
    return None


class PackageFileFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        # Nothing found is [] whatever was asked, as Django's own finders answer:
        # django.contrib.staticfiles.finders.find() adds a None to its matches and
        # returns [None], which WhiteNoise then stat()s — a missing /static/ file was a
        # 500 in development.
        found = _locate(*PACKAGE_FILES[path]) if path in PACKAGE_FILES else None
        if found is None:
            return []
        return [str(found)] if find_all or kwargs.get("all") else str(found)

    def list(self, ignore_patterns: Any) -> Any:
        for static_path, spec in PACKAGE_FILES.items():
            found = _locate(*spec)
            if found is not None:
                storage = FileSystemStorage(location=str(found.parent))
                storage.prefix = str(Path(static_path).parent)  # type: ignore[attr-defined]
                yield found.name, storage

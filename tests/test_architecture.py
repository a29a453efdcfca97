"""The floors of docs/architecture.md hold: core imports no app, domain apps do not
import each other, the IOC reads the apps through core's registries, and the vision
worker runs without Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tinhso import floors

ROOT = Path(__file__).resolve().parent.parent


def test_no_import_breaks_the_floors() -> None:
    assert floors.violations() == []


def test_the_rules_catch_each_kind_of_wrong_arrow() -> None:
    """The checker itself: one made-up arrow of each forbidden kind is reported."""

    def arrow(app: str, target: str, *names: str) -> floors.Arrow:
        return floors.Arrow("x.py", 1, app, target, target.split(".")[1], names)

    wrong = [
        arrow("core", "tinhso.accounts.permissions", "roles_of"),
        arrow("reports", "tinhso.services.models", "Procedure"),
        arrow("ioc", "tinhso.traffic.models", "Violation"),
        arrow("services", "tinhso.ioc.models", "Indicator"),
        arrow("traffic", "tinhso.accounts.views", "_safe_next"),
        arrow("vision", "tinhso.core.models", "OrgUnit"),
        arrow("services", "tinhso.vision.plates", "display"),
    ]
    assert len(floors.violations(wrong)) == len(wrong)
    right = [
        arrow("services", "tinhso.accounts.permissions", "role_required"),
        arrow("ioc", "tinhso.core.derived", "value"),
        arrow("traffic", "tinhso.vision.plates", "display"),
        arrow("vision", "tinhso.core.outbound", "fetch"),
    ]
    assert floors.violations(right) == []


def test_the_vision_worker_imports_no_django() -> None:
    """Every vision module imports in a fresh interpreter without loading Django, so
    the worker can run on an edge box without the web application."""
    modules = sorted(
        "tinhso.vision." + p.stem
        for p in (ROOT / "tinhso" / "vision").glob("*.py")
        if p.stem != "__init__"
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as exc:  # an optional extra (PyTorch) is not installed\n"
        "        if 'django' in str(exc): raise\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout

"""Which part of Tỉnh số may import which: the floors of docs/architecture.md.

    core → accounts → exchange → domain apps (services, reports, traffic, documents,
    meetings, broadcast)
         → assistant, ioc

An arrow may point down, never up; domain apps do not import each other, and the IOC
knows the domain apps only through core's registries (what they register in their
``AppConfig.ready``). ``vision`` is
beside the floors: plain Python (no Django), used by ``traffic`` at the edge.

Read by the import-direction test (tests/test_architecture.py) and by
``scripts/code_metrics.py``; nothing at run time imports this module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

# Lower number = lower floor. Apps on the same floor are neighbours.
FLOORS: dict[str, int] = {
    "core": 0,
    "vision": 0,
    "accounts": 1,
    # The data-exchange axis: the domain apps and the IOC call other systems through it.
    "exchange": 2,
    "services": 3,
    "reports": 3,
    "traffic": 3,
    "documents": 3,
    "meetings": 3,
    "broadcast": 3,
    "assistant": 4,
    "ioc": 4,
}
# ``vision`` may use these core modules because they are Django-free.
VISION_MAY_USE = {"tinhso.core.outbound"}


@dataclass(frozen=True)
class Arrow:
    source: str  # the file, relative to the repository
    line: int
    app: str  # the importing app
    target: str  # the imported module
    target_app: str
    names: tuple[str, ...]  # the names taken from it (empty for `import x`)


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "tinhso" and parts[1] in FLOORS:
        return parts[1]
    return None


def arrows() -> list[Arrow]:
    """Every import from one app of ``tinhso`` into another (migrations left out)."""
    found: list[Arrow] = []
    root = PACKAGE.parent
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(root)
        if "migrations" in rel.parts:
            continue
        app = _app_of(".".join(rel.with_suffix("").parts))
        if app is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [(node.module, tuple(a.name for a in node.names))]
            elif isinstance(node, ast.Import):
                targets = [(a.name, ()) for a in node.names]
            else:
                continue
            for module, names in targets:
                target_app = _app_of(module)
                if target_app and target_app != app:
                    found.append(Arrow(str(rel), node.lineno, app, module, target_app, names))
    return found


def violations(found: list[Arrow] | None = None) -> list[str]:
    """The arrows that break the floors, each as one readable line."""
    out = []
    for arrow in arrows() if found is None else found:
        where = f"{arrow.source}:{arrow.line} imports {arrow.target}"
        if arrow.app == "vision":
            if arrow.target not in VISION_MAY_USE:
                out.append(f"{where}: vision stays free of Django and of the apps")
        elif arrow.target_app == "vision" and arrow.app != "traffic":
            out.append(f"{where}: only traffic drives the vision worker")
        elif FLOORS[arrow.target_app] > FLOORS[arrow.app]:
            out.append(f"{where}: an arrow up (use a registry in core instead)")
        elif arrow.app == "ioc" and FLOORS[arrow.target_app] == FLOORS["services"]:
            out.append(f"{where}: the IOC reads the apps through core's registries")
        elif FLOORS[arrow.target_app] == FLOORS[arrow.app]:
            out.append(f"{where}: domain apps do not import each other")
        else:
            private = [n for n in arrow.names if n.startswith("_")]
            if private or any(p.startswith("_") for p in arrow.target.split(".")[2:]):
                out.append(f"{where}: a private name of another app ({', '.join(private)})")
    return out

"""The figures issue 12 asked for, before and after a redesign step.

    .venv/bin/python scripts/code_metrics.py

Prints the largest modules, the functions over 80 lines, and the arrows that break the
floors of docs/architecture.md (tinhso/floors.py). Duplicated blocks are counted by the
tool library's `duplicates --min-lines 10` (not part of the repository).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tinhso import floors  # noqa: E402


def modules() -> list[Path]:
    return [p for p in (ROOT / "tinhso").rglob("*.py") if "migrations" not in p.parts]


def long_functions(limit: int = 80) -> list[tuple[int, str]]:
    found = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    rel = path.relative_to(ROOT)
                    found.append((length, f"{rel}:{node.lineno} {node.name}"))
    return sorted(found, reverse=True)


def main() -> None:
    sizes = sorted(
        ((len(p.read_text(encoding="utf-8").splitlines()), p) for p in modules()), reverse=True
    )
    print("largest modules (lines):")
    for lines, path in sizes[:5]:
        print(f"  {lines:5d}  {path.relative_to(ROOT)}")
    functions = long_functions()
    print(f"functions over 80 lines: {len(functions)}")
    for length, name in functions:
        print(f"  {length:5d}  {name}")
    broken = floors.violations()
    print(f"arrows that break the floors: {len(broken)}")
    for line in broken:
        print(f"  {line}")


if __name__ == "__main__":
    main()

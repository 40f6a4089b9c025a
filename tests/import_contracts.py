"""An import-linter contract of our own: a service module does not reach into another service module's private
(`_`-prefixed) names; what one service offers another is public (DESIGN.md §2). import-linter's own contracts work
on modules, not on the names imported from them, so this one reads each module's source (`from X import _name`
and `module._name` after `from desktop_app.services import module`). Named in pyproject.toml's contract_types;
`lint-imports` runs it beside the layers. tests/test_private_names.py tests the reader itself."""

from __future__ import annotations

import ast
from pathlib import Path

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, output

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ROOT / "desktop_app" / "services"
PACKAGE = "desktop_app.services"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SERVICES.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _owner(module: str) -> str:
    """The service a module belongs to: desktop_app.services.app_reader.listing -> ...app_reader."""
    return ".".join(module.split(".")[:3])


def private_reaches(source: str, me: str) -> list[str]:
    """`from <another service> import _name`, and `<another service module>._name`, in module `me`'s source."""
    tree = ast.parse(source)
    found: list[str] = []
    modules: dict[str, str] = {}  # local name -> another service's module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            source = node.module
            for alias in node.names:
                if source.startswith(PACKAGE + ".") and _owner(source) != _owner(me) and _is_private(alias.name):
                    found.append(f"{me}:{node.lineno} from {source} import {alias.name}")
                if source == PACKAGE or source.startswith(PACKAGE + "."):
                    module = f"{source}.{alias.name}"
                    if _owner(module) != _owner(me) and (SERVICES.parent.parent / Path(*module.split("."))).with_suffix(
                            ".py").exists():
                        modules[alias.asname or alias.name] = module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE + ".") and _owner(alias.name) != _owner(me) and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules \
                and _is_private(node.attr):
            found.append(f"{me}:{node.lineno} {modules[node.value.id]}.{node.attr}")
    return found



def service_private_reaches() -> list[str]:
    """Every reach into another service's private names, in every module under desktop_app/services/."""
    return [reach for path in sorted(SERVICES.rglob("*.py"))
            for reach in private_reaches(path.read_text(encoding="utf-8"), _module_name(path))]


class PrivateNamesContract(Contract):
    """`type = "private_names"`: no module of desktop_app.services imports another service's private names."""

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        found = service_private_reaches()
        return ContractCheck(kept=not found, warnings=None, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for reach in check.metadata["found"]:
            output.print_error(reach)
            output.new_line()

"""A service module does not reach into another service module's private (`_`-prefixed) names: what one offers
another is public (DESIGN.md §2). import-linter's contracts work on modules, not on the names imported from them,
so this contract is a test: it reads the imports of every module under desktop_app/services/."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[1] / "desktop_app" / "services"
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


def test_no_service_imports_another_services_private_names() -> None:
    found = [reach for path in sorted(SERVICES.rglob("*.py"))
             for reach in private_reaches(path.read_text(encoding="utf-8"), _module_name(path))]
    assert found == []


def test_the_check_sees_both_ways_of_reaching_in() -> None:
    source = ("from desktop_app.services.enterprise_read import _list, results\n"
              "from desktop_app.services import restore_journal\n"
              "restore_journal._pid_running(1)\n"
              "from desktop_app.services.app_reader.listing import _list_part\n")
    assert private_reaches(source, "desktop_app.services.probe") == [
        "desktop_app.services.probe:1 from desktop_app.services.enterprise_read import _list",
        "desktop_app.services.probe:4 from desktop_app.services.app_reader.listing import _list_part",
        "desktop_app.services.probe:3 desktop_app.services.restore_journal._pid_running",
    ]
    # Within one service (a package) its modules share what they like.
    within = private_reaches(source, "desktop_app.services.app_reader.reader")
    assert len(within) == 2 and not any("_list_part" in reach for reach in within)

"""What the frozen app ships, read from the build venv's installed distributions: their notices and their SBOM.

    python packaging/shipped.py notices OUT      the third-party notices (plain text, shown in Help → About)
    python packaging/shipped.py sbom OUT         a CycloneDX 1.6 JSON SBOM of the same distributions

"Shipped" is the closure of Regvault's own requirements (pyproject's dependencies and its postgresql extra), with
their markers evaluated for the platform this runs on: PyInstaller and what only it needs are build tools and are
not listed. build.py runs this with the build venv's Python, which has `packaging` (PyInstaller needs it).

Each distribution's licence texts are the files its wheel ships (`.dist-info/licenses/`, or LICENSE / COPYING /
NOTICE files in its .dist-info). A distribution that ships none gets the text of its SPDX licence from
`packaging/licenses/` (PySide6 and shiboken6: LGPL-3.0, with GPL-3.0 which it builds on); one with neither
stops the build, naming it, rather than ship a notices file that leaves a licence out.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LICENSES = ROOT / "packaging" / "licenses"
LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS|COPYRIGHT)", re.IGNORECASE)
# Distributions that ship no licence file, and the texts of the licence Regvault uses them under.
FALLBACK_TEXTS = {
    # Qt for Python, dual-licensed: Regvault uses it under the LGPL v3, which is the GPL v3 plus its permissions.
    "pyside6-essentials": ["LGPL-3.0-only", "GPL-3.0-only"],
    "shiboken6": ["LGPL-3.0-only", "GPL-3.0-only"],
}
# Distributions whose metadata names no licence, and the licence their LICENSE file states.
KNOWN_LICENCES = {"peewee": "MIT"}
QT_NOTE = """\
Qt and Qt for Python (PySide6, shiboken6) are used under the GNU Lesser General Public License v3.
This build keeps them as separate shared libraries in its folder, so they can be replaced by a
modified version of the same Qt release. Their source code: https://download.qt.io/official_releases/qt/
and https://download.qt.io/official_releases/QtForPython/ (the release whose version is given below)."""


@dataclass
class Shipped:
    name: str  # as the distribution spells it
    version: str
    licence: str  # an SPDX expression where the metadata has one, else the metadata's words
    home: str
    texts: list[tuple[str, str]] = field(default_factory=list)  # (file name, text)
    requires: list[str] = field(default_factory=list)  # canonical names of shipped distributions it needs

    @property
    def key(self) -> str:
        return canonicalize_name(self.name)

    @property
    def purl(self) -> str:
        return f"pkg:pypi/{self.key}@{self.version}"


def app_requirements() -> list[Requirement]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    return [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["postgresql"]]]


def _wanted(requirement: Requirement, extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in extras | {""})


def closure(roots: list[Requirement]) -> dict[str, Shipped]:
    """Every distribution the roots need on this platform, by canonical name. Raises SystemExit naming a
    distribution that should be installed and is not (the build venv is then not the lock file's)."""
    found: dict[str, Shipped] = {}
    extras_of: dict[str, set[str]] = {}
    queue = [(r, set()) for r in roots if _wanted(r, set())]
    while queue:
        requirement, _ = queue.pop()
        key = canonicalize_name(requirement.name)
        new_extras = set(requirement.extras) - extras_of.get(key, set())
        if key in found and not new_extras:
            continue
        extras_of.setdefault(key, set()).update(requirement.extras)
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            raise SystemExit(f"shipped.py: {requirement.name} is required ({requirement}) but not installed") from None
        if key not in found:
            found[key] = _describe(dist)
        for line in dist.requires or []:
            needed = Requirement(line)
            if _wanted(needed, extras_of[key]):
                needed_key = canonicalize_name(needed.name)
                if needed_key not in found[key].requires:
                    found[key].requires.append(needed_key)
                queue.append((needed, set()))
    return dict(sorted(found.items()))


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    if canonicalize_name(meta["Name"]) in KNOWN_LICENCES:
        return KNOWN_LICENCES[canonicalize_name(meta["Name"])]
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80:
        return text
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " OR ".join(classifiers) or (text.splitlines()[0] if text else "unknown")


def _home(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    if meta.get("Home-page"):
        return meta["Home-page"]
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "source code"):
            return url.strip()
    urls = [e.partition(",")[2].strip() for e in meta.get_all("Project-URL") or []]
    return urls[0] if urls else f"https://pypi.org/project/{dist.metadata['Name']}/"


def _texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    texts = []
    for path in dist.files or []:
        parts = path.parts
        in_metadata = any(p.endswith(".dist-info") for p in parts[:-1])
        located = Path(str(path.locate()))
        if in_metadata and ("licenses" in parts or LICENCE_FILE.match(path.name)) and located.is_file():
            texts.append((path.name, located.read_text(encoding="utf-8", errors="replace").strip()))
    key = canonicalize_name(dist.metadata["Name"])
    if not texts:
        for spdx in FALLBACK_TEXTS.get(key, []):
            texts.append((spdx, (LICENSES / f"{spdx}.txt").read_text(encoding="utf-8").strip()))
    return texts


def _describe(dist: metadata.Distribution) -> Shipped:
    return Shipped(dist.metadata["Name"], dist.version, _licence(dist), _home(dist), _texts(dist))


def python_licence() -> str | None:
    """CPython's own LICENSE (the frozen app carries the interpreter and its standard library)."""
    base = Path(sys.base_prefix)
    for candidate in (base / "LICENSE.txt", base / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
                      / "LICENSE.txt", base / "Resources" / "LICENSE.txt"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8", errors="replace").strip()
    return None


def version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def notices(shipped: dict[str, Shipped]) -> str:
    missing = [s.name for s in shipped.values() if not s.texts]
    if missing:
        raise SystemExit("shipped.py: no licence text found for " + ", ".join(missing)
                         + " (add it to packaging/licenses/ and FALLBACK_TEXTS)")
    python = python_licence()
    width = max(len(f"{s.name} {s.version}") for s in shipped.values())
    licence_width = min(max(len(s.licence) for s in shipped.values()), 48)
    lines = [
        f"Third-party software in Regvault {version()} ({sys.platform}, Python {sys.version.split()[0]})",
        "",
        "Regvault itself is licensed under the Apache License 2.0 (see LICENSE). It includes the following",
        "software, each under its own licence, whose texts follow the list.",
        "",
        QT_NOTE,
        "",
        f"{'Python ' + sys.version.split()[0]:<{width}}  {'PSF-2.0':<{licence_width}}  https://www.python.org/",
    ]
    lines += [f"{s.name + ' ' + s.version:<{width}}  {s.licence:<{licence_width}}  {s.home}" for s in shipped.values()]
    if python is not None:
        lines += ["", "=" * 100, f"Python {sys.version.split()[0]}: LICENSE.txt", "=" * 100, "", python]
    for s in shipped.values():
        for name, text in s.texts:
            lines += ["", "=" * 100, f"{s.name} {s.version}: {name}", "=" * 100, "", text]
    return "\n".join(lines) + "\n"


def _cyclonedx_licences(licence: str) -> list[dict[str, object]]:
    if re.fullmatch(r"[A-Za-z0-9.+-]+( (OR|AND|WITH) [A-Za-z0-9.+()-]+)*", licence) and licence != "unknown":
        return [{"expression": licence}]
    return [{"license": {"name": licence}}]


def sbom(shipped: dict[str, Shipped]) -> dict[str, object]:
    """CycloneDX 1.6: the app as the BOM's component, every shipped distribution as a library with its purl and
    licence, and the dependency graph between them."""
    moment = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = datetime.fromtimestamp(int(moment), UTC) if moment else datetime.now(UTC)
    app = f"pkg:pypi/regvault@{version()}"
    roots = sorted({canonicalize_name(r.name) for r in app_requirements() if _wanted(r, set())} & set(shipped))
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tools": {"components": [{"type": "application", "name": "regvault packaging/shipped.py"}]},
            "component": {"type": "application", "bom-ref": app, "name": "regvault", "version": version(),
                          "purl": app, "licenses": [{"license": {"id": "Apache-2.0"}}]},
            "properties": [{"name": "platform", "value": sys.platform},
                           {"name": "python", "value": sys.version.split()[0]}],
        },
        "components": [
            {"type": "library", "bom-ref": s.purl, "name": s.name, "version": s.version, "purl": s.purl,
             "licenses": _cyclonedx_licences(s.licence),
             "externalReferences": [{"type": "website", "url": s.home}]}
            for s in shipped.values()
        ],
        "dependencies": [{"ref": app, "dependsOn": [shipped[k].purl for k in roots]}] + [
            {"ref": s.purl, "dependsOn": sorted(shipped[k].purl for k in s.requires if k in shipped)}
            for s in shipped.values()
        ],
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("notices", "sbom"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    kind, out = argv[0], Path(argv[1])
    shipped = closure(app_requirements())
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "notices":
        out.write_text(notices(shipped), encoding="utf-8")
    else:
        out.write_text(json.dumps(sbom(shipped), indent=2) + "\n", encoding="utf-8")
    print(f"shipped.py: {kind} of {len(shipped)} distributions written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

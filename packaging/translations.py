"""The window's translations: make the .ts sources from the code, check them, compile them.

    python3 packaging/translations.py update       after changing a string the window shows (then translate)
    python3 packaging/translations.py check        what CI checks: the .ts files are current and complete
    python3 packaging/translations.py compile DIR  the .qm files into DIR (packaging/build.py does this)

Run it with a Python that has PySide6 (the project's venv: `.venv/bin/python packaging/translations.py update`);
it uses the lupdate and lrelease PySide6 ships.

`update` runs Qt's lupdate over desktop_app/ui/ and the sentences the layers below keep for the window
(desktop_app/services/restore_sentences/, marked with QT_TRANSLATE_NOOP), and merges what it finds into
desktop_app/data/translations/regvault_de.ts (every string) and regvault_en.ts (only the plural forms: English needs
"%Ln app(s)" turned into "1 app" / "2 apps" too). New strings come in unfinished, strings no longer in the code go.
Then translate the unfinished ones: in Qt Linguist (`pyside6-linguist desktop_app/data/translations/regvault_de.ts`)
or by hand in the XML (fill <translation>, drop type="unfinished"; plural strings get a <numerusform> per form).

lupdate takes a string's context from the class of `self.tr(...)`, or from the name before `.tr` (a module's
`TrContext`, desktop_app/ui/texts.py), or from the first argument of `QCoreApplication.translate` and
`QT_TRANSLATE_NOOP`. Source locations are left out of the .ts (`-locations none`) and messages are sorted, so the
files change only when strings do, not when code moves.

Only the standard library is imported here; PySide6 is found through the Python running this script.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where lupdate looks: the window's code, and the modules below it that keep sentences the window translates.
SOURCES = (ROOT / "desktop_app" / "ui", ROOT / "desktop_app" / "services" / "restore_sentences")
FOLDER = ROOT / "desktop_app" / "data" / "translations"
# language -> lupdate options of its file (English: only the plural forms, everything else is the source text)
FILES: dict[str, tuple[str, ...]] = {"de": (), "en": ("-pluralonly",)}
LUPDATE_OPTIONS = ("-extensions", "py", "-recursive", "-locations", "none", "-no-obsolete", "-sort-messages",
                   "-source-language", "en")
UPDATE_COMMAND = "python3 packaging/translations.py update"
WHAT_TO_DO = (f"run `{UPDATE_COMMAND}` (with the project's venv Python), then translate what it added to "
              "desktop_app/data/translations/regvault_de.ts (and the English plural forms of any %n string in "
              "regvault_en.ts), and commit both")


def ts_file(language: str) -> Path:
    return FOLDER / f"regvault_{language}.ts"


def qt_tool(name: str) -> Path:
    """lupdate or lrelease as PySide6 ships them, found through the Python running this script."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise SystemExit(f"PySide6 is not installed in {sys.executable}: run this with the project's venv Python "
                         "(.venv/bin/python packaging/translations.py ...)")
    program = Path(spec.origin).parent / (name + (".exe" if sys.platform == "win32" else ""))
    if not program.exists():
        raise SystemExit(f"{program} is missing: PySide6's Qt tools are not installed")
    return program


def lupdate(ts: Path, language: str) -> None:
    subprocess.run([str(qt_tool("lupdate")), *LUPDATE_OPTIONS, *FILES[language], "-target-language", language,
                    *map(str, SOURCES), "-ts", str(ts)], check=True, capture_output=True, text=True)


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    disambiguation: str
    plural: bool
    translations: tuple[str, ...]
    finished: bool


def messages(ts: Path) -> list[Message]:
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{ts.name}: a message without a translation element"
            plural = message.get("numerus") == "yes"
            forms = tuple(form.text or "" for form in translation.iter("numerusform")) if plural \
                else (translation.text or "",)
            status = translation.get("type")
            found.append(Message(name, message.findtext("source") or "", message.findtext("comment") or "", plural,
                                 forms, status is None and all(forms)))
    return found


def stale(language: str) -> bool:
    """Whether `update` would change the language's .ts (a string added, changed or gone in the code)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / ts_file(language).name
        shutil.copyfile(ts_file(language), copy)
        lupdate(copy, language)
        return not filecmp.cmp(copy, ts_file(language), shallow=False)


def unfinished(language: str) -> list[Message]:
    return [m for m in messages(ts_file(language)) if not m.finished]


def update() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for language in FILES:
        before = {(m.context, m.source, m.disambiguation) for m in messages(ts_file(language))} \
            if ts_file(language).exists() else set()
        lupdate(ts_file(language), language)
        after = messages(ts_file(language))
        added = [m for m in after if (m.context, m.source, m.disambiguation) not in before]
        gone = len(before - {(m.context, m.source, m.disambiguation) for m in after})
        todo = [m for m in after if not m.finished]
        print(f"{ts_file(language).relative_to(ROOT)}: {len(after)} strings, {len(added)} new, {gone} gone, "
              f"{len(todo)} to translate")
        for message in todo:
            print(f"    [{message.context}] {message.source!r}")
    return 0


def check() -> int:
    problems = []
    for language in FILES:
        name = ts_file(language).relative_to(ROOT)
        if not ts_file(language).exists():
            problems.append(f"{name} is missing")
            continue
        if stale(language):
            problems.append(f"{name} is not current: the window's strings changed since it was updated")
        todo = unfinished(language)
        if todo:
            problems.append(f"{name} has {len(todo)} strings without a finished translation, e.g. "
                            + "; ".join(f"[{m.context}] {m.source!r}" for m in todo[:3]))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"To fix: {WHAT_TO_DO}.", file=sys.stderr)
        return 1
    print("translations: current and complete")
    return 0


def compile_to(out: Path) -> list[Path]:
    """regvault_<language>.qm for each .ts into `out` (the frozen build ships them)."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for language in FILES:
        qm = out / f"regvault_{language}.qm"
        subprocess.run([str(qt_tool("lrelease")), "-silent", str(ts_file(language)), "-qm", str(qm)], check=True)
        made.append(qm)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="merge the window's strings into the .ts files")
    commands.add_parser("check", help="fail when a .ts file is not current or not fully translated")
    compile_parser = commands.add_parser("compile", help="compile the .ts files into .qm files")
    compile_parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "update":
        return update()
    if args.command == "check":
        return check()
    for qm in compile_to(args.out):
        print(qm)
    return 0


if __name__ == "__main__":
    sys.exit(main())

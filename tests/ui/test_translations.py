"""The window's translations: the .ts files current, every string where lupdate looks for it, the language chosen
as the system says (or REGVAULT_LANGUAGE), English plural forms, Qt's own words."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_scripts import ROOT, load
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.ui import translations
from desktop_app.ui.texts import AppTexts
from desktop_app.ui.translations import chosen_language, locale_for, translations_folder, use_language

script = load("translations")
UI = ROOT / "desktop_app" / "ui"


@pytest.mark.parametrize("language", sorted(script.FILES))
def test_the_ts_file_is_current(language: str) -> None:
    assert not script.stale(language), (
        f"desktop_app/data/translations/regvault_{language}.ts is not current: a string the window shows was "
        f"added, changed or removed. To fix: {script.WHAT_TO_DO}.")


_FORMAT_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}")  # what str.format fills (not "{new client ID}")
_COUNT = re.compile(r"%L?n")


@pytest.mark.parametrize("language", sorted(script.FILES))
def test_every_string_is_translated_with_the_values_it_is_given(language: str) -> None:
    """Every message of the .ts has a finished translation (German: all of them; English: the plural forms), and
    each form uses exactly the {fields} its source is formatted with (one it lacks is a KeyError at run time) and
    the count where the source has one (a singular may say "one" instead)."""
    problems = []
    for message in script.messages(script.ts_file(language)):
        where = f"[{message.context}] {message.source!r}"
        if not message.finished:
            problems.append(f"not translated: {where}")
            continue
        fields = sorted(_FORMAT_FIELD.findall(message.source))
        for index, form in enumerate(message.translations):
            if sorted(_FORMAT_FIELD.findall(form)) != fields:
                problems.append(f"{where}: {form!r} has other {{fields}} than the source")
            if message.plural and index > 0 and not _COUNT.search(form):
                problems.append(f"{where}: the plural form {form!r} does not show the count (%n or %Ln)")
    assert not problems, "\n".join(problems) + f"\nTo fix: {script.WHAT_TO_DO}."


def _tr_calls(tree: ast.Module) -> list[tuple[ast.Call, str]]:
    """Each call of something named `tr` or `translate`, with the receiver's source ('' for a bare call)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Name) and function.id in ("tr", "translate"):
                found.append((node, ""))
            elif isinstance(function, ast.Attribute) and function.attr in ("tr", "translate"):
                found.append((node, ast.unparse(function.value)))
    return found


def _contexts(tree: ast.Module) -> dict[str, str]:
    """Module-level `Name = TrContext("Context")` bindings."""
    bound = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Name) and node.value.func.id == "TrContext":
            argument = node.value.args[0]
            assert isinstance(argument, ast.Constant), ast.unparse(node)
            for target in node.targets:
                assert isinstance(target, ast.Name), ast.unparse(node)
                bound[target.id] = argument.value
    return bound


def _methods_of_classes(tree: ast.Module) -> set[int]:
    """Line numbers inside a class body (where lupdate gives `self.tr` the class as its context)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def test_every_string_is_found_by_lupdate_in_the_context_it_is_looked_up_in() -> None:
    """lupdate names a `tr` call's context after what precedes `.tr`: `self` (the class), a `TrContext` bound to
    that very name, nothing (the empty context) or anything else (`window.tr`: a context "window" that no lookup
    ever uses). Only the first two find the translation at run time."""
    problems = []
    owners: dict[str, Path] = {}
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        contexts = _contexts(tree)
        for name, context in contexts.items():
            if name != context:
                problems.append(f"{where}: {name} = TrContext({context!r}): the name must be the context")
            if context in owners:
                problems.append(f"{where}: context {context} is also {owners[context]}'s")
            owners[context] = where
        in_classes = _methods_of_classes(tree)
        for call, receiver in _tr_calls(tree):
            at = f"{where}:{call.lineno}"
            name = call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id  # type: ignore[union-attr]
            if name == "translate":
                if receiver not in ("QCoreApplication", "QApplication", "QGuiApplication"):
                    continue  # someone else's translate (str.translate, ...)
                literal = bool(call.args) and isinstance(call.args[0], ast.Constant)
                if not literal and where.name != "texts.py":  # TrContext.tr passes its name on
                    problems.append(f"{at}: translate() needs its context as a literal first argument")
                continue
            if receiver == "self":
                if call.lineno not in in_classes:
                    problems.append(f"{at}: self.tr outside a class: lupdate gives it no context")
            elif receiver in contexts:
                pass
            elif receiver == "" and isinstance(call.func, ast.Name):
                problems.append(f"{at}: a bare tr(...): lupdate files it under no context; use self.tr or the "
                                "module's TrContext")
            else:
                problems.append(f"{at}: {receiver}.tr(...): lupdate files it under the context {receiver!r}; use "
                                "self.tr or the module's TrContext")
    assert not problems, "\n".join(problems)


_MARK = re.compile(r"\b(?:QT_TRANSLATE_NOOP|marks\.translate)\(")


def test_lupdate_reads_every_module_that_keeps_sentences_for_the_window() -> None:
    """A module below ui/ may keep sentences the window translates (services/restore_sentences/: marked with
    QT_TRANSLATE_NOOP, or domain/translation_marks.py's translate for one that counts); lupdate finds them only where
    packaging/translations.py points it."""
    read: set[Path] = set()
    for source in script.SOURCES:
        read.update([source] if source.is_file() else source.rglob("*.py"))
    marks = ROOT / "desktop_app" / "domain" / "translation_marks.py"
    marking = {path for path in (ROOT / "desktop_app").rglob("*.py")
               if path != marks and _MARK.search(path.read_text(encoding="utf-8"))}
    assert ROOT / "desktop_app" / "services" / "restore_sentences" / "outcomes.py" in marking
    assert marking <= read, f"lupdate does not read {sorted(str(p.relative_to(ROOT)) for p in marking - read)}"


def test_the_window_offers_every_language_there_is_a_ts_file_for() -> None:
    assert set(translations.LANGUAGES) == set(script.FILES) == {
        path.stem.removeprefix("regvault_") for path in translations_folder().glob("regvault_*.ts")}


def test_the_language_is_the_forced_one_else_the_systems_else_english() -> None:
    assert chosen_language("de", QLocale("en_US")) == "de"
    assert chosen_language("de_AT", QLocale("en_US")) == "de"
    assert chosen_language("", QLocale("de_CH")) == "de"
    assert chosen_language("", QLocale("en_GB")) == "en"
    assert chosen_language("", QLocale("fr_FR")) == "en"  # no French: the source language
    assert chosen_language("xx", QLocale("de_DE")) == "de"  # an unknown forced language: the system's
    # Numbers and dates: the system's own locale when it speaks the language, else the language's main one.
    assert locale_for("de", QLocale("de_CH"), forced="").name() == "de_CH"
    assert locale_for("de", QLocale("en_US"), forced="de").name() == "de_DE"
    assert locale_for("de", QLocale("en_US"), forced="de_AT").name() == "de_AT"
    assert locale_for("en", QLocale("C"), forced="").name() == "en_US"


def test_english_has_its_plural_forms(qapp) -> None:  # type: ignore[no-untyped-def]
    installed = translations.installed_language()
    assert installed is not None and installed.language == "en"
    assert "regvault_en.qm" in installed.files
    for n, words in ((1, "1 app"), (2000, "2,000 apps")):
        assert AppTexts.tr("%Ln app(s)", "", n) == words


def test_german_brings_qts_own_words(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    try:
        installed = use_language(qapp, "de")
        assert installed.files == ["regvault_de.qm", "qtbase_de.qm"]
        assert QLocale().toString(2000) == "2.000"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
    finally:
        use_language(qapp, "en")
    assert QLocale().toString(2000) == "2,000"


@pytest.mark.parametrize(("environment", "expected"), [
    ({"LANG": "de_DE.UTF-8"}, "de de_DE ['regvault_de.qm', 'qtbase_de.qm'] Abbrechen"),
    ({"LANG": "de_AT.UTF-8", "LANGUAGE": "de_AT:en"}, "de de_AT ['regvault_de.qm', 'qtbase_de.qm'] Abbrechen"),
    ({"LANG": "fr_FR.UTF-8"}, "en en_US ['regvault_en.qm'] Cancel"),
    ({"LANG": "C.UTF-8", "REGVAULT_LANGUAGE": "de"}, "de de_DE ['regvault_de.qm', 'qtbase_de.qm'] Abbrechen"),
])
def test_the_application_starts_in_the_systems_language(tmp_path: Path, environment: dict[str, str],
                                                        expected: str) -> None:
    """What a user's session gets: the language from the environment Qt reads it from (LANG, LANGUAGE on Linux), or
    REGVAULT_LANGUAGE, when ui.launch makes the QApplication."""
    script = ("from desktop_app.ui.launch import ensure_application\n"
              "from desktop_app.ui.translations import installed_language\n"
              "from PySide6.QtWidgets import QDialogButtonBox\n"
              "app = ensure_application()\n"
              "language = installed_language()\n"
              "box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)\n"
              "print(language.language, language.locale.name(), language.files,\n"
              "      box.button(QDialogButtonBox.StandardButton.Cancel).text())\n")
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES",
                                                             "REGVAULT_LANGUAGE")}
    env.update({"QT_QPA_PLATFORM": "offscreen", **environment})
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected

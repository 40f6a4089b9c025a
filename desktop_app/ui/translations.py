"""The window's words in the user's language: Qt translators chosen when the application starts.

- The language: `REGVAULT_LANGUAGE` ("de", "en", "de_AT") when set, else the first of the system's UI languages
  (`QLocale.system().uiLanguages()`: LANGUAGE/LC_ALL/LC_MESSAGES/LANG on Linux, the OS's list on Windows and macOS)
  that Regvault has, else English.
- Regvault's words: `regvault_<language>.qm`. English has one too, holding only the plural forms of the source
  strings ("%Ln app(s)" reads "1 app", "2 apps"); German holds every string.
- Qt's own words (standard buttons, a line edit's menu, the wizard's Back/Next): `qtbase_<language>.qm` from Qt's
  translations folder (PySide6 ships it; a frozen build collects it with QtCore).
- Numbers and month names follow the language too (`QLocale.setDefault`): the system's own locale when it speaks
  that language (de_CH keeps its own digit grouping), else the language's main one ("2,000" in English, "2.000"
  in German), whatever the system's format for a language Regvault doesn't have.

Where the .qm files come from: a frozen build ships them compiled (packaging/build.py runs lrelease, the spec puts
them in desktop_app/data/translations). A checkout or a wheel has the .ts sources only; the first start compiles
them there with the lrelease PySide6 ships (again whenever a .ts is newer than its .qm), or into a temporary folder
when the package's folder can't be written. The .ts sources are made by `python3 packaging/translations.py update`.
"""

from __future__ import annotations

import importlib.resources
import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

LANGUAGE_VARIABLE = "REGVAULT_LANGUAGE"
SOURCE_LANGUAGE = "en"
# Every language with a regvault_<code>.ts (the test of the .ts files checks the two agree).
LANGUAGES = ("en", "de")


@dataclass
class InstalledLanguage:
    """What `use_language` installed: the language, its locale, and the translators (kept alive here: Qt holds no
    reference of its own)."""

    language: str
    locale: QLocale
    translators: list[QTranslator] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


_installed: InstalledLanguage | None = None


def translations_folder() -> Path:
    return Path(str(importlib.resources.files("desktop_app") / "data" / "translations"))


def chosen_language(forced: str | None = None, system: QLocale | None = None) -> str:
    """The language code to show the window in: `forced` (REGVAULT_LANGUAGE) first, then the system's UI
    languages in their order; English when none is one Regvault has."""
    forced = os.environ.get(LANGUAGE_VARIABLE, "") if forced is None else forced
    candidates = [forced] if forced else []
    candidates += (system or QLocale.system()).uiLanguages()
    for candidate in candidates:
        code = candidate.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def locale_for(language: str, system: QLocale | None = None, forced: str | None = None) -> QLocale:
    """The locale numbers and dates follow: a forced one as given ("de_AT"), the system's own when it speaks
    `language`, else the language's main one."""
    forced = os.environ.get(LANGUAGE_VARIABLE, "") if forced is None else forced
    if forced and forced.replace("-", "_").split("_")[0].lower() == language and "_" in forced.replace("-", "_"):
        return QLocale(forced.replace("-", "_"))
    system = system or QLocale.system()
    if system.language() == QLocale(language).language():
        return system
    return QLocale(language)


def compiled(language: str) -> Path | None:
    """regvault_<language>.qm: the shipped one, or one compiled from the .ts beside it when that is newer."""
    folder = translations_folder()
    qm, ts = folder / f"regvault_{language}.qm", folder / f"regvault_{language}.ts"
    if not ts.exists():
        return qm if qm.exists() else None
    if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
        return qm
    try:
        return _lrelease(ts, qm)
    except OSError:
        cache = Path(tempfile.gettempdir()) / f"regvault-translations-{os.getuid() if hasattr(os, 'getuid') else 0}"
        cache.mkdir(mode=0o700, exist_ok=True)
        return _lrelease(ts, cache / qm.name)


def lrelease_program() -> Path:
    """Qt's lrelease as PySide6 ships it (the pyside6-lrelease script runs the same program)."""
    return Path(PySide6.__file__).resolve().parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")


def _lrelease(ts: Path, qm: Path) -> Path:
    """Compile into a temporary file beside `qm`, then move it there: processes starting together (the tests' workers)
    never read half a file."""
    handle, temporary = tempfile.mkstemp(prefix=qm.stem + "-", suffix=".qm", dir=qm.parent)
    os.close(handle)
    try:
        subprocess.run([str(lrelease_program()), "-silent", str(ts), "-qm", temporary], check=True,
                       capture_output=True, timeout=60)
        os.replace(temporary, qm)
    except (OSError, subprocess.SubprocessError) as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OSError(f"could not compile {ts.name}: {exc}") from exc
    return qm


def use_language(app: QCoreApplication, language: str | None = None) -> InstalledLanguage:
    """Install the translators of `language` (None: `chosen_language()`), replacing the ones installed before.
    Widgets made afterwards speak it; ones made before keep their words."""
    global _installed
    forced = language
    language = chosen_language(forced)
    if _installed is not None:
        for translator in _installed.translators:
            app.removeTranslator(translator)
    locale = locale_for(language, forced=forced)
    QLocale.setDefault(locale)
    installed = InstalledLanguage(language, locale)
    try:
        own = compiled(language)
    except OSError as exc:
        log.warning("the window's %s words are missing: %s", language, exc)
        own = None
    files = [own] if own is not None else []
    if language != SOURCE_LANGUAGE:
        qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        files.append(qt_folder / f"qtbase_{language}.qm")
    for path in files:
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            installed.translators.append(translator)
            installed.files.append(path.name)
        else:
            log.warning("could not load the translation %s", path)
    _installed = installed
    log.info("window language: %s (%s; %s)", language, locale.name(), ", ".join(installed.files) or "no files")
    return installed


def installed_language() -> InstalledLanguage | None:
    return _installed

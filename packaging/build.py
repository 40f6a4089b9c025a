"""Build the frozen Regvault for the OS this runs on, into `dist/regvault/`.

    python3 packaging/build.py [--fresh] [--python PYTHON]

Any Python 3.11+ runs it: it makes its own build venv (`build/venv`, kept between builds and remade when the lock
file changes; `--fresh` remakes it), installs exactly `packaging/locks/build.txt` into it with its hashes
(PyInstaller, Regvault's dependencies and its postgresql extra; the sign-in broker, `msal[broker]`, on Windows and
macOS), writes the third-party notices and the SBOM of what it ships (`packaging/shipped.py`), compiles the
window's translations (`packaging/translations.py compile`), runs `packaging/regvault.spec`, and reports what it
built and how big it is:

    Linux    dist/regvault/regvault
    Windows  dist/regvault/regvault.exe (windowed) and dist/regvault/regvault-cli.exe (console)
    macOS    dist/regvault/Regvault.app

Only the standard library here: this script runs before any venv exists.
"""

from __future__ import annotations

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - this script runs under whatever python3 is on the machine
    sys.exit("packaging/build.py needs Python 3.11 or later")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import venv  # noqa: E402
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
VENV = BUILD / "venv"
DIST = ROOT / "dist" / "regvault"
SPEC = ROOT / "packaging" / "regvault.spec"
NOTICES = BUILD / "THIRD-PARTY-NOTICES.txt"  # the spec ships it as package data; a copy goes beside the app
SBOM = ROOT / "dist" / "regvault.cdx.json"  # the release workflow publishes it, named for the platform
TRANSLATIONS = BUILD / "translations"  # regvault_<language>.qm, compiled from the .ts sources; the spec ships them
LOCK = ROOT / "packaging" / "locks" / "build.txt"  # the app, its postgresql extra and PyInstaller, with hashes


def version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def install_command(python: Path) -> list[str]:
    """The build venv gets exactly the lock file's distributions, each checked against its hashes (pip refuses
    anything unpinned or unhashed). The app itself is frozen from this checkout, not installed: the spec puts the
    repository first on the import path."""
    return [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--require-hashes",
            "--only-binary=:all:", "-r", str(LOCK)]


def check_lock_is_current() -> None:
    """A lock older than pyproject's requirements would build something pyproject no longer describes."""
    from lock import DIGEST_PREFIX, requirements_digest  # packaging/lock.py, beside this script

    first = LOCK.read_text(encoding="utf-8").split("\n", 1)[0]
    if first != DIGEST_PREFIX + requirements_digest(LOCK.name):
        raise SystemExit(f"{LOCK.relative_to(ROOT)} is older than pyproject.toml's requirements: "
                         "run python3 packaging/lock.py (needs uv) and commit the lock files")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_build_venv(*, fresh: bool) -> Path:
    check_lock_is_current()
    stamp = VENV / "regvault-requirements.txt"
    digest = hashlib.sha256("\n".join([sys.version, LOCK.read_text(encoding="utf-8")]).encode()).hexdigest()
    if not fresh and venv_python().exists() and stamp.exists() and stamp.read_text() == digest:
        print(f"build venv: {VENV.relative_to(ROOT)} (up to date)")
        return venv_python()
    print(f"build venv: creating {VENV.relative_to(ROOT)} with Python {sys.version.split()[0]}")
    if VENV.exists():
        shutil.rmtree(VENV)
    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    run(install_command(venv_python()))
    stamp.write_text(digest)
    return venv_python()


def run(argv: list[str], **kwargs: object) -> None:
    print("+ " + " ".join(argv), flush=True)
    subprocess.run(argv, check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def windows_version_info(path: Path) -> None:
    """The version resource Explorer shows under Properties → Details (PyInstaller's VSVersionInfo format)."""
    parts = [int(p) for p in (version().split(".") + ["0", "0", "0"])[:4] if p.isdigit()]
    numbers = tuple(parts + [0] * (4 - len(parts)))
    strings = {
        "CompanyName": "Regvault", "FileDescription": "Regvault: back up and restore Entra ID app registrations",
        "FileVersion": version(), "InternalName": "regvault", "LegalCopyright": "Regvault",
        "OriginalFilename": "regvault.exe", "ProductName": "Regvault", "ProductVersion": version(),
    }
    entries = ",\n            ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    path.write_text(f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
            {entries}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
""", encoding="utf-8")


def run_time_options(python: Path, executable: Path) -> set[str]:
    """The interpreter options PyInstaller wrote into an executable's archive (its TOC entries of type 'o')."""
    snippet = ("import sys; from PyInstaller.archive.readers import CArchiveReader; "
               "print('\\n'.join(CArchiveReader(sys.argv[1]).options))")
    found = subprocess.run([str(python), "-c", snippet, str(executable)], check=True, capture_output=True, text=True)
    return set(found.stdout.split("\n")) - {""}


def size_of(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def describe_shipped(python: Path) -> None:
    """The third-party notices and the CycloneDX SBOM, from the distributions the build venv will freeze."""
    for kind, out in (("notices", NOTICES), ("sbom", SBOM)):
        run([str(python), str(ROOT / "packaging" / "shipped.py"), kind, str(out)])


def build(python: Path) -> Path:
    BUILD.mkdir(exist_ok=True)
    describe_shipped(python)
    if TRANSLATIONS.exists():
        shutil.rmtree(TRANSLATIONS)
    run([str(python), str(ROOT / "packaging" / "translations.py"), "compile", str(TRANSLATIONS)])
    if sys.platform == "win32":
        windows_version_info(BUILD / "windows-version-info.txt")
    out = BUILD / "pyinstaller"
    if out.exists():
        shutil.rmtree(out)
    run([str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(SPEC)])
    if DIST.exists():
        shutil.rmtree(DIST)
    DIST.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "darwin":
        # BUNDLE has moved the collected files into the .app; the plain folder beside it is not shipped.
        DIST.mkdir()
        shutil.move(str(out / "dist" / "Regvault.app"), DIST / "Regvault.app")
    else:
        shutil.move(str(out / "dist" / "regvault"), DIST)
        # Beside the executables too, where IT looks (the installer's folder, the tarball's top).
        shutil.copy2(ROOT / "LICENSE", DIST / "LICENSE.txt")
        shutil.copy2(NOTICES, DIST / NOTICES.name)
    return DIST


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="remake the build venv")
    args = parser.parse_args(argv)
    started = time.monotonic()
    python = ensure_build_venv(fresh=args.fresh)
    venv_done = time.monotonic()
    dist = build(python)
    total, count = size_of(dist)
    executables = {"win32": ["regvault.exe", "regvault-cli.exe"], "darwin": ["Regvault.app/Contents/MacOS/regvault"]}
    for name in executables.get(sys.platform, ["regvault"]):
        if not (dist / name).exists():
            print(f"build failed: {dist / name} is missing", file=sys.stderr)
            return 1
        if "X utf8_mode=1" not in run_time_options(python, dist / name):
            print(f"build failed: {dist / name} does not run in Python's UTF-8 mode", file=sys.stderr)
            return 1
    print(f"built Regvault {version()} for {sys.platform} in {dist.relative_to(ROOT)}: "
          f"{total / 1e6:.1f} MB in {count} files "
          f"(venv {venv_done - started:.0f} s, PyInstaller {time.monotonic() - venv_done:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

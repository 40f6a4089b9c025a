"""The frozen app's entry point: what `regvault`, `regvault.exe`, `regvault-cli.exe` and Regvault.app start.

PyInstaller freezes a script, not a console-script entry point; this is that script, and nothing more.
"""

import sys

from desktop_app.cli import main

if __name__ == "__main__":
    sys.exit(main())

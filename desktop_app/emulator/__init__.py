"""A local Microsoft Graph v1.0 emulator (stdlib only; shares no code with the client).

    from desktop_app.emulator import Emulator
    with Emulator("contoso:50", seed=1) as emulator:
        emulator.base_url, emulator.token("contoso")
"""

from .runner import Emulator

__all__ = ["Emulator"]

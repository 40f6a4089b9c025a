"""Regvault: back up and restore Microsoft Entra ID app registrations."""

__version__ = "0.1.0"

"""The restore wizard's parts: its pages, its table models and the words for the engine's codes.

`desktop_app.ui.restore_wizard` assembles them into the QWizard the main window opens.
"""

"""The preview's rows as an admin scans them (built on the worker after the dry run): what really changes, in
old → new values under the portal's words; notes apart from warnings (the domain says which is which); apps that
change first (a whole tenant is 1,934 rows, mostly "nothing to change")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.diff import ChangeKind, diff_documents, keyed_collection_field
from desktop_app.domain.natural_sort import natural_key
from desktop_app.domain.restore_plan import Action
from desktop_app.services.restore import PreviewItem, RestorePreview
from desktop_app.ui.path_words import path_words, value_words
from desktop_app.ui.restore.words import access_text, follow_up_text, warning_text

# Lines of old → new one app shows at most (the rest is counted).
MAX_CHANGE_LINES = 40
_VALUE_LIMIT = 80


@dataclass(frozen=True)
class PreviewRow:
    """One app of the preview in the window's words, with its PreviewItem (the codes they were made from)."""

    item: PreviewItem
    change_lines: tuple[str, ...]  # "Redirect URIs: a → a, b"
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    changes_anything: bool
    access: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.item.display_name

    @property
    def app_id(self) -> str:
        return self.item.app_id

    @property
    def action(self) -> Action:
        return self.item.action

    @property
    def changes(self) -> tuple[str, ...]:
        """The properties the plan writes ("web", "owners"): what change_lines says in words."""
        return self.item.changes


def change_lines(before: Mapping[str, Any] | None, after: Mapping[str, Any], properties: Sequence[str]) -> list[str]:
    """Old → new for what the plan writes. `before`: the target as it is (None: the app is created)."""
    if before is None:
        return [_words_of_property(p, after) for p in properties]
    wanted = set(properties)
    lines = []
    for change in diff_documents(before, after):
        path = change.path
        top = str(path[1]) if len(path) > 1 and path[0] == "application" else str(path[0]) if path else ""
        if wanted and top not in wanted:
            continue
        # The side panel's words, the item named ("Expose an API › Scopes defined by this API › Data.Read ›
        # Enabled", not "Enabled"; "Permissions granted › …", not "servicePrincipal.appRoleAssignments").
        label = path_words(path, after, before)
        if change.kind is not ChangeKind.CHANGED and path and keyed_collection_field(path[:-1]) is not None:
            label = path_words(path[:-1], after, before)  # a whole item: its value names it ("Owners: + Dev Xu")
        if change.kind == ChangeKind.ADDED:
            lines.append(f"{label}: + {value_words(change.new, _VALUE_LIMIT)}")
        elif change.kind == ChangeKind.REMOVED:
            lines.append(f"{label}: − {value_words(change.old, _VALUE_LIMIT)}")
        else:
            lines.append(f"{label}: {value_words(change.old, _VALUE_LIMIT)} → {value_words(change.new, _VALUE_LIMIT)}")
    return lines or [_words_of_property(p, after) for p in properties]


def _words_of_property(name: str, document: Mapping[str, Any]) -> str:
    """A property the plan writes ("web", "servicePrincipal.appRoleAssignments") in the side panel's words."""
    parts = tuple(name.split("."))
    return path_words(parts if parts[0] in document else ("application", *parts), document)


def preview_rows(preview: RestorePreview) -> list[PreviewRow]:
    """The preview's items with old → new values, what changes first, then by name (natural: App 2 < App 10)."""
    apps = {app.app_pk: app for app in preview.apps}
    targets = preview.inputs.targets if preview.inputs is not None else {}
    rows = []
    for item in preview.items:
        app = apps.get(item.app_pk)
        target = targets.get(app.object_id) if app is not None else None
        overwrite = item.action in (Action.OVERWRITE, Action.OVERWRITE_IN_TARGET)
        before = target.document if target is not None and overwrite else None
        lines: list[str] = []
        if item.changes:
            lines = change_lines(before, app.document, item.changes) if app is not None else list(item.changes)
        if len(lines) > MAX_CHANGE_LINES:
            lines = [*lines[:MAX_CHANGE_LINES], f"… and {len(lines) - MAX_CHANGE_LINES} more"]
        rows.append(PreviewRow(
            item, tuple(lines),
            warnings=tuple(warning_text(w) for w in item.warnings if not w.is_note),
            notes=tuple(warning_text(w) for w in item.warnings if w.is_note),
            changes_anything=(bool(item.changes) or not overwrite) and not item.up_to_date,
            access=tuple(access_text(a) for a in item.access),
            follow_ups=tuple(follow_up_text(f) for f in item.follow_ups),
        ))
    # What changes, and what needs a look (a warning on an app with nothing to write), before the rest.
    rows.sort(key=lambda r: (not (r.changes_anything or r.warnings), natural_key(r.item.display_name)))
    return rows

"""The directory extension definitions an app owns (`extensionProperties` in the document, issue 27 item 6).

- A definition the snapshot has and the target lacks is created again (POST /applications/{id}/extensionProperties)
  under the name it had (`extension_<appId without dashes>_<name>`: Graph puts the app's client id in it).
- An app restored with a new client id (recreated, as new, in another tenant) gets its definitions under new full
  names: the values written on users, groups and other objects keep the old names, and a follow-up names each
  old and new name so they can be copied.
- Graph can't change a definition: one that differs (type, multi-valued, targets) is named and kept; one the target
  has that the snapshot lacks is kept too (deleting a definition deletes its values on every object), and one
  synced from on-premises Active Directory is left to Microsoft Entra Connect.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from desktop_app.domain.restore_plan.drafting import Draft
from desktop_app.domain.restore_plan.plan import FollowUp, FollowUpCode, WarningCode
from desktop_app.domain.restore_plan.steps import Step, StepKind

PART = "extensionProperties"
_PREFIX = re.compile(r"^extension_[0-9a-fA-F]{32}_")
_DEFINITION = ("dataType", "isMultiValued", "targetObjects")


def short_name(full_name: str) -> str:
    """`extension_<appId without dashes>_costCenter` -> `costCenter`: the name a create sends."""
    return _PREFIX.sub("", full_name)


def plan_extension_properties(draft: Draft) -> tuple[str, ...]:
    """The steps that give the app its definitions back; returns the short names verify must find."""
    wanted = [d for d in draft.source.document.get(PART) or [] if isinstance(d, Mapping)]
    if not wanted:
        return ()
    current = _current(draft)
    have = {short_name(str(d.get("name"))): d for d in current or []}
    expected: list[str] = []
    renamed: list[str] = []
    for definition in wanted:
        name = short_name(str(definition.get("name")))
        if definition.get("isSyncedFromOnPremises"):
            draft.warn(WarningCode.EXTENSION_PROPERTY_SYNCED, name=str(definition.get("name")))
            continue
        expected.append(name)
        there = have.get(name)
        if there is not None:
            if any(_same(there.get(f)) != _same(definition.get(f)) for f in _DEFINITION):
                draft.warn(WarningCode.EXTENSION_PROPERTY_DIFFERS, name=str(there.get("name")))
            continue
        body = {"name": name, "dataType": definition.get("dataType"),
                "targetObjects": list(definition.get("targetObjects") or []),
                "isMultiValued": bool(definition.get("isMultiValued"))}
        draft.steps.append(Step(StepKind.CREATE_EXTENSION_PROPERTY, "POST", f"{draft.app_path}/{PART}", body))
        draft.changes.append(PART)
        renamed.append(str(definition.get("name")))
    if current is not None:
        for name, definition in sorted(have.items()):
            if name not in {short_name(str(d.get("name"))) for d in wanted}:
                draft.warn(WarningCode.EXTENSION_PROPERTY_KEPT, name=str(definition.get("name")))
    if renamed and draft.app_id.lower() != draft.source.app_id.lower():
        draft.follow_ups.append(FollowUp(FollowUpCode.COPY_EXTENSION_VALUES, {"names": ",".join(renamed)}))
    return tuple(expected)


def _current(draft: Draft) -> list[Mapping[str, Any]] | None:
    """The target's definitions: none for an app the plan creates, None when not known (an app in the recycle
    bin is read there without them)."""
    if draft.action.creates_application:
        return []
    document = draft.target.document
    if document is None:
        return None
    return [d for d in document.get(PART) or [] if isinstance(d, Mapping)]


def _same(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value

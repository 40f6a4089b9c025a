"""Apps a snapshot does not hold, in the window's words (services/restore_selection.py decides which and why).

Said on the Snapshot page, where the date is chosen, and nowhere twice: count and names, why (not yet backed up, or
deleted before), and for a single app the backup that does hold it, as a link that picks it. For the whole tenant,
the apps it brings back (deleted since) are counted there too."""

from __future__ import annotations

import html
from collections.abc import Sequence

from desktop_app.services.restore_selection import Absence, LeftOut, Selection
from desktop_app.store.records import SnapshotInfo
from desktop_app.ui.texts import TrContext, format_count, format_datetime

LeftOutTexts = TrContext("LeftOutTexts")

NAMES_SHOWN = 5
SNAPSHOT_LINK = "snapshot:"  # href of a link that picks a snapshot: "snapshot:<id>"


def _names(items: Sequence[LeftOut]) -> str:
    shown = ", ".join(html.escape(i.display_name) for i in items[:NAMES_SHOWN])
    if len(items) > NAMES_SHOWN:
        shown = LeftOutTexts.tr("{names} and {n} more").format(names=shown, n=format_count(len(items) - NAMES_SHOWN))
    return shown


def _link(snapshot: SnapshotInfo) -> str:
    return f"<a href='{SNAPSHOT_LINK}{snapshot.id}'>{html.escape(format_datetime(snapshot.finished))}</a>"


def reasons_html(left_out: Sequence[LeftOut]) -> str:
    """"2 apps did not exist yet (A, B); 1 app had been deleted before it (C)"."""
    later = [i for i in left_out if i.absence is Absence.NOT_YET]
    earlier = [i for i in left_out if i.absence is Absence.DELETED]
    parts = []
    if later:
        parts.append(LeftOutTexts.tr("%Ln app(s) did not exist yet ({names})", "", len(later)).format(
            names=_names(later)))
    if earlier:
        parts.append(LeftOutTexts.tr("%Ln app(s) had been deleted before it ({names})", "", len(earlier)).format(
            names=_names(earlier)))
    return "; ".join(parts)


def whole_tenant_html(selection: Selection, snapshot: SnapshotInfo) -> str:
    """"The whole tenant as at 2026-12-01 02:00: 24 apps, 2 of them deleted since (they come back)." and the chosen
    apps the snapshot does not hold, left out."""
    when = html.escape(format_datetime(snapshot.finished or snapshot.started))
    text = LeftOutTexts.tr("The whole tenant as at {when}: %Ln app(s)", "", len(selection.present)).format(when=when)
    if selection.deleted_since:
        text += LeftOutTexts.tr(", %Ln of them deleted since (they come back)", "", len(selection.deleted_since))
    text += "."
    if selection.left_out:
        text += " " + LeftOutTexts.tr("%Ln chosen app(s) not in this snapshot are left out: {reasons}.", "",
                                      len(selection.left_out)).format(reasons=reasons_html(selection.left_out))
    return text


def presence_html(selection: Selection, total: int, snapshot: SnapshotInfo) -> str:
    """What the Snapshot page says of the chosen apps at the chosen snapshot (rich text; links pick a snapshot)."""
    if selection.whole_tenant and selection.present:
        return whole_tenant_html(selection, snapshot)
    left_out = selection.left_out
    if not left_out:
        return (LeftOutTexts.tr("The app is in this snapshot.") if total == 1
                else LeftOutTexts.tr("All {n} apps are in this snapshot.").format(n=format_count(total)))
    if len(left_out) == 1 and total == 1:
        item = left_out[0]
        if item.absence is Absence.DELETED:
            if item.nearest is None:
                return LeftOutTexts.tr("The app had been deleted before this snapshot: pick an earlier day.")
            return LeftOutTexts.tr("The app had been deleted before this snapshot. The last backup that holds it is {when}."
                      ).format(when=_link(item.nearest))
        if item.nearest is None:
            return LeftOutTexts.tr("The app did not exist yet at this snapshot: pick a later day.")
        return LeftOutTexts.tr("The app did not exist yet at this snapshot. It was first backed up on {when}.").format(
            when=_link(item.nearest))
    if not selection.present:
        return LeftOutTexts.tr("None of the {n} apps is in this snapshot: {reasons}.").format(
            n=format_count(total), reasons=reasons_html(left_out))
    text = LeftOutTexts.tr("%Ln of the {total} apps are not in this snapshot and are left out: {reasons}.", "",
                           len(left_out))
    rest = LeftOutTexts.tr("The other %Ln app(s) are restored.", "", len(selection.present))
    return text.format(total=format_count(total), reasons=reasons_html(left_out)) + " " + rest

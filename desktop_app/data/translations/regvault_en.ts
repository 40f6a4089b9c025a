<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountActions</name>
    <message numerus="yes">
        <source>Scheduled backup {when}: complete, %Ln app(s)</source>
        <translation>
            <numerusform>Scheduled backup {when}: complete, %Ln app</numerusform>
            <numerusform>Scheduled backup {when}: complete, %Ln apps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AppTexts</name>
    <message numerus="yes">
        <source>%Ln app(s)</source>
        <translation>
            <numerusform>%Ln app</numerusform>
            <numerusform>%Ln apps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AppsTable</name>
    <message numerus="yes">
        <source>No active app matches “{text}”, but %Ln app(s) that were deleted — &lt;a href=&apos;#show-deleted&apos;&gt;show deleted apps&lt;/a&gt; (Alt+D).</source>
        <translation>
            <numerusform>No active app matches “{text}”, but %Ln app that was deleted — &lt;a href=&apos;#show-deleted&apos;&gt;show deleted apps&lt;/a&gt; (Alt+D).</numerusform>
            <numerusform>No active app matches “{text}”, but %Ln apps that were deleted — &lt;a href=&apos;#show-deleted&apos;&gt;show deleted apps&lt;/a&gt; (Alt+D).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AttributesModel</name>
    <message numerus="yes">
        <source>%Ln attribute(s)</source>
        <translation>
            <numerusform>%Ln attribute</numerusform>
            <numerusform>%Ln attributes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln item</numerusform>
            <numerusform>%Ln items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackupControls</name>
    <message numerus="yes">
        <source>%Ln app(s): {added} added, {changed} changed, {removed} removed; {requests} Graph requests</source>
        <translation>
            <numerusform>%Ln app: {added} added, {changed} changed, {removed} removed; {requests} Graph requests</numerusform>
            <numerusform>%Ln apps: {added} added, {changed} changed, {removed} removed; {requests} Graph requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Backup saved, but the bytes of %Ln certificate(s) are still to come ({why}): the next backup reads them first.</source>
        <translation>
            <numerusform>Backup saved, but the bytes of %Ln certificate is still to come ({why}): the next backup reads them first.</numerusform>
            <numerusform>Backup saved, but the bytes of %Ln certificates are still to come ({why}): the next backup reads them first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last backup {when}: %Ln certificate(s) to come</source>
        <translation>
            <numerusform>Last backup {when}: %Ln certificate to come</numerusform>
            <numerusform>Last backup {when}: %Ln certificates to come</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The bytes of %Ln certificate(s) were not read yet (the backup writes its snapshot first and was stopped before they all came): the next backup reads them first.</source>
        <translation>
            <numerusform>The bytes of %Ln certificate was not read yet (the backup writes its snapshot first and was stopped before they all came): the next backup reads them first.</numerusform>
            <numerusform>The bytes of %Ln certificates were not read yet (the backup writes its snapshot first and was stopped before they all came): the next backup reads them first.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The snapshot can be browsed; the bytes of %Ln certificate(s) are still to come (Graph allows 150 certificate reads a minute).</source>
        <translation>
            <numerusform>The snapshot can be browsed; the bytes of %Ln certificate is still to come (Graph allows 150 certificate reads a minute).</numerusform>
            <numerusform>The snapshot can be browsed; the bytes of %Ln certificates are still to come (Graph allows 150 certificate reads a minute).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackupTexts</name>
    <message numerus="yes">
        <source>%Ln app(s), {added} added, {changed} changed, {removed} removed</source>
        <translation>
            <numerusform>%Ln app, {added} added, {changed} changed, {removed} removed</numerusform>
            <numerusform>%Ln apps, {added} added, {changed} changed, {removed} removed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message numerus="yes">
        <source>&lt;span style=&apos;color:{red}&apos;&gt;■&lt;/span&gt; %Ln difference(s) between {old} and {new}; old value(s) on the left, new on the right (hover for the whole value).</source>
        <translation>
            <numerusform>&lt;span style=&apos;color:{red}&apos;&gt;■&lt;/span&gt; %Ln difference between {old} and {new}; the old value on the left, the new on the right (hover for the whole value).</numerusform>
            <numerusform>&lt;span style=&apos;color:{red}&apos;&gt;■&lt;/span&gt; %Ln differences between {old} and {new}; old values on the left, new on the right (hover for the whole value).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message numerus="yes">
        <source>This happened %n more time(s) since.</source>
        <translation>
            <numerusform>This happened %n more time since.</numerusform>
            <numerusform>This happened %n more times since.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CredentialsView</name>
    <message numerus="yes">
        <source> · %Ln expire(s) within 30 days</source>
        <translation>
            <numerusform> · %Ln expires within 30 days</numerusform>
            <numerusform> · %Ln expire within 30 days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomersDialog</name>
    <message numerus="yes">
        <source>%Ln GDAP customer(s)</source>
        <translation>
            <numerusform>%Ln GDAP customer</numerusform>
            <numerusform>%Ln GDAP customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Adding %Ln tenant(s)…</source>
        <translation>
            <numerusform>Adding %Ln tenant…</numerusform>
            <numerusform>Adding %Ln tenants…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>Exported %Ln app(s) to {path}.</source>
        <translation>
            <numerusform>Exported %Ln app to {path}.</numerusform>
            <numerusform>Exported %Ln apps to {path}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IncidentView</name>
    <message numerus="yes">
        <source>%Ln change(s) an incident undoes since {moment}, compared with the backup of {baseline}; {others}.</source>
        <translation>
            <numerusform>%Ln change an incident undoes since {moment}, compared with the backup of {baseline}; {others}.</numerusform>
            <numerusform>%Ln changes an incident undoes since {moment}, compared with the backup of {baseline}; {others}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln other change(s) stay as they are</source>
        <translation>
            <numerusform>%Ln other change stays as it is</numerusform>
            <numerusform>%Ln other changes stay as they are</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Roll back %Ln change(s) in {tenant}? What was added goes (new apps to the recycle bin), what was removed comes back; the rest stays as it is.</source>
        <translation>
            <numerusform>Roll back %Ln change in {tenant}? What was added goes (new apps to the recycle bin), what was removed comes back; the rest stays as it is.</numerusform>
            <numerusform>Roll back %Ln changes in {tenant}? What was added goes (new apps to the recycle bin), what was removed comes back; the rest stays as it is.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rolled back: %Ln change(s) undone, {failed} failed, in {seconds:.1f} s. A snapshot of the apps before it was kept (backup {pre}).</source>
        <translation>
            <numerusform>Rolled back: %Ln change undone, {failed} failed, in {seconds:.1f} s. A snapshot of the apps before it was kept (backup {pre}).</numerusform>
            <numerusform>Rolled back: %Ln changes undone, {failed} failed, in {seconds:.1f} s. A snapshot of the apps before it was kept (backup {pre}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeftOutTexts</name>
    <message numerus="yes">
        <source>%Ln app(s) did not exist yet ({names})</source>
        <translation>
            <numerusform>%Ln app did not exist yet ({names})</numerusform>
            <numerusform>%Ln apps did not exist yet ({names})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln app(s) had been deleted before it ({names})</source>
        <translation>
            <numerusform>%Ln app had been deleted before it ({names})</numerusform>
            <numerusform>%Ln apps had been deleted before it ({names})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln chosen app(s) not in this snapshot are left out: {reasons}.</source>
        <translation>
            <numerusform>%Ln chosen app not in this snapshot is left out: {reasons}.</numerusform>
            <numerusform>%Ln chosen apps not in this snapshot are left out: {reasons}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of the {total} apps are not in this snapshot and are left out: {reasons}.</source>
        <translation>
            <numerusform>%Ln of the {total} apps is not in this snapshot and is left out: {reasons}.</numerusform>
            <numerusform>%Ln of the {total} apps are not in this snapshot and are left out: {reasons}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln of them deleted since (they come back)</source>
        <translation>
            <numerusform>, %Ln of them deleted since (it comes back)</numerusform>
            <numerusform>, %Ln of them deleted since (they come back)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The other %Ln app(s) are restored.</source>
        <translation>
            <numerusform>The other app is restored.</numerusform>
            <numerusform>The other %Ln are restored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The whole tenant as at {when}: %Ln app(s)</source>
        <translation>
            <numerusform>The whole tenant as at {when}: %Ln app</numerusform>
            <numerusform>The whole tenant as at {when}: %Ln apps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message numerus="yes">
        <source>%Ln app(s)</source>
        <translation>
            <numerusform>%Ln app</numerusform>
            <numerusform>%Ln apps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln with warnings</source>
        <translation>
            <numerusform>%Ln with a warning</numerusform>
            <numerusform>%Ln with warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message numerus="yes">
        <source>%Ln app(s) were left out: not in this snapshot</source>
        <translation>
            <numerusform>%Ln app was left out: not in this snapshot</numerusform>
            <numerusform>%Ln apps were left out: not in this snapshot</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportTexts</name>
    <message numerus="yes">
        <source>%Ln app(s) have a new client ID</source>
        <translation>
            <numerusform>%Ln app has a new client ID</numerusform>
            <numerusform>%Ln apps have a new client ID</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln thing(s) left to do (secrets to issue, consent to grant): see each app</source>
        <translation>
            <numerusform>%Ln thing left to do (secrets to issue, consent to grant): see each app</numerusform>
            <numerusform>%Ln things left to do (secrets to issue, consent to grant): see each app</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestoreTableTexts</name>
    <message numerus="yes">
        <source>%Ln follow-up(s)</source>
        <translation>
            <numerusform>%Ln follow-up</numerusform>
            <numerusform>%Ln follow-ups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln note(s)</source>
        <translation>
            <numerusform>%Ln note</numerusform>
            <numerusform>%Ln notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warning(s)</source>
        <translation>
            <numerusform>%Ln warning</numerusform>
            <numerusform>%Ln warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestoreWordTexts</name>
    <message numerus="yes">
        <source>%Ln app(s) it had created found and adopted (not created again)</source>
        <translation>
            <numerusform>%Ln app it had created found and adopted (not created again)</numerusform>
            <numerusform>%Ln apps it had created found and adopted (not created again)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln app(s) not started</source>
        <translation>
            <numerusform>%Ln app not started</numerusform>
            <numerusform>%Ln apps not started</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln create(s) had not happened</source>
        <translation>
            <numerusform>%Ln create had not happened</numerusform>
            <numerusform>%Ln creates had not happened</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Interrupted: this restore (started {started} by {operator} on {workstation}) did not finish and its process is gone; %Ln app(s) reported. It ran without the restore journal (an earlier version of Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see what is left to do, and check the tenant for an app it may have created without reporting it.</source>
        <translation>
            <numerusform>Interrupted: this restore (started {started} by {operator} on {workstation}) did not finish and its process is gone; %Ln app reported. It ran without the restore journal (an earlier version of Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see what is left to do, and check the tenant for an app it may have created without reporting it.</numerusform>
            <numerusform>Interrupted: this restore (started {started} by {operator} on {workstation}) did not finish and its process is gone; %Ln apps reported. It ran without the restore journal (an earlier version of Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see what is left to do, and check the tenant for an app it may have created without reporting it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Interrupted: this restore (started {started} by {operator}) did not finish and its process is gone; %Ln app(s) reported. It ran without the restore journal (an earlier version of Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see what is left to do, and check the tenant for an app it may have created without reporting it.</source>
        <translation>
            <numerusform>Interrupted: this restore (started {started} by {operator}) did not finish and its process is gone; %Ln app reported. It ran without the restore journal (an earlier version of Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see what is left to do, and check the tenant for an app it may have created without reporting it.</numerusform>
            <numerusform>Interrupted: this restore (started {started} by {operator}) did not finish and its process is gone; %Ln apps reported. It ran without the restore journal (an earlier version of Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see what is left to do, and check the tenant for an app it may have created without reporting it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>None of the %Ln chosen app(s) is in this snapshot: pick another day.</source>
        <translation>
            <numerusform>The chosen app is not in this snapshot: pick another day.</numerusform>
            <numerusform>None of the %Ln chosen apps is in this snapshot: pick another day.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not rolled back completely: {failed} of %Ln app(s); see each app.</source>
        <translation>
            <numerusform>Not rolled back completely: {failed} of %Ln app; see each app.</numerusform>
            <numerusform>Not rolled back completely: {failed} of %Ln apps; see each app.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln app(s) done</source>
        <translation>
            <numerusform>{done} of %Ln app done</numerusform>
            <numerusform>{done} of %Ln apps done</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message numerus="yes">
        <source>Cancelling: no further app is started; the %Ln under way are finished first…</source>
        <translation>
            <numerusform>Cancelling: no further app is started; the one under way is finished first…</numerusform>
            <numerusform>Cancelling: no further app is started; the %Ln under way are finished first…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message numerus="yes">
        <source>Every %n minute(s), only what changed</source>
        <translation>
            <numerusform>Every %n minute, only what changed</numerusform>
            <numerusform>Every %n minutes, only what changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Installed: a backup runs every %n minute(s), reading only what changed since the last one (once a day, everything). Its output goes to {log}.</source>
        <translation>
            <numerusform>Installed: a backup runs every minute, reading only what changed since the last one (once a day, everything). Its output goes to {log}.</numerusform>
            <numerusform>Installed: a backup runs every %n minutes, reading only what changed since the last one (once a day, everything). Its output goes to {log}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message numerus="yes">
        <source>%Ln app(s) in {tenants}</source>
        <translation>
            <numerusform>%Ln app in {tenants}</numerusform>
            <numerusform>%Ln apps in {tenants}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln tenant(s)</source>
        <translation>
            <numerusform>%Ln tenant</numerusform>
            <numerusform>%Ln tenants</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SnapshotPage</name>
    <message numerus="yes">
        <source>%Ln app(s); {added} added, {changed} changed, {removed} removed since the backup before</source>
        <translation>
            <numerusform>%Ln app; {added} added, {changed} changed, {removed} removed since the backup before</numerusform>
            <numerusform>%Ln apps; {added} added, {changed} changed, {removed} removed since the backup before</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnfinishedRestoreOffer</name>
    <message numerus="yes">
        <source>%Ln app(s)</source>
        <translation>
            <numerusform>%Ln app</numerusform>
            <numerusform>%Ln apps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VersionPanel</name>
    <message numerus="yes">
        <source>The bytes of %Ln certificate(s) are still to come: the backup reads them after writing the snapshot (Graph allows 150 certificate reads a minute; if that backup was stopped, the next one reads them first).</source>
        <translation>
            <numerusform>The bytes of %Ln certificate are still to come: the backup reads them after writing the snapshot (Graph allows 150 certificate reads a minute; if that backup was stopped, the next one reads them first).</numerusform>
            <numerusform>The bytes of %Ln certificates are still to come: the backup reads them after writing the snapshot (Graph allows 150 certificate reads a minute; if that backup was stopped, the next one reads them first).</numerusform>
        </translation>
    </message>
</context>
</TS>

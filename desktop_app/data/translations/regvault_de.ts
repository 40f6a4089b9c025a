<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>&lt;b style=&apos;font-size:15pt&apos;&gt;Regvault {version}&lt;/b&gt;&lt;br&gt;Back up and restore Microsoft Entra ID app registrations&lt;br&gt;&lt;span&gt;{build}, Python {python}, {system}&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Regvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy these facts (for a support request)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyring:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault&apos;s licence and the third-party notices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the data folder in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the log folder in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: sign-ins are kept for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>packaged build</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running from a Python install</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountActions</name>
    <message>
        <source>&amp;Tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a target tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add customer tenants…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add tenant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyring warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last scheduled backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scheduled backup yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keyring: sign-ins and app-only identities are not saved; this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit Regvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule backups…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled backup {when}: complete, {apps} apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled backup {when}: failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in to {name} as {user}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenants → Schedule backups… sets up a daily backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenants…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keyring is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why sign-ins are not saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddTenantDialog</name>
    <message>
        <source>Add tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (as the tenant&apos;s sign-in says)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>China (operated by 21Vianet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For remote desktops and machines without a browser. Conditional Access may block it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global (commercial, GCC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft cloud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft cloud:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offer as a restore target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with a code on another device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant ID or domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant ID or domain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US Government (GCC High)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US Government DoD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US Government and China tenants sign in and are read at their own cloud&apos;s addresses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contoso.com or 00000000-0000-0000-0000-000000000000</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AllTenantsSearch</name>
    <message>
        <source>Apps of every tenant by name, client or object ID, redirect or identifier URI, permission, owner or certificate thumbprint (from the backups, no network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search all tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search all tenants…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppTexts</name>
    <message numerus="yes">
        <source>%Ln app(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>({n} hidden by the filter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, plus {n} hidden by the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All {n} apps selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted permanently</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted, in recycle bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted, in recycle bin until {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{apps} · {n} selected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppsTable</name>
    <message>
        <source>&amp;Only deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 app that was</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add tenant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also list apps in the recycle bin and apps deleted permanently</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any part of the name or of the client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apps and selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Application (client) ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy object ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the backed-up apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name or Application (client) ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List only the apps in the recycle bin and those deleted permanently</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No active app matches “{text}”, but {apps} deleted — &lt;a href=&apos;#show-deleted&apos;&gt;show deleted apps&lt;/a&gt; (Alt+D).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No active app. Tick “Show deleted apps” to see deleted ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No app in this backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No app matches “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No backup of this tenant yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No deleted app in this backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tenant yet.
Add one to back up its app registrations:
Tenants → Add tenant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore this app…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;deleted apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show deleted apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only deleted apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to a tenant to back up its app registrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} apps that were</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppsTableModel</name>
    <message>
        <source>Application (client) ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to sort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every app that matches the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppsTableView</name>
    <message>
        <source>Backed-up apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every app that matches the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every app that matches the filter, not only the rows on screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why no app is listed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttributesModel</name>
    <message>
        <source>(changed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added in this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed in this version. It was: {old}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed in this version. It was: {old}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} items</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupAlerts</name>
    <message>
        <source>Some alerts could not be sent ({reasons}); they are sent after the next backup.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupControls</name>
    <message>
        <source>&amp;Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up now failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing up {tenant}; the demo&apos;s history waits meanwhile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing up {tenant}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup cancelled: the backups are as they were.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup complete without the enterprise applications&apos; consent: {permissions} is not granted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup complete: {summary}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup saved, but the bytes of {n} certificates are still to come ({why}): the next backup reads them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates %v / %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last backup {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last backup {when} failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last backup {when}: {n} certificates to come</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never backed up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the enterprise applications&apos; consent needs the permission {permissions}, not yet granted to Regvault&apos;s sign-in in {tenant}. This backup kept the app registrations without their enterprise applications. Sign in to grant it (an admin may have to approve).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to grant the permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to grant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take a snapshot of every app registration of this tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bytes of {n} certificates were not read yet (the backup writes its snapshot first and was stopped before they all came): the next backup reads them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot can be browsed; the bytes of {n} certificates are still to come (Graph allows 150 certificate reads a minute).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the demo&apos;s history to finish its day…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{apps} apps: {added} added, {changed} changed, {removed} removed; {requests} Graph requests</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupTexts</name>
    <message>
        <source>Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the recycle bin…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing apps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{apps} apps, {added} added, {changed} changed, {removed} removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareActions</name>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What &amp;changed since a backup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was &amp;added since… (incident)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was added since a moment, most dangerous first, and rolling it back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>(not there)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{red}&apos;&gt;■&lt;/span&gt; 1 difference between {old} and {new}; the old value on the left, the new on the right (hover for the whole value).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{red}&apos;&gt;■&lt;/span&gt; {n} differences between {old} and {new}; old values on the left, new on the right (hover for the whole value).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App or attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application (client) ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apps added, changed and removed, with what changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup {id} · {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes since this backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare again (reads the live tenant again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare from (older side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare to (newer side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare — {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not compare: {error} {advice}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Differences: attribute, change, old value, new value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by app name, client ID or what changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the changes by app, client ID or attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From {old} to {new}: {added} added, {changed} changed, {removed} removed, {unchanged} unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live tenant (read now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No differences between {old} and {new}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: {now}
Before: {before}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the restore wizard with only the selected attributes, as they were in the From version; everything else stays as it is now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the live tenant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the whole tenant, as a backup does (nothing is written)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the old values…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the selected attributes as on the From side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what changed in the whole tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app did not exist at {old}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app is not in the live tenant now (deleted). Shown: what it had at {old}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This tenant has no complete backup yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until this backup, or the live tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {n} · {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted permanently</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the recycle bin until {day}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareTexts</name>
    <message>
        <source>backup {id} ({when})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the live tenant (read {when})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the version of {when}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong inside Regvault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This happened {n} more times since.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}: {message}
(in {thread})

What you were doing may not have finished. The details are in regvault.log in {folder}; please include it when you report this.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialsTexts</name>
    <message>
        <source>App</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hint or thumbprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service principal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialsView</name>
    <message>
        <source> · {n} expire within 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {n} expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials of every tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiring within 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiring within 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: tenant, app, name, hint, thumbprint, owner…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many credentials are shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the credentials again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the credentials…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credentials could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which credentials to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} of {total} credentials</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrossTenantViews</name>
    <message>
        <source>&amp;Credentials of all tenants…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search all tenants…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every client secret and certificate of every tenant, soonest end first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomersDialog</name>
    <message>
        <source> and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Select all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 GDAP customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add customer tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the selected customer tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add your partner tenant first (Add tenant…), then its customers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {n} tenants: {names}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding {count} tenants…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check customers or type tenant IDs or domains first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add {what}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list your GDAP customers: {error} You can still type tenant IDs or domains below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GDAP customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing your GDAP customers needs the permission DelegatedAdminRelationship.Read.All on your partner tenant. Sign in to grant it, or type customer tenant IDs or domains below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GDAP customers found: type tenant IDs or domains below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or type tenant IDs or domains, separated by commas or spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partner tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partner tenant:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading your GDAP customers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select every customer not added yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to list your customers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to the partner tenant to list your customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant IDs or domains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} GDAP customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count}. Check the ones to add, or type tenant IDs or domains below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…and {n} more could not be added.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoLaunch</name>
    <message>
        <source>Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo could not be prepared.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoProgressWindow</name>
    <message>
        <source>Demo preparation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo preparation progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the demo: day {done} of {total}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault — demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the demo&apos;s built-in Graph emulator…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first start backs up two months of made-up history, one day at a time; later starts take a few seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiffRowsModel</name>
    <message>
        <source>Attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Old value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorTexts</name>
    <message>
        <source>A sign-in to this tenant is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the network connection and try again. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach Microsoft Graph ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph answered {status} {code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph had a problem ({status} {code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph is throttling this tenant ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph refused access ({status} {code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody is signed in to this tenant in Regvault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed. The log has the details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to grant them, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in, then try again. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The permissions Regvault needs have not been granted in this tenant yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in to this tenant has expired or was revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed-in account needs permission to read app registrations (Application.Read.All, or an admin role such as Application Administrator). Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tenant asks for a fresh sign-in (multi-factor authentication, Conditional Access or terms of use).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is usually temporary: try again in a few minutes. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many requests for now; Regvault waited and retried. Try again in a few minutes. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>&amp;Graph JSON: a body POST /applications accepts (writable properties only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;HTML app passport: every setting, owners, credentials, history; printable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Terraform: azuread_application for the hashicorp/azuread provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to write the export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to write the export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write {path}: {error}. Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every app of {tenant} at this backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export every app of the tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export this app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export — {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported 1 app to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {n} apps to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File or folder to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets are never exported; certificates appear as metadata and thumbprints.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This app ({name})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryFill</name>
    <message>
        <source>Building the demo&apos;s history: day {days} of {total}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo history being built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo history progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo&apos;s history could not be completed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo&apos;s history is complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo&apos;s history is partly built: the next start goes on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryTexts</name>
    <message>
        <source> (dry run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To another tenant</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentModel</name>
    <message>
        <source>App</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: would lock Regvault out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentTexts</name>
    <message>
        <source>(app)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A removed secret can&apos;t come back: Graph never gives a secret out. Issue a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API permission requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application ID URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application permission granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t be undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent (delegated permissions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control of the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Federated credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Goes with its new app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High privilege</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the recycle bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It would move the app Regvault signs in as to the recycle bin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It would remove the account Regvault signs in with as an owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It would remove the credential Regvault signs in with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It would take a permission from the app Regvault signs in as.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore it from a backup (Restore…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stays as it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app has no enterprise application now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backups hold no public certificate bytes for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The permission&apos;s API has no enterprise application in the tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will be put back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will be removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Will go to the recycle bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no end date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in the audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind} (enterprise application)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind} “{label}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}: {properties}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentView</name>
    <message>
        <source>Changes since this moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the moment before the incident, then Find what changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm the rollback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence pack saved: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find what changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident: what was added since a moment, and rolling it back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the tenant and list what changed since the moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {tenant} and comparing it with the moment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back {n} change(s) in {tenant}? What was added goes (new apps to the recycle bin), what was removed comes back; the rest stays as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolled back: {done} change(s) undone, {failed} failed, in {seconds:.0f} s. A snapshot of the apps before it was kept (backup {pre}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling back… {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every item with who and when, and what the rollback did, as a web page for the incident record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save evidence pack…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the evidence pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rollback would lock Regvault out. Tick Keep on these, or undo them by hand afterwards: {items}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo every item not kept: remove what was added, put back what was removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What changed since the moment, most dangerous first; tick Keep to leave an item as it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who Regvault signs in as could not be told, so it can&apos;t make sure the rollback leaves it able to undo it: sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who made each change is not known: Regvault may not read the audit log ({permission}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} change(s) an incident undoes since {moment}, compared with the backup of {baseline}; {other} other change(s) stay as they are.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LeftOutTexts</name>
    <message>
        <source>1 app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 of the {total} apps is not in this snapshot and is left out: {reasons}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All {n} apps are in this snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of the {n} apps is in this snapshot: {reasons}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app did not exist yet at this snapshot. It was first backed up on {when}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app did not exist yet at this snapshot: pick a later day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app had been deleted before this snapshot. The last backup that holds it is {when}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app had been deleted before this snapshot: pick an earlier day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app is in this snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other app is restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other {n} are restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{apps} did not exist yet ({names})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{apps} had been deleted before it ({names})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{names} and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} of the {total} apps are not in this snapshot and are left out: {reasons}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LicencesDialog</name>
    <message>
        <source>Licences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault is licensed under the {licence}. It uses Qt and Qt for Python (PySide6) under the GNU Lesser General Public License v3, and the other libraries below under their own licences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Third-party notices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This Regvault runs from a Python install: each library it uses carries its own licence in its installed package. The packaged app (installer, DMG, tarball) ships the third-party notices, generated from the libraries it is built with, and shows them here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>(demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{tenant} (demo)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <source>&amp;With object: keep the name and client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a target tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a target tenant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the tenant from the command line, then open the wizard again:
regvault tenants add --tenant TENANT_ID --restore-target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding {tenant}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also copy the admin &amp;consent, application permissions and user/group assignments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An app that still exists is overwritten; one in the recycle bin is undeleted first (it keeps its client ID); one deleted permanently is recreated (Graph gives it a new client ID).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As n&amp;ew: a new app with a new name and client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As new restores exactly one app; {n} apps are selected. Select one app to restore it as new.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy consent and assignments to the new app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add {tenant}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier URIs on the source&apos;s domains are rewritten to this domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier URIs that name the old client ID become api://{new client ID}; other identifier URIs stay with the original app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new app (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No other tenant has been added. Add the tenant to restore to first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is written yet: the next page shows what would happen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick the tenant to restore to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault knows no verified domain of {tenant}: identifier URIs can&apos;t be rewritten to it. Verify a domain in that tenant (Entra ID &gt; Custom domain names), then refresh the tenant in Regvault.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore as a new app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore to another tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore with object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring selected values ({paths}) works with the object: the app keeps everything else as it is now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target tenant:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant ID of another tenant on the emulator at
{url}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The apps are created in {tenant} (or the copies an earlier restore made there are overwritten). Owners are matched by user principal name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new app&apos;s enterprise application gets the original&apos;s settings. Tick this to also grant it the same admin consent and permissions, and assign it the same users and groups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To &amp;another tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified domain of the target tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified domain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (restored)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>&amp;Only apps that change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, &lt;b&gt;only&lt;/b&gt; {paths} (everything else stays as it is now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, as a new app named &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, into &lt;b&gt;{target}&lt;/b&gt; ({tenant_id}), identifier URIs on &lt;b&gt;{domain}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 with a warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{mode}&lt;/b&gt;: {what} of &lt;b&gt;{source}&lt;/b&gt; as they were on &lt;b&gt;{when}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm writing to the target tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details of the selected app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name or client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the preview by app name or client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I understand that this writes app registrations into the tenant {name} ({tenant_id}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the target&apos;s current state…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the target&apos;s current state… %v / %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the preview again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the apps the restore changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to grant the permissions this restore needs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to grant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preview failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This restore needs {permissions}, not yet granted to Regvault&apos;s sign-in in {tenant}. Nothing is written without it. Sign in to grant it (an admin may have to approve); the preview runs again after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the restore would do, per app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the restore would do. Nothing has been written: that happens only when you click Restore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left out, not in this snapshot: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label}: {n} ({changing} change, {same} already as at the snapshot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} with warnings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewTexts</name>
    <message>
        <source>As new restores exactly one app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent and assignments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None of the apps is in this snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to change: the app is already as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick the tenant to restore to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chosen domain is not a verified domain of the target tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name is too long: at most 120 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target tenant has no verified domain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The target tenant is the source tenant: use With object or As new.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To do afterwards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a name for the new app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What changes (now → as at the snapshot)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>1 app was left out: not in this snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV, for a spreadsheet (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the report: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details of the selected app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the restore report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the restore history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result of each app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the report as JSON or CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restore was cancelled before any app was restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was done, per app, checked by reading each app back. The report is kept in the Restore history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} apps were left out: not in this snapshot</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportTexts</name>
    <message>
        <source>1 app has a new client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 thing left to do (secrets to issue, consent to grant): see each app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the apps under way, and any app they refer to, were finished; the others were not started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent and assignments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph error code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No app was restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object ID after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object ID before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client ID changed: update the apps and configuration that use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} apps have a new client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} things left to do (secrets to issue, consent to grant): see each app</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreHistoryDialog</name>
    <message>
        <source>All tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apps of the selected run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV, for a spreadsheet (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the report: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details of the selected app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the restore report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the selected run&apos;s report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No restore yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off: only restores from or to {tenant}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show restores of all tenants</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreTableTexts</name>
    <message>
        <source> and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID kept: {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New client ID {new} (was {old})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to change: already as at the snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To do:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings and notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request-id {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} follow-ups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} warnings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreWizard</name>
    <message>
        <source>Cancel the restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the restore wizard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore app registrations — {tenant}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore now: write the apps as the preview shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore wizard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreWordTexts</name>
    <message>
        <source>&lt;new client ID of {app}&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;new object ID of {app}&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;stored bytes {sha}&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A create timed out or its answer was lost; the app it made was found and used (no duplicate).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding a federated credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding an owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An app with this unique name exists already ({object_id}): it is not the one being restored, so it is left untouched. Restore as a new app, or remove that one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An interrupted restore had created this app; it was taken over and completed (no duplicate).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assign {subject} to {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigned {subject} to {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assigning an app role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled before this app was started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the apps under way, and any app they refer to, were finished; the others were not started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate {name} can&apos;t be restored: it is not a public certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate {name} can&apos;t be restored: its bytes were never backed up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate {name} can&apos;t be restored: the snapshot was written before its bytes were read (the backup reads them afterwards; the next backup fills them in if it was stopped).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate {name}: its bytes were still to come when the snapshot was written, so the app keeps the certificate it has with that key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the redirect URIs, identifier URIs and permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret {name} (hint {hint}) was added after the snapshot and is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete with failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create as new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create in {tenant}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the enterprise application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting a federated credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disabling the scopes and app roles to remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done and verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done with warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabling again the scopes and app roles disabled for it failed too: check them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Federated credential {name} is left out: its subject is an object of the source tenant ({issuer}), meaningless in this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant admin consent again for the permissions on {resources}: consent is not part of the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant admin consent for all users of the tenant on {subject}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant admin consent for {who} only on {subject}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant the application permission {detail} on {subject} (the app acts without a signed-in user)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted admin consent for all users of the tenant on {subject}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted admin consent for {who} only on {subject}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted the application permission {detail} on {subject} (the app acts without a signed-in user)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granting consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph does not give out the bytes of {keys} (a private signing key), and keyCredentials can only be replaced whole: nothing was written, so no other key was lost. Remove the certificate in the Entra admin center.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph gave the new app its default for {path} (the snapshot had none); that is Graph&apos;s, not a failure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph refused to write ({status} {code}): the account or token may only read. Nothing was changed. Sign in with an account that may change app registrations (Application.ReadWrite.All, e.g. Application Administrator) and run the restore again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph says the grant exists, but it could not be found to update.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group {display_name} is not assigned to {role}: this tenant has Entra ID Free, which can&apos;t assign groups to an application (Entra ID P1 or P2 can). Assign its members one by one, or restore again once the tenant has P1 or P2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group {display_name} was not assigned to {role}: the tenant&apos;s Entra ID plan does not allow assigning groups to an application (Entra ID P1 or P2 is needed). Assign its members one by one, or restore again once the tenant has P1 or P2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group {who} was not found in the tenant restored to: its consent or assignment is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier URI {old} becomes {new}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier URI {uri} is left out: it is not on a verified domain of the target tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier URI {uri} is left out: it names no verified domain, tenant ID or client ID, and Graph&apos;s identifier-URI policy refuses such new URIs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier URI {uri} is left out: the original app still uses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted (settled by a later run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted (the restore stopped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue a new client secret to replace {name} (hint {hint}): Graph never returns secrets, so none can be restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue a new client secret to replace {name} (hint {hint}, expired/expires {end}): Graph never returns secrets, so none can be restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Known client application {app_id} is left out: it is not an app of the target tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving the app to the recycle bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving the enterprise application to the recycle bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a move to the recycle bin: {method} {path}. Nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done because an app it refers to was not restored: {unresolved}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored (cancelled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overwrite the earlier copy in {tenant}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner {name}({who}) was not found in the tenant restored to, and is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner {owner_id} no longer exists in the tenant and was left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission {value} of {resource_app_id} is not published there: it is left out of the consent restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read back after the restore, the app differs from the plan at: {paths}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the app back failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recreate (new client ID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the application permission {detail} on {subject} (the app acts without a signed-in user)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the consent for all users of the tenant on {subject}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the consent for {who} only on {subject}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed the application permission {detail} on {subject} (the app acts without a signed-in user)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed the consent for all users of the tenant on {subject}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed the consent for {who} only on {subject}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing a client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing an app role assignment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing an owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring the app from the recycle bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring the enterprise application from the recycle bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running (or interrupted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting a federated credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting the certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting the logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting the pre-authorized applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting the token encryption key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app asks for permissions of API {resource_app_id}, which does not exist in the target tenant: restore that API too, or remove the permission.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app was deleted permanently: Graph gives the recreated app a new client ID (was {old_app_id}). Update the apps and services that use the old one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app was granted permissions on {name}({resource_app_id}), which has no service principal in the tenant restored to: that consent is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app&apos;s certificates are left as they are: key(s) {key_ids} can&apos;t be sent again (Graph replaces the whole set, so sending the others would delete them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app&apos;s new id is not known, so it could not be read back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current {part} of the app could not be read: extras, if any, are not removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The enterprise application comes back from the recycle bin with its consent and user/group assignments as they were when it was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name is too long: at most 120 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new app&apos;s enterprise application gets the settings only: consent and user/group assignments were not copied (ask for them with &apos;copy consent and assignments&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pre-authorization of client {app_id} is left out: that client is an app of the source tenant that was not restored here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scopes and app roles disabled for it were enabled again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot had no logo, but Graph can&apos;t remove one: the current logo stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The snapshot had no owners that can be put back; the {count} current owner(s) stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored bytes {sha256} are missing from the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {part} could not be read where the app is restored: it is written as the snapshot had it, and nothing there is removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {part} of an app in the recycle bin can&apos;t be listed until it is restored, so the snapshot&apos;s {part} are written as they are; others it comes back with, if any, stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To another tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token encryption key {key_id} is left out: its certificate can&apos;t be restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a name for the new app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassign {subject} from {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unassigned {subject} from {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undelete from the recycle bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undelete the earlier copy in {tenant}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected method {method} in the plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unique name {unique_name} is left out: it can&apos;t be changed once set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unique name {unique_name} is left out: the original app still has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating a federated credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating the app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating the enterprise application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User {who} was not found in the tenant restored to: its consent or assignment is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent and assignments of the enterprise application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enterprise application (consent and assignments)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>federated credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the target tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} app role assignment(s) this restore made are not listed by Graph yet (it lists them 30 to 60 seconds after they are made); Graph accepted each when it was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{object_id} was deleted after the preview; preview again to restore it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{step} failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>%v of %m apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling: no further app is started; the one under way is finished first…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling: no further app is started; the {n} under way are finished first…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring {name} ({index} of {total})…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several apps are restored at a time; a failure doesn&apos;t stop the others. Cancel starts no further app: those already under way, and any app they refer to, are finished and checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status of each app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taking a snapshot of the apps that will be overwritten…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for {who} to finish: one backup or restore of a tenant runs at a time. The restore starts by itself when it is done (Cancel stops waiting; nothing has been written).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another backup or restore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source># Install runs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># Output of each run goes to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># Remove runs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every day at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install the schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed: a backup runs every day at {time}. Its output goes to {log}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault runs no background service of its own: your operating system&apos;s scheduler runs &lt;code&gt;regvault backup&lt;/code&gt; once a day, with your remembered sign-in or the tenant&apos;s app-only identity. Here is exactly what will be installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed: no more scheduled backups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduler:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenants to back up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time of the daily backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will be installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message>
        <source> (the first {n} shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apps found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not search the tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many apps were found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, client or object ID, URI, permission, owner, thumbprint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No app of any tenant matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search all tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search all tenants for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type what to find.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} apps in {t} tenants</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchTexts</name>
    <message>
        <source>App</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application (client) ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate thumbprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>granted permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>identifier URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>object ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>redirect URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requested permission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service principal ID</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>&lt;p&gt;By default Regvault signs in as &lt;b&gt;Microsoft Graph Command Line Tools&lt;/b&gt; ({default}), the public client Graph PowerShell and many admin tools use, so it works without any setup. Be aware that:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;on first use an enterprise application “Microsoft Graph Command Line Tools” appears in the tenant, and an admin may have to approve it;&lt;/li&gt;&lt;li&gt;consent given to it is shared by every tool that uses that client ID;&lt;/li&gt;&lt;li&gt;admins can block or restrict it.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;&lt;b&gt;Your own app&lt;/b&gt; (recommended for organisations and resellers): in the Entra admin center, App registrations → New registration (multitenant for resellers). Under Authentication add the platform &lt;i&gt;Mobile and desktop applications&lt;/i&gt; with the redirect URIs &lt;code&gt;http://localhost&lt;/code&gt;, &lt;code&gt;ms-appx-web://Microsoft.AAD.BrokerPlugin/&amp;lt;client id&amp;gt;&lt;/code&gt; (Windows broker) and &lt;code&gt;msauth.com.msauth.unsignedapp://auth&lt;/code&gt; (macOS broker), and set &lt;i&gt;Allow public client flows&lt;/i&gt; to Yes (for sign-in with a code). Under API permissions add the Microsoft Graph delegated permissions Application.Read.All, User.Read and Application.ReadWrite.All (and DelegatedAdminRelationship.Read.All for resellers). Then enter its Application (client) ID here.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A team: &lt;code&gt;postgresql://user@server:5432/regvault&lt;/code&gt; on every workstation; empty: the file in the data folder. Checked when you save, used from the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About the client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic: the system&apos;s proxy or PAC file, or HTTPS_PROXY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture changes every 5 minutes while this window is open (only what changed is read)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capture changes while the window is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file of root certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database for this workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra root certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra root certificates (PEM):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For remote desktops and machines without a browser. Your organisation&apos;s Conditional Access may block it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look for new versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: the system&apos;s trust store only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root certificates to trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with a code by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with a code on another device by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tell me when a new version of Regvault is out (looks once a day; never downloads anything)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turned off for every user of this computer (REGVAULT_NO_UPDATE_CHECK)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Microsoft Graph Command Line Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the PAC file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the Windows / macOS sign-in broker where available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the proxy auto-configuration (PAC) file the system names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the sign-in broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http://host:port, or &apos;direct&apos; for no proxy. Loopback addresses never use a proxy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept in the system keyring, never in the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regvault database move --to URL copies the backups you have into another database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regvault.sqlite in the data folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Asking Microsoft for a code to sign in to {what}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On any device, open {url} and enter this code. Regvault waits here until you are done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the sign-in page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to {what} in the browser window (or the sign-in window) that opened. This dialog closes when you are done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotPage</name>
    <message>
        <source>, scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day of the backup to restore from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days in bold have a snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No snapshot on this day. Pick a day in bold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore {apps} from {tenant}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The apps are restored as they were at this backup. Days with a backup are in bold; other days have nothing to restore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chosen apps at this snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This day has several snapshots: pick one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This tenant has no complete backup: there is nothing to restore.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time of the backup to restore from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>taken before a restore, of the apps it overwrote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{apps} apps; {added} added, {changed} changed, {removed} removed since the backup before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} snapshots on this day: pick the time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{when} ({kind})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotTexts</name>
    <message>
        <source> and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} apps: {names}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SwitcherTexts</name>
    <message>
        <source>Last backup {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last backup {when} failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last backup {when}: more than two days ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never backed up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search tenants</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TenantSwitcher</name>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tenant whose backups are shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TenantsDialog</name>
    <message>
        <source>Add a tenant by signing in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add customer tenants (resellers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add customer tenants…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add tenant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added {name} ({domain}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App-only ({client})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name shown in Regvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name of the tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offer this tenant as a target when restoring to another tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the selected tenant&apos;s name and domains again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh domains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault signs out of the tenant and forgets its app-only identity. Its backups can stay (you can still restore from them after adding the tenant again) or be deleted for good.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove and delete backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the tenant and delete its backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the tenant and keep its backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove {name} from Regvault?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove, keep backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed {name}; its backups are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed {name}; its backups were deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename the tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renamed to {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to the selected tenant again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out of the selected tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in to {name} as {user}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out of {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is no longer a restore target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is now a restore target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {domains}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineTexts</name>
    <message>
        <source>API permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates &amp; secrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Federated credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier URIs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other properties ({names})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect URIs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supported accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users and groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who made each change is not known: Regvault&apos;s sign-in lacks {permissions}. Signing in with them adds who changed what, and when, to every version from then on (and to the 30 days Entra still keeps).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>someone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{app} (app)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{parts}: changed by {actor} at {time} ({activity})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolbarTexts</name>
    <message>
        <source>&amp;About Regvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the restore wizard on the checked apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past restores: what was done to which app, and how it ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore &amp;history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the selected apps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnfinishedRestoreOffer</name>
    <message>
        <source>1 app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A restore did not finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish it now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish the interrupted restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish the interrupted restore later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault can finish it now: the apps it had already created are taken over, not created again, and every app is read back and verified. The restore wizard opens on the same apps and snapshot; check the options (the mode was &quot;{mode}&quot;) and run it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The restore of {count} started {started} by {operator} did not finish: the program running it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} apps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpdateNotice</name>
    <message>
        <source>A new version of Regvault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open its release notes and downloads in the browser ({url})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regvault {version} is available</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VersionPanel</name>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 certificate is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{color}&apos;&gt;■&lt;/span&gt; {n} changed from the previous version (hover for the old value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App details and versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application (client) ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attributes of this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click an app to see its attributes and its history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare this version with any other, or with the live tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read this app&apos;s history: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export this version as Graph JSON, Terraform or an HTML passport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First backed-up version: nothing to compare with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newer version (Alt+Right or ])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next (newer) version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No change from the previous version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Older version (Alt+Left or [)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the restore wizard on this app, as it was in this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous (older) version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore only the attributes selected above ({click} to pick several), as in this version; everything else stays as it is now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore selected values…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore this version…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen by backups from {start} until {end}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen by backups since {start}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only attributes changed in this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bytes of {certificates} still to come: the backup reads them after writing the snapshot (Graph allows 150 certificate reads a minute; if that backup was stopped, the next one reads them first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The enterprise application was first read in this backup (Regvault was upgraded): not a change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who changed this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} certificates are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{when} · version {n} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowWatch</name>
    <message>
        <source>Changes of {tenant} captured at {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not capture the changes of {tenant}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No change in {tenant} (looked at {time}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WizardTexts</name>
    <message>
        <source>Restore selected values — {tenant}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Ctrl+click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⌘-click</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>&lt;b style=&apos;font-size:15pt&apos;&gt;Regvault {version}&lt;/b&gt;&lt;br&gt;Back up and restore Microsoft Entra ID app registrations&lt;br&gt;&lt;span&gt;{build}, Python {python}, {system}&lt;/span&gt;</source>
        <translation>&lt;b style=&apos;font-size:15pt&apos;&gt;Regvault {version}&lt;/b&gt;&lt;br&gt;App-Registrierungen von Microsoft Entra ID sichern und wiederherstellen&lt;br&gt;&lt;span&gt;{build}, Python {python}, {system}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>About Regvault</source>
        <translation>Über Regvault</translation>
    </message>
    <message>
        <source>Close About Regvault</source>
        <translation>Fenster „Über Regvault“ schließen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy these facts (for a support request)</source>
        <translation>Diese Angaben kopieren (für eine Supportanfrage)</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Datenordner:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>Keyring:</source>
        <translation>Schlüsselbund:</translation>
    </message>
    <message>
        <source>Licences…</source>
        <translation>Lizenzen…</translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation>Protokollordner:</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>Datenordner öffnen</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
    <message>
        <source>Regvault&apos;s licence and the third-party notices</source>
        <translation>Die Lizenz von Regvault und die Hinweise zu Drittanbietern</translation>
    </message>
    <message>
        <source>Show the data folder in the file manager</source>
        <translation>Den Datenordner im Dateimanager zeigen</translation>
    </message>
    <message>
        <source>Show the log folder in the file manager</source>
        <translation>Den Protokollordner im Dateimanager zeigen</translation>
    </message>
    <message>
        <source>none: sign-ins are kept for this session only</source>
        <translation>keiner: Anmeldungen gelten nur für diese Sitzung</translation>
    </message>
    <message>
        <source>packaged build</source>
        <translation>Installationspaket</translation>
    </message>
    <message>
        <source>running from a Python install</source>
        <translation>aus einer Python-Installation gestartet</translation>
    </message>
</context>
<context>
    <name>AccountActions</name>
    <message>
        <source>&amp;Tenants</source>
        <translation>&amp;Mandanten</translation>
    </message>
    <message>
        <source>Add a target tenant</source>
        <translation>Zielmandanten hinzufügen</translation>
    </message>
    <message>
        <source>Add customer tenants…</source>
        <translation>Kundenmandanten hinzufügen…</translation>
    </message>
    <message>
        <source>Add tenant…</source>
        <translation>Mandant hinzufügen…</translation>
    </message>
    <message>
        <source>Continue for this session only</source>
        <translation>Nur für diese Sitzung fortfahren</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Details…</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>Schlüsselbund</translation>
    </message>
    <message>
        <source>Keyring warning</source>
        <translation>Warnung zum Schlüsselbund</translation>
    </message>
    <message>
        <source>Last scheduled backup</source>
        <translation>Letzte geplante Sicherung</translation>
    </message>
    <message>
        <source>No keyring</source>
        <translation>Kein Schlüsselbund</translation>
    </message>
    <message>
        <source>No scheduled backup yet</source>
        <translation>Noch keine geplante Sicherung</translation>
    </message>
    <message>
        <source>No system keyring: sign-ins and app-only identities are not saved; this session only.</source>
        <translation>Kein Schlüsselbund des Systems: Anmeldungen und reine App-Identitäten werden nicht gespeichert, sie gelten nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>Quit Regvault</source>
        <translation>Regvault beenden</translation>
    </message>
    <message>
        <source>Schedule backups…</source>
        <translation>Sicherungen planen…</translation>
    </message>
    <message numerus="yes">
        <source>Scheduled backup {when}: complete, %Ln app(s)</source>
        <translation>
            <numerusform>Geplante Sicherung {when}: vollständig, %Ln App</numerusform>
            <numerusform>Geplante Sicherung {when}: vollständig, %Ln Apps</numerusform>
        </translation>
    </message>
    <message>
        <source>Scheduled backup {when}: failed</source>
        <translation>Geplante Sicherung {when}: fehlgeschlagen</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Signed in to {name} as {user}.</source>
        <translation>Bei {name} als {user} angemeldet.</translation>
    </message>
    <message>
        <source>Tenants</source>
        <translation>Mandanten</translation>
    </message>
    <message>
        <source>Tenants → Schedule backups… sets up a daily backup</source>
        <translation>Mandanten → Sicherungen planen… richtet eine tägliche Sicherung ein</translation>
    </message>
    <message>
        <source>Tenants…</source>
        <translation>Mandanten…</translation>
    </message>
    <message>
        <source>The system keyring is not available.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Why sign-ins are not saved</source>
        <translation>Warum Anmeldungen nicht gespeichert werden</translation>
    </message>
</context>
<context>
    <name>AddTenantDialog</name>
    <message>
        <source>Add tenant</source>
        <translation>Mandant hinzufügen</translation>
    </message>
    <message>
        <source>Automatic (as the tenant&apos;s sign-in says)</source>
        <translation>Automatisch (wie die Anmeldung des Mandanten angibt)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>China (operated by 21Vianet)</source>
        <translation>China (betrieben von 21Vianet)</translation>
    </message>
    <message>
        <source>For remote desktops and machines without a browser. Conditional Access may block it.</source>
        <translation>Für Remotedesktops und Rechner ohne Browser. Bedingter Zugriff kann dies blockieren.</translation>
    </message>
    <message>
        <source>Global (commercial, GCC)</source>
        <translation>Global (kommerziell, GCC)</translation>
    </message>
    <message>
        <source>Microsoft cloud</source>
        <translation>Microsoft-Cloud</translation>
    </message>
    <message>
        <source>Microsoft cloud:</source>
        <translation>Microsoft-Cloud:</translation>
    </message>
    <message>
        <source>Offer as a restore target</source>
        <translation>Als Wiederherstellungsziel anbieten</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Sign in with a code on another device</source>
        <translation>Mit einem Code auf einem anderen Gerät anmelden</translation>
    </message>
    <message>
        <source>Tenant ID or domain</source>
        <translation>Mandanten-ID oder Domäne</translation>
    </message>
    <message>
        <source>Tenant ID or domain:</source>
        <translation>Mandanten-ID oder Domäne:</translation>
    </message>
    <message>
        <source>US Government (GCC High)</source>
        <translation>US Government (GCC High)</translation>
    </message>
    <message>
        <source>US Government DoD</source>
        <translation>US Government DoD</translation>
    </message>
    <message>
        <source>US Government and China tenants sign in and are read at their own cloud&apos;s addresses.</source>
        <translation>Mandanten in US Government und China melden sich an den Adressen ihrer eigenen Cloud an und werden dort gelesen.</translation>
    </message>
    <message>
        <source>contoso.com or 00000000-0000-0000-0000-000000000000</source>
        <translation>contoso.com oder 00000000-0000-0000-0000-000000000000</translation>
    </message>
</context>
<context>
    <name>AlertSettingsGroup</name>
    <message>
        <source>After each backup, each once: a backup that failed, a tenant not backed up for a day, secrets and certificates that expire within 90, 30, 7 and 1 days or expired, and incident-relevant additions (new credentials, owners, consent, high-privilege permissions).</source>
        <translation>Nach jeder Sicherung, jeweils einmal: eine fehlgeschlagene Sicherung, ein Mandant, der seit einem Tag nicht gesichert wurde, Geheimnisse und Zertifikate, die in 90, 30, 7 oder 1 Tag(en) ablaufen oder abgelaufen sind, und für Vorfälle relevante Neuzugänge (neue Anmeldeinformationen, Besitzer, Zustimmungen, Berechtigungen mit hohen Rechten).</translation>
    </message>
    <message>
        <source>Alert webhook URL</source>
        <translation>Webhook-URL für Warnmeldungen</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Warnmeldungen</translation>
    </message>
    <message>
        <source>Also e-mail each app&apos;s owners about their app&apos;s expiring credentials</source>
        <translation>Auch die Besitzer jeder App per E-Mail über ablaufende Anmeldeinformationen ihrer App informieren</translation>
    </message>
    <message>
        <source>Desktop notifications (also when only the scheduled backup runs)</source>
        <translation>Desktopbenachrichtigungen (auch wenn nur die geplante Sicherung läuft)</translation>
    </message>
    <message>
        <source>E-mail alerts</source>
        <translation>Warnmeldungen per E-Mail</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>Mail server</source>
        <translation>Mailserver</translation>
    </message>
    <message>
        <source>Mail server password</source>
        <translation>Kennwort des Mailservers</translation>
    </message>
    <message>
        <source>Mail server port</source>
        <translation>Port des Mailservers</translation>
    </message>
    <message>
        <source>Mail server security</source>
        <translation>Sicherheit des Mailservers</translation>
    </message>
    <message>
        <source>Mail server user</source>
        <translation>Benutzer des Mailservers</translation>
    </message>
    <message>
        <source>Mail server:</source>
        <translation>Mailserver:</translation>
    </message>
    <message>
        <source>No channel is saved: choose one, save, then test.</source>
        <translation>Kein Kanal gespeichert: Wählen Sie einen, speichern Sie, dann testen Sie.</translation>
    </message>
    <message>
        <source>No webhook</source>
        <translation>Kein Webhook</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Not sent: {reasons}</source>
        <translation>Nicht gesendet: {reasons}</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Kennwort:</translation>
    </message>
    <message>
        <source>Recipients of alert e-mails</source>
        <translation>Empfänger der Warnmeldungs-E-Mails</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>Send a test alert</source>
        <translation>Testwarnmeldung senden</translation>
    </message>
    <message>
        <source>Send a test alert to every channel saved</source>
        <translation>Eine Testwarnmeldung an jeden gespeicherten Kanal senden</translation>
    </message>
    <message>
        <source>Sender of alert e-mails</source>
        <translation>Absender der Warnmeldungs-E-Mails</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Sent to: {channels}.</source>
        <translation>Gesendet an: {channels}.</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Teams or Slack webhook:</source>
        <translation>Teams- oder Slack-Webhook:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>An:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>What the test alert did</source>
        <translation>Was die Testwarnmeldung bewirkt hat</translation>
    </message>
    <message>
        <source>desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>empty: the server takes mail without signing in</source>
        <translation>leer: Der Server nimmt E-Mails ohne Anmeldung an</translation>
    </message>
    <message>
        <source>https://… (kept in the system keyring)</source>
        <translation>https://… (im Schlüsselbund des Systems aufbewahrt)</translation>
    </message>
    <message>
        <source>it-admins@contoso.com, security@contoso.com</source>
        <translation>it-admins@contoso.com, security@contoso.com</translation>
    </message>
    <message>
        <source>kept in the system keyring, never in the settings</source>
        <translation>im Schlüsselbund des Systems aufbewahrt, nie in den Einstellungen</translation>
    </message>
    <message>
        <source>regvault@contoso.com</source>
        <translation>regvault@contoso.com</translation>
    </message>
    <message>
        <source>set, to {host}: kept in this workstation&apos;s keyring</source>
        <translation>festgelegt, für {host}: im Schlüsselbund dieses Arbeitsplatzes aufbewahrt</translation>
    </message>
    <message>
        <source>smtp.contoso.com (empty: no e-mail)</source>
        <translation>smtp.contoso.com (leer: keine E-Mail)</translation>
    </message>
    <message>
        <source>webhook</source>
        <translation>Webhook</translation>
    </message>
</context>
<context>
    <name>AllTenantsSearch</name>
    <message>
        <source>Apps of every tenant by name, client or object ID, redirect or identifier URI, permission, owner or certificate thumbprint (from the backups, no network)</source>
        <translation>Apps aller Mandanten nach Name, Client- oder Objekt-ID, Umleitungs- oder Bezeichner-URI, Berechtigung, Besitzer oder Zertifikatfingerabdruck (aus den Sicherungen, ohne Netzwerk)</translation>
    </message>
    <message>
        <source>Search all tenants</source>
        <translation>Alle Mandanten durchsuchen</translation>
    </message>
    <message>
        <source>Search all tenants…</source>
        <translation>Überall suchen…</translation>
    </message>
</context>
<context>
    <name>AppTexts</name>
    <message numerus="yes">
        <source>%Ln app(s)</source>
        <translation>
            <numerusform>%Ln App</numerusform>
            <numerusform>%Ln Apps</numerusform>
        </translation>
    </message>
    <message>
        <source>({n} hidden by the filter)</source>
        <translation>({n} durch den Filter ausgeblendet)</translation>
    </message>
    <message>
        <source>, plus {n} hidden by the filter</source>
        <translation>, dazu {n} durch den Filter ausgeblendet</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>All {n} apps selected</source>
        <translation>Alle {n} Apps ausgewählt</translation>
    </message>
    <message>
        <source>Deleted permanently</source>
        <translation>Endgültig gelöscht</translation>
    </message>
    <message>
        <source>Deleted, in recycle bin</source>
        <translation>Im Papierkorb</translation>
    </message>
    <message>
        <source>Deleted, in recycle bin until {date}</source>
        <translation>Im Papierkorb bis {date}</translation>
    </message>
    <message>
        <source>{apps} · {n} selected</source>
        <translation>{apps} · {n} ausgewählt</translation>
    </message>
</context>
<context>
    <name>AppsTable</name>
    <message>
        <source>&amp;Only deleted</source>
        <translation>&amp;Nur gelöschte</translation>
    </message>
    <message>
        <source>Add a tenant</source>
        <translation>Mandant hinzufügen</translation>
    </message>
    <message>
        <source>Add tenant…</source>
        <translation>Mandant hinzufügen…</translation>
    </message>
    <message>
        <source>Also list apps in the recycle bin and apps deleted permanently</source>
        <translation>Auch Apps im Papierkorb und endgültig gelöschte Apps auflisten</translation>
    </message>
    <message>
        <source>Any part of the name or of the client ID</source>
        <translation>Ein beliebiger Teil des Namens oder der Client-ID</translation>
    </message>
    <message>
        <source>Apps and selection</source>
        <translation>Apps und Auswahl</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Jetzt sichern</translation>
    </message>
    <message>
        <source>Clear selection</source>
        <translation>Auswahl aufheben</translation>
    </message>
    <message>
        <source>Copy Application (client) ID</source>
        <translation>Anwendungs-ID (Client) kopieren</translation>
    </message>
    <message>
        <source>Copy name</source>
        <translation>Name kopieren</translation>
    </message>
    <message>
        <source>Copy object ID</source>
        <translation>Objekt-ID kopieren</translation>
    </message>
    <message>
        <source>Could not read the backed-up apps</source>
        <translation>Die gesicherten Apps konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Filter apps</source>
        <translation>Apps filtern</translation>
    </message>
    <message>
        <source>Filter by name or Application (client) ID</source>
        <translation>Nach Name oder Anwendungs-ID (Client) filtern</translation>
    </message>
    <message>
        <source>List only the apps in the recycle bin and those deleted permanently</source>
        <translation>Nur die Apps im Papierkorb und die endgültig gelöschten auflisten</translation>
    </message>
    <message numerus="yes">
        <source>No active app matches “{text}”, but %Ln app(s) that were deleted — &lt;a href=&apos;#show-deleted&apos;&gt;show deleted apps&lt;/a&gt; (Alt+D).</source>
        <translation>
            <numerusform>Keine aktive App passt zu „{text}“, aber %Ln gelöschte App — &lt;a href=&apos;#show-deleted&apos;&gt;gelöschte Apps anzeigen&lt;/a&gt; (Alt+G).</numerusform>
            <numerusform>Keine aktive App passt zu „{text}“, aber %Ln gelöschte Apps — &lt;a href=&apos;#show-deleted&apos;&gt;gelöschte Apps anzeigen&lt;/a&gt; (Alt+G).</numerusform>
        </translation>
    </message>
    <message>
        <source>No active app. Tick “Show deleted apps” to see deleted ones.</source>
        <translation>Keine aktive App. Aktivieren Sie „Gelöschte Apps anzeigen“, um gelöschte zu sehen.</translation>
    </message>
    <message>
        <source>No app in this backup.</source>
        <translation>Keine App in dieser Sicherung.</translation>
    </message>
    <message>
        <source>No app matches “{text}”.</source>
        <translation>Keine App passt zu „{text}“.</translation>
    </message>
    <message>
        <source>No backup of this tenant yet.</source>
        <translation>Noch keine Sicherung dieses Mandanten.</translation>
    </message>
    <message>
        <source>No deleted app in this backup.</source>
        <translation>Keine gelöschte App in dieser Sicherung.</translation>
    </message>
    <message>
        <source>No tenant yet.
Add one to back up its app registrations:
Tenants → Add tenant…</source>
        <translation>Noch kein Mandant.
Fügen Sie einen hinzu, um seine App-Registrierungen zu sichern:
Mandanten → Mandant hinzufügen…</translation>
    </message>
    <message>
        <source>Restore this app…</source>
        <translation>Diese App wiederherstellen…</translation>
    </message>
    <message>
        <source>Show &amp;deleted apps</source>
        <translation>&amp;Gelöschte Apps anzeigen</translation>
    </message>
    <message>
        <source>Show deleted apps</source>
        <translation>Gelöschte Apps anzeigen</translation>
    </message>
    <message>
        <source>Show only deleted apps</source>
        <translation>Nur gelöschte Apps anzeigen</translation>
    </message>
    <message>
        <source>Sign in to a tenant to back up its app registrations</source>
        <translation>Melden Sie sich bei einem Mandanten an, um seine App-Registrierungen zu sichern</translation>
    </message>
</context>
<context>
    <name>AppsTableModel</name>
    <message>
        <source>Application (client) ID</source>
        <translation>Anwendungs-ID (Client)</translation>
    </message>
    <message>
        <source>Click to sort</source>
        <translation>Zum Sortieren klicken</translation>
    </message>
    <message>
        <source>Last modified</source>
        <translation>Zuletzt geändert</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Select every app that matches the filter</source>
        <translation>Jede App auswählen, die zum Filter passt</translation>
    </message>
    <message>
        <source>Select {name}</source>
        <translation>{name} auswählen</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>Ausgewählt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>AppsTableView</name>
    <message>
        <source>Backed-up apps</source>
        <translation>Gesicherte Apps</translation>
    </message>
    <message>
        <source>Select every app that matches the filter</source>
        <translation>Jede App auswählen, die zum Filter passt</translation>
    </message>
    <message>
        <source>Select every app that matches the filter, not only the rows on screen</source>
        <translation>Jede App auswählen, die zum Filter passt, nicht nur die sichtbaren Zeilen</translation>
    </message>
    <message>
        <source>Why no app is listed</source>
        <translation>Warum keine App aufgeführt ist</translation>
    </message>
</context>
<context>
    <name>AttributesModel</name>
    <message numerus="yes">
        <source>%Ln attribute(s)</source>
        <translation>
            <numerusform>%Ln Attribut</numerusform>
            <numerusform>%Ln Attribute</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln Element</numerusform>
            <numerusform>%Ln Elemente</numerusform>
        </translation>
    </message>
    <message>
        <source>(changed)</source>
        <translation>(geändert)</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation>(entfernt)</translation>
    </message>
    <message>
        <source>Added in this version</source>
        <translation>In dieser Version hinzugefügt</translation>
    </message>
    <message>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <source>Changed in this version. It was: {old}</source>
        <translation>In dieser Version geändert. Vorher: {old}</translation>
    </message>
    <message>
        <source>Removed in this version. It was: {old}</source>
        <translation>In dieser Version entfernt. Vorher: {old}</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>AuthTexts</name>
    <message>
        <source>Conditional Access in tenant {tenant} blocks this sign-in (AADSTS{aadsts}): its policy does not allow this device, location or application. Signing in again won&apos;t help; ask the tenant&apos;s administrator (the sign-in logs in the Entra admin center show which policy applied).</source>
        <translation>Der bedingte Zugriff im Mandanten {tenant} blockiert diese Anmeldung (AADSTS{aadsts}): Seine Richtlinie lässt dieses Gerät, diesen Standort oder diese Anwendung nicht zu. Eine erneute Anmeldung hilft nicht; wenden Sie sich an den Administrator des Mandanten (die Anmeldeprotokolle im Microsoft Entra Admin Center zeigen, welche Richtlinie gegriffen hat).</translation>
    </message>
    <message>
        <source>Microsoft Entra ID knows no tenant {tenant}: check the spelling of the tenant&apos;s domain or ID.</source>
        <translation>Microsoft Entra ID kennt keinen Mandanten {tenant}: Prüfen Sie die Schreibweise der Domäne oder ID des Mandanten.</translation>
    </message>
    <message>
        <source>Microsoft Entra ID refused the sign-in to tenant {tenant} ({error}).</source>
        <translation>Microsoft Entra ID hat die Anmeldung beim Mandanten {tenant} abgelehnt ({error}).</translation>
    </message>
    <message>
        <source>Microsoft Entra ID refused the sign-in to tenant {tenant} ({error}): {description}</source>
        <translation>Microsoft Entra ID hat die Anmeldung beim Mandanten {tenant} abgelehnt ({error}): {description}</translation>
    </message>
    <message>
        <source>Reading the enterprise applications&apos; consent needs the permission {names}, not yet granted to Regvault&apos;s sign-in in {tenant}. This backup kept the app registrations without their enterprise applications. Sign in again to grant it (an admin may have to approve).</source>
        <translation>Das Lesen der Zustimmungen der Unternehmensanwendungen braucht die Berechtigung {names}, die der Anmeldung von Regvault in {tenant} noch nicht erteilt wurde. Diese Sicherung hat die App-Registrierungen ohne ihre Unternehmensanwendungen aufbewahrt. Melden Sie sich erneut an, um sie zu erteilen (ggf. muss ein Administrator zustimmen).</translation>
    </message>
    <message>
        <source>Reading the enterprise applications&apos; consent needs the permissions {names}, not yet granted to Regvault&apos;s sign-in in {tenant}. This backup kept the app registrations without their enterprise applications. Sign in again to grant them (an admin may have to approve).</source>
        <translation>Das Lesen der Zustimmungen der Unternehmensanwendungen braucht die Berechtigungen {names}, die der Anmeldung von Regvault in {tenant} noch nicht erteilt wurden. Diese Sicherung hat die App-Registrierungen ohne ihre Unternehmensanwendungen aufbewahrt. Melden Sie sich erneut an, um sie zu erteilen (ggf. muss ein Administrator zustimmen).</translation>
    </message>
    <message>
        <source>Reading who changed what (the directory audit log) needs the permission {names}, not yet granted to Regvault&apos;s sign-in in {tenant}. Changes are still captured, without who made them. Sign in again to grant it (an admin may have to approve).</source>
        <translation>Zu lesen, wer was geändert hat (das Verzeichnisüberwachungsprotokoll), braucht die Berechtigung {names}, die der Anmeldung von Regvault in {tenant} noch nicht erteilt wurde. Änderungen werden weiterhin erfasst, nur ohne ihren Urheber. Melden Sie sich erneut an, um sie zu erteilen (ggf. muss ein Administrator zustimmen).</translation>
    </message>
    <message>
        <source>Reading who changed what (the directory audit log) needs the permissions {names}, not yet granted to Regvault&apos;s sign-in in {tenant}. Changes are still captured, without who made them. Sign in again to grant them (an admin may have to approve).</source>
        <translation>Zu lesen, wer was geändert hat (das Verzeichnisüberwachungsprotokoll), braucht die Berechtigungen {names}, die der Anmeldung von Regvault in {tenant} noch nicht erteilt wurden. Änderungen werden weiterhin erfasst, nur ohne ihren Urheber. Melden Sie sich erneut an, um sie zu erteilen (ggf. muss ein Administrator zustimmen).</translation>
    </message>
    <message>
        <source>Tenant {tenant} has not approved the permissions Regvault asks for, and this account can&apos;t approve them (or the approval was declined). An administrator of the tenant (Global Administrator, Privileged Role Administrator, Cloud Application Administrator or Application Administrator) can approve them for everyone at {url}, then sign in again.</source>
        <translation>Der Mandant {tenant} hat den von Regvault angeforderten Berechtigungen nicht zugestimmt, und dieses Konto kann ihnen nicht zustimmen (oder die Zustimmung wurde abgelehnt). Ein Administrator des Mandanten (Globaler Administrator, Administrator für privilegierte Rollen, Cloudanwendungsadministrator oder Anwendungsadministrator) kann unter {url} für alle zustimmen; melden Sie sich danach erneut an.</translation>
    </message>
    <message>
        <source>The browser sign-in to tenant {tenant} was not finished within {minutes} minutes. Start it again when you are ready (or sign in with a code on another device).</source>
        <translation>Die Anmeldung im Browser beim Mandanten {tenant} wurde nicht innerhalb von {minutes} Minuten abgeschlossen. Starten Sie sie erneut, wenn Sie bereit sind (oder melden Sie sich mit einem Code auf einem anderen Gerät an).</translation>
    </message>
    <message>
        <source>The sign-in code expired before it was entered. Start the sign-in again for a new code.</source>
        <translation>Der Anmeldecode ist abgelaufen, bevor er eingegeben wurde. Starten Sie die Anmeldung erneut, um einen neuen Code zu erhalten.</translation>
    </message>
    <message>
        <source>This restore needs the permission {needs}, not yet granted to Regvault&apos;s sign-in in {tenant}. Nothing was changed. Sign in again to grant it (an admin may have to approve).</source>
        <translation>Diese Wiederherstellung braucht die Berechtigung {needs}, die der Anmeldung von Regvault in {tenant} noch nicht erteilt wurde. Es wurde nichts geändert. Melden Sie sich erneut an, um sie zu erteilen (ggf. muss ein Administrator zustimmen).</translation>
    </message>
    <message>
        <source>This restore needs the permissions {needs}, not yet granted to Regvault&apos;s sign-in in {tenant}. Nothing was changed. Sign in again to grant them (an admin may have to approve).</source>
        <translation>Diese Wiederherstellung braucht die Berechtigungen {needs}, die der Anmeldung von Regvault in {tenant} noch nicht erteilt wurden. Es wurde nichts geändert. Melden Sie sich erneut an, um sie zu erteilen (ggf. muss ein Administrator zustimmen).</translation>
    </message>
    <message>
        <source>and</source>
        <translation>und</translation>
    </message>
    <message>
        <source>to find the owners, users and groups it puts back in the target, and to add owners: until then they are not looked up there</source>
        <translation>um die Besitzer, Benutzer und Gruppen zu finden, die sie im Ziel wiederherstellt, und um Besitzer hinzuzufügen: bis dahin werden sie dort nicht nachgeschlagen</translation>
    </message>
    <message>
        <source>to re-create its application permissions and user and group assignments</source>
        <translation>um ihre Anwendungsberechtigungen und Benutzer- und Gruppenzuweisungen neu zu erstellen</translation>
    </message>
    <message>
        <source>to re-create the enterprise application&apos;s consent</source>
        <translation>um die Zustimmung der Unternehmensanwendung neu zu erstellen</translation>
    </message>
</context>
<context>
    <name>BackupAlerts</name>
    <message>
        <source>Some alerts could not be sent ({reasons}); they are sent after the next backup.</source>
        <translation>Einige Warnmeldungen konnten nicht gesendet werden ({reasons}); sie werden nach der nächsten Sicherung gesendet.</translation>
    </message>
</context>
<context>
    <name>BackupControls</name>
    <message numerus="yes">
        <source>%Ln app(s): {added} added, {changed} changed, {removed} removed; {requests} Graph requests</source>
        <translation>
            <numerusform>%Ln App: {added} hinzugefügt, {changed} geändert, {removed} entfernt; {requests} Graph-Anfragen</numerusform>
            <numerusform>%Ln Apps: {added} hinzugefügt, {changed} geändert, {removed} entfernt; {requests} Graph-Anfragen</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>&amp;Jetzt sichern</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Jetzt sichern</translation>
    </message>
    <message>
        <source>Back up now failed</source>
        <translation>Jetzt sichern ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Backing up {tenant}; the demo&apos;s history waits meanwhile…</source>
        <translation>{tenant} wird gesichert; der Verlauf der Demo wartet so lange…</translation>
    </message>
    <message>
        <source>Backing up {tenant}…</source>
        <translation>{tenant} wird gesichert…</translation>
    </message>
    <message>
        <source>Backup cancelled: the backups are as they were.</source>
        <translation>Sicherung abgebrochen: Die Sicherungen sind unverändert.</translation>
    </message>
    <message>
        <source>Backup complete without the enterprise applications&apos; consent: {permissions} is not granted.</source>
        <translation>Sicherung vollständig, aber ohne die Zustimmungen der Unternehmensanwendungen: {permissions} ist nicht erteilt.</translation>
    </message>
    <message>
        <source>Backup complete: {summary}</source>
        <translation>Sicherung vollständig: {summary}</translation>
    </message>
    <message>
        <source>Backup failed: {error}</source>
        <translation>Sicherung fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Backup progress</source>
        <translation>Fortschritt der Sicherung</translation>
    </message>
    <message numerus="yes">
        <source>Backup saved, but the bytes of %Ln certificate(s) are still to come ({why}): the next backup reads them first.</source>
        <translation>
            <numerusform>Sicherung gespeichert, aber die Bytes von %Ln Zertifikat stehen noch aus ({why}): Die nächste Sicherung liest sie zuerst.</numerusform>
            <numerusform>Sicherung gespeichert, aber die Bytes von %Ln Zertifikaten stehen noch aus ({why}): Die nächste Sicherung liest sie zuerst.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the backup</source>
        <translation>Die Sicherung abbrechen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Certificates %v / %m</source>
        <translation>Zertifikate %v / %m</translation>
    </message>
    <message>
        <source>Last backup</source>
        <translation>Letzte Sicherung</translation>
    </message>
    <message>
        <source>Last backup {when}</source>
        <translation>Letzte Sicherung {when}</translation>
    </message>
    <message>
        <source>Last backup {when} failed</source>
        <translation>Letzte Sicherung {when} fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>Last backup {when}: %Ln certificate(s) to come</source>
        <translation>
            <numerusform>Letzte Sicherung {when}: %Ln Zertifikat steht aus</numerusform>
            <numerusform>Letzte Sicherung {when}: %Ln Zertifikate stehen aus</numerusform>
        </translation>
    </message>
    <message>
        <source>Never backed up</source>
        <translation>Noch nie gesichert</translation>
    </message>
    <message>
        <source>Permission needed</source>
        <translation>Berechtigung erforderlich</translation>
    </message>
    <message>
        <source>Reading the enterprise applications&apos; consent needs the permission {permissions}, not yet granted to Regvault&apos;s sign-in in {tenant}. This backup kept the app registrations without their enterprise applications. Sign in to grant it (an admin may have to approve).</source>
        <translation>Um die Zustimmungen der Unternehmensanwendungen zu lesen, braucht Regvault die Berechtigung {permissions}, die seiner Anmeldung in {tenant} noch nicht erteilt ist. Diese Sicherung enthält die App-Registrierungen ohne ihre Unternehmensanwendungen. Melden Sie sich an, um sie zu erteilen (ggf. muss ein Administrator zustimmen).</translation>
    </message>
    <message>
        <source>Sign in to grant the permission</source>
        <translation>Anmelden, um die Berechtigung zu erteilen</translation>
    </message>
    <message>
        <source>Sign in to grant…</source>
        <translation>Anmelden und erteilen…</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Take a snapshot of every app registration of this tenant</source>
        <translation>Einen Snapshot jeder App-Registrierung dieses Mandanten erstellen</translation>
    </message>
    <message numerus="yes">
        <source>The bytes of %Ln certificate(s) were not read yet (the backup writes its snapshot first and was stopped before they all came): the next backup reads them first.</source>
        <translation>
            <numerusform>Die Bytes von %Ln Zertifikat wurden noch nicht gelesen (die Sicherung schreibt zuerst ihren Snapshot und wurde angehalten, bevor alle da waren): Die nächste Sicherung liest sie zuerst.</numerusform>
            <numerusform>Die Bytes von %Ln Zertifikaten wurden noch nicht gelesen (die Sicherung schreibt zuerst ihren Snapshot und wurde angehalten, bevor alle da waren): Die nächste Sicherung liest sie zuerst.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The snapshot can be browsed; the bytes of %Ln certificate(s) are still to come (Graph allows 150 certificate reads a minute).</source>
        <translation>
            <numerusform>Der Snapshot kann durchsucht werden; die Bytes von %Ln Zertifikat stehen noch aus (Graph erlaubt 150 Zertifikatlesevorgänge pro Minute).</numerusform>
            <numerusform>Der Snapshot kann durchsucht werden; die Bytes von %Ln Zertifikaten stehen noch aus (Graph erlaubt 150 Zertifikatlesevorgänge pro Minute).</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting for the demo&apos;s history to finish its day…</source>
        <translation>Warten, bis der Verlauf der Demo seinen Tag fertig hat…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>BackupTexts</name>
    <message numerus="yes">
        <source>%Ln app(s), {added} added, {changed} changed, {removed} removed</source>
        <translation>
            <numerusform>%Ln App, {added} hinzugefügt, {changed} geändert, {removed} entfernt</numerusform>
            <numerusform>%Ln Apps, {added} hinzugefügt, {changed} geändert, {removed} entfernt</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Zertifikate</translation>
    </message>
    <message>
        <source>Checking the recycle bin…</source>
        <translation>Papierkorb wird geprüft…</translation>
    </message>
    <message>
        <source>Listing apps…</source>
        <translation>Apps werden aufgelistet…</translation>
    </message>
    <message>
        <source>Reading details…</source>
        <translation>Details werden gelesen…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>CompareActions</name>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Vorfall</translation>
    </message>
    <message>
        <source>What &amp;changed since a backup…</source>
        <translation>Was hat sich seit einer Sicherung &amp;geändert…</translation>
    </message>
    <message>
        <source>What was &amp;added since… (incident)…</source>
        <translation>Was wurde seit … &amp;hinzugefügt (Vorfall)…</translation>
    </message>
    <message>
        <source>What was added since a moment, most dangerous first, and rolling it back</source>
        <translation>Was seit einem Zeitpunkt hinzugefügt wurde, das Gefährlichste zuerst, und dessen Rücknahme</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>(not there)</source>
        <translation>(nicht vorhanden)</translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation>(entfernt)</translation>
    </message>
    <message numerus="yes">
        <source>&lt;span style=&apos;color:{red}&apos;&gt;■&lt;/span&gt; %Ln difference(s) between {old} and {new}; old value(s) on the left, new on the right (hover for the whole value).</source>
        <translation>
            <numerusform>&lt;span style=&apos;color:{red}&apos;&gt;■&lt;/span&gt; %Ln Unterschied zwischen {old} und {new}; der alte Wert links, der neue rechts (mit der Maus darauf zeigen für den ganzen Wert).</numerusform>
            <numerusform>&lt;span style=&apos;color:{red}&apos;&gt;■&lt;/span&gt; %Ln Unterschiede zwischen {old} und {new}; alte Werte links, neue rechts (mit der Maus darauf zeigen für den ganzen Wert).</numerusform>
        </translation>
    </message>
    <message>
        <source>Added ({n})</source>
        <translation>Hinzugefügt ({n})</translation>
    </message>
    <message>
        <source>App or attribute</source>
        <translation>App oder Attribut</translation>
    </message>
    <message>
        <source>Application (client) ID</source>
        <translation>Anwendungs-ID (Client)</translation>
    </message>
    <message>
        <source>Apps added, changed and removed, with what changed</source>
        <translation>Hinzugefügte, geänderte und entfernte Apps, mit den Änderungen</translation>
    </message>
    <message>
        <source>Backup {id} · {when}</source>
        <translation>Sicherung {id} · {when}</translation>
    </message>
    <message>
        <source>Changed ({n})</source>
        <translation>Geändert ({n})</translation>
    </message>
    <message>
        <source>Changes since this backup</source>
        <translation>Änderungen seit dieser Sicherung</translation>
    </message>
    <message>
        <source>Close the comparison</source>
        <translation>Den Vergleich schließen</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Compare again (reads the live tenant again)</source>
        <translation>Erneut vergleichen (liest den Live-Mandanten erneut)</translation>
    </message>
    <message>
        <source>Compare from (older side)</source>
        <translation>Vergleichen von (ältere Seite)</translation>
    </message>
    <message>
        <source>Compare to (newer side)</source>
        <translation>Vergleichen mit (neuere Seite)</translation>
    </message>
    <message>
        <source>Compare — {app}</source>
        <translation>Vergleichen — {app}</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Wird verglichen…</translation>
    </message>
    <message>
        <source>Could not compare: {error} {advice}</source>
        <translation>Vergleich nicht möglich: {error} {advice}</translation>
    </message>
    <message>
        <source>Differences: attribute, change, old value, new value</source>
        <translation>Unterschiede: Attribut, Änderung, alter Wert, neuer Wert</translation>
    </message>
    <message>
        <source>Filter by app name, client ID or what changed</source>
        <translation>Nach App-Name, Client-ID oder Änderung filtern</translation>
    </message>
    <message>
        <source>Filter the changes by app, client ID or attribute</source>
        <translation>Die Änderungen nach App, Client-ID oder Attribut filtern</translation>
    </message>
    <message>
        <source>From {old} to {new}: {added} added, {changed} changed, {removed} removed, {unchanged} unchanged.</source>
        <translation>Von {old} bis {new}: {added} hinzugefügt, {changed} geändert, {removed} entfernt, {unchanged} unverändert.</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>Live tenant (read now)</source>
        <translation>Live-Mandant (jetzt gelesen)</translation>
    </message>
    <message>
        <source>No differences between {old} and {new}.</source>
        <translation>Keine Unterschiede zwischen {old} und {new}.</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <source>Now: {now}
Before: {before}</source>
        <translation>Jetzt: {now}
Vorher: {before}</translation>
    </message>
    <message>
        <source>Open the restore wizard with only the selected attributes, as they were in the From version; everything else stays as it is now</source>
        <translation>Den Wiederherstellungs-Assistenten nur mit den ausgewählten Attributen öffnen, wie sie in der Von-Version waren; alles andere bleibt, wie es jetzt ist</translation>
    </message>
    <message>
        <source>Read again</source>
        <translation>Erneut lesen</translation>
    </message>
    <message>
        <source>Reading the live tenant…</source>
        <translation>Der Live-Mandant wird gelesen…</translation>
    </message>
    <message>
        <source>Reading the whole tenant, as a backup does (nothing is written)…</source>
        <translation>Der ganze Mandant wird gelesen, wie bei einer Sicherung (nichts wird geschrieben)…</translation>
    </message>
    <message>
        <source>Removed ({n})</source>
        <translation>Entfernt ({n})</translation>
    </message>
    <message>
        <source>Restore the old values…</source>
        <translation>Alte Werte wiederherstellen…</translation>
    </message>
    <message>
        <source>Restore the selected attributes as on the From side</source>
        <translation>Die ausgewählten Attribute wie auf der Von-Seite wiederherstellen</translation>
    </message>
    <message>
        <source>Show changes</source>
        <translation>Änderungen anzeigen</translation>
    </message>
    <message>
        <source>Show what changed in the whole tenant</source>
        <translation>Anzeigen, was sich im ganzen Mandanten geändert hat</translation>
    </message>
    <message>
        <source>Since:</source>
        <translation>Seit:</translation>
    </message>
    <message>
        <source>The app did not exist at {old}.</source>
        <translation>Die App existierte zum Stand {old} nicht.</translation>
    </message>
    <message>
        <source>The app is not in the live tenant now (deleted). Shown: what it had at {old}.</source>
        <translation>Die App ist jetzt nicht im Live-Mandanten (gelöscht). Angezeigt: ihr Stand {old}.</translation>
    </message>
    <message>
        <source>This app</source>
        <translation>Diese App</translation>
    </message>
    <message>
        <source>This tenant has no complete backup yet.</source>
        <translation>Dieser Mandant hat noch keine vollständige Sicherung.</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Bis:</translation>
    </message>
    <message>
        <source>Until this backup, or the live tenant</source>
        <translation>Bis zu dieser Sicherung oder zum Live-Mandanten</translation>
    </message>
    <message>
        <source>Until:</source>
        <translation>Bis:</translation>
    </message>
    <message>
        <source>Version {n} · {when}</source>
        <translation>Version {n} · {when}</translation>
    </message>
    <message>
        <source>Whole tenant</source>
        <translation>Ganzer Mandant</translation>
    </message>
    <message>
        <source>deleted permanently</source>
        <translation>endgültig gelöscht</translation>
    </message>
    <message>
        <source>in the recycle bin until {day}</source>
        <translation>im Papierkorb bis {day}</translation>
    </message>
</context>
<context>
    <name>CompareTexts</name>
    <message>
        <source>backup {id} ({when})</source>
        <translation>Sicherung {id} ({when})</translation>
    </message>
    <message>
        <source>the live tenant (read {when})</source>
        <translation>dem Live-Mandanten (gelesen {when})</translation>
    </message>
    <message>
        <source>the version of {when}</source>
        <translation>der Version vom {when}</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Open log folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
    <message>
        <source>Regvault</source>
        <translation>Regvault</translation>
    </message>
    <message>
        <source>Something went wrong inside Regvault.</source>
        <translation>In Regvault ist etwas schiefgegangen.</translation>
    </message>
    <message numerus="yes">
        <source>This happened %n more time(s) since.</source>
        <translation>
            <numerusform>Das ist seitdem noch %n Mal passiert.</numerusform>
            <numerusform>Das ist seitdem noch %n Mal passiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>{kind}: {message}
(in {thread})

What you were doing may not have finished. The details are in regvault.log in {folder}; please include it when you report this.</source>
        <translation>{kind}: {message}
(in {thread})

Was Sie gerade getan haben, ist möglicherweise nicht abgeschlossen. Die Details stehen in regvault.log in {folder}; bitte fügen Sie die Datei bei, wenn Sie dies melden.</translation>
    </message>
</context>
<context>
    <name>CredentialsTexts</name>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>App registration</source>
        <translation>App-Registrierung</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Geheimer Clientschlüssel</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Tage übrig</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Endet</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Gehört zu</translation>
    </message>
    <message>
        <source>Hint or thumbprint</source>
        <translation>Hinweis oder Fingerabdruck</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Owners</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Service principal</source>
        <translation>Dienstprinzipal</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Beginnt</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
</context>
<context>
    <name>CredentialsView</name>
    <message numerus="yes">
        <source> · %Ln expire(s) within 30 days</source>
        <translation>
            <numerusform> · %Ln läuft innerhalb von 30 Tagen ab</numerusform>
            <numerusform> · %Ln laufen innerhalb von 30 Tagen ab</numerusform>
        </translation>
    </message>
    <message>
        <source> · {n} expired</source>
        <translation> · {n} abgelaufen</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>All tenants</source>
        <translation>Alle Mandanten</translation>
    </message>
    <message>
        <source>Could not read the credentials</source>
        <translation>Die Anmeldeinformationen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Anmeldeinformationen</translation>
    </message>
    <message>
        <source>Credentials of every tenant</source>
        <translation>Anmeldeinformationen aller Mandanten</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Expiring within 30 days</source>
        <translation>Laufen innerhalb von 30 Tagen ab</translation>
    </message>
    <message>
        <source>Expiring within 90 days</source>
        <translation>Laufen innerhalb von 90 Tagen ab</translation>
    </message>
    <message>
        <source>Filter the credentials</source>
        <translation>Die Anmeldeinformationen filtern</translation>
    </message>
    <message>
        <source>Filter: tenant, app, name, hint, thumbprint, owner…</source>
        <translation>Filter: Mandant, App, Name, Hinweis, Fingerabdruck, Besitzer…</translation>
    </message>
    <message>
        <source>How many credentials are shown</source>
        <translation>Wie viele Anmeldeinformationen angezeigt werden</translation>
    </message>
    <message>
        <source>Read the credentials again</source>
        <translation>Die Anmeldeinformationen erneut lesen</translation>
    </message>
    <message>
        <source>Reading the credentials…</source>
        <translation>Die Anmeldeinformationen werden gelesen…</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>The credentials could not be read.</source>
        <translation>Die Anmeldeinformationen konnten nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Which credentials to show</source>
        <translation>Welche Anmeldeinformationen angezeigt werden</translation>
    </message>
    <message>
        <source>{shown} of 1 credential</source>
        <translation>{shown} von 1 Anmeldeinformation</translation>
    </message>
    <message>
        <source>{shown} of {total} credentials</source>
        <translation>{shown} von {total} Anmeldeinformationen</translation>
    </message>
</context>
<context>
    <name>CrossTenantViews</name>
    <message>
        <source>&amp;Credentials of all tenants…</source>
        <translation>&amp;Anmeldeinformationen aller Mandanten…</translation>
    </message>
    <message>
        <source>&amp;Search all tenants…</source>
        <translation>Alle Mandanten &amp;durchsuchen…</translation>
    </message>
    <message>
        <source>Every client secret and certificate of every tenant, soonest end first</source>
        <translation>Jeder geheime Clientschlüssel und jedes Zertifikat aller Mandanten, das früheste Ablaufdatum zuerst</translation>
    </message>
</context>
<context>
    <name>CustomersDialog</name>
    <message>
        <source> and {n} more</source>
        <translation> und {n} weitere</translation>
    </message>
    <message numerus="yes">
        <source>%Ln GDAP customer(s)</source>
        <translation>
            <numerusform>%Ln GDAP-Kunde</numerusform>
            <numerusform>%Ln GDAP-Kunden</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Select all</source>
        <translation>&amp;Alle auswählen</translation>
    </message>
    <message>
        <source>Add customer tenants</source>
        <translation>Kundenmandanten hinzufügen</translation>
    </message>
    <message>
        <source>Add selected</source>
        <translation>Ausgewählte hinzufügen</translation>
    </message>
    <message>
        <source>Add the selected customer tenants</source>
        <translation>Die ausgewählten Kundenmandanten hinzufügen</translation>
    </message>
    <message>
        <source>Add your partner tenant first (Add tenant…), then its customers.</source>
        <translation>Fügen Sie zuerst Ihren Partnermandanten hinzu (Mandant hinzufügen…), dann seine Kunden.</translation>
    </message>
    <message>
        <source>Added already</source>
        <translation>Bereits hinzugefügt</translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation>{name} hinzugefügt.</translation>
    </message>
    <message>
        <source>Added {n} tenants: {names}.</source>
        <translation>{n} Mandanten hinzugefügt: {names}.</translation>
    </message>
    <message numerus="yes">
        <source>Adding %Ln tenant(s)…</source>
        <translation>
            <numerusform>%Ln Mandant wird hinzugefügt…</numerusform>
            <numerusform>%Ln Mandanten werden hinzugefügt…</numerusform>
        </translation>
    </message>
    <message>
        <source>Check customers or type tenant IDs or domains first.</source>
        <translation>Wählen Sie zuerst Kunden aus oder geben Sie Mandanten-IDs oder Domänen ein.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Could not add {what}: {error}</source>
        <translation>{what} konnte nicht hinzugefügt werden: {error}</translation>
    </message>
    <message>
        <source>Could not list your GDAP customers: {error} You can still type tenant IDs or domains below.</source>
        <translation>Ihre GDAP-Kunden konnten nicht aufgelistet werden: {error} Sie können unten trotzdem Mandanten-IDs oder Domänen eingeben.</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>GDAP customers</source>
        <translation>GDAP-Kunden</translation>
    </message>
    <message>
        <source>Listing your GDAP customers needs the permission DelegatedAdminRelationship.Read.All on your partner tenant. Sign in to grant it, or type customer tenant IDs or domains below.</source>
        <translation>Um Ihre GDAP-Kunden aufzulisten, ist die Berechtigung DelegatedAdminRelationship.Read.All in Ihrem Partnermandanten nötig. Melden Sie sich an, um sie zu erteilen, oder geben Sie unten Mandanten-IDs oder Domänen der Kunden ein.</translation>
    </message>
    <message>
        <source>No GDAP customers found: type tenant IDs or domains below.</source>
        <translation>Keine GDAP-Kunden gefunden: Geben Sie unten Mandanten-IDs oder Domänen ein.</translation>
    </message>
    <message>
        <source>Or type tenant IDs or domains, separated by commas or spaces</source>
        <translation>Oder geben Sie Mandanten-IDs oder Domänen ein, getrennt durch Kommas oder Leerzeichen</translation>
    </message>
    <message>
        <source>Partner tenant</source>
        <translation>Partnermandant</translation>
    </message>
    <message>
        <source>Partner tenant:</source>
        <translation>Partnermandant:</translation>
    </message>
    <message>
        <source>Reading your GDAP customers…</source>
        <translation>Ihre GDAP-Kunden werden gelesen…</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Select every customer not added yet</source>
        <translation>Jeden noch nicht hinzugefügten Kunden auswählen</translation>
    </message>
    <message>
        <source>Sign in to list your customers…</source>
        <translation>Anmelden, um Ihre Kunden aufzulisten…</translation>
    </message>
    <message>
        <source>Sign in to the partner tenant to list your customers</source>
        <translation>Beim Partnermandanten anmelden, um Ihre Kunden aufzulisten</translation>
    </message>
    <message>
        <source>Signed in.</source>
        <translation>Angemeldet.</translation>
    </message>
    <message>
        <source>Tenant IDs or domains</source>
        <translation>Mandanten-IDs oder Domänen</translation>
    </message>
    <message>
        <source>{count}. Check the ones to add, or type tenant IDs or domains below.</source>
        <translation>{count}. Wählen Sie die hinzuzufügenden aus oder geben Sie unten Mandanten-IDs oder Domänen ein.</translation>
    </message>
    <message>
        <source>— added</source>
        <translation>— hinzugefügt</translation>
    </message>
    <message>
        <source>…and {n} more could not be added.</source>
        <translation>…und {n} weitere konnten nicht hinzugefügt werden.</translation>
    </message>
</context>
<context>
    <name>DemoLaunch</name>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>The demo could not be prepared.</source>
        <translation>Die Demo konnte nicht vorbereitet werden.</translation>
    </message>
</context>
<context>
    <name>DemoProgressWindow</name>
    <message>
        <source>Demo preparation</source>
        <translation>Vorbereitung der Demo</translation>
    </message>
    <message>
        <source>Demo preparation progress</source>
        <translation>Fortschritt der Demo-Vorbereitung</translation>
    </message>
    <message>
        <source>Preparing the demo</source>
        <translation>Die Demo wird vorbereitet</translation>
    </message>
    <message>
        <source>Preparing the demo: day {done} of {total}…</source>
        <translation>Die Demo wird vorbereitet: Tag {done} von {total}…</translation>
    </message>
    <message>
        <source>Regvault — demo</source>
        <translation>Regvault — Demo</translation>
    </message>
    <message>
        <source>Starting the demo&apos;s built-in Graph emulator…</source>
        <translation>Der eingebaute Graph-Emulator der Demo wird gestartet…</translation>
    </message>
    <message>
        <source>The first start backs up two months of made-up history, one day at a time; later starts take a few seconds.</source>
        <translation>Der erste Start sichert zwei Monate erfundenen Verlauf, Tag für Tag; spätere Starts dauern nur Sekunden.</translation>
    </message>
</context>
<context>
    <name>DiffRowsModel</name>
    <message>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Neuer Wert</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>Alter Wert</translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
</context>
<context>
    <name>ErrorTexts</name>
    <message>
        <source>A sign-in to this tenant is needed.</source>
        <translation>Eine Anmeldung bei diesem Mandanten ist erforderlich.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Check the network connection and try again. Nothing was changed.</source>
        <translation>Prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Could not reach Microsoft Graph ({code}).</source>
        <translation>Microsoft Graph war nicht erreichbar ({code}).</translation>
    </message>
    <message>
        <source>Microsoft Graph answered {status} {code}.</source>
        <translation>Microsoft Graph antwortete {status} {code}.</translation>
    </message>
    <message>
        <source>Microsoft Graph had a problem ({status} {code}).</source>
        <translation>Microsoft Graph hatte ein Problem ({status} {code}).</translation>
    </message>
    <message>
        <source>Microsoft Graph is throttling this tenant ({code}).</source>
        <translation>Microsoft Graph drosselt diesen Mandanten ({code}).</translation>
    </message>
    <message>
        <source>Microsoft Graph refused access ({status} {code}).</source>
        <translation>Microsoft Graph hat den Zugriff verweigert ({status} {code}).</translation>
    </message>
    <message>
        <source>Nobody is signed in to this tenant in Regvault.</source>
        <translation>In Regvault ist niemand bei diesem Mandanten angemeldet.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Nothing was changed. The log has the details.</source>
        <translation>Es wurde nichts geändert. Die Details stehen im Protokoll.</translation>
    </message>
    <message>
        <source>Sign in to grant them, then try again.</source>
        <translation>Melden Sie sich an, um sie zu erteilen, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Sign in, then try again. Nothing was changed.</source>
        <translation>Melden Sie sich an und versuchen Sie es dann erneut. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The permissions Regvault needs have not been granted in this tenant yet.</source>
        <translation>Die Berechtigungen, die Regvault braucht, sind in diesem Mandanten noch nicht erteilt.</translation>
    </message>
    <message>
        <source>The sign-in to this tenant has expired or was revoked.</source>
        <translation>Die Anmeldung bei diesem Mandanten ist abgelaufen oder wurde widerrufen.</translation>
    </message>
    <message>
        <source>The signed-in account needs permission to read app registrations (Application.Read.All, or an admin role such as Application Administrator). Nothing was changed.</source>
        <translation>Das angemeldete Konto braucht die Berechtigung, App-Registrierungen zu lesen (Application.Read.All oder eine Administratorrolle wie Anwendungsadministrator). Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The tenant asks for a fresh sign-in (multi-factor authentication, Conditional Access or terms of use).</source>
        <translation>Der Mandant verlangt eine neue Anmeldung (mehrstufige Authentifizierung, bedingter Zugriff oder Nutzungsbedingungen).</translation>
    </message>
    <message>
        <source>This is usually temporary: try again in a few minutes. Nothing was changed.</source>
        <translation>Das ist meist vorübergehend: Versuchen Sie es in ein paar Minuten erneut. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Too many requests for now; Regvault waited and retried. Try again in a few minutes. Nothing was changed.</source>
        <translation>Zu viele Anfragen im Moment; Regvault hat gewartet und es erneut versucht. Versuchen Sie es in ein paar Minuten erneut. Es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>&amp;Graph JSON: a body POST /applications accepts (writable properties only)</source>
        <translation>&amp;Graph-JSON: ein Body, den POST /applications annimmt (nur beschreibbare Eigenschaften)</translation>
    </message>
    <message>
        <source>&amp;HTML app passport: every setting, owners, credentials, history; printable</source>
        <translation>&amp;HTML-App-Pass: alle Einstellungen, Besitzer, Anmeldeinformationen, Verlauf; druckbar</translation>
    </message>
    <message>
        <source>&amp;Terraform: azuread_application for the hashicorp/azuread provider</source>
        <translation>&amp;Terraform: azuread_application für den Provider hashicorp/azuread</translation>
    </message>
    <message>
        <source>Apps:</source>
        <translation>Apps:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose where to write the export</source>
        <translation>Wählen, wohin der Export geschrieben wird</translation>
    </message>
    <message>
        <source>Choose where to write the export.</source>
        <translation>Wählen Sie, wohin der Export geschrieben wird.</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}. Nothing was written.</source>
        <translation>{path} konnte nicht geschrieben werden: {error}. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Every app of {tenant} at this backup</source>
        <translation>Jede App von {tenant} zum Stand dieser Sicherung</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export every app of the tenant</source>
        <translation>Jede App des Mandanten exportieren</translation>
    </message>
    <message>
        <source>Export this app</source>
        <translation>Diese App exportieren</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Export — {app}</source>
        <translation>Exportieren — {app}</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln app(s) to {path}.</source>
        <translation>
            <numerusform>%Ln App nach {path} exportiert.</numerusform>
            <numerusform>%Ln Apps nach {path} exportiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
    <message>
        <source>File or folder to write</source>
        <translation>Zu schreibende Datei oder Ordner</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>Speichern unter:</translation>
    </message>
    <message>
        <source>Secrets are never exported; certificates appear as metadata and thumbprints.</source>
        <translation>Geheimnisse werden nie exportiert; Zertifikate erscheinen als Metadaten und Fingerabdrücke.</translation>
    </message>
    <message>
        <source>This app ({name})</source>
        <translation>Diese App ({name})</translation>
    </message>
</context>
<context>
    <name>HistoryFill</name>
    <message>
        <source>Building the demo&apos;s history: day {days} of {total}…</source>
        <translation>Der Verlauf der Demo wird aufgebaut: Tag {days} von {total}…</translation>
    </message>
    <message>
        <source>Demo history being built</source>
        <translation>Verlauf der Demo wird aufgebaut</translation>
    </message>
    <message>
        <source>Demo history progress</source>
        <translation>Fortschritt des Demo-Verlaufs</translation>
    </message>
    <message>
        <source>The demo&apos;s history could not be completed: {error}</source>
        <translation>Der Verlauf der Demo konnte nicht fertiggestellt werden: {error}</translation>
    </message>
    <message>
        <source>The demo&apos;s history is complete.</source>
        <translation>Der Verlauf der Demo ist vollständig.</translation>
    </message>
    <message>
        <source>The demo&apos;s history is partly built: the next start goes on.</source>
        <translation>Der Verlauf der Demo ist teilweise aufgebaut: Der nächste Start macht weiter.</translation>
    </message>
</context>
<context>
    <name>HistoryTexts</name>
    <message>
        <source> (dry run)</source>
        <translation> (Probelauf)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Ausgeführt von</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Snapshot of</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>To another tenant</source>
        <translation>Zielmandant</translation>
    </message>
</context>
<context>
    <name>IncidentModel</name>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Refused: would lock Regvault out</source>
        <translation>Abgelehnt: würde Regvault aussperren</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Rücknahme</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
</context>
<context>
    <name>IncidentTexts</name>
    <message>
        <source>(app)</source>
        <translation>(App)</translation>
    </message>
    <message>
        <source>A removed secret can&apos;t come back: Graph never gives a secret out. Issue a new one.</source>
        <translation>Ein entferntes Geheimnis kann nicht zurückkommen: Graph gibt nie ein Geheimnis heraus. Stellen Sie ein neues aus.</translation>
    </message>
    <message>
        <source>API permission requested</source>
        <translation>Angeforderte API-Berechtigung</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>App registration</source>
        <translation>App-Registrierung</translation>
    </message>
    <message>
        <source>Application ID URI</source>
        <translation>Anwendungs-ID-URI</translation>
    </message>
    <message>
        <source>Application permission granted</source>
        <translation>Erteilte Anwendungsberechtigung</translation>
    </message>
    <message>
        <source>Can&apos;t be undone</source>
        <translation>Nicht rücknehmbar</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Geheimer Clientschlüssel</translation>
    </message>
    <message>
        <source>Consent (delegated permissions)</source>
        <translation>Zustimmung (delegierte Berechtigungen)</translation>
    </message>
    <message>
        <source>Control of the app</source>
        <translation>Kontrolle über die App</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Enterprise application</source>
        <translation>Unternehmensanwendung</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Federated credential</source>
        <translation>Verbundanmeldeinformation</translation>
    </message>
    <message>
        <source>Goes with its new app</source>
        <translation>Geht mit seiner neuen App</translation>
    </message>
    <message>
        <source>High privilege</source>
        <translation>Hohe Berechtigung</translation>
    </message>
    <message>
        <source>In the recycle bin</source>
        <translation>Im Papierkorb</translation>
    </message>
    <message>
        <source>It would move the app Regvault signs in as to the recycle bin.</source>
        <translation>Es würde die App, als die sich Regvault anmeldet, in den Papierkorb verschieben.</translation>
    </message>
    <message>
        <source>It would remove the account Regvault signs in with as an owner.</source>
        <translation>Es würde das Konto, mit dem sich Regvault anmeldet, als Besitzer entfernen.</translation>
    </message>
    <message>
        <source>It would remove the credential Regvault signs in with.</source>
        <translation>Es würde die Anmeldeinformation entfernen, mit der sich Regvault anmeldet.</translation>
    </message>
    <message>
        <source>It would take a permission from the app Regvault signs in as.</source>
        <translation>Es würde der App, als die sich Regvault anmeldet, eine Berechtigung entziehen.</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>New object</source>
        <translation>Neues Objekt</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Nicht begonnen</translation>
    </message>
    <message>
        <source>Other change</source>
        <translation>Andere Änderung</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>Berechtigung</translation>
    </message>
    <message>
        <source>Put back</source>
        <translation>Zurückgesetzt</translation>
    </message>
    <message>
        <source>Redirect URI</source>
        <translation>Umleitungs-URI</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Restore it from a backup (Restore…).</source>
        <translation>Stellen Sie es aus einer Sicherung wieder her (Wiederherstellen…).</translation>
    </message>
    <message>
        <source>Sign-in credential</source>
        <translation>Anmeldeinformation</translation>
    </message>
    <message>
        <source>Stays as it is</source>
        <translation>Bleibt, wie es ist</translation>
    </message>
    <message>
        <source>The app has no enterprise application now.</source>
        <translation>Die App hat jetzt keine Unternehmensanwendung.</translation>
    </message>
    <message>
        <source>The backups hold no public certificate bytes for it.</source>
        <translation>Die Sicherungen enthalten keine Bytes des öffentlichen Zertifikats dafür.</translation>
    </message>
    <message>
        <source>The permission&apos;s API has no enterprise application in the tenant.</source>
        <translation>Die API der Berechtigung hat keine Unternehmensanwendung im Mandanten.</translation>
    </message>
    <message>
        <source>Will be put back</source>
        <translation>Wird zurückgesetzt</translation>
    </message>
    <message>
        <source>Will be removed</source>
        <translation>Wird entfernt</translation>
    </message>
    <message>
        <source>Will go to the recycle bin</source>
        <translation>Kommt in den Papierkorb</translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>for {user}</source>
        <translation>für {user}</translation>
    </message>
    <message>
        <source>no end date</source>
        <translation>ohne Enddatum</translation>
    </message>
    <message>
        <source>not in the audit log</source>
        <translation>nicht im Überwachungsprotokoll</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>{kind} (enterprise application)</source>
        <translation>{kind} (Unternehmensanwendung)</translation>
    </message>
    <message>
        <source>{kind} “{label}”</source>
        <translation>{kind} „{label}“</translation>
    </message>
    <message>
        <source>{kind}: {properties}</source>
        <translation>{kind}: {properties}</translation>
    </message>
</context>
<context>
    <name>IncidentView</name>
    <message numerus="yes">
        <source>%Ln change(s) an incident undoes since {moment}, compared with the backup of {baseline}; {others}.</source>
        <translation>
            <numerusform>%Ln Änderung seit {moment}, die eine Vorfallsrücknahme zurücknimmt (verglichen mit der Sicherung vom {baseline}); {others}.</numerusform>
            <numerusform>%Ln Änderungen seit {moment}, die eine Vorfallsrücknahme zurücknimmt (verglichen mit der Sicherung vom {baseline}); {others}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln other change(s) stay as they are</source>
        <translation>
            <numerusform>%Ln andere Änderung bleibt, wie sie ist</numerusform>
            <numerusform>%Ln andere Änderungen bleiben, wie sie sind</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes since this moment</source>
        <translation>Änderungen seit diesem Zeitpunkt</translation>
    </message>
    <message>
        <source>Choose the moment before the incident, then Find what changed.</source>
        <translation>Wählen Sie den Zeitpunkt vor dem Vorfall, dann „Änderungen finden“.</translation>
    </message>
    <message>
        <source>Confirm the rollback</source>
        <translation>Die Rücknahme bestätigen</translation>
    </message>
    <message>
        <source>Evidence pack saved: {path}</source>
        <translation>Beweispaket gespeichert: {path}</translation>
    </message>
    <message>
        <source>Find what changed</source>
        <translation>Änderungen finden</translation>
    </message>
    <message>
        <source>Incident: what was added since a moment, and rolling it back</source>
        <translation>Vorfall: was seit einem Zeitpunkt hinzugefügt wurde, und dessen Rücknahme</translation>
    </message>
    <message>
        <source>Read the tenant and list what changed since the moment</source>
        <translation>Den Mandanten lesen und auflisten, was sich seit dem Zeitpunkt geändert hat</translation>
    </message>
    <message>
        <source>Reading {tenant} and comparing it with the moment…</source>
        <translation>{tenant} wird gelesen und mit dem Zeitpunkt verglichen…</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Zurücknehmen</translation>
    </message>
    <message numerus="yes">
        <source>Roll back %Ln change(s) in {tenant}? What was added goes (new apps to the recycle bin), what was removed comes back; the rest stays as it is.</source>
        <translation>
            <numerusform>%Ln Änderung in {tenant} zurücknehmen? Was hinzugefügt wurde, wird entfernt (neue Apps kommen in den Papierkorb), was entfernt wurde, kommt zurück; der Rest bleibt, wie er ist.</numerusform>
            <numerusform>%Ln Änderungen in {tenant} zurücknehmen? Was hinzugefügt wurde, wird entfernt (neue Apps kommen in den Papierkorb), was entfernt wurde, kommt zurück; der Rest bleibt, wie er ist.</numerusform>
        </translation>
    </message>
    <message>
        <source>Roll back…</source>
        <translation>Zurücknehmen…</translation>
    </message>
    <message numerus="yes">
        <source>Rolled back: %Ln change(s) undone, {failed} failed, in {seconds:.1f} s. A snapshot of the apps before it was kept (backup {pre}).</source>
        <translation>
            <numerusform>Zurückgenommen: %Ln Änderung rückgängig gemacht, {failed} fehlgeschlagen, in {seconds:.1f} s. Ein Snapshot der Apps von vorher wurde aufbewahrt (Sicherung {pre}).</numerusform>
            <numerusform>Zurückgenommen: %Ln Änderungen rückgängig gemacht, {failed} fehlgeschlagen, in {seconds:.1f} s. Ein Snapshot der Apps von vorher wurde aufbewahrt (Sicherung {pre}).</numerusform>
        </translation>
    </message>
    <message>
        <source>Rolling back…</source>
        <translation>Wird zurückgenommen…</translation>
    </message>
    <message>
        <source>Rolling back… {app}</source>
        <translation>Wird zurückgenommen… {app}</translation>
    </message>
    <message>
        <source>Save every item with who and when, and what the rollback did, as a web page for the incident record</source>
        <translation>Jeden Eintrag mit Wer und Wann und was die Rücknahme getan hat als Webseite für die Vorfallsakte speichern</translation>
    </message>
    <message>
        <source>Save evidence pack…</source>
        <translation>Beweispaket speichern…</translation>
    </message>
    <message>
        <source>Save the evidence pack</source>
        <translation>Das Beweispaket speichern</translation>
    </message>
    <message>
        <source>Since:</source>
        <translation>Seit:</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop the rollback after the apps being rolled back; run it again to finish</source>
        <translation>Die Zurücknahme nach den gerade bearbeiteten Apps anhalten; erneut ausführen, um sie abzuschließen</translation>
    </message>
    <message>
        <source>Stopped before every app was rolled back: Find what changed and Roll back again to finish (what was undone stays undone).</source>
        <translation>Angehalten, bevor alle Apps zurückgenommen waren: Änderungen finden und erneut Zurücknehmen, um abzuschließen (was rückgängig gemacht wurde, bleibt es).</translation>
    </message>
    <message>
        <source>Stopping: the apps being rolled back finish first…</source>
        <translation>Wird angehalten: die gerade bearbeiteten Apps werden noch abgeschlossen…</translation>
    </message>
    <message>
        <source>The backups of {tenant} begin at {first}: nothing is known of the tenant before then. Choose a later moment.</source>
        <translation>Die Sicherungen von {tenant} beginnen am {first}: Über den Mandanten davor ist nichts bekannt. Wählen Sie einen späteren Zeitpunkt.</translation>
    </message>
    <message>
        <source>The rollback would lock Regvault out. Tick Keep on these, or undo them by hand afterwards: {items}</source>
        <translation>Die Rücknahme würde Regvault aussperren. Aktivieren Sie bei diesen „Behalten“ oder machen Sie sie danach von Hand rückgängig: {items}</translation>
    </message>
    <message>
        <source>Undo every item not kept: remove what was added, put back what was removed</source>
        <translation>Jeden nicht behaltenen Eintrag rückgängig machen: Hinzugefügtes entfernen, Entferntes zurückholen</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>Webseite (*.html)</translation>
    </message>
    <message>
        <source>What changed since the moment, most dangerous first; tick Keep to leave an item as it is</source>
        <translation>Was sich seit dem Zeitpunkt geändert hat, das Gefährlichste zuerst; aktivieren Sie „Behalten“, um einen Eintrag zu lassen, wie er ist</translation>
    </message>
    <message>
        <source>Who Regvault signs in as could not be told, so it can&apos;t make sure the rollback leaves it able to undo it: sign in again.</source>
        <translation>Es ließ sich nicht feststellen, als wer sich Regvault anmeldet; daher kann es nicht sicherstellen, dass es die Rücknahme selbst wieder rückgängig machen kann: Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Who made each change is not known: Regvault may not read the audit log ({permission}).</source>
        <translation>Wer die Änderungen vorgenommen hat, ist nicht bekannt: Regvault darf das Überwachungsprotokoll nicht lesen ({permission}).</translation>
    </message>
    <message>
        <source>{tenant} has never been backed up: there is nothing to compare with. Back it up first.</source>
        <translation>{tenant} wurde noch nie gesichert: Es gibt nichts zum Vergleichen. Sichern Sie den Mandanten zuerst.</translation>
    </message>
</context>
<context>
    <name>LeftOutTexts</name>
    <message numerus="yes">
        <source>%Ln app(s) did not exist yet ({names})</source>
        <translation>
            <numerusform>%Ln App existierte noch nicht ({names})</numerusform>
            <numerusform>%Ln Apps existierten noch nicht ({names})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln app(s) had been deleted before it ({names})</source>
        <translation>
            <numerusform>%Ln App war vorher gelöscht worden ({names})</numerusform>
            <numerusform>%Ln Apps waren vorher gelöscht worden ({names})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln chosen app(s) not in this snapshot are left out: {reasons}.</source>
        <translation>
            <numerusform>%Ln gewählte App ist nicht in diesem Snapshot und wird ausgelassen: {reasons}.</numerusform>
            <numerusform>%Ln gewählte Apps sind nicht in diesem Snapshot und werden ausgelassen: {reasons}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of the {total} apps are not in this snapshot and are left out: {reasons}.</source>
        <translation>
            <numerusform>%Ln der {total} Apps ist nicht in diesem Snapshot und wird ausgelassen: {reasons}.</numerusform>
            <numerusform>%Ln der {total} Apps sind nicht in diesem Snapshot und werden ausgelassen: {reasons}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln of them deleted since (they come back)</source>
        <translation>
            <numerusform>, davon %Ln seitdem gelöscht (sie kommt zurück)</numerusform>
            <numerusform>, davon %Ln seitdem gelöscht (sie kommen zurück)</numerusform>
        </translation>
    </message>
    <message>
        <source>All {n} apps are in this snapshot.</source>
        <translation>Alle {n} Apps sind in diesem Snapshot.</translation>
    </message>
    <message>
        <source>None of the {n} apps is in this snapshot: {reasons}.</source>
        <translation>Keine der {n} Apps ist in diesem Snapshot: {reasons}.</translation>
    </message>
    <message>
        <source>The app did not exist yet at this snapshot. It was first backed up on {when}.</source>
        <translation>Die App existierte zu diesem Snapshot noch nicht. Sie wurde erstmals am {when} gesichert.</translation>
    </message>
    <message>
        <source>The app did not exist yet at this snapshot: pick a later day.</source>
        <translation>Die App existierte zu diesem Snapshot noch nicht: Wählen Sie einen späteren Tag.</translation>
    </message>
    <message>
        <source>The app had been deleted before this snapshot. The last backup that holds it is {when}.</source>
        <translation>Die App wurde vor diesem Snapshot gelöscht. Die letzte Sicherung, die sie enthält, ist vom {when}.</translation>
    </message>
    <message>
        <source>The app had been deleted before this snapshot: pick an earlier day.</source>
        <translation>Die App wurde vor diesem Snapshot gelöscht: Wählen Sie einen früheren Tag.</translation>
    </message>
    <message>
        <source>The app is in this snapshot.</source>
        <translation>Die App ist in diesem Snapshot.</translation>
    </message>
    <message numerus="yes">
        <source>The other %Ln app(s) are restored.</source>
        <translation>
            <numerusform>Die andere App wird wiederhergestellt.</numerusform>
            <numerusform>Die anderen %Ln werden wiederhergestellt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The whole tenant as at {when}: %Ln app(s)</source>
        <translation>
            <numerusform>Der ganze Mandant zum Stand {when}: %Ln App</numerusform>
            <numerusform>Der ganze Mandant zum Stand {when}: %Ln Apps</numerusform>
        </translation>
    </message>
    <message>
        <source>{names} and {n} more</source>
        <translation>{names} und {n} weitere</translation>
    </message>
</context>
<context>
    <name>LicencesDialog</name>
    <message>
        <source>Close the licences</source>
        <translation>Lizenzen schließen</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>Lizenzen</translation>
    </message>
    <message>
        <source>Regvault is licensed under the {licence}. It uses Qt and Qt for Python (PySide6) under the GNU Lesser General Public License v3, and the other libraries below under their own licences.</source>
        <translation>Regvault steht unter der {licence}. Es verwendet Qt und Qt for Python (PySide6) unter der GNU Lesser General Public License v3 und die übrigen unten genannten Bibliotheken unter deren eigenen Lizenzen.</translation>
    </message>
    <message>
        <source>Third-party notices</source>
        <translation>Hinweise zu Drittanbietern</translation>
    </message>
    <message>
        <source>This Regvault runs from a Python install: each library it uses carries its own licence in its installed package. The packaged app (installer, DMG, tarball) ships the third-party notices, generated from the libraries it is built with, and shows them here.</source>
        <translation>Dieses Regvault läuft aus einer Python-Installation: Jede verwendete Bibliothek bringt ihre Lizenz in ihrem installierten Paket mit. Die paketierte App (Installer, DMG, Tarball) enthält die Hinweise zu Drittanbietern, erzeugt aus den Bibliotheken, mit denen sie gebaut ist, und zeigt sie hier.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>(demo)</source>
        <translation>(Demo)</translation>
    </message>
    <message>
        <source>Regvault</source>
        <translation>Regvault</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <source>{tenant} (demo)</source>
        <translation>{tenant} (Demo)</translation>
    </message>
</context>
<context>
    <name>NetworkTexts</name>
    <message>
        <source>Can&apos;t reach {host} to sign in. {why}</source>
        <translation>{host} ist für die Anmeldung nicht erreichbar. {why}</translation>
    </message>
    <message>
        <source>Check the proxy settings (Settings, HTTPS_PROXY, or the system&apos;s proxy/PAC)</source>
        <translation>Prüfen Sie die Proxyeinstellungen (Einstellungen, HTTPS_PROXY oder Proxy/PAC des Systems)</translation>
    </message>
    <message>
        <source>The connection to {host} failed ({detail}). Check the network connection.</source>
        <translation>Die Verbindung zu {host} ist fehlgeschlagen ({detail}). Prüfen Sie die Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>The connection to {host} through the proxy {proxy} failed ({detail}). Check the network connection.</source>
        <translation>Die Verbindung zu {host} über den Proxy {proxy} ist fehlgeschlagen ({detail}). Prüfen Sie die Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>The connection to {host} through the proxy {proxy} was refused as unsafe:</source>
        <translation>Die Verbindung zu {host} über den Proxy {proxy} wurde als unsicher abgelehnt:</translation>
    </message>
    <message>
        <source>The connection to {host} was refused as unsafe:</source>
        <translation>Die Verbindung zu {host} wurde als unsicher abgelehnt:</translation>
    </message>
    <message>
        <source>The name {host} could not be found (DNS). Check that this computer is online and its DNS works, or that the proxy settings are right.</source>
        <translation>Der Name {host} wurde nicht gefunden (DNS). Prüfen Sie, ob dieser Computer online ist und sein DNS funktioniert oder ob die Proxyeinstellungen stimmen.</translation>
    </message>
    <message>
        <source>The name {host} could not be found (DNS). Check that this computer is online and its DNS works.</source>
        <translation>Der Name {host} wurde nicht gefunden (DNS). Prüfen Sie, ob dieser Computer online ist und sein DNS funktioniert.</translation>
    </message>
    <message>
        <source>The network answered for {host} with a web page instead of Microsoft&apos;s service: it probably wants you to sign in to it first (a hotel or guest Wi-Fi page). Open a browser, complete that page, then try again.</source>
        <translation>Das Netzwerk hat für {host} mit einer Webseite statt mit dem Dienst von Microsoft geantwortet: Vermutlich müssen Sie sich zuerst dort anmelden (die Seite eines Hotels oder Gast-WLANs). Öffnen Sie einen Browser, füllen Sie diese Seite aus und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The proxy {proxy} did not let the connection to {host} through ({detail}). {check}, and whether the proxy needs you to sign in; set the proxy to &apos;direct&apos; if this network needs none.</source>
        <translation>Der Proxy {proxy} hat die Verbindung zu {host} nicht durchgelassen ({detail}). {check} und ob der Proxy eine Anmeldung verlangt; setzen Sie den Proxy auf „direct“, wenn dieses Netzwerk keinen braucht.</translation>
    </message>
    <message>
        <source>The proxy {proxy} refused the connection (nothing listens there) while connecting to {host}. {check}; set the proxy to &apos;direct&apos; if this network needs none.</source>
        <translation>Der Proxy {proxy} hat die Verbindung abgelehnt (dort lauscht nichts), als eine Verbindung zu {host} aufgebaut werden sollte. {check}; setzen Sie den Proxy auf „direct“, wenn dieses Netzwerk keinen braucht.</translation>
    </message>
    <message>
        <source>The proxy {proxy} wants Regvault to sign in to it (407 Proxy Authentication Required), so {host} can&apos;t be reached. Regvault can&apos;t sign in to a proxy, neither with your Windows account (NTLM, Kerberos/Negotiate) nor with a password. Either ask IT to let Microsoft&apos;s sign-in and Graph hosts through without a proxy sign-in (login.microsoftonline.com and graph.microsoft.com, or your national cloud&apos;s), or run {local_proxy} on this computer, which signs in to {proxy} with your Windows account, and set Regvault&apos;s proxy to {local_url} (Settings → Network, or regvault settings --proxy {local_url}).</source>
        <translation>Der Proxy {proxy} verlangt, dass Regvault sich bei ihm anmeldet (407 Proxy Authentication Required), daher ist {host} nicht erreichbar. Regvault kann sich bei keinem Proxy anmelden, weder mit Ihrem Windows-Konto (NTLM, Kerberos/Negotiate) noch mit einem Kennwort. Bitten Sie entweder die IT, die Anmelde- und Graph-Hosts von Microsoft ohne Proxyanmeldung durchzulassen (login.microsoftonline.com und graph.microsoft.com bzw. die Ihrer nationalen Cloud), oder führen Sie {local_proxy} auf diesem Computer aus, das sich mit Ihrem Windows-Konto bei {proxy} anmeldet, und setzen Sie den Proxy von Regvault auf {local_url} (Einstellungen → Netzwerk oder regvault settings --proxy {local_url}).</translation>
    </message>
    <message>
        <source>its certificate is not signed by a root this computer trusts. This is usually a network that inspects HTTPS (a corporate proxy or firewall) whose root certificate is not installed: install your organisation&apos;s root CA in the operating system&apos;s trust store, or name it as the CA bundle in Settings.</source>
        <translation>Ihr Zertifikat ist nicht von einem Stammzertifikat signiert, dem dieser Computer vertraut. Meist ist das ein Netzwerk, das HTTPS prüft (ein Proxy oder eine Firewall des Unternehmens), dessen Stammzertifikat nicht installiert ist: Installieren Sie die Stammzertifizierungsstelle Ihrer Organisation im Zertifikatspeicher des Betriebssystems oder geben Sie sie in den Einstellungen als zusätzliche Stammzertifikate an.</translation>
    </message>
    <message>
        <source>{host} did not answer in time through the proxy {proxy}. Check the network connection; Regvault tried again.</source>
        <translation>{host} hat über den Proxy {proxy} nicht rechtzeitig geantwortet. Prüfen Sie die Netzwerkverbindung; Regvault hat es erneut versucht.</translation>
    </message>
    <message>
        <source>{host} did not answer in time. Check the network connection; Regvault tried again.</source>
        <translation>{host} hat nicht rechtzeitig geantwortet. Prüfen Sie die Netzwerkverbindung; Regvault hat es erneut versucht.</translation>
    </message>
    <message>
        <source>{host} refused the connection (nothing listens there, or a firewall rejects it). Check the address and the firewall.</source>
        <translation>{host} hat die Verbindung abgelehnt (dort lauscht nichts, oder eine Firewall weist sie ab). Prüfen Sie die Adresse und die Firewall.</translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <source>&amp;With object: keep the name and client ID</source>
        <translation>Am &amp;Original: Name und Client-ID bleiben</translation>
    </message>
    <message>
        <source>Add a target tenant</source>
        <translation>Zielmandanten hinzufügen</translation>
    </message>
    <message>
        <source>Add a target tenant…</source>
        <translation>Zielmandanten hinzufügen…</translation>
    </message>
    <message>
        <source>Add the tenant from the command line, then open the wizard again:
regvault tenants add --tenant TENANT_ID --restore-target</source>
        <translation>Fügen Sie den Mandanten über die Befehlszeile hinzu und öffnen Sie den Assistenten dann erneut:
regvault tenants add --tenant TENANT_ID --restore-target</translation>
    </message>
    <message>
        <source>Adding {tenant}…</source>
        <translation>{tenant} wird hinzugefügt…</translation>
    </message>
    <message>
        <source>Also copy the admin &amp;consent, application permissions and user/group assignments</source>
        <translation>Auch Administratorzustimmung, Anwendungsberechtigungen und Benutzer-/Gruppenzuweisungen &amp;kopieren</translation>
    </message>
    <message>
        <source>An app that still exists is overwritten where it differs from the snapshot (one already as at the snapshot is left alone); one in the recycle bin is undeleted first (it keeps its client ID); one deleted permanently is recreated (Graph gives it a new client ID).</source>
        <translation>Eine noch vorhandene App wird überschrieben, wo sie vom Snapshot abweicht (eine, die schon dem Snapshot entspricht, bleibt unberührt); eine im Papierkorb wird zuerst wiederhergestellt (sie behält ihre Client-ID); eine endgültig gelöschte wird neu erstellt (Graph gibt ihr eine neue Client-ID).</translation>
    </message>
    <message>
        <source>As n&amp;ew: a new app with a new name and client ID</source>
        <translation>Als &amp;neue App: mit neuem Namen und neuer Client-ID</translation>
    </message>
    <message>
        <source>As new restores exactly one app; {n} apps are selected. Select one app to restore it as new.</source>
        <translation>„Als neue App“ stellt genau eine App wieder her; {n} Apps sind ausgewählt. Wählen Sie eine App aus, um sie als neue wiederherzustellen.</translation>
    </message>
    <message>
        <source>Copy consent and assignments to the new app</source>
        <translation>Zustimmung und Zuweisungen in die neue App kopieren</translation>
    </message>
    <message>
        <source>Could not add {tenant}: {error}</source>
        <translation>{tenant} konnte nicht hinzugefügt werden: {error}</translation>
    </message>
    <message>
        <source>How to restore</source>
        <translation>Art der Wiederherstellung</translation>
    </message>
    <message>
        <source>Identifier URIs on the source&apos;s domains are rewritten to this domain</source>
        <translation>Bezeichner-URIs auf den Domänen der Quelle werden auf diese Domäne umgeschrieben</translation>
    </message>
    <message>
        <source>Identifier URIs that name the old client ID become api://{new client ID}; other identifier URIs stay with the original app.</source>
        <translation>Bezeichner-URIs mit der alten Client-ID werden zu api://{neue Client-ID}; andere Bezeichner-URIs bleiben bei der ursprünglichen App.</translation>
    </message>
    <message>
        <source>Name of the new app</source>
        <translation>Name der neuen App</translation>
    </message>
    <message>
        <source>Name of the new app (required)</source>
        <translation>Name der neuen App (erforderlich)</translation>
    </message>
    <message>
        <source>No other tenant has been added. Add the tenant to restore to first.</source>
        <translation>Es wurde kein anderer Mandant hinzugefügt. Fügen Sie zuerst den Zielmandanten hinzu.</translation>
    </message>
    <message>
        <source>Nothing is written yet: the next page shows what would happen.</source>
        <translation>Noch wird nichts geschrieben: Die nächste Seite zeigt, was geschehen würde.</translation>
    </message>
    <message>
        <source>Pick the tenant to restore to.</source>
        <translation>Wählen Sie den Mandanten, in den wiederhergestellt wird.</translation>
    </message>
    <message>
        <source>Regvault knows no verified domain of {tenant}: identifier URIs can&apos;t be rewritten to it. Verify a domain in that tenant (Entra ID &gt; Custom domain names), then refresh the tenant in Regvault.</source>
        <translation>Regvault kennt keine verifizierte Domäne von {tenant}: Bezeichner-URIs können nicht darauf umgeschrieben werden. Verifizieren Sie eine Domäne in diesem Mandanten (Entra ID &gt; Benutzerdefinierte Domänennamen) und aktualisieren Sie den Mandanten dann in Regvault.</translation>
    </message>
    <message>
        <source>Restore as a new app</source>
        <translation>Als neue App wiederherstellen</translation>
    </message>
    <message>
        <source>Restore to another tenant</source>
        <translation>In einen anderen Mandanten wiederherstellen</translation>
    </message>
    <message>
        <source>Restore with object</source>
        <translation>Am Original wiederherstellen</translation>
    </message>
    <message>
        <source>Restoring selected values ({paths}) works with the object: the app keeps everything else as it is now.</source>
        <translation>Ausgewählte Werte ({paths}) werden am Original wiederhergestellt: Alles andere an der App bleibt, wie es jetzt ist.</translation>
    </message>
    <message>
        <source>Target tenant</source>
        <translation>Zielmandant</translation>
    </message>
    <message>
        <source>Target tenant:</source>
        <translation>Zielmandant:</translation>
    </message>
    <message>
        <source>Tenant ID of another tenant on the emulator at
{url}:</source>
        <translation>Mandanten-ID eines anderen Mandanten auf dem Emulator unter
{url}:</translation>
    </message>
    <message>
        <source>The apps are created in {tenant} (or the copies an earlier restore made there are overwritten). Owners are matched by user principal name.</source>
        <translation>Die Apps werden in {tenant} erstellt (oder die Kopien einer früheren Wiederherstellung dort werden überschrieben). Besitzer werden über den Benutzerprinzipalnamen zugeordnet.</translation>
    </message>
    <message>
        <source>The new app&apos;s enterprise application gets the original&apos;s settings. Tick this to also grant it the same admin consent and permissions, and assign it the same users and groups.</source>
        <translation>Die Unternehmensanwendung der neuen App erhält die Einstellungen des Originals. Aktivieren Sie dies, um ihr auch dieselbe Administratorzustimmung und dieselben Berechtigungen zu erteilen und ihr dieselben Benutzer und Gruppen zuzuweisen.</translation>
    </message>
    <message>
        <source>To &amp;another tenant</source>
        <translation>In einen &amp;anderen Mandanten</translation>
    </message>
    <message>
        <source>Verified domain of the target tenant</source>
        <translation>Verifizierte Domäne des Zielmandanten</translation>
    </message>
    <message>
        <source>Verified domain:</source>
        <translation>Verifizierte Domäne:</translation>
    </message>
    <message>
        <source>{name} (restored)</source>
        <translation>{name} (wiederhergestellt)</translation>
    </message>
</context>
<context>
    <name>PanelTexts</name>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>API (client ID)</source>
        <translation>API (Client-ID)</translation>
    </message>
    <message>
        <source>API permissions</source>
        <translation>API-Berechtigungen</translation>
    </message>
    <message>
        <source>Accept mapped claims</source>
        <translation>Zugeordnete Ansprüche akzeptieren</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>Access token version</source>
        <translation>Zugriffstokenversion</translation>
    </message>
    <message>
        <source>Access tokens (implicit flows)</source>
        <translation>Zugriffstoken (implizite Flows)</translation>
    </message>
    <message>
        <source>Accounts in any organizational directory (multitenant)</source>
        <translation>Konten in einem beliebigen Organisationsverzeichnis (mehrinstanzenfähig)</translation>
    </message>
    <message>
        <source>Accounts in any organizational directory and personal Microsoft accounts</source>
        <translation>Konten in einem beliebigen Organisationsverzeichnis und persönliche Microsoft-Konten</translation>
    </message>
    <message>
        <source>Accounts in this organizational directory only (single tenant)</source>
        <translation>Nur Konten in diesem Organisationsverzeichnis (einzelner Mandant)</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Additional properties</source>
        <translation>Zusätzliche Eigenschaften</translation>
    </message>
    <message>
        <source>Admin consent (delegated permissions)</source>
        <translation>Administratorzustimmung</translation>
    </message>
    <message>
        <source>Admin consent description</source>
        <translation>Beschreibung der Administratorzustimmung</translation>
    </message>
    <message>
        <source>Admin consent name</source>
        <translation>Anzeigename der Administratorzustimmung</translation>
    </message>
    <message>
        <source>Administrative unit</source>
        <translation>Verwaltungseinheit</translation>
    </message>
    <message>
        <source>Admins and users</source>
        <translation>Administratoren und Benutzer</translation>
    </message>
    <message>
        <source>Admins only</source>
        <translation>Nur Administratoren</translation>
    </message>
    <message>
        <source>All users (admin consent for the organization)</source>
        <translation>Alle Benutzer (Administratorzustimmung für die Organisation)</translation>
    </message>
    <message>
        <source>Allow public client flows</source>
        <translation>Öffentliche Clientflows zulassen</translation>
    </message>
    <message>
        <source>Allowed member types</source>
        <translation>Zulässige Mitgliedstypen</translation>
    </message>
    <message>
        <source>App instance property lock</source>
        <translation>App-Instanzeigenschaftssperre</translation>
    </message>
    <message>
        <source>App roles</source>
        <translation>App-Rollen</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Application (client) ID</source>
        <translation>Anwendungs-ID (Client)</translation>
    </message>
    <message>
        <source>Application ID URI</source>
        <translation>Anwendungs-ID-URI</translation>
    </message>
    <message>
        <source>Application permissions granted</source>
        <translation>Anwendungsberechtigungen</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>Anwendungen</translation>
    </message>
    <message>
        <source>Assignment required?</source>
        <translation>Zuweisung erforderlich?</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Zielgruppe</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>Authentication behaviors</source>
        <translation>Authentifizierungsverhalten</translation>
    </message>
    <message>
        <source>Authorized client applications</source>
        <translation>Autorisierte Clientanwendungen</translation>
    </message>
    <message>
        <source>Block Azure AD Graph access</source>
        <translation>Zugriff auf Azure AD Graph blockieren</translation>
    </message>
    <message>
        <source>Branding &amp; properties</source>
        <translation>Branding und Eigenschaften</translation>
    </message>
    <message>
        <source>Certificate SHA-256</source>
        <translation>Zertifikat SHA-256</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>Zertifikate</translation>
    </message>
    <message>
        <source>Certificates &amp; secrets</source>
        <translation>Zertifikate &amp; Geheimnisse</translation>
    </message>
    <message>
        <source>Certificates whose bytes are still to come</source>
        <translation>Zertifikate, deren Bytes noch ausstehen</translation>
    </message>
    <message>
        <source>Client secrets</source>
        <translation>Geheime Clientschlüssel</translation>
    </message>
    <message>
        <source>Configured permissions</source>
        <translation>Konfigurierte Berechtigungen</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>Datentyp</translation>
    </message>
    <message>
        <source>Default redirect URI</source>
        <translation>Standard-Umleitungs-URI</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Device-only authentication</source>
        <translation>Nur Geräteauthentifizierung</translation>
    </message>
    <message>
        <source>Directory extensions</source>
        <translation>Verzeichniserweiterungen</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Enabled for users to sign in?</source>
        <translation>Aktiviert für die Benutzeranmeldung?</translation>
    </message>
    <message>
        <source>Enterprise application</source>
        <translation>Unternehmensanwendung</translation>
    </message>
    <message>
        <source>Essential</source>
        <translation>Erforderlich</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Expose an API</source>
        <translation>API verfügbar machen</translation>
    </message>
    <message>
        <source>Federated credentials</source>
        <translation>Verbundanmeldeinformationen</translation>
    </message>
    <message>
        <source>Front-channel logout URL</source>
        <translation>Front-Channel-Abmelde-URL</translation>
    </message>
    <message>
        <source>Granted for</source>
        <translation>Erteilt für</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Groups claim</source>
        <translation>Gruppenanspruch</translation>
    </message>
    <message>
        <source>Home page URL</source>
        <translation>Homepage-URL</translation>
    </message>
    <message>
        <source>Homepage URL</source>
        <translation>Homepage-URL</translation>
    </message>
    <message>
        <source>ID token</source>
        <translation>ID-Token</translation>
    </message>
    <message>
        <source>ID tokens (implicit and hybrid flows)</source>
        <translation>ID-Token (implizite und Hybridflows)</translation>
    </message>
    <message>
        <source>Implicit grant and hybrid flows</source>
        <translation>Implizite Genehmigung und Hybridflows</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Internal notes</source>
        <translation>Interne Notizen</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <source>Known client applications</source>
        <translation>Bekannte Clientanwendungen</translation>
    </message>
    <message>
        <source>Logo (SHA-256)</source>
        <translation>Logo (SHA-256)</translation>
    </message>
    <message>
        <source>Logo URL</source>
        <translation>Logo-URL</translation>
    </message>
    <message>
        <source>Logout URL</source>
        <translation>Abmelde-URL</translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation>Manifest</translation>
    </message>
    <message>
        <source>Marketing URL</source>
        <translation>Marketing-URL</translation>
    </message>
    <message>
        <source>Mobile and desktop applications</source>
        <translation>Mobile und Desktop-Apps</translation>
    </message>
    <message>
        <source>Multi-valued</source>
        <translation>Mehrwertig</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Native authentication</source>
        <translation>Native Authentifizierung</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Notification email addresses</source>
        <translation>E-Mail-Adressen für Benachrichtigungen</translation>
    </message>
    <message>
        <source>Object ID</source>
        <translation>Objekt-ID</translation>
    </message>
    <message>
        <source>One user (that user&apos;s consent)</source>
        <translation>Ein Benutzer (dessen eigene Zustimmung)</translation>
    </message>
    <message>
        <source>Optional claims</source>
        <translation>Optionale Ansprüche</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Owners</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Permission</source>
        <translation>Berechtigung</translation>
    </message>
    <message>
        <source>Permission ID</source>
        <translation>Berechtigungs-ID</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>Berechtigungen</translation>
    </message>
    <message>
        <source>Permissions granted</source>
        <translation>Erteilte Berechtigungen</translation>
    </message>
    <message>
        <source>Personal Microsoft accounts only</source>
        <translation>Nur persönliche Microsoft-Konten</translation>
    </message>
    <message>
        <source>Preferred token signing certificate</source>
        <translation>Bevorzugtes Tokensignaturzertifikat</translation>
    </message>
    <message>
        <source>Principal ID</source>
        <translation>Prinzipal-ID</translation>
    </message>
    <message>
        <source>Privacy statement URL</source>
        <translation>URL der Datenschutzerklärung</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <source>Publisher domain</source>
        <translation>Herausgeberdomäne</translation>
    </message>
    <message>
        <source>Redirect URI settings</source>
        <translation>Umleitungs-URI-Einstellungen</translation>
    </message>
    <message>
        <source>Redirect URIs</source>
        <translation>Umleitungs-URIs</translation>
    </message>
    <message>
        <source>Relay state</source>
        <translation>Relaystatus</translation>
    </message>
    <message>
        <source>Remove unverified email claim</source>
        <translation>Nicht verifizierten E-Mail-Anspruch entfernen</translation>
    </message>
    <message>
        <source>Reply URLs</source>
        <translation>Antwort-URLs</translation>
    </message>
    <message>
        <source>Require POST response (OAuth 2.0)</source>
        <translation>POST-Antwort erzwingen</translation>
    </message>
    <message>
        <source>Require a client service principal</source>
        <translation>Dienstprinzipal des Clients erforderlich</translation>
    </message>
    <message>
        <source>Role ID</source>
        <translation>Rollen-ID</translation>
    </message>
    <message>
        <source>Role assigned</source>
        <translation>Zugewiesene Rolle</translation>
    </message>
    <message>
        <source>SAML single sign-on settings</source>
        <translation>SAML-SSO-Einstellungen</translation>
    </message>
    <message>
        <source>SAML token</source>
        <translation>SAML-Token</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Scopes defined by this API</source>
        <translation>Durch diese API definierte Bereiche</translation>
    </message>
    <message>
        <source>Secret value</source>
        <translation>Geheimniswert</translation>
    </message>
    <message>
        <source>Service management reference</source>
        <translation>Dienstverwaltungsreferenz</translation>
    </message>
    <message>
        <source>Service principal</source>
        <translation>Dienstprinzipal</translation>
    </message>
    <message>
        <source>Sign-on URL</source>
        <translation>Anmelde-URL</translation>
    </message>
    <message>
        <source>Single sign-on mode</source>
        <translation>Modus für einmaliges Anmelden</translation>
    </message>
    <message>
        <source>Single-page application</source>
        <translation>Single-Page-Anwendung</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>Startdatum</translation>
    </message>
    <message>
        <source>Subject identifier</source>
        <translation>Antragsteller-ID</translation>
    </message>
    <message>
        <source>Support URL</source>
        <translation>Support-URL</translation>
    </message>
    <message>
        <source>Supported account types</source>
        <translation>Unterstützte Kontotypen</translation>
    </message>
    <message>
        <source>Synced from on-premises</source>
        <translation>Lokal synchronisiert</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Tags (HideApp: not visible to users)</source>
        <translation>Tags (HideApp: für Benutzer nicht sichtbar)</translation>
    </message>
    <message>
        <source>Target object types</source>
        <translation>Zielobjekttypen</translation>
    </message>
    <message>
        <source>Terms of service URL</source>
        <translation>URL der Nutzungsbedingungen</translation>
    </message>
    <message>
        <source>Thumbprint</source>
        <translation>Fingerabdruck</translation>
    </message>
    <message>
        <source>Token configuration</source>
        <translation>Tokenkonfiguration</translation>
    </message>
    <message>
        <source>Token encryption key</source>
        <translation>Tokenverschlüsselung</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>URI</source>
        <translation>URI</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Verwendung</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>User consent description</source>
        <translation>Beschreibung der Benutzerzustimmung</translation>
    </message>
    <message>
        <source>User consent name</source>
        <translation>Anzeigename der Benutzerzustimmung</translation>
    </message>
    <message>
        <source>User principal name</source>
        <translation>Benutzerprinzipalname</translation>
    </message>
    <message>
        <source>Users and groups assigned</source>
        <translation>Benutzer und Gruppen</translation>
    </message>
    <message>
        <source>Users/Groups</source>
        <translation>Benutzer/Gruppen</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Value (first characters)</source>
        <translation>Wert (erste Zeichen)</translation>
    </message>
    <message>
        <source>Verified publisher</source>
        <translation>Verifizierter Herausgeber</translation>
    </message>
    <message>
        <source>Verified publisher ID</source>
        <translation>ID des verifizierten Herausgebers</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Web</translation>
    </message>
    <message>
        <source>Who can consent?</source>
        <translation>Wer kann zustimmen?</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message numerus="yes">
        <source>%Ln app(s)</source>
        <translation>
            <numerusform>%Ln App</numerusform>
            <numerusform>%Ln Apps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln with warnings</source>
        <translation>
            <numerusform>%Ln mit Warnung</numerusform>
            <numerusform>%Ln mit Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Only apps that change</source>
        <translation>&amp;Nur Apps, die sich ändern</translation>
    </message>
    <message>
        <source>, &lt;b&gt;only&lt;/b&gt; {paths} (everything else stays as it is now)</source>
        <translation>, &lt;b&gt;nur&lt;/b&gt; {paths} (alles andere bleibt, wie es jetzt ist)</translation>
    </message>
    <message>
        <source>, as a new app named &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>, als neue App namens &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>, into &lt;b&gt;{target}&lt;/b&gt; ({tenant_id}), identifier URIs on &lt;b&gt;{domain}&lt;/b&gt;</source>
        <translation>, in &lt;b&gt;{target}&lt;/b&gt; ({tenant_id}), Bezeichner-URIs auf &lt;b&gt;{domain}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;{mode}&lt;/b&gt;: {what} of &lt;b&gt;{source}&lt;/b&gt; as they were on &lt;b&gt;{when}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{mode}&lt;/b&gt;: {what} von &lt;b&gt;{source}&lt;/b&gt; im Stand vom &lt;b&gt;{when}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Confirm writing to the target tenant</source>
        <translation>Schreiben in den Zielmandanten bestätigen</translation>
    </message>
    <message>
        <source>Details of the selected app</source>
        <translation>Details der ausgewählten App</translation>
    </message>
    <message>
        <source>Filter by name or client ID</source>
        <translation>Nach Name oder Client-ID filtern</translation>
    </message>
    <message>
        <source>Filter the preview by app name or client ID</source>
        <translation>Die Vorschau nach App-Name oder Client-ID filtern</translation>
    </message>
    <message>
        <source>I understand that this writes app registrations into the tenant {name} ({tenant_id}).</source>
        <translation>Mir ist klar, dass dies App-Registrierungen in den Mandanten {name} ({tenant_id}) schreibt.</translation>
    </message>
    <message>
        <source>Nothing was written.</source>
        <translation>Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Preview in progress</source>
        <translation>Vorschau läuft</translation>
    </message>
    <message>
        <source>Reading the target&apos;s current state…</source>
        <translation>Der aktuelle Stand des Ziels wird gelesen…</translation>
    </message>
    <message>
        <source>Reading the target&apos;s current state… %v / %m</source>
        <translation>Der aktuelle Stand des Ziels wird gelesen… %v / %m</translation>
    </message>
    <message>
        <source>Run the preview again</source>
        <translation>Die Vorschau erneut ausführen</translation>
    </message>
    <message>
        <source>Show only the apps the restore changes</source>
        <translation>Nur die Apps zeigen, die die Wiederherstellung ändert</translation>
    </message>
    <message>
        <source>Sign in to grant the permissions this restore needs</source>
        <translation>Anmelden, um die für diese Wiederherstellung nötigen Berechtigungen zu erteilen</translation>
    </message>
    <message>
        <source>Sign in to grant…</source>
        <translation>Anmelden und erteilen…</translation>
    </message>
    <message>
        <source>The preview failed: {error}</source>
        <translation>Die Vorschau ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>This restore needs {permissions}, not yet granted to Regvault&apos;s sign-in in {tenant}. Nothing is written without it. Sign in to grant it (an admin may have to approve); the preview runs again after.</source>
        <translation>Diese Wiederherstellung braucht {permissions}, die der Anmeldung von Regvault in {tenant} noch nicht erteilt ist. Ohne sie wird nichts geschrieben. Melden Sie sich an, um sie zu erteilen (ggf. muss ein Administrator zustimmen); danach läuft die Vorschau erneut.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>What the restore would do, per app</source>
        <translation>Was die Wiederherstellung je App tun würde</translation>
    </message>
    <message>
        <source>What the restore would do. Nothing has been written: that happens only when you click Restore.</source>
        <translation>Was die Wiederherstellung tun würde. Es wurde nichts geschrieben: Das geschieht erst, wenn Sie auf „Wiederherstellen“ klicken.</translation>
    </message>
    <message>
        <source>left out, not in this snapshot: {n}</source>
        <translation>ausgelassen, nicht in diesem Snapshot: {n}</translation>
    </message>
    <message>
        <source>{label}: {n} ({changing} change, {same} already as at the snapshot)</source>
        <translation>{label}: {n} ({changing} ändern sich, {same} schon wie im Snapshot)</translation>
    </message>
</context>
<context>
    <name>PreviewTexts</name>
    <message>
        <source>Consent and assignments</source>
        <translation>Zustimmung und Zuweisungen</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>Nothing to change: the app is already as it was.</source>
        <translation>Nichts zu ändern: Die App ist bereits, wie sie war.</translation>
    </message>
    <message>
        <source>To do afterwards</source>
        <translation>Danach zu erledigen</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>What changes (now → as at the snapshot)</source>
        <translation>Was sich ändert (jetzt → wie im Snapshot)</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message numerus="yes">
        <source>%Ln app(s) were left out: not in this snapshot</source>
        <translation>
            <numerusform>%Ln App wurde ausgelassen: nicht in diesem Snapshot</numerusform>
            <numerusform>%Ln Apps wurden ausgelassen: nicht in diesem Snapshot</numerusform>
        </translation>
    </message>
    <message>
        <source>CSV, for a spreadsheet (*.csv)</source>
        <translation>CSV, für eine Tabellenkalkulation (*.csv)</translation>
    </message>
    <message>
        <source>Could not save the report: {error}</source>
        <translation>Der Bericht konnte nicht gespeichert werden: {error}</translation>
    </message>
    <message>
        <source>Details of the selected app</source>
        <translation>Details der ausgewählten App</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Den Bericht exportieren</translation>
    </message>
    <message>
        <source>Export the restore report</source>
        <translation>Den Wiederherstellungsbericht exportieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Nothing was written.</source>
        <translation>Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Open the restore history</source>
        <translation>Den Wiederherstellungsverlauf öffnen</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Restore history…</source>
        <translation>Wiederherstellungsverlauf…</translation>
    </message>
    <message>
        <source>Result of each app</source>
        <translation>Ergebnis jeder App</translation>
    </message>
    <message>
        <source>Save the report as JSON or CSV</source>
        <translation>Den Bericht als JSON oder CSV speichern</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Gespeichert unter {path}</translation>
    </message>
    <message>
        <source>The restore was cancelled before any app was restored.</source>
        <translation>Die Wiederherstellung wurde abgebrochen, bevor eine App wiederhergestellt wurde.</translation>
    </message>
    <message>
        <source>What was done, per app, each app written to checked by reading it back. The report is kept in the Restore history.</source>
        <translation>Was je App getan wurde; jede App, in die geschrieben wurde, durch erneutes Lesen geprüft. Der Bericht bleibt im Wiederherstellungsverlauf erhalten.</translation>
    </message>
</context>
<context>
    <name>ReportTexts</name>
    <message numerus="yes">
        <source>%Ln app(s) have a new client ID</source>
        <translation>
            <numerusform>%Ln App hat eine neue Client-ID</numerusform>
            <numerusform>%Ln Apps haben eine neue Client-ID</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln thing(s) left to do (secrets to issue, consent to grant): see each app</source>
        <translation>
            <numerusform>%Ln Aufgabe bleibt zu erledigen (Geheimnisse ausstellen, Zustimmung erteilen): siehe die einzelnen Apps</numerusform>
            <numerusform>%Ln Aufgaben bleiben zu erledigen (Geheimnisse ausstellen, Zustimmung erteilen): siehe die einzelnen Apps</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: the apps under way, and any app they refer to, were finished; the others were not started.</source>
        <translation>Abgebrochen: Die laufenden Apps und alle Apps, auf die sie verweisen, wurden fertiggestellt; die übrigen wurden nicht begonnen.</translation>
    </message>
    <message>
        <source>Client ID after</source>
        <translation>Client-ID danach</translation>
    </message>
    <message>
        <source>Client ID before</source>
        <translation>Client-ID vorher</translation>
    </message>
    <message>
        <source>Consent and assignments</source>
        <translation>Zustimmung und Zuweisungen</translation>
    </message>
    <message>
        <source>Graph error code</source>
        <translation>Graph-Fehlercode</translation>
    </message>
    <message>
        <source>No app was restored.</source>
        <translation>Es wurde keine App wiederhergestellt.</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>Object ID after</source>
        <translation>Objekt-ID danach</translation>
    </message>
    <message>
        <source>Object ID before</source>
        <translation>Objekt-ID vorher</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>Anforderungs-ID</translation>
    </message>
    <message>
        <source>The client ID changed: update the apps and configuration that use it.</source>
        <translation>Die Client-ID hat sich geändert: Aktualisieren Sie die Apps und Konfigurationen, die sie verwenden.</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>Zu erledigen</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
</context>
<context>
    <name>RestoreHistoryDialog</name>
    <message>
        <source>All tenants</source>
        <translation>Alle Mandanten</translation>
    </message>
    <message>
        <source>Apps of the selected run</source>
        <translation>Apps des ausgewählten Laufs</translation>
    </message>
    <message>
        <source>CSV, for a spreadsheet (*.csv)</source>
        <translation>CSV, für eine Tabellenkalkulation (*.csv)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Could not save the report: {error}</source>
        <translation>Der Bericht konnte nicht gespeichert werden: {error}</translation>
    </message>
    <message>
        <source>Details of the selected app</source>
        <translation>Details der ausgewählten App</translation>
    </message>
    <message>
        <source>Export the restore report</source>
        <translation>Den Wiederherstellungsbericht exportieren</translation>
    </message>
    <message>
        <source>Export the selected run&apos;s report</source>
        <translation>Den Bericht des ausgewählten Laufs exportieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>No restore yet.</source>
        <translation>Noch keine Wiederherstellung.</translation>
    </message>
    <message>
        <source>Off: only restores from or to {tenant}</source>
        <translation>Aus: nur Wiederherstellungen von oder nach {tenant}</translation>
    </message>
    <message>
        <source>Restore history</source>
        <translation>Wiederherstellungsverlauf</translation>
    </message>
    <message>
        <source>Restore runs</source>
        <translation>Wiederherstellungsläufe</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Gespeichert unter {path}</translation>
    </message>
    <message>
        <source>Show restores of all tenants</source>
        <translation>Wiederherstellungen aller Mandanten anzeigen</translation>
    </message>
</context>
<context>
    <name>RestoreTableTexts</name>
    <message>
        <source> and {n} more</source>
        <translation> und {n} weitere</translation>
    </message>
    <message numerus="yes">
        <source>%Ln follow-up(s)</source>
        <translation>
            <numerusform>%Ln Folgeaufgabe</numerusform>
            <numerusform>%Ln Folgeaufgaben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln note(s)</source>
        <translation>
            <numerusform>%Ln Hinweis</numerusform>
            <numerusform>%Ln Hinweise</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warning(s)</source>
        <translation>
            <numerusform>%Ln Warnung</numerusform>
            <numerusform>%Ln Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>Client ID after</source>
        <translation>Client-ID danach</translation>
    </message>
    <message>
        <source>Client ID kept: {id}</source>
        <translation>Client-ID beibehalten: {id}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>New client ID {new} (was {old})</source>
        <translation>Neue Client-ID {new} (vorher {old})</translation>
    </message>
    <message>
        <source>No warnings</source>
        <translation>Keine Warnungen</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Nothing to change: already as at the snapshot</source>
        <translation>Nichts zu ändern: bereits wie im Snapshot</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>The whole app</source>
        <translation>Die ganze App</translation>
    </message>
    <message>
        <source>To do:</source>
        <translation>Zu erledigen:</translation>
    </message>
    <message>
        <source>Warnings and notes</source>
        <translation>Warnungen und Hinweise</translation>
    </message>
    <message>
        <source>What changes</source>
        <translation>Was sich ändert</translation>
    </message>
    <message>
        <source>request-id {id}</source>
        <translation>request-id {id}</translation>
    </message>
</context>
<context>
    <name>RestoreWizard</name>
    <message>
        <source>Cancel the restore</source>
        <translation>Die Wiederherstellung abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close the restore wizard</source>
        <translation>Den Wiederherstellungs-Assistenten schließen</translation>
    </message>
    <message>
        <source>Could not read the backups</source>
        <translation>Die Sicherungen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>Vorheriger Schritt</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Restore app registrations — {tenant}</source>
        <translation>App-Registrierungen wiederherstellen — {tenant}</translation>
    </message>
    <message>
        <source>Restore now: write the apps as the preview shows</source>
        <translation>Jetzt wiederherstellen: die Apps so schreiben, wie die Vorschau zeigt</translation>
    </message>
    <message>
        <source>Restore wizard</source>
        <translation>Wiederherstellungs-Assistent</translation>
    </message>
</context>
<context>
    <name>RestoreWordTexts</name>
    <message numerus="yes">
        <source>%Ln app(s) it had created found and adopted (not created again)</source>
        <translation>
            <numerusform>%Ln von ihm erstellte App gefunden und übernommen (nicht erneut erstellt)</numerusform>
            <numerusform>%Ln von ihm erstellte Apps gefunden und übernommen (nicht erneut erstellt)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln app(s) not started</source>
        <translation>
            <numerusform>%Ln App nicht begonnen</numerusform>
            <numerusform>%Ln Apps nicht begonnen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln create(s) had not happened</source>
        <translation>
            <numerusform>%Ln Erstellung hatte nicht stattgefunden</numerusform>
            <numerusform>%Ln Erstellungen hatten nicht stattgefunden</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;new client ID of {app}&gt;</source>
        <translation>&lt;neue Client-ID von {app}&gt;</translation>
    </message>
    <message>
        <source>&lt;new object ID of {app}&gt;</source>
        <translation>&lt;neue Objekt-ID von {app}&gt;</translation>
    </message>
    <message>
        <source>&lt;stored bytes {sha}&gt;</source>
        <translation>&lt;gespeicherte Bytes {sha}&gt;</translation>
    </message>
    <message>
        <source>A create timed out or its answer was lost; the app it made was found and used (no duplicate).</source>
        <translation>Ein Erstellen lief in eine Zeitüberschreitung oder seine Antwort ging verloren; die dabei erstellte App wurde gefunden und verwendet (kein Duplikat).</translation>
    </message>
    <message>
        <source>Adding a federated credential</source>
        <translation>Verbundanmeldeinformation wird hinzugefügt</translation>
    </message>
    <message>
        <source>Adding an owner</source>
        <translation>Besitzer wird hinzugefügt</translation>
    </message>
    <message>
        <source>Already as at the snapshot</source>
        <translation>Bereits wie im Snapshot</translation>
    </message>
    <message>
        <source>An app with this unique name exists already ({object_id}): it is not the one being restored, so it is left untouched. Restore as a new app, or remove that one first.</source>
        <translation>Eine App mit diesem eindeutigen Namen existiert bereits ({object_id}): Sie ist nicht die wiederherzustellende und bleibt daher unberührt. Stellen Sie als neue App wieder her oder entfernen Sie zuerst jene.</translation>
    </message>
    <message>
        <source>An interrupted restore had created this app; it was taken over and completed (no duplicate).</source>
        <translation>Eine unterbrochene Wiederherstellung hatte diese App erstellt; sie wurde übernommen und fertiggestellt (kein Duplikat).</translation>
    </message>
    <message>
        <source>App {object_id} is chosen twice.</source>
        <translation>Die App {object_id} ist zweimal ausgewählt.</translation>
    </message>
    <message>
        <source>As new</source>
        <translation>Als neue App</translation>
    </message>
    <message>
        <source>As new restores exactly one app; {count} are chosen.</source>
        <translation>„Als neue App“ stellt genau eine App wieder her; {count} sind ausgewählt.</translation>
    </message>
    <message>
        <source>Assign {subject} to {detail}</source>
        <translation>{subject} zu {detail} zuweisen</translation>
    </message>
    <message>
        <source>Assigned {subject} to {detail}</source>
        <translation>{subject} zu {detail} zugewiesen</translation>
    </message>
    <message>
        <source>Assigning an app role</source>
        <translation>App-Rolle wird zugewiesen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Cancelled before anything was written.</source>
        <translation>Abgebrochen, bevor etwas geschrieben wurde.</translation>
    </message>
    <message>
        <source>Cancelled before this app was started.</source>
        <translation>Abgebrochen, bevor diese App begonnen wurde.</translation>
    </message>
    <message>
        <source>Cancelled: the apps under way, and any app they refer to, were finished; the others were not started.</source>
        <translation>Abgebrochen: Die laufenden Apps und alle Apps, auf die sie verweisen, wurden fertiggestellt; die übrigen wurden nicht begonnen.</translation>
    </message>
    <message>
        <source>Certificate {name} can&apos;t be restored: it is not a public certificate.</source>
        <translation>Zertifikat {name} kann nicht wiederhergestellt werden: Es ist kein öffentliches Zertifikat.</translation>
    </message>
    <message>
        <source>Certificate {name} can&apos;t be restored: its bytes were never backed up.</source>
        <translation>Zertifikat {name} kann nicht wiederhergestellt werden: Seine Bytes wurden nie gesichert.</translation>
    </message>
    <message>
        <source>Certificate {name} can&apos;t be restored: the snapshot was written before its bytes were read (the backup reads them afterwards; the next backup fills them in if it was stopped).</source>
        <translation>Zertifikat {name} kann nicht wiederhergestellt werden: Der Snapshot wurde geschrieben, bevor seine Bytes gelesen waren (die Sicherung liest sie danach; wurde sie angehalten, ergänzt die nächste Sicherung sie).</translation>
    </message>
    <message>
        <source>Certificate {name}: its bytes were still to come when the snapshot was written, so the app keeps the certificate it has with that key.</source>
        <translation>Zertifikat {name}: Seine Bytes standen noch aus, als der Snapshot geschrieben wurde; die App behält daher ihr vorhandenes Zertifikat mit diesem Schlüssel.</translation>
    </message>
    <message>
        <source>Changing the certificates</source>
        <translation>Zertifikate werden geändert</translation>
    </message>
    <message>
        <source>Changing the redirect URIs, identifier URIs and permissions</source>
        <translation>Umleitungs-URIs, Bezeichner-URIs und Berechtigungen werden geändert</translation>
    </message>
    <message>
        <source>Choose at least one value to restore, e.g. web.redirectUris or owners.</source>
        <translation>Wählen Sie mindestens einen Wert zum Wiederherstellen, z. B. web.redirectUris oder owners.</translation>
    </message>
    <message>
        <source>Choose the tenant to restore to.</source>
        <translation>Wählen Sie den Mandanten, in den wiederhergestellt wird.</translation>
    </message>
    <message>
        <source>Client secret {name} (hint {hint}) was added after the snapshot and is kept.</source>
        <translation>Geheimer Clientschlüssel {name} (Hinweis {hint}) wurde nach dem Snapshot hinzugefügt und bleibt erhalten.</translation>
    </message>
    <message>
        <source>Client secrets can&apos;t be restored (Graph never returns them): issue new ones instead.</source>
        <translation>Geheime Clientschlüssel können nicht wiederhergestellt werden (Graph gibt sie nie heraus): Stellen Sie stattdessen neue aus.</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Complete with failures</source>
        <translation>Abgeschlossen mit Fehlern</translation>
    </message>
    <message>
        <source>Create as new</source>
        <translation>Als neue App erstellen</translation>
    </message>
    <message>
        <source>Create in {tenant}</source>
        <translation>In {tenant} erstellen</translation>
    </message>
    <message>
        <source>Creating the app</source>
        <translation>App wird erstellt</translation>
    </message>
    <message>
        <source>Creating the enterprise application</source>
        <translation>Unternehmensanwendung wird erstellt</translation>
    </message>
    <message>
        <source>Deleting a federated credential</source>
        <translation>Verbundanmeldeinformation wird gelöscht</translation>
    </message>
    <message>
        <source>Disabling the scopes and app roles to remove</source>
        <translation>Zu entfernende Bereiche und App-Rollen werden deaktiviert</translation>
    </message>
    <message>
        <source>Domain {domain} is not a verified domain of the target tenant.</source>
        <translation>Die Domäne {domain} ist keine verifizierte Domäne des Zielmandanten.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Done and verified</source>
        <translation>Erledigt und geprüft</translation>
    </message>
    <message>
        <source>Done with warnings</source>
        <translation>Erledigt mit Warnungen</translation>
    </message>
    <message>
        <source>Enabling again the scopes and app roles disabled for it failed too: check them.</source>
        <translation>Auch das erneute Aktivieren der dafür deaktivierten Bereiche und App-Rollen ist fehlgeschlagen: Prüfen Sie sie.</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Federated credential {name} is left out: its subject is an object of the source tenant ({issuer}), meaningless in this one.</source>
        <translation>Verbundanmeldeinformation {name} wird ausgelassen: Ihr Antragsteller ist ein Objekt des Quellmandanten ({issuer}) und hat in diesem keine Bedeutung.</translation>
    </message>
    <message>
        <source>Grant admin consent again for the permissions on {resources}: consent is not part of the app.</source>
        <translation>Erteilen Sie die Administratorzustimmung für die Berechtigungen auf {resources} erneut: Die Zustimmung ist nicht Teil der App.</translation>
    </message>
    <message>
        <source>Grant admin consent for all users of the tenant on {subject}: {detail}</source>
        <translation>Administratorzustimmung für alle Benutzer des Mandanten auf {subject} erteilen: {detail}</translation>
    </message>
    <message>
        <source>Grant admin consent for {who} only on {subject}: {detail}</source>
        <translation>Administratorzustimmung nur für {who} auf {subject} erteilen: {detail}</translation>
    </message>
    <message>
        <source>Grant the application permission {detail} on {subject} (the app acts without a signed-in user)</source>
        <translation>Die Anwendungsberechtigung {detail} auf {subject} erteilen (die App handelt ohne angemeldeten Benutzer)</translation>
    </message>
    <message>
        <source>Granted admin consent for all users of the tenant on {subject}: {detail}</source>
        <translation>Administratorzustimmung für alle Benutzer des Mandanten auf {subject} erteilt: {detail}</translation>
    </message>
    <message>
        <source>Granted admin consent for {who} only on {subject}: {detail}</source>
        <translation>Administratorzustimmung nur für {who} auf {subject} erteilt: {detail}</translation>
    </message>
    <message>
        <source>Granted the application permission {detail} on {subject} (the app acts without a signed-in user)</source>
        <translation>Die Anwendungsberechtigung {detail} auf {subject} erteilt (die App handelt ohne angemeldeten Benutzer)</translation>
    </message>
    <message>
        <source>Granting consent</source>
        <translation>Zustimmung wird erteilt</translation>
    </message>
    <message>
        <source>Graph does not give out the bytes of {keys} (a private signing key), and keyCredentials can only be replaced whole: nothing was written, so no other key was lost. Remove the certificate in the Entra admin center.</source>
        <translation>Graph gibt die Bytes von {keys} (ein privater Signaturschlüssel) nicht heraus, und keyCredentials lassen sich nur als Ganzes ersetzen: Es wurde nichts geschrieben, also ging kein anderer Schlüssel verloren. Entfernen Sie das Zertifikat im Microsoft Entra Admin Center.</translation>
    </message>
    <message>
        <source>Graph gave the new app its default for {path} (the snapshot had none); that is Graph&apos;s, not a failure.</source>
        <translation>Graph hat der neuen App ihren Standardwert für {path} gegeben (der Snapshot hatte keinen); das kommt von Graph und ist kein Fehler.</translation>
    </message>
    <message>
        <source>Graph refused to write ({status} {code}): the account or token may only read. Nothing was changed. Sign in with an account that may change app registrations (Application.ReadWrite.All, e.g. Application Administrator) and run the restore again.</source>
        <translation>Graph hat das Schreiben verweigert ({status} {code}): Das Konto oder Token darf nur lesen. Es wurde nichts geändert. Melden Sie sich mit einem Konto an, das App-Registrierungen ändern darf (Application.ReadWrite.All, z. B. Anwendungsadministrator), und starten Sie die Wiederherstellung erneut.</translation>
    </message>
    <message>
        <source>Graph says the grant exists, but it could not be found to update.</source>
        <translation>Graph meldet, dass die Erteilung existiert, aber sie war zum Aktualisieren nicht auffindbar.</translation>
    </message>
    <message>
        <source>Group {display_name} is not assigned to {role}: this tenant has Entra ID Free, which can&apos;t assign groups to an application (Entra ID P1 or P2 can). Assign its members one by one, or restore again once the tenant has P1 or P2.</source>
        <translation>Gruppe {display_name} wird {role} nicht zugewiesen: Dieser Mandant hat Entra ID Free, das keine Gruppen einer Anwendung zuweisen kann (Entra ID P1 oder P2 kann es). Weisen Sie ihre Mitglieder einzeln zu oder stellen Sie erneut wieder her, sobald der Mandant P1 oder P2 hat.</translation>
    </message>
    <message>
        <source>Group {display_name} was not assigned to {role}: the tenant&apos;s Entra ID plan does not allow assigning groups to an application (Entra ID P1 or P2 is needed). Assign its members one by one, or restore again once the tenant has P1 or P2.</source>
        <translation>Gruppe {display_name} wurde {role} nicht zugewiesen: Der Entra ID-Plan des Mandanten erlaubt keine Zuweisung von Gruppen an eine Anwendung (Entra ID P1 oder P2 ist nötig). Weisen Sie ihre Mitglieder einzeln zu oder stellen Sie erneut wieder her, sobald der Mandant P1 oder P2 hat.</translation>
    </message>
    <message>
        <source>Group {who} was not found in the tenant restored to: its consent or assignment is left out.</source>
        <translation>Gruppe {who} wurde im Zielmandanten nicht gefunden: Ihre Zustimmung oder Zuweisung wird ausgelassen.</translation>
    </message>
    <message>
        <source>Identifier URI {old} becomes {new}.</source>
        <translation>Bezeichner-URI {old} wird zu {new}.</translation>
    </message>
    <message>
        <source>Identifier URI {uri} is left out: it is not on a verified domain of the target tenant.</source>
        <translation>Bezeichner-URI {uri} wird ausgelassen: Er liegt auf keiner verifizierten Domäne des Zielmandanten.</translation>
    </message>
    <message>
        <source>Identifier URI {uri} is left out: it names no verified domain, tenant ID or client ID, and Graph&apos;s identifier-URI policy refuses such new URIs.</source>
        <translation>Bezeichner-URI {uri} wird ausgelassen: Er nennt weder eine verifizierte Domäne noch eine Mandanten- oder Client-ID, und die Bezeichner-URI-Richtlinie von Graph lehnt solche neuen URIs ab.</translation>
    </message>
    <message>
        <source>Identifier URI {uri} is left out: the original app still uses it.</source>
        <translation>Bezeichner-URI {uri} wird ausgelassen: Die ursprüngliche App verwendet ihn noch.</translation>
    </message>
    <message>
        <source>Incident rollback</source>
        <translation>Rückgängigmachen eines Vorfalls</translation>
    </message>
    <message>
        <source>Interrupted (settled by a later run)</source>
        <translation>Unterbrochen (von einem späteren Lauf abgeschlossen)</translation>
    </message>
    <message>
        <source>Interrupted (the restore stopped)</source>
        <translation>Unterbrochen (die Wiederherstellung wurde beendet)</translation>
    </message>
    <message>
        <source>Interrupted: taken over by {who}, who said its workstation had stopped (host {host}, process {pid}).</source>
        <translation>Unterbrochen: übernommen von {who}, laut dessen Angabe die Arbeitsstation angehalten hatte (Host {host}, Prozess {pid}).</translation>
    </message>
    <message>
        <source>Interrupted: the process running this restore stopped (host {host}, process {pid}).</source>
        <translation>Unterbrochen: Der Prozess dieser Wiederherstellung wurde beendet (Host {host}, Prozess {pid}).</translation>
    </message>
    <message>
        <source>Interrupted: the process running this rollback stopped (host {host}, process {pid}).</source>
        <translation>Unterbrochen: Der Prozess dieses Rückgängigmachens wurde beendet (Host {host}, Prozess {pid}).</translation>
    </message>
    <message numerus="yes">
        <source>Interrupted: this restore (started {started} by {operator} on {workstation}) did not finish and its process is gone; %Ln app(s) reported. It ran without the restore journal (an earlier version of Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see what is left to do, and check the tenant for an app it may have created without reporting it.</source>
        <translation>
            <numerusform>Unterbrochen: Diese Wiederherstellung (begonnen am {started} von {operator} auf {workstation}) wurde nicht beendet, und ihr Prozess existiert nicht mehr; %Ln App wurde gemeldet. Sie lief ohne das Wiederherstellungsjournal (eine frühere Version von Regvault), daher ist nicht bekannt, welche Apps sie beim Anhalten änderte: Führen Sie die Vorschau der Wiederherstellung erneut aus, um zu sehen, was noch zu tun ist, und prüfen Sie den Mandanten auf eine App, die sie erstellt haben könnte, ohne sie zu melden.</numerusform>
            <numerusform>Unterbrochen: Diese Wiederherstellung (begonnen am {started} von {operator} auf {workstation}) wurde nicht beendet, und ihr Prozess existiert nicht mehr; %Ln Apps wurden gemeldet. Sie lief ohne das Wiederherstellungsjournal (eine frühere Version von Regvault), daher ist nicht bekannt, welche Apps sie beim Anhalten änderte: Führen Sie die Vorschau der Wiederherstellung erneut aus, um zu sehen, was noch zu tun ist, und prüfen Sie den Mandanten auf eine App, die sie erstellt haben könnte, ohne sie zu melden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Interrupted: this restore (started {started} by {operator}) did not finish and its process is gone; %Ln app(s) reported. It ran without the restore journal (an earlier version of Regvault), so the apps it was changing when it stopped are not known: preview the restore again to see what is left to do, and check the tenant for an app it may have created without reporting it.</source>
        <translation>
            <numerusform>Unterbrochen: Diese Wiederherstellung (begonnen am {started} von {operator}) wurde nicht beendet, und ihr Prozess existiert nicht mehr; %Ln App wurde gemeldet. Sie lief ohne das Wiederherstellungsjournal (eine frühere Version von Regvault), daher ist nicht bekannt, welche Apps sie beim Anhalten änderte: Führen Sie die Vorschau der Wiederherstellung erneut aus, um zu sehen, was noch zu tun ist, und prüfen Sie den Mandanten auf eine App, die sie erstellt haben könnte, ohne sie zu melden.</numerusform>
            <numerusform>Unterbrochen: Diese Wiederherstellung (begonnen am {started} von {operator}) wurde nicht beendet, und ihr Prozess existiert nicht mehr; %Ln Apps wurden gemeldet. Sie lief ohne das Wiederherstellungsjournal (eine frühere Version von Regvault), daher ist nicht bekannt, welche Apps sie beim Anhalten änderte: Führen Sie die Vorschau der Wiederherstellung erneut aus, um zu sehen, was noch zu tun ist, und prüfen Sie den Mandanten auf eine App, die sie erstellt haben könnte, ohne sie zu melden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Issue a new client secret to replace {name} (hint {hint}): Graph never returns secrets, so none can be restored.</source>
        <translation>Stellen Sie einen neuen geheimen Clientschlüssel als Ersatz für {name} aus (Hinweis {hint}): Graph gibt Geheimnisse nie zurück, daher lässt sich keines wiederherstellen.</translation>
    </message>
    <message>
        <source>Issue a new client secret to replace {name} (hint {hint}, expired/expires {end}): Graph never returns secrets, so none can be restored.</source>
        <translation>Stellen Sie einen neuen geheimen Clientschlüssel als Ersatz für {name} aus (Hinweis {hint}, abgelaufen/läuft ab {end}): Graph gibt Geheimnisse nie zurück, daher lässt sich keines wiederherstellen.</translation>
    </message>
    <message>
        <source>Issue the enterprise application a new client secret to replace {name} (hint {hint}): Graph never returns secrets, so none can be restored.</source>
        <translation>Stellen Sie der Unternehmensanwendung einen neuen geheimen Clientschlüssel als Ersatz für {name} aus (Hinweis {hint}): Graph gibt Geheimnisse nie zurück, daher lässt sich keines wiederherstellen.</translation>
    </message>
    <message>
        <source>Issue the enterprise application a new client secret to replace {name} (hint {hint}, expired/expires {end}): Graph never returns secrets, so none can be restored.</source>
        <translation>Stellen Sie der Unternehmensanwendung einen neuen geheimen Clientschlüssel als Ersatz für {name} aus (Hinweis {hint}, abgelaufen/läuft ab {end}): Graph gibt Geheimnisse nie zurück, daher lässt sich keines wiederherstellen.</translation>
    </message>
    <message>
        <source>Its verified domains: {verified}.</source>
        <translation>Seine verifizierten Domänen: {verified}.</translation>
    </message>
    <message>
        <source>Known client application {app_id} is left out: it is not an app of the target tenant.</source>
        <translation>Bekannte Clientanwendung {app_id} wird ausgelassen: Sie ist keine App des Zielmandanten.</translation>
    </message>
    <message>
        <source>Making a directory extension again</source>
        <translation>Verzeichniserweiterung wird neu erstellt</translation>
    </message>
    <message>
        <source>Making a new SAML signing certificate</source>
        <translation>Neues SAML-Signaturzertifikat wird erstellt</translation>
    </message>
    <message>
        <source>Moving the app to the recycle bin</source>
        <translation>App wird in den Papierkorb verschoben</translation>
    </message>
    <message>
        <source>Moving the enterprise application to the recycle bin</source>
        <translation>Unternehmensanwendung wird in den Papierkorb verschoben</translation>
    </message>
    <message>
        <source>Nearest: the first after it is {after}.</source>
        <translation>Am nächsten: Der erste Tag danach ist der {after}.</translation>
    </message>
    <message>
        <source>Nearest: the last before it is {before} and the first after it is {after}.</source>
        <translation>Am nächsten: Der letzte Tag davor ist der {before}, der erste danach der {after}.</translation>
    </message>
    <message>
        <source>Nearest: the last before it is {before}.</source>
        <translation>Am nächsten: Der letzte Tag davor ist der {before}.</translation>
    </message>
    <message>
        <source>New SAML signing certificate, thumbprint {thumbprint}: it signs the app&apos;s tokens now.</source>
        <translation>Neues SAML-Signaturzertifikat, Fingerabdruck {thumbprint}: Es signiert jetzt die Token der App.</translation>
    </message>
    <message>
        <source>No apps to restore: none is chosen, or the snapshot holds none.</source>
        <translation>Keine Apps zum Wiederherstellen: Keine ist ausgewählt, oder der Snapshot enthält keine.</translation>
    </message>
    <message>
        <source>No change</source>
        <translation>Keine Änderung</translation>
    </message>
    <message numerus="yes">
        <source>None of the %Ln chosen app(s) is in this snapshot: pick another day.</source>
        <translation>
            <numerusform>Die ausgewählte App ist nicht in diesem Snapshot: Wählen Sie einen anderen Tag.</numerusform>
            <numerusform>Keine der %Ln ausgewählten Apps ist in diesem Snapshot: Wählen Sie einen anderen Tag.</numerusform>
        </translation>
    </message>
    <message>
        <source>None of the {count} chosen apps is in snapshot {snapshot_id}.</source>
        <translation>Keine der {count} ausgewählten Apps ist im Snapshot {snapshot_id}.</translation>
    </message>
    <message>
        <source>Not a move to the recycle bin: {method} {path}. Nothing was sent.</source>
        <translation>Kein Verschieben in den Papierkorb: {method} {path}. Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Not done because an app it refers to was not restored: {unresolved}</source>
        <translation>Nicht ausgeführt, weil eine App, auf die verwiesen wird, nicht wiederhergestellt wurde: {unresolved}</translation>
    </message>
    <message>
        <source>Not put back: the owner no longer exists (deleted since the moment): {items}.</source>
        <translation>Nicht zurückgesetzt: Der Besitzer existiert nicht mehr (seit dem Zeitpunkt gelöscht): {items}.</translation>
    </message>
    <message>
        <source>Not restored (cancelled)</source>
        <translation>Nicht wiederhergestellt (abgebrochen)</translation>
    </message>
    <message numerus="yes">
        <source>Not rolled back completely: {failed} of %Ln app(s); see each app.</source>
        <translation>
            <numerusform>Nicht vollständig zurückgesetzt: {failed} von %Ln App; siehe die einzelne App.</numerusform>
            <numerusform>Nicht vollständig zurückgesetzt: {failed} von %Ln Apps; siehe die einzelnen Apps.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not started: Graph refused the run&apos;s first write.</source>
        <translation>Nicht begonnen: Graph hat den ersten Schreibvorgang des Laufs abgelehnt.</translation>
    </message>
    <message>
        <source>Not started: the restore was interrupted before it.</source>
        <translation>Nicht begonnen: Die Wiederherstellung wurde vorher unterbrochen.</translation>
    </message>
    <message>
        <source>Not started: the rollback was interrupted before it.</source>
        <translation>Nicht begonnen: Das Rückgängigmachen wurde vorher unterbrochen.</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Überschreiben</translation>
    </message>
    <message>
        <source>Overwrite the earlier copy in {tenant}</source>
        <translation>Die frühere Kopie in {tenant} überschreiben</translation>
    </message>
    <message>
        <source>Owner {name}({who}) was not found in the tenant restored to, and is left out.</source>
        <translation>Besitzer {name}({who}) wurde im Zielmandanten nicht gefunden und wird ausgelassen.</translation>
    </message>
    <message>
        <source>Owner {owner_id} no longer exists in the tenant and was left out.</source>
        <translation>Besitzer {owner_id} existiert im Mandanten nicht mehr und wurde ausgelassen.</translation>
    </message>
    <message>
        <source>Permission {value} of {resource_app_id} is not published there: it is left out of the consent restored.</source>
        <translation>Berechtigung {value} von {resource_app_id} ist dort nicht veröffentlicht: Sie wird bei der wiederhergestellten Zustimmung ausgelassen.</translation>
    </message>
    <message>
        <source>Read back after the restore, the app differs from the plan at: {paths}</source>
        <translation>Nach der Wiederherstellung zurückgelesen, weicht die App vom Plan ab bei: {paths}</translation>
    </message>
    <message>
        <source>Reading the app back failed: {error}</source>
        <translation>Das Zurücklesen der App ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Recreate (new client ID)</source>
        <translation>Neu erstellen (neue Client-ID)</translation>
    </message>
    <message>
        <source>Redirect URI {uri} ({platform}) is left out: Graph no longer accepts it (https only, http for localhost; none of ! $ &apos; ( ) , ;). Add its https address in the portal if the app still needs it.</source>
        <translation>Umleitungs-URI {uri} ({platform}) wird ausgelassen: Graph akzeptiert sie nicht mehr (nur https, http nur für localhost; keines der Zeichen ! $ &apos; ( ) , ;). Fügen Sie ihre https-Adresse im Portal hinzu, wenn die App sie noch braucht.</translation>
    </message>
    <message>
        <source>Remove the application permission {detail} on {subject} (the app acts without a signed-in user)</source>
        <translation>Die Anwendungsberechtigung {detail} auf {subject} entfernen (die App handelt ohne angemeldeten Benutzer)</translation>
    </message>
    <message>
        <source>Remove the consent for all users of the tenant on {subject}: {detail}</source>
        <translation>Die Zustimmung für alle Benutzer des Mandanten auf {subject} entfernen: {detail}</translation>
    </message>
    <message>
        <source>Remove the consent for {who} only on {subject}: {detail}</source>
        <translation>Die Zustimmung nur für {who} auf {subject} entfernen: {detail}</translation>
    </message>
    <message>
        <source>Removed the application permission {detail} on {subject} (the app acts without a signed-in user)</source>
        <translation>Die Anwendungsberechtigung {detail} auf {subject} entfernt (die App handelt ohne angemeldeten Benutzer)</translation>
    </message>
    <message>
        <source>Removed the consent for all users of the tenant on {subject}: {detail}</source>
        <translation>Die Zustimmung für alle Benutzer des Mandanten auf {subject} entfernt: {detail}</translation>
    </message>
    <message>
        <source>Removed the consent for {who} only on {subject}: {detail}</source>
        <translation>Die Zustimmung nur für {who} auf {subject} entfernt: {detail}</translation>
    </message>
    <message>
        <source>Removing a client secret</source>
        <translation>Geheimer Clientschlüssel wird entfernt</translation>
    </message>
    <message>
        <source>Removing an app role assignment</source>
        <translation>App-Rollenzuweisung wird entfernt</translation>
    </message>
    <message>
        <source>Removing an owner</source>
        <translation>Besitzer wird entfernt</translation>
    </message>
    <message>
        <source>Removing consent</source>
        <translation>Zustimmung wird entfernt</translation>
    </message>
    <message>
        <source>Restoring only {path} would leave a pre-authorized client naming a scope the app would not have: restore {detail} too.</source>
        <translation>Nur {path} wiederherzustellen, ließe einen vorab autorisierten Client zurück, der einen Bereich nennt, den die App nicht hätte: Stellen Sie {detail} mit wieder her.</translation>
    </message>
    <message>
        <source>Restoring the app from the recycle bin</source>
        <translation>App wird aus dem Papierkorb wiederhergestellt</translation>
    </message>
    <message>
        <source>Restoring the enterprise application from the recycle bin</source>
        <translation>Unternehmensanwendung wird aus dem Papierkorb wiederhergestellt</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Run the restore again to finish it.</source>
        <translation>Führen Sie die Wiederherstellung erneut aus, um sie abzuschließen.</translation>
    </message>
    <message>
        <source>Run the rollback again to finish it.</source>
        <translation>Führen Sie das Rückgängigmachen erneut aus, um es abzuschließen.</translation>
    </message>
    <message>
        <source>Running (or interrupted)</source>
        <translation>Läuft (oder unterbrochen)</translation>
    </message>
    <message>
        <source>Selected values are restored into the app itself (With object), not as new or into another tenant.</source>
        <translation>Ausgewählte Werte werden in die App selbst wiederhergestellt („Am Original“), nicht als neue App oder in einen anderen Mandanten.</translation>
    </message>
    <message>
        <source>Setting a federated credential</source>
        <translation>Verbundanmeldeinformation wird festgelegt</translation>
    </message>
    <message>
        <source>Setting the certificates</source>
        <translation>Zertifikate werden festgelegt</translation>
    </message>
    <message>
        <source>Setting the logo</source>
        <translation>Logo wird festgelegt</translation>
    </message>
    <message>
        <source>Setting the pre-authorized applications</source>
        <translation>Vorautorisierte Anwendungen werden festgelegt</translation>
    </message>
    <message>
        <source>Setting the token encryption key</source>
        <translation>Schlüssel für die Tokenverschlüsselung wird festgelegt</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Snapshot {snapshot_id} did not complete: choose another one.</source>
        <translation>Der Snapshot {snapshot_id} wurde nicht abgeschlossen: Wählen Sie einen anderen.</translation>
    </message>
    <message>
        <source>Snapshot {snapshot_id} is not a snapshot of {tenant}.</source>
        <translation>Der Snapshot {snapshot_id} ist kein Snapshot von {tenant}.</translation>
    </message>
    <message>
        <source>Snapshots exist on 1 day, {first}.</source>
        <translation>Snapshots gibt es an 1 Tag, dem {first}.</translation>
    </message>
    <message>
        <source>Snapshots exist on {count} days from {first} to {last}.</source>
        <translation>Snapshots gibt es an {count} Tagen vom {first} bis zum {last}.</translation>
    </message>
    <message>
        <source>Still there after the rollback: {items}.</source>
        <translation>Nach dem Rückgängigmachen noch vorhanden: {items}.</translation>
    </message>
    <message>
        <source>Stopped at once (a second Ctrl+C or signal) while apps were being written. The next preview or restore into this tenant settles the apps that were under way (what they created is adopted, never created twice).</source>
        <translation>Sofort angehalten (ein zweites Strg+C oder Signal), während Apps geschrieben wurden. Die nächste Vorschau oder Wiederherstellung in diesen Mandanten schließt die laufenden Apps ab (was sie erstellt hatten, wird übernommen, nie doppelt erstellt).</translation>
    </message>
    <message>
        <source>Stopped before anything was written (Ctrl+C or a signal).</source>
        <translation>Angehalten, bevor etwas geschrieben wurde (Strg+C oder ein Signal).</translation>
    </message>
    <message>
        <source>Stopped before anything was written: {error}</source>
        <translation>Angehalten, bevor etwas geschrieben wurde: {error}</translation>
    </message>
    <message>
        <source>Stopped while apps were being rolled back. Run the rollback again to finish it: what was undone stays undone, nothing is done twice.</source>
        <translation>Angehalten, während Apps zurückgesetzt wurden. Führen Sie das Rückgängigmachen erneut aus, um es abzuschließen: Was rückgängig gemacht wurde, bleibt es; nichts geschieht doppelt.</translation>
    </message>
    <message>
        <source>The SAML single sign-on certificate is new (Graph never returns the old one&apos;s private key, thumbprint {old}): give the service provider the new certificate or the app&apos;s federation metadata, or its users can&apos;t sign in.</source>
        <translation>Das SAML-Zertifikat für einmaliges Anmelden ist neu (Graph gibt den privaten Schlüssel des alten, Fingerabdruck {old}, nie zurück): Geben Sie dem Dienstanbieter das neue Zertifikat oder die Verbundmetadaten der App, sonst können sich seine Benutzer nicht anmelden.</translation>
    </message>
    <message>
        <source>The app asks for permissions of API {resource_app_id}, which does not exist in the target tenant: restore that API too, or remove the permission.</source>
        <translation>Die App fordert Berechtigungen der API {resource_app_id} an, die im Zielmandanten nicht existiert: Stellen Sie diese API ebenfalls wieder her oder entfernen Sie die Berechtigung.</translation>
    </message>
    <message>
        <source>The app was deleted permanently: Graph gives the recreated app a new client ID (was {old_app_id}). Update the apps and services that use the old one.</source>
        <translation>Die App wurde endgültig gelöscht: Graph gibt der neu erstellten App eine neue Client-ID (vorher {old_app_id}). Aktualisieren Sie die Apps und Dienste, die die alte verwenden.</translation>
    </message>
    <message>
        <source>The app was granted permissions on {name}({resource_app_id}), which has no service principal in the tenant restored to: that consent is left out.</source>
        <translation>Der App wurden Berechtigungen auf {name}({resource_app_id}) erteilt, das im Zielmandanten keinen Dienstprinzipal hat: Diese Zustimmung wird ausgelassen.</translation>
    </message>
    <message>
        <source>The app&apos;s certificates are left as they are: key(s) {key_ids} can&apos;t be sent again (Graph replaces the whole set, so sending the others would delete them).</source>
        <translation>Die Zertifikate der App bleiben, wie sie sind: Schlüssel {key_ids} können nicht erneut gesendet werden (Graph ersetzt den ganzen Satz; die übrigen zu senden, würde sie löschen).</translation>
    </message>
    <message>
        <source>The app&apos;s directory extensions were made again under its new client ID, so their names changed. Values on users, groups and other objects keep the old names: copy them ({pairs}).</source>
        <translation>Die Verzeichniserweiterungen der App wurden unter ihrer neuen Client-ID neu erstellt, daher haben sich ihre Namen geändert. Werte an Benutzern, Gruppen und anderen Objekten behalten die alten Namen: Kopieren Sie sie ({pairs}).</translation>
    </message>
    <message>
        <source>The app&apos;s new id is not known, so it could not be read back.</source>
        <translation>Die neue ID der App ist nicht bekannt, daher konnte sie nicht zurückgelesen werden.</translation>
    </message>
    <message>
        <source>The current state of app {object_id} could not be read.</source>
        <translation>Der aktuelle Stand der App {object_id} konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The current {part} of the app could not be read: extras, if any, are not removed.</source>
        <translation>Der aktuelle Stand der App ({part}) konnte nicht gelesen werden: Überzählige Einträge werden ggf. nicht entfernt.</translation>
    </message>
    <message>
        <source>The directory extension {name} differs from the snapshot (type, multi-valued or targets): Graph can&apos;t change one, and making it again would delete its values on every object, so it is kept.</source>
        <translation>Die Verzeichniserweiterung {name} weicht vom Snapshot ab (Typ, mehrwertig oder Ziele): Graph kann sie nicht ändern, und sie neu zu erstellen, würde ihre Werte an jedem Objekt löschen; daher bleibt sie erhalten.</translation>
    </message>
    <message>
        <source>The directory extension {name} is synced from on-premises Active Directory: Microsoft Entra Connect makes it, not a restore.</source>
        <translation>Die Verzeichniserweiterung {name} wird aus dem lokalen Active Directory synchronisiert: Microsoft Entra Connect erstellt sie, nicht eine Wiederherstellung.</translation>
    </message>
    <message>
        <source>The directory extension {name} was added after the snapshot; it is kept (deleting it would delete its values on every user, group and other object).</source>
        <translation>Die Verzeichniserweiterung {name} wurde nach dem Snapshot hinzugefügt; sie bleibt erhalten (sie zu löschen, würde ihre Werte an jedem Benutzer, jeder Gruppe und jedem anderen Objekt löschen).</translation>
    </message>
    <message>
        <source>The enterprise application comes back from the recycle bin with its consent and user/group assignments as they were when it was deleted.</source>
        <translation>Die Unternehmensanwendung kommt mit ihrer Zustimmung und ihren Benutzer-/Gruppenzuweisungen aus dem Papierkorb zurück, wie sie beim Löschen waren.</translation>
    </message>
    <message>
        <source>The enterprise application&apos;s certificate {name} ({usage}) is not restored: the snapshot doesn&apos;t hold its bytes, or they can&apos;t be sent back beside the enterprise application&apos;s SAML signing key. Upload it to the enterprise application again if it is still used.</source>
        <translation>Das Zertifikat {name} ({usage}) der Unternehmensanwendung wird nicht wiederhergestellt: Der Snapshot enthält seine Bytes nicht, oder sie können nicht neben dem SAML-Signaturschlüssel der Unternehmensanwendung zurückgesendet werden. Laden Sie es erneut in die Unternehmensanwendung hoch, wenn es noch verwendet wird.</translation>
    </message>
    <message>
        <source>The new app&apos;s enterprise application gets the settings only: consent and user/group assignments were not copied (ask for them with &apos;copy consent and assignments&apos;).</source>
        <translation>Die Unternehmensanwendung der neuen App erhält nur die Einstellungen: Zustimmung und Benutzer-/Gruppenzuweisungen wurden nicht kopiert (fordern Sie sie mit „Zustimmung und Zuweisungen kopieren“ an).</translation>
    </message>
    <message>
        <source>The new app&apos;s name is too long: at most {max_length} characters.</source>
        <translation>Der Name der neuen App ist zu lang: höchstens {max_length} Zeichen.</translation>
    </message>
    <message>
        <source>The pre-authorization of client {app_id} is left out: that client is an app of the source tenant that was not restored here.</source>
        <translation>Die Vorautorisierung von Client {app_id} wird ausgelassen: Dieser Client ist eine App des Quellmandanten, die hier nicht wiederhergestellt wurde.</translation>
    </message>
    <message>
        <source>The restore was interrupted after creating this app ({object_id}); it was adopted, not created again. Finish the restore (or run it again) to complete and verify it.</source>
        <translation>Die Wiederherstellung wurde unterbrochen, nachdem sie diese App erstellt hatte ({object_id}); sie wurde übernommen, nicht erneut erstellt. Schließen Sie die Wiederherstellung ab (oder führen Sie sie erneut aus), um die App fertigzustellen und zu überprüfen.</translation>
    </message>
    <message>
        <source>The restore was interrupted while creating this app; Graph shows no app it made, so nothing was created. Run the restore again to create it.</source>
        <translation>Die Wiederherstellung wurde beim Erstellen dieser App unterbrochen; Graph zeigt keine von ihr erstellte App, es wurde also nichts erstellt. Führen Sie die Wiederherstellung erneut aus, um die App zu erstellen.</translation>
    </message>
    <message>
        <source>The restore was interrupted while this app was being restored; run it again to finish and verify it.</source>
        <translation>Die Wiederherstellung wurde unterbrochen, während diese App wiederhergestellt wurde; führen Sie sie erneut aus, um die App fertigzustellen und zu überprüfen.</translation>
    </message>
    <message>
        <source>The rollback was interrupted while this app was being rolled back; run it again to finish and verify it.</source>
        <translation>Das Rückgängigmachen wurde unterbrochen, während diese App zurückgesetzt wurde; führen Sie es erneut aus, um die App fertigzustellen und zu überprüfen.</translation>
    </message>
    <message>
        <source>The scopes and app roles disabled for it were enabled again.</source>
        <translation>Die dafür deaktivierten Bereiche und App-Rollen wurden wieder aktiviert.</translation>
    </message>
    <message>
        <source>The settings under {platform} are kept as they are: the app has a redirect URI there Graph no longer accepts (http other than localhost, or one of ! $ &apos; ( ) , ;), and Graph refuses any change that carries it. Replace it in the portal, then restore again.</source>
        <translation>Die Einstellungen unter {platform} bleiben, wie sie sind: Die App hat dort eine Umleitungs-URI, die Graph nicht mehr akzeptiert (http außer für localhost oder eines der Zeichen ! $ &apos; ( ) , ;), und Graph lehnt jede Änderung ab, die sie enthält. Ersetzen Sie sie im Portal und stellen Sie dann erneut wieder her.</translation>
    </message>
    <message>
        <source>The snapshot had no logo, but Graph can&apos;t remove one: the current logo stays.</source>
        <translation>Der Snapshot hatte kein Logo, aber Graph kann keines entfernen: Das aktuelle Logo bleibt.</translation>
    </message>
    <message>
        <source>The snapshot had no owners that can be put back; the {count} current owner(s) stay.</source>
        <translation>Der Snapshot hatte keine Besitzer, die sich zurücksetzen lassen; die aktuellen Besitzer ({count}) bleiben.</translation>
    </message>
    <message>
        <source>The stored bytes {sha256} are missing from the database.</source>
        <translation>Die gespeicherten Bytes {sha256} fehlen in der Datenbank.</translation>
    </message>
    <message>
        <source>The target tenant ({tenant_id}) has no verified domain to rewrite identifier URIs to.</source>
        <translation>Der Zielmandant ({tenant_id}) hat keine verifizierte Domäne, auf die Bezeichner-URIs umgeschrieben werden können.</translation>
    </message>
    <message>
        <source>The target tenant is the tenant the backup comes from: restore With object or As new instead.</source>
        <translation>Der Zielmandant ist der Mandant, aus dem die Sicherung stammt: Stellen Sie stattdessen „Am Original“ oder „Als neue App“ wieder her.</translation>
    </message>
    <message>
        <source>The tenant has no snapshot yet.</source>
        <translation>Der Mandant hat noch keinen Snapshot.</translation>
    </message>
    <message>
        <source>The tenant {tenant} is not in Regvault (it may have been removed).</source>
        <translation>Der Mandant {tenant} ist nicht in Regvault (er wurde möglicherweise entfernt).</translation>
    </message>
    <message>
        <source>The {part} could not be read where the app is restored: it is written as the snapshot had it, and nothing there is removed.</source>
        <translation>{part}: Am Ziel der Wiederherstellung nicht lesbar; es wird so geschrieben, wie der Snapshot es hatte, und dort wird nichts entfernt.</translation>
    </message>
    <message>
        <source>The {part} of an app in the recycle bin can&apos;t be listed until it is restored, so the snapshot&apos;s {part} are written as they are; others it comes back with, if any, stay.</source>
        <translation>{part} einer App im Papierkorb lassen sich erst nach ihrer Wiederherstellung auflisten; daher werden die {part} des Snapshots so geschrieben, wie sie sind, und andere, mit denen sie zurückkommt, bleiben.</translation>
    </message>
    <message>
        <source>There is no snapshot on {day} at or before {at}.</source>
        <translation>Am {day} gibt es bis {at} keinen Snapshot.</translation>
    </message>
    <message>
        <source>There is no snapshot on {day}.</source>
        <translation>Am {day} gibt es keinen Snapshot.</translation>
    </message>
    <message>
        <source>There is no snapshot {snapshot_id} (it may have been removed): choose another one.</source>
        <translation>Es gibt keinen Snapshot {snapshot_id} (er wurde möglicherweise entfernt): Wählen Sie einen anderen.</translation>
    </message>
    <message>
        <source>These values can&apos;t be restored on their own.</source>
        <translation>Diese Werte können nicht für sich allein wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>To another tenant</source>
        <translation>In einen anderen Mandanten</translation>
    </message>
    <message>
        <source>Token encryption key {key_id} is left out: its certificate can&apos;t be restored.</source>
        <translation>Schlüssel für die Tokenverschlüsselung {key_id} wird ausgelassen: Sein Zertifikat kann nicht wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>Type a name for the new app.</source>
        <translation>Geben Sie einen Namen für die neue App ein.</translation>
    </message>
    <message>
        <source>Unassign {subject} from {detail}</source>
        <translation>Zuweisung von {subject} zu {detail} aufheben</translation>
    </message>
    <message>
        <source>Unassigned {subject} from {detail}</source>
        <translation>Zuweisung von {subject} zu {detail} aufgehoben</translation>
    </message>
    <message>
        <source>Undelete from the recycle bin</source>
        <translation>Aus dem Papierkorb wiederherstellen</translation>
    </message>
    <message>
        <source>Undelete the earlier copy in {tenant}</source>
        <translation>Die frühere Kopie in {tenant} aus dem Papierkorb wiederherstellen</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>Unerwarteter Fehler: {error}</translation>
    </message>
    <message>
        <source>Unexpected method {method} in the plan.</source>
        <translation>Unerwartete Methode {method} im Plan.</translation>
    </message>
    <message>
        <source>Unique name {unique_name} is left out: it can&apos;t be changed once set.</source>
        <translation>Eindeutiger Name {unique_name} wird ausgelassen: Er lässt sich nach dem Festlegen nicht ändern.</translation>
    </message>
    <message>
        <source>Unique name {unique_name} is left out: the original app still has it.</source>
        <translation>Eindeutiger Name {unique_name} wird ausgelassen: Die ursprüngliche App hat ihn noch.</translation>
    </message>
    <message>
        <source>Updating a federated credential</source>
        <translation>Verbundanmeldeinformation wird aktualisiert</translation>
    </message>
    <message>
        <source>Updating the app</source>
        <translation>App wird aktualisiert</translation>
    </message>
    <message>
        <source>Updating the enterprise application</source>
        <translation>Unternehmensanwendung wird aktualisiert</translation>
    </message>
    <message>
        <source>User {who} was not found in the tenant restored to: its consent or assignment is left out.</source>
        <translation>Benutzer {who} wurde im Zielmandanten nicht gefunden: Seine Zustimmung oder Zuweisung wird ausgelassen.</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>With object</source>
        <translation>Am Original</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>consent and assignments of the enterprise application</source>
        <translation>Zustimmung und Zuweisungen der Unternehmensanwendung</translation>
    </message>
    <message>
        <source>enterprise application (consent and assignments)</source>
        <translation>Unternehmensanwendung (Zustimmung und Zuweisungen)</translation>
    </message>
    <message>
        <source>extension_&lt;new client ID&gt;_</source>
        <translation>extension_&lt;neue Client-ID&gt;_</translation>
    </message>
    <message>
        <source>federated credentials</source>
        <translation>Verbundanmeldeinformationen</translation>
    </message>
    <message>
        <source>owners</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>the target tenant</source>
        <translation>dem Zielmandanten</translation>
    </message>
    <message>
        <source>{count} app role assignment(s) this restore made are not listed by Graph yet (it lists them 30 to 60 seconds after they are made); Graph accepted each when it was written.</source>
        <translation>{count} von dieser Wiederherstellung erstellte App-Rollenzuweisung(en) listet Graph noch nicht auf (es listet sie 30 bis 60 Sekunden nach dem Erstellen); Graph hat jede beim Schreiben angenommen.</translation>
    </message>
    <message>
        <source>{display_name} ({app_id}) is in the recycle bin: selected values can only be restored into an app that exists. Restore the whole app first.</source>
        <translation>{display_name} ({app_id}) ist im Papierkorb: Ausgewählte Werte können nur in eine vorhandene App wiederhergestellt werden. Stellen Sie zuerst die ganze App wieder her.</translation>
    </message>
    <message>
        <source>{display_name} ({app_id}) was deleted permanently: selected values can only be restored into an app that exists. Restore the whole app first.</source>
        <translation>{display_name} ({app_id}) wurde endgültig gelöscht: Ausgewählte Werte können nur in eine vorhandene App wiederhergestellt werden. Stellen Sie zuerst die ganze App wieder her.</translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln app(s) done</source>
        <translation>
            <numerusform>{done} von %Ln App erledigt</numerusform>
            <numerusform>{done} von %Ln Apps erledigt</numerusform>
        </translation>
    </message>
    <message>
        <source>{error} while apps were being rolled back. Run the rollback again to finish it: what was undone stays undone, nothing is done twice.</source>
        <translation>{error}, während Apps zurückgesetzt wurden. Führen Sie das Rückgängigmachen erneut aus, um es abzuschließen: Was rückgängig gemacht wurde, bleibt es; nichts geschieht doppelt.</translation>
    </message>
    <message>
        <source>{error} while apps were being written. The next preview or restore into this tenant settles the apps that were under way (what they created is adopted, never created twice).</source>
        <translation>{error}, während Apps geschrieben wurden. Die nächste Vorschau oder Wiederherstellung in diesen Mandanten schließt die laufenden Apps ab (was sie erstellt hatten, wird übernommen, nie doppelt erstellt).</translation>
    </message>
    <message>
        <source>{object_id} was deleted after the preview; preview again to restore it.</source>
        <translation>{object_id} wurde nach der Vorschau gelöscht; erstellen Sie die Vorschau erneut, um sie wiederherzustellen.</translation>
    </message>
    <message>
        <source>{path} is not a property of an app registration.</source>
        <translation>{path} ist keine Eigenschaft einer App-Registrierung.</translation>
    </message>
    <message>
        <source>{path} is not a property of an app registration. Did you mean {detail}?</source>
        <translation>{path} ist keine Eigenschaft einer App-Registrierung. Meinten Sie {detail}?</translation>
    </message>
    <message>
        <source>{path} is set by Microsoft Graph and can&apos;t be restored.</source>
        <translation>{path} wird von Microsoft Graph festgelegt und kann nicht wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>{path}: no such item in the snapshot or in the app now.</source>
        <translation>{path}: kein solches Element im Snapshot oder jetzt in der App.</translation>
    </message>
    <message>
        <source>{path}: only items of these lists can be restored one by one: {detail}.</source>
        <translation>{path}: Nur Elemente dieser Listen können einzeln wiederhergestellt werden: {detail}.</translation>
    </message>
    <message>
        <source>{step} failed: {error}</source>
        <translation>{step} fehlgeschlagen: {error}</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>%v of %m apps</source>
        <translation>%v von %m Apps</translation>
    </message>
    <message numerus="yes">
        <source>Cancelling: no further app is started; the %Ln under way are finished first…</source>
        <translation>
            <numerusform>Wird abgebrochen: Keine weitere App wird begonnen; die laufende wird zuerst fertiggestellt…</numerusform>
            <numerusform>Wird abgebrochen: Keine weitere App wird begonnen; die %Ln laufenden werden zuerst fertiggestellt…</numerusform>
        </translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Restore progress</source>
        <translation>Fortschritt der Wiederherstellung</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Wiederherstellung</translation>
    </message>
    <message>
        <source>Restoring {name} ({index} of {total})…</source>
        <translation>{name} wird wiederhergestellt ({index} von {total})…</translation>
    </message>
    <message>
        <source>Several apps are restored at a time; a failure doesn&apos;t stop the others. Cancel starts no further app: those already under way, and any app they refer to, are finished and checked.</source>
        <translation>Mehrere Apps werden gleichzeitig wiederhergestellt; ein Fehler hält die anderen nicht auf. „Abbrechen“ beginnt keine weitere App: Die bereits laufenden und alle Apps, auf die sie verweisen, werden fertiggestellt und geprüft.</translation>
    </message>
    <message>
        <source>Status of each app</source>
        <translation>Status jeder App</translation>
    </message>
    <message>
        <source>Taking a snapshot of the apps that will be overwritten…</source>
        <translation>Ein Snapshot der Apps, die überschrieben werden, wird erstellt…</translation>
    </message>
    <message>
        <source>Waiting for {who} to finish: one backup or restore of a tenant runs at a time. The restore starts by itself when it is done (Cancel stops waiting; nothing has been written).</source>
        <translation>Warten, bis {who} fertig ist: Je Mandant läuft nur eine Sicherung oder Wiederherstellung gleichzeitig. Die Wiederherstellung startet von selbst, sobald das erledigt ist („Abbrechen“ beendet das Warten; es wurde nichts geschrieben).</translation>
    </message>
    <message>
        <source>another backup or restore</source>
        <translation>eine andere Sicherung oder Wiederherstellung</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source># Install runs:</source>
        <translation># Die Installation führt aus:</translation>
    </message>
    <message>
        <source># Output of each run goes to:</source>
        <translation># Die Ausgabe jedes Laufs geht nach:</translation>
    </message>
    <message>
        <source># Remove runs:</source>
        <translation># Das Entfernen führt aus:</translation>
    </message>
    <message>
        <source>All tenants</source>
        <translation>Alle Mandanten</translation>
    </message>
    <message>
        <source>Back up:</source>
        <translation>Sichern:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message numerus="yes">
        <source>Every %n minute(s), only what changed</source>
        <translation>
            <numerusform>Jede Minute, nur Änderungen</numerusform>
            <numerusform>Alle %n Minuten, nur Änderungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Every day at:</source>
        <translation>Täglich um:</translation>
    </message>
    <message>
        <source>Failed: {error}</source>
        <translation>Fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>How often to back up</source>
        <translation>Wie oft gesichert wird</translation>
    </message>
    <message>
        <source>How often:</source>
        <translation>Wie oft:</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>Installieren</translation>
    </message>
    <message>
        <source>Install the schedule</source>
        <translation>Den Zeitplan installieren</translation>
    </message>
    <message numerus="yes">
        <source>Installed: a backup runs every %n minute(s), reading only what changed since the last one (once a day, everything). Its output goes to {log}.</source>
        <translation>
            <numerusform>Installiert: Jede Minute läuft eine Sicherung, die nur liest, was sich seit der letzten geändert hat (einmal täglich alles). Ihre Ausgabe geht nach {log}.</numerusform>
            <numerusform>Installiert: Alle %n Minuten läuft eine Sicherung, die nur liest, was sich seit der letzten geändert hat (einmal täglich alles). Ihre Ausgabe geht nach {log}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Installed: a backup runs every day at {time}. Its output goes to {log}.</source>
        <translation>Installiert: Täglich um {time} läuft eine Sicherung. Ihre Ausgabe geht nach {log}.</translation>
    </message>
    <message>
        <source>Once a day</source>
        <translation>Einmal täglich</translation>
    </message>
    <message>
        <source>Regvault runs no background service of its own: your operating system&apos;s scheduler runs &lt;code&gt;regvault backup&lt;/code&gt; once a day, or every few minutes (each run then reads only what changed since the last one), with your remembered sign-in or the tenant&apos;s app-only identity. Here is exactly what will be installed.</source>
        <translation>Regvault hat keinen eigenen Hintergrunddienst: Die Aufgabenplanung Ihres Betriebssystems führt &lt;code&gt;regvault backup&lt;/code&gt; einmal täglich oder alle paar Minuten aus (jeder Lauf liest dann nur, was sich seit dem letzten geändert hat), mit Ihrer gespeicherten Anmeldung oder der reinen App-Identität des Mandanten. Hier steht genau, was installiert wird.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the schedule</source>
        <translation>Den Zeitplan entfernen</translation>
    </message>
    <message>
        <source>Removed: no more scheduled backups.</source>
        <translation>Entfernt: keine geplanten Sicherungen mehr.</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Schedule backups</source>
        <translation>Sicherungen planen</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>Aufgabenplanung</translation>
    </message>
    <message>
        <source>Scheduler:</source>
        <translation>Aufgabenplanung:</translation>
    </message>
    <message>
        <source>Tenants to back up</source>
        <translation>Zu sichernde Mandanten</translation>
    </message>
    <message>
        <source>Time of the daily backup</source>
        <translation>Uhrzeit der täglichen Sicherung</translation>
    </message>
    <message>
        <source>What will be installed</source>
        <translation>Was installiert wird</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
</context>
<context>
    <name>SearchResults</name>
    <message>
        <source> (the first {n} shown)</source>
        <translation> (die ersten {n} angezeigt)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln app(s) in {tenants}</source>
        <translation>
            <numerusform>%Ln App in {tenants}</numerusform>
            <numerusform>%Ln Apps in {tenants}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln tenant(s)</source>
        <translation>
            <numerusform>%Ln Mandant</numerusform>
            <numerusform>%Ln Mandanten</numerusform>
        </translation>
    </message>
    <message>
        <source>Apps found</source>
        <translation>Gefundene Apps</translation>
    </message>
    <message>
        <source>Could not search the tenants</source>
        <translation>Die Mandanten konnten nicht durchsucht werden</translation>
    </message>
    <message>
        <source>How many apps were found</source>
        <translation>Wie viele Apps gefunden wurden</translation>
    </message>
    <message>
        <source>Name, client or object ID, URI, permission, owner, thumbprint…</source>
        <translation>Name, Client- oder Objekt-ID, URI, Berechtigung, Besitzer, Fingerabdruck…</translation>
    </message>
    <message>
        <source>No app of any tenant matches.</source>
        <translation>Keine App eines Mandanten passt.</translation>
    </message>
    <message>
        <source>Search all tenants</source>
        <translation>Alle Mandanten durchsuchen</translation>
    </message>
    <message>
        <source>Search all tenants for</source>
        <translation>Alle Mandanten durchsuchen nach</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Wird gesucht…</translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation>Die Suche ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Type what to find.</source>
        <translation>Geben Sie ein, was gefunden werden soll.</translation>
    </message>
</context>
<context>
    <name>SearchTexts</name>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>Application (client) ID</source>
        <translation>Anwendungs-ID (Client)</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>Gefunden über</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>certificate thumbprint</source>
        <translation>Zertifikatfingerabdruck</translation>
    </message>
    <message>
        <source>client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>granted permission</source>
        <translation>erteilte Berechtigung</translation>
    </message>
    <message>
        <source>identifier URI</source>
        <translation>Bezeichner-URI</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>object ID</source>
        <translation>Objekt-ID</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>redirect URI</source>
        <translation>Umleitungs-URI</translation>
    </message>
    <message>
        <source>requested permission</source>
        <translation>angeforderte Berechtigung</translation>
    </message>
    <message>
        <source>service principal ID</source>
        <translation>Dienstprinzipal-ID</translation>
    </message>
</context>
<context>
    <name>SettingTexts</name>
    <message>
        <source>SMTP security must be one of {choices}, not {security}</source>
        <translation>Die SMTP-Sicherheit muss eine von {choices} sein, nicht {security}</translation>
    </message>
    <message>
        <source>a tenant&apos;s name can&apos;t be empty</source>
        <translation>Der Name eines Mandanten darf nicht leer sein</translation>
    </message>
    <message>
        <source>alert e-mail needs a sender (From)</source>
        <translation>Warnmeldungen per E-Mail brauchen einen Absender (Von)</translation>
    </message>
    <message>
        <source>the CA bundle {bundle} does not exist</source>
        <translation>Die Datei mit zusätzlichen Stammzertifikaten {bundle} existiert nicht</translation>
    </message>
    <message>
        <source>the webhook URL must be an https:// address (Teams&apos; and Slack&apos;s incoming webhooks are)</source>
        <translation>Die Webhook-URL muss eine https://-Adresse sein (wie die eingehenden Webhooks von Teams und Slack)</translation>
    </message>
    <message>
        <source>{address} is not an e-mail address</source>
        <translation>{address} ist keine E-Mail-Adresse</translation>
    </message>
    <message>
        <source>{client_id} is not a client ID (a GUID such as {example})</source>
        <translation>{client_id} ist keine Client-ID (eine GUID wie {example})</translation>
    </message>
    <message>
        <source>{port} is not a port number</source>
        <translation>{port} ist keine Portnummer</translation>
    </message>
    <message>
        <source>{proxy} is not a proxy address: give http://host:port, &apos;direct&apos; or nothing (automatic)</source>
        <translation>{proxy} ist keine Proxyadresse: Geben Sie http://host:port, „direct“ oder nichts (automatisch) an</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>&lt;p&gt;By default Regvault signs in as &lt;b&gt;Microsoft Graph Command Line Tools&lt;/b&gt; ({default}), the public client Graph PowerShell and many admin tools use, so it works without any setup. Be aware that:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;on first use an enterprise application “Microsoft Graph Command Line Tools” appears in the tenant, and an admin may have to approve it;&lt;/li&gt;&lt;li&gt;consent given to it is shared by every tool that uses that client ID;&lt;/li&gt;&lt;li&gt;admins can block or restrict it.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;&lt;b&gt;Your own app&lt;/b&gt; (recommended for organisations and resellers): in the Entra admin center, App registrations → New registration (multitenant for resellers). Under Authentication add the platform &lt;i&gt;Mobile and desktop applications&lt;/i&gt; with the redirect URIs &lt;code&gt;http://localhost&lt;/code&gt;, &lt;code&gt;ms-appx-web://Microsoft.AAD.BrokerPlugin/&amp;lt;client id&amp;gt;&lt;/code&gt; (Windows broker) and &lt;code&gt;msauth.com.msauth.unsignedapp://auth&lt;/code&gt; (macOS broker), and set &lt;i&gt;Allow public client flows&lt;/i&gt; to Yes (for sign-in with a code). Under API permissions add the Microsoft Graph delegated permissions Application.Read.All, User.Read and Application.ReadWrite.All (and DelegatedAdminRelationship.Read.All for resellers). Then enter its Application (client) ID here.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Standardmäßig meldet sich Regvault als &lt;b&gt;Microsoft Graph Command Line Tools&lt;/b&gt; ({default}) an, der öffentliche Client, den Graph PowerShell und viele Verwaltungswerkzeuge verwenden; so funktioniert es ohne Einrichtung. Beachten Sie:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Bei der ersten Verwendung erscheint im Mandanten eine Unternehmensanwendung „Microsoft Graph Command Line Tools“, und ggf. muss ein Administrator sie genehmigen;&lt;/li&gt;&lt;li&gt;eine ihr erteilte Zustimmung gilt für jedes Werkzeug, das diese Client-ID verwendet;&lt;/li&gt;&lt;li&gt;Administratoren können sie blockieren oder einschränken.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;&lt;b&gt;Ihre eigene App&lt;/b&gt; (empfohlen für Organisationen und Reseller): im Microsoft Entra Admin Center unter App-Registrierungen → Neue Registrierung (mehrinstanzenfähig für Reseller). Fügen Sie unter Authentifizierung die Plattform &lt;i&gt;Mobile Anwendungen und Desktopanwendungen&lt;/i&gt; mit den Umleitungs-URIs &lt;code&gt;http://localhost&lt;/code&gt;, &lt;code&gt;ms-appx-web://Microsoft.AAD.BrokerPlugin/&amp;lt;client id&amp;gt;&lt;/code&gt; (Windows-Broker) und &lt;code&gt;msauth.com.msauth.unsignedapp://auth&lt;/code&gt; (macOS-Broker) hinzu und setzen Sie &lt;i&gt;Öffentliche Clientflows zulassen&lt;/i&gt; auf Ja (für die Anmeldung mit einem Code). Fügen Sie unter API-Berechtigungen die delegierten Microsoft Graph-Berechtigungen Application.Read.All, User.Read und Application.ReadWrite.All hinzu (und DelegatedAdminRelationship.Read.All für Reseller). Geben Sie dann hier deren Anwendungs-ID (Client) ein.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A team: &lt;code&gt;postgresql://user@server:5432/regvault&lt;/code&gt; on every workstation; empty: the file in the data folder. Checked when you save, used from the next start.</source>
        <translation>Ein Team: &lt;code&gt;postgresql://user@server:5432/regvault&lt;/code&gt; auf jedem Arbeitsplatz; leer: die Datei im Datenordner. Wird beim Speichern geprüft und ab dem nächsten Start verwendet.</translation>
    </message>
    <message>
        <source>About the client ID</source>
        <translation>Zur Client-ID</translation>
    </message>
    <message>
        <source>About the database</source>
        <translation>Zur Datenbank</translation>
    </message>
    <message>
        <source>Automatic: the system&apos;s proxy or PAC file, or HTTPS_PROXY</source>
        <translation>Automatisch: der Proxy oder die PAC-Datei des Systems oder HTTPS_PROXY</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Capture changes every 5 minutes while this window is open (only what changed is read)</source>
        <translation>Alle 5 Minuten Änderungen erfassen, solange das Fenster offen ist (liest nur Geändertes)</translation>
    </message>
    <message>
        <source>Capture changes while the window is open</source>
        <translation>Änderungen erfassen, solange das Fenster offen ist</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose a file of root certificates</source>
        <translation>Eine Datei mit Stammzertifikaten wählen</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Client ID:</source>
        <translation>Client-ID:</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Database for this workstation</source>
        <translation>Datenbank für diesen Arbeitsplatz</translation>
    </message>
    <message>
        <source>Database in use</source>
        <translation>Verwendete Datenbank</translation>
    </message>
    <message>
        <source>Database password</source>
        <translation>Kennwort der Datenbank</translation>
    </message>
    <message>
        <source>Extra root certificates</source>
        <translation>Zusätzliche Stammzertifikate</translation>
    </message>
    <message>
        <source>Extra root certificates (PEM):</source>
        <translation>Zusätzliche Stammzertifikate (PEM):</translation>
    </message>
    <message>
        <source>For remote desktops and machines without a browser. Your organisation&apos;s Conditional Access may block it.</source>
        <translation>Für Remotedesktops und Rechner ohne Browser. Der bedingte Zugriff Ihrer Organisation kann dies blockieren.</translation>
    </message>
    <message>
        <source>In use:</source>
        <translation>Verwendet:</translation>
    </message>
    <message>
        <source>Look for new versions</source>
        <translation>Nach neuen Versionen suchen</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>None: the system&apos;s trust store only</source>
        <translation>Keine: nur der Zertifikatspeicher des Systems</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Kennwort:</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>Root certificates to trust</source>
        <translation>Vertrauenswürdige Stammzertifikate</translation>
    </message>
    <message>
        <source>Save the settings</source>
        <translation>Die Einstellungen speichern</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Sign in with a code by default</source>
        <translation>Standardmäßig mit einem Code anmelden</translation>
    </message>
    <message>
        <source>Sign in with a code on another device by default</source>
        <translation>Standardmäßig mit einem Code auf einem anderen Gerät anmelden</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tell me when a new version of Regvault is out (looks once a day; never downloads anything)</source>
        <translation>Neue Versionen von Regvault melden (sieht einmal täglich nach; lädt nie etwas herunter)</translation>
    </message>
    <message>
        <source>Turned off for every user of this computer (REGVAULT_NO_UPDATE_CHECK)</source>
        <translation>Für jeden Benutzer dieses Computers ausgeschaltet (REGVAULT_NO_UPDATE_CHECK)</translation>
    </message>
    <message>
        <source>Use Microsoft Graph Command Line Tools</source>
        <translation>Microsoft Graph Command Line Tools verwenden</translation>
    </message>
    <message>
        <source>Use the PAC file</source>
        <translation>Die PAC-Datei verwenden</translation>
    </message>
    <message>
        <source>Use the Windows / macOS sign-in broker where available</source>
        <translation>Den Anmeldebroker von Windows / macOS verwenden, wo verfügbar</translation>
    </message>
    <message>
        <source>Use the default</source>
        <translation>Standard verwenden</translation>
    </message>
    <message>
        <source>Use the proxy auto-configuration (PAC) file the system names</source>
        <translation>PAC-Datei des Systems verwenden (automatische Proxykonfiguration)</translation>
    </message>
    <message>
        <source>Use the sign-in broker</source>
        <translation>Den Anmeldebroker verwenden</translation>
    </message>
    <message>
        <source>Use:</source>
        <translation>Verwenden:</translation>
    </message>
    <message>
        <source>a Regvault database (schema version {version})</source>
        <translation>eine Regvault-Datenbank (Schemaversion {version})</translation>
    </message>
    <message>
        <source>an empty database: Regvault creates its tables there</source>
        <translation>eine leere Datenbank: Regvault legt dort seine Tabellen an</translation>
    </message>
    <message>
        <source>http://host:port, or &apos;direct&apos; for no proxy. Loopback addresses never use a proxy.</source>
        <translation>http://host:port, oder &apos;direct&apos; für keinen Proxy. Loopback-Adressen verwenden nie einen Proxy.</translation>
    </message>
    <message>
        <source>kept in the system keyring, never in the settings</source>
        <translation>im Schlüsselbund des Systems aufbewahrt, nie in den Einstellungen</translation>
    </message>
    <message>
        <source>regvault database move --to URL copies the backups you have into another database.</source>
        <translation>regvault database move --to URL kopiert Ihre vorhandenen Sicherungen in eine andere Datenbank.</translation>
    </message>
    <message>
        <source>regvault.sqlite in the data folder</source>
        <translation>regvault.sqlite im Datenordner</translation>
    </message>
    <message>
        <source>{url}: {found}. Regvault uses it from its next start.</source>
        <translation>{url}: {found}. Regvault verwendet sie ab dem nächsten Start.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Asking Microsoft for a code to sign in to {what}…</source>
        <translation>Microsoft wird nach einem Code für die Anmeldung bei {what} gefragt…</translation>
    </message>
    <message>
        <source>Cancel the sign-in</source>
        <translation>Die Anmeldung abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Code kopieren</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>Den Code kopieren</translation>
    </message>
    <message>
        <source>Device code</source>
        <translation>Gerätecode</translation>
    </message>
    <message>
        <source>On any device, open {url} and enter this code. Regvault waits here until you are done.</source>
        <translation>Öffnen Sie auf einem beliebigen Gerät {url} und geben Sie diesen Code ein. Regvault wartet hier, bis Sie fertig sind.</translation>
    </message>
    <message>
        <source>Open the sign-in page</source>
        <translation>Die Anmeldeseite öffnen</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Sign in to {what} in the browser window (or the sign-in window) that opened. This dialog closes when you are done.</source>
        <translation>Melden Sie sich im geöffneten Browserfenster (oder Anmeldefenster) bei {what} an. Dieses Fenster schließt sich, wenn Sie fertig sind.</translation>
    </message>
    <message>
        <source>Sign-in status</source>
        <translation>Anmeldestatus</translation>
    </message>
</context>
<context>
    <name>SnapshotPage</name>
    <message numerus="yes">
        <source>%Ln app(s); {added} added, {changed} changed, {removed} removed since the backup before</source>
        <translation>
            <numerusform>%Ln App; {added} hinzugefügt, {changed} geändert, {removed} entfernt seit der vorigen Sicherung</numerusform>
            <numerusform>%Ln Apps; {added} hinzugefügt, {changed} geändert, {removed} entfernt seit der vorigen Sicherung</numerusform>
        </translation>
    </message>
    <message>
        <source>, scheduled</source>
        <translation>, geplant</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Jetzt sichern</translation>
    </message>
    <message>
        <source>Backup:</source>
        <translation>Sicherung:</translation>
    </message>
    <message>
        <source>Choose the snapshot</source>
        <translation>Den Snapshot wählen</translation>
    </message>
    <message>
        <source>Day of the backup to restore from</source>
        <translation>Tag der Sicherung, aus der wiederhergestellt wird</translation>
    </message>
    <message>
        <source>Days in bold have a snapshot</source>
        <translation>Fett gedruckte Tage haben einen Snapshot</translation>
    </message>
    <message>
        <source>No snapshot on this day. Pick a day in bold.</source>
        <translation>Kein Snapshot an diesem Tag. Wählen Sie einen fett gedruckten Tag.</translation>
    </message>
    <message>
        <source>Reading the backups…</source>
        <translation>Die Sicherungen werden gelesen…</translation>
    </message>
    <message>
        <source>Restore the whole tenant {tenant}: every app it had at the snapshot chosen below.</source>
        <translation>Den ganzen Mandanten {tenant} wiederherstellen: jede App, die er beim unten gewählten Snapshot hatte.</translation>
    </message>
    <message>
        <source>Restore {apps} from {tenant}.</source>
        <translation>{apps} aus {tenant} wiederherstellen.</translation>
    </message>
    <message>
        <source>The apps are restored as they were at this backup. Days with a backup are in bold; other days have nothing to restore.</source>
        <translation>Die Apps werden so wiederhergestellt, wie sie bei dieser Sicherung waren. Tage mit einer Sicherung sind fett gedruckt; andere Tage haben nichts zum Wiederherstellen.</translation>
    </message>
    <message>
        <source>The chosen apps at this snapshot</source>
        <translation>Die gewählten Apps in diesem Snapshot</translation>
    </message>
    <message>
        <source>This day has several snapshots: pick one</source>
        <translation>Dieser Tag hat mehrere Snapshots: Wählen Sie einen</translation>
    </message>
    <message>
        <source>This tenant has no complete backup: there is nothing to restore.</source>
        <translation>Dieser Mandant hat keine vollständige Sicherung: Es gibt nichts wiederherzustellen.</translation>
    </message>
    <message>
        <source>Time of the backup to restore from</source>
        <translation>Uhrzeit der Sicherung, aus der wiederhergestellt wird</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>Uhrzeit:</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>vor einer Wiederherstellung</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>geplant</translation>
    </message>
    <message>
        <source>taken before a restore, of the apps it overwrote</source>
        <translation>vor einer Wiederherstellung erstellt, von den Apps, die sie überschrieb</translation>
    </message>
    <message>
        <source>{n} apps</source>
        <translation>{n} Apps</translation>
    </message>
    <message>
        <source>{n} snapshots on this day: pick the time.</source>
        <translation>{n} Snapshots an diesem Tag: Wählen Sie die Uhrzeit.</translation>
    </message>
    <message>
        <source>{when} ({kind})</source>
        <translation>{when} ({kind})</translation>
    </message>
</context>
<context>
    <name>SnapshotTexts</name>
    <message>
        <source> and {n} more</source>
        <translation> und {n} weitere</translation>
    </message>
    <message>
        <source>{n} apps: {names}</source>
        <translation>{n} Apps: {names}</translation>
    </message>
</context>
<context>
    <name>SwitcherTexts</name>
    <message>
        <source>Last backup {when}</source>
        <translation>Letzte Sicherung {when}</translation>
    </message>
    <message>
        <source>Last backup {when} failed</source>
        <translation>Letzte Sicherung {when} fehlgeschlagen</translation>
    </message>
    <message>
        <source>Last backup {when}: more than two days ago</source>
        <translation>Letzte Sicherung {when}: vor mehr als zwei Tagen</translation>
    </message>
    <message>
        <source>Never backed up</source>
        <translation>Noch nie gesichert</translation>
    </message>
    <message>
        <source>Search tenants</source>
        <translation>Mandanten suchen</translation>
    </message>
</context>
<context>
    <name>TenantSwitcher</name>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>The tenant whose backups are shown</source>
        <translation>Der Mandant, dessen Sicherungen angezeigt werden</translation>
    </message>
</context>
<context>
    <name>TenantsDialog</name>
    <message>
        <source>Add a tenant by signing in</source>
        <translation>Einen Mandanten durch Anmelden hinzufügen</translation>
    </message>
    <message>
        <source>Add customer tenants (resellers)</source>
        <translation>Kundenmandanten hinzufügen (Reseller)</translation>
    </message>
    <message>
        <source>Add customer tenants…</source>
        <translation>Kundenmandanten hinzufügen…</translation>
    </message>
    <message>
        <source>Add tenant…</source>
        <translation>Mandant hinzufügen…</translation>
    </message>
    <message>
        <source>Added {name} ({domain}).</source>
        <translation>{name} ({domain}) hinzugefügt.</translation>
    </message>
    <message>
        <source>App-only ({client})</source>
        <translation>Nur App ({client})</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Default domain</source>
        <translation>Standarddomäne</translation>
    </message>
    <message>
        <source>Emulator</source>
        <translation>Emulator</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Name shown in Regvault</source>
        <translation>In Regvault angezeigter Name</translation>
    </message>
    <message>
        <source>New name of the tenant</source>
        <translation>Neuer Name des Mandanten</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Offer this tenant as a target when restoring to another tenant</source>
        <translation>Diesen Mandanten als Ziel anbieten, wenn in einen anderen Mandanten wiederhergestellt wird</translation>
    </message>
    <message>
        <source>Read the selected tenant&apos;s name and domains again</source>
        <translation>Name und Domänen des ausgewählten Mandanten erneut lesen</translation>
    </message>
    <message>
        <source>Refresh domains</source>
        <translation>Domänen aktualisieren</translation>
    </message>
    <message>
        <source>Regvault signs out of the tenant and forgets its app-only identity. Its backups can stay (you can still restore from them after adding the tenant again) or be deleted for good.</source>
        <translation>Regvault meldet sich vom Mandanten ab und vergisst seine reine App-Identität. Seine Sicherungen können bleiben (Sie können daraus wiederherstellen, nachdem Sie den Mandanten erneut hinzugefügt haben) oder endgültig gelöscht werden.</translation>
    </message>
    <message>
        <source>Remove and delete backups</source>
        <translation>Entfernen und Sicherungen löschen</translation>
    </message>
    <message>
        <source>Remove tenant</source>
        <translation>Mandant entfernen</translation>
    </message>
    <message>
        <source>Remove the selected tenant</source>
        <translation>Den ausgewählten Mandanten entfernen</translation>
    </message>
    <message>
        <source>Remove the tenant and delete its backups</source>
        <translation>Den Mandanten entfernen und seine Sicherungen löschen</translation>
    </message>
    <message>
        <source>Remove the tenant and keep its backups</source>
        <translation>Den Mandanten entfernen und seine Sicherungen behalten</translation>
    </message>
    <message>
        <source>Remove {name} from Regvault?</source>
        <translation>{name} aus Regvault entfernen?</translation>
    </message>
    <message>
        <source>Remove, keep backups</source>
        <translation>Entfernen, Sicherungen behalten</translation>
    </message>
    <message>
        <source>Removed {name}; its backups are kept.</source>
        <translation>{name} entfernt; die Sicherungen bleiben erhalten.</translation>
    </message>
    <message>
        <source>Removed {name}; its backups were deleted.</source>
        <translation>{name} entfernt; die Sicherungen wurden gelöscht.</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Rename the tenant</source>
        <translation>Den Mandanten umbenennen</translation>
    </message>
    <message>
        <source>Renamed to {name}.</source>
        <translation>Umbenannt in {name}.</translation>
    </message>
    <message>
        <source>Restore target</source>
        <translation>Wiederherstellungsziel</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Erneut anmelden</translation>
    </message>
    <message>
        <source>Sign in to the selected tenant again</source>
        <translation>Erneut beim ausgewählten Mandanten anmelden</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <source>Sign out of the selected tenant</source>
        <translation>Vom ausgewählten Mandanten abmelden</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Signed in as {user}</source>
        <translation>Angemeldet als {user}</translation>
    </message>
    <message>
        <source>Signed in to {name} as {user}.</source>
        <translation>Bei {name} als {user} angemeldet.</translation>
    </message>
    <message>
        <source>Signed out of {name}.</source>
        <translation>Von {name} abgemeldet.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>Mandanten-ID</translation>
    </message>
    <message>
        <source>Tenants</source>
        <translation>Mandanten</translation>
    </message>
    <message>
        <source>{name} is no longer a restore target.</source>
        <translation>{name} ist kein Wiederherstellungsziel mehr.</translation>
    </message>
    <message>
        <source>{name} is now a restore target.</source>
        <translation>{name} ist jetzt ein Wiederherstellungsziel.</translation>
    </message>
    <message>
        <source>{name}: {domains}.</source>
        <translation>{name}: {domains}.</translation>
    </message>
</context>
<context>
    <name>TimelineTexts</name>
    <message>
        <source>API permissions</source>
        <translation>API-Berechtigungen</translation>
    </message>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>Certificates &amp; secrets</source>
        <translation>Zertifikate &amp; Geheimnisse</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Zustimmung</translation>
    </message>
    <message>
        <source>Enterprise application</source>
        <translation>Unternehmensanwendung</translation>
    </message>
    <message>
        <source>Federated credentials</source>
        <translation>Verbundanmeldeinformationen</translation>
    </message>
    <message>
        <source>Identifier URIs</source>
        <translation>Bezeichner-URIs</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logo</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Other properties</source>
        <translation>Andere Eigenschaften</translation>
    </message>
    <message>
        <source>Other properties ({names})</source>
        <translation>Andere Eigenschaften ({names})</translation>
    </message>
    <message>
        <source>Owners</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Redirect URIs</source>
        <translation>Umleitungs-URIs</translation>
    </message>
    <message>
        <source>Supported accounts</source>
        <translation>Unterstützte Konten</translation>
    </message>
    <message>
        <source>Users and groups</source>
        <translation>Benutzer und Gruppen</translation>
    </message>
    <message>
        <source>Who made each change is not known: Regvault&apos;s sign-in lacks {permissions}. Signing in with them adds who changed what, and when, to every version from then on (and to the 30 days Entra still keeps).</source>
        <translation>Wer die Änderungen vorgenommen hat, ist nicht bekannt: Der Anmeldung von Regvault fehlt {permissions}. Eine Anmeldung damit fügt jeder Version ab dann hinzu, wer was wann geändert hat (und den 30 Tagen, die Entra noch aufbewahrt).</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>jemand</translation>
    </message>
    <message>
        <source>{app} (app)</source>
        <translation>{app} (App)</translation>
    </message>
    <message>
        <source>{parts}: changed by {actor} at {time} ({activity})</source>
        <translation>{parts}: geändert von {actor} am {time} ({activity})</translation>
    </message>
</context>
<context>
    <name>ToolbarTexts</name>
    <message>
        <source>&amp;About Regvault</source>
        <translation>&amp;Über Regvault</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Restore selected…</source>
        <translation>Ausgewählte &amp;wiederherstellen…</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptsymbolleiste</translation>
    </message>
    <message>
        <source>Open the restore wizard on the checked apps</source>
        <translation>Den Wiederherstellungs-Assistenten für die markierten Apps öffnen</translation>
    </message>
    <message>
        <source>Past restores: what was done to which app, and how it ended</source>
        <translation>Frühere Wiederherstellungen: was mit welcher App geschah und wie es ausging</translation>
    </message>
    <message>
        <source>Restore &amp;history…</source>
        <translation>Wiederherstellungs&amp;verlauf…</translation>
    </message>
    <message>
        <source>Restore history</source>
        <translation>Wiederherstellungsverlauf</translation>
    </message>
    <message>
        <source>Restore history…</source>
        <translation>Wiederherstellungsverlauf…</translation>
    </message>
    <message>
        <source>Restore selected…</source>
        <translation>Ausgewählte wiederherstellen…</translation>
    </message>
    <message>
        <source>Restore the selected apps</source>
        <translation>Die ausgewählten Apps wiederherstellen</translation>
    </message>
</context>
<context>
    <name>TreeTexts</name>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Delegated</source>
        <translation>Delegiert</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
</context>
<context>
    <name>UnfinishedRestoreOffer</name>
    <message numerus="yes">
        <source>%Ln app(s)</source>
        <translation>
            <numerusform>%Ln App</numerusform>
            <numerusform>%Ln Apps</numerusform>
        </translation>
    </message>
    <message>
        <source>A restore did not finish</source>
        <translation>Eine Wiederherstellung wurde nicht abgeschlossen</translation>
    </message>
    <message>
        <source>Finish it now…</source>
        <translation>Jetzt abschließen…</translation>
    </message>
    <message>
        <source>Finish the interrupted restore</source>
        <translation>Die unterbrochene Wiederherstellung abschließen</translation>
    </message>
    <message>
        <source>Finish the interrupted restore later</source>
        <translation>Die unterbrochene Wiederherstellung später abschließen</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <source>Regvault can finish it now: the apps it had already created are taken over, not created again, and every app is read back and verified. The restore wizard opens on the same apps and snapshot; check the options (the mode was &quot;{mode}&quot;) and run it.</source>
        <translation>Regvault kann sie jetzt abschließen: Bereits erstellte Apps werden übernommen, nicht neu erstellt, und jede App wird zurückgelesen und geprüft. Der Wiederherstellungs-Assistent öffnet sich mit denselben Apps und demselben Snapshot; prüfen Sie die Optionen (der Modus war „{mode}“) und starten Sie ihn.</translation>
    </message>
    <message>
        <source>The restore of {count} started {started} by {operator} did not finish: the program running it stopped.</source>
        <translation>Die Wiederherstellung von {count}, gestartet {started} von {operator}, wurde nicht abgeschlossen: Das ausführende Programm wurde beendet.</translation>
    </message>
    <message>
        <source>every app</source>
        <translation>allen Apps</translation>
    </message>
</context>
<context>
    <name>UpdateNotice</name>
    <message>
        <source>A new version of Regvault</source>
        <translation>Eine neue Version von Regvault</translation>
    </message>
    <message>
        <source>Open its release notes and downloads in the browser ({url})</source>
        <translation>Versionshinweise und Downloads im Browser öffnen ({url})</translation>
    </message>
    <message>
        <source>Regvault {version} is available</source>
        <translation>Regvault {version} ist verfügbar</translation>
    </message>
</context>
<context>
    <name>VersionPanel</name>
    <message>
        <source>(no name)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{color}&apos;&gt;■&lt;/span&gt; {n} changed from the previous version (hover for the old value)</source>
        <translation>&lt;span style=&apos;color:{color}&apos;&gt;■&lt;/span&gt; {n} gegenüber der vorigen Version geändert (mit der Maus darauf zeigen für den alten Wert)</translation>
    </message>
    <message>
        <source>App details and versions</source>
        <translation>App-Details und Versionen</translation>
    </message>
    <message>
        <source>Application (client) ID</source>
        <translation>Anwendungs-ID (Client)</translation>
    </message>
    <message>
        <source>Attributes of this version</source>
        <translation>Attribute dieser Version</translation>
    </message>
    <message>
        <source>Click an app to see its attributes and its history.</source>
        <translation>Klicken Sie auf eine App, um ihre Attribute und ihren Verlauf zu sehen.</translation>
    </message>
    <message>
        <source>Compare this version with any other, or with the live tenant</source>
        <translation>Diese Version mit einer anderen oder mit dem Live-Mandanten vergleichen</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>Vergleichen…</translation>
    </message>
    <message>
        <source>Could not read this app&apos;s history: {error}</source>
        <translation>Der Verlauf dieser App konnte nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>Export this version as Graph JSON, Terraform or an HTML passport</source>
        <translation>Diese Version als Graph-JSON, Terraform oder HTML-Pass exportieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>First backed-up version: nothing to compare with.</source>
        <translation>Erste gesicherte Version: nichts zum Vergleichen.</translation>
    </message>
    <message>
        <source>Newer version (Alt+Right or ])</source>
        <translation>Neuere Version (Alt+Rechts oder ])</translation>
    </message>
    <message>
        <source>Next (newer) version</source>
        <translation>Nächste (neuere) Version</translation>
    </message>
    <message>
        <source>No change from the previous version.</source>
        <translation>Keine Änderung gegenüber der vorigen Version.</translation>
    </message>
    <message>
        <source>Object ID</source>
        <translation>Objekt-ID</translation>
    </message>
    <message>
        <source>Older version (Alt+Left or [)</source>
        <translation>Ältere Version (Alt+Links oder [)</translation>
    </message>
    <message>
        <source>Only changed</source>
        <translation>Nur geänderte</translation>
    </message>
    <message>
        <source>Open the restore wizard on this app, as it was in this version</source>
        <translation>Den Wiederherstellungs-Assistenten für diese App öffnen, wie sie in dieser Version war</translation>
    </message>
    <message>
        <source>Previous (older) version</source>
        <translation>Vorige (ältere) Version</translation>
    </message>
    <message>
        <source>Restore only the attributes selected above ({click} to pick several), as in this version; everything else stays as it is now</source>
        <translation>Nur die oben ausgewählten Attribute wiederherstellen ({click} für mehrere), wie in dieser Version; alles andere bleibt, wie es jetzt ist</translation>
    </message>
    <message>
        <source>Restore selected values…</source>
        <translation>Ausgewählte Werte wiederherstellen…</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Diese Version wiederherstellen</translation>
    </message>
    <message>
        <source>Restore this version…</source>
        <translation>Diese Version wiederherstellen…</translation>
    </message>
    <message>
        <source>Seen by backups from {start} until {end}</source>
        <translation>Von Sicherungen gesehen vom {start} bis {end}</translation>
    </message>
    <message>
        <source>Seen by backups since {start}</source>
        <translation>Von Sicherungen gesehen seit {start}</translation>
    </message>
    <message>
        <source>Show only attributes changed in this version</source>
        <translation>Nur in dieser Version geänderte Attribute zeigen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message numerus="yes">
        <source>The bytes of %Ln certificate(s) are still to come: the backup reads them after writing the snapshot (Graph allows 150 certificate reads a minute; if that backup was stopped, the next one reads them first).</source>
        <translation>
            <numerusform>Die Bytes von %Ln Zertifikat stehen noch aus: Die Sicherung liest sie, nachdem sie den Snapshot geschrieben hat (Graph erlaubt 150 Zertifikatlesevorgänge pro Minute; wurde diese Sicherung angehalten, liest die nächste sie zuerst).</numerusform>
            <numerusform>Die Bytes von %Ln Zertifikaten stehen noch aus: Die Sicherung liest sie, nachdem sie den Snapshot geschrieben hat (Graph erlaubt 150 Zertifikatlesevorgänge pro Minute; wurde diese Sicherung angehalten, liest die nächste sie zuerst).</numerusform>
        </translation>
    </message>
    <message>
        <source>The enterprise application was first read in this backup (Regvault was upgraded): not a change.</source>
        <translation>Die Unternehmensanwendung wurde in dieser Sicherung zum ersten Mal gelesen (Regvault wurde aktualisiert): keine Änderung.</translation>
    </message>
    <message>
        <source>Version shown</source>
        <translation>Angezeigte Version</translation>
    </message>
    <message>
        <source>Who changed this version</source>
        <translation>Wer diese Version geändert hat</translation>
    </message>
    <message>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>{when} · version {n} of {total}</source>
        <translation>{when} · Version {n} von {total}</translation>
    </message>
</context>
<context>
    <name>WindowWatch</name>
    <message>
        <source>Changes of {tenant} captured at {time}.</source>
        <translation>Änderungen von {tenant} um {time} erfasst.</translation>
    </message>
    <message>
        <source>Could not capture the changes of {tenant}: {error}</source>
        <translation>Die Änderungen von {tenant} konnten nicht erfasst werden: {error}</translation>
    </message>
    <message>
        <source>No change in {tenant} (looked at {time}).</source>
        <translation>Keine Änderung in {tenant} (nachgesehen um {time}).</translation>
    </message>
</context>
<context>
    <name>WizardTexts</name>
    <message>
        <source>Restore selected values — {tenant}</source>
        <translation>Ausgewählte Werte wiederherstellen — {tenant}</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Ctrl+click</source>
        <translation>Strg+Klick</translation>
    </message>
    <message>
        <source>⌘-click</source>
        <translation>⌘-Klick</translation>
    </message>
</context>
</TS>

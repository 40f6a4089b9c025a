; Inno Setup 6 script: Regvault for one user, no administrator rights needed.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\regvault.iss            (after python packaging\build.py)
;   iscc /DAppVersion=0.1.0 /DSign "/Ssigntool=signtool.exe sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /f cert.pfx /p PASSWORD $f" packaging\windows\regvault.iss
;
; Installs dist\regvault\ (regvault.exe, regvault-cli.exe, _internal\) into %LOCALAPPDATA%\Programs\Regvault, a
; stable path the scheduled backup's task points at (services/schedule.py: default_program); adds a Start-menu
; entry and an uninstaller (Settings -> Apps). An upgrade installs over the same folder (same AppId). The data
; folder (%LOCALAPPDATA%\Regvault: backups, sign-ins, logs) is never touched by install or uninstall.
; The release workflow (.github/workflows/release.yml) compiles this on a Windows runner; see packaging/README.md.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define DistDir "..\..\dist\regvault"

[Setup]
; The identity of the installed app across versions: never change it (upgrades and the uninstaller find it).
AppId={{6F1C3B9E-2A4D-4E7B-9C5A-8D2F0E4B7A61}
AppName=Regvault
AppVersion={#AppVersion}
AppVerName=Regvault {#AppVersion}
AppPublisher=Regvault
VersionInfoVersion={#AppVersion}
; Per user: no UAC prompt, {autopf} is {userpf} (%LOCALAPPDATA%\Programs) and {autoprograms} the user's Start menu.
PrivilegesRequired=lowest
DefaultDirName={autopf}\Regvault
DisableDirPage=auto
DisableProgramGroupPage=yes
; The frozen build is x64 only (PyInstaller freezes the Python it runs under: the runner's x64 Python).
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Close a running Regvault (Restart Manager) rather than fail to replace its files in use.
CloseApplications=yes
SetupIconFile=..\icons\regvault.ico
UninstallDisplayIcon={app}\regvault.exe
UninstallDisplayName=Regvault
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\..\dist
OutputBaseFilename=Regvault-{#AppVersion}-setup
#ifdef Sign
; The sign tool named "signtool" is given on the command line (/Ssigntool=...); it signs Setup and the uninstaller.
SignTool=signtool
SignedUninstaller=yes
#endif

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; Files of an older version that the new one no longer has would otherwise stay in _internal\ and be imported.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Regvault"; Filename: "{app}\regvault.exe"; Comment: "Back up and restore Microsoft Entra ID app registrations"

[Run]
Filename: "{app}\regvault.exe"; Description: "{cm:LaunchProgram,Regvault}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; The daily backup task points at {app}\regvault.exe, which is about to go: remove the task too (a task that
; was never made makes schtasks fail, which is fine: Uninstall ignores exit codes).
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /TN ""\Regvault\Backup"" /F"; Flags: runhidden; RunOnceId: "RemoveBackupTask"

; Inno Setup 6 script: Regvault for one user, no administrator rights needed.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\regvault.iss            (after python packaging\build.py)
;   iscc /DAppVersion=0.1.0 /DSign "/Ssigntool=signtool.exe sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /f cert.pfx /p PASSWORD $f" packaging\windows\regvault.iss
;
; Installs dist\regvault\ (regvault.exe, regvault-cli.exe, _internal\) into %LOCALAPPDATA%\Programs\Regvault, a
; stable path the scheduled backup's task points at (services/schedule.py: default_program); adds a Start-menu
; entry and an uninstaller (Settings -> Apps). An upgrade installs over the same folder (same AppId). The data
; folder (%LOCALAPPDATA%\Regvault: backups, settings, logs) is never touched by install, nor by uninstall unless the
; user says so: the uninstaller asks (1) whether to remove Regvault's sign-ins and secrets from Windows Credential
; Manager (it runs `regvault-cli.exe forget --yes`) and (2) whether to delete the data folder too (default No: the
; backups are the point). Silent uninstalls answer No to both unless told otherwise on the command line:
;   unins000.exe /VERYSILENT /FORGET=yes /REMOVEDATA=yes
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

[Code]
// The uninstaller's two choices. A command-line answer (/FORGET=yes|no, /REMOVEDATA=yes|no) wins; otherwise a
// question, whose default (the answer of a silent uninstall) is No.
function Choice(const Name, Question: String): Boolean;
var
  Given: String;
begin
  Given := Lowercase(ExpandConstant('{param:' + Name + '|ask}'));
  if Given = 'yes' then
    Result := True
  else if Given = 'no' then
    Result := False
  else
    Result := SuppressibleMsgBox(Question, mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  ResultCode: Integer;
  DataFolder: String;
begin
  // usUninstall comes before any file is removed: regvault-cli.exe is still there to run.
  if CurUninstallStep <> usUninstall then
    exit;
  DataFolder := ExpandConstant('{localappdata}\Regvault');
  if Choice('FORGET', 'Also remove Regvault''s saved sign-ins and secrets from Windows Credential Manager?' + #13#10#13#10 +
            'Backups are not touched by this.') then
  begin
    if not Exec(ExpandConstant('{app}\regvault-cli.exe'), 'forget --yes', '', SW_HIDE, ewWaitUntilTerminated, ResultCode)
       or (ResultCode <> 0) then
      SuppressibleMsgBox('Regvault''s sign-ins could not be removed (exit code ' + IntToStr(ResultCode) + '). ' +
                         'Remove the entries named "Regvault" in Credential Manager by hand.', mbError, MB_OK, IDOK);
  end;
  if DirExists(DataFolder) and
     Choice('REMOVEDATA', 'Also delete Regvault''s data folder, with every backup in it?' + #13#10#13#10 + DataFolder +
            #13#10#13#10 + 'Backups in a shared PostgreSQL database are not touched. This cannot be undone.') then
    DelTree(DataFolder, True, True, True);
end;

# Sign one file with Azure Artifact Signing (formerly Trusted Signing): the tool Inno Setup calls for Setup and its
# uninstaller (`ISCC /DSign "/Ssigntool=pwsh.exe -NoProfile -File sign.ps1 $f"`), in the release workflow after
# azure/login has signed in with OpenID Connect. Uses the TrustedSigning PowerShell module, the same one (and the
# same version) azure/trusted-signing-action runs for the executables; it signs through the Azure CLI's sign-in
# only. Reads ARTIFACT_SIGNING_ENDPOINT, ARTIFACT_SIGNING_ACCOUNT and ARTIFACT_SIGNING_PROFILE from the environment.
# Written for the Windows runner; not run on Linux.
param([Parameter(Mandatory = $true)][string]$File)
$ErrorActionPreference = "Stop"
$moduleVersion = "0.5.8"
if (-not (Get-Module -ListAvailable -Name TrustedSigning | Where-Object { $_.Version -eq $moduleVersion })) {
  Install-Module -Name TrustedSigning -RequiredVersion $moduleVersion -Force -Scope CurrentUser -Repository PSGallery
}
$params = @{
  Endpoint = $env:ARTIFACT_SIGNING_ENDPOINT
  CodeSigningAccountName = $env:ARTIFACT_SIGNING_ACCOUNT
  CertificateProfileName = $env:ARTIFACT_SIGNING_PROFILE
  Files = $File
  FileDigest = "SHA256"
  TimestampRfc3161 = "http://timestamp.acs.microsoft.com"
  TimestampDigest = "SHA256"
  ExcludeEnvironmentCredential = $true
  ExcludeWorkloadIdentityCredential = $true
  ExcludeManagedIdentityCredential = $true
  ExcludeSharedTokenCacheCredential = $true
  ExcludeVisualStudioCredential = $true
  ExcludeVisualStudioCodeCredential = $true
  ExcludeAzureCliCredential = $false
  ExcludeAzurePowerShellCredential = $true
  ExcludeAzureDeveloperCliCredential = $true
  ExcludeInteractiveBrowserCredential = $true
}
Invoke-TrustedSigning @params

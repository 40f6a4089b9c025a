#!/usr/bin/env bash
# Wrap dist/regvault/Regvault.app (from packaging/build.py) in a DMG; sign and notarise it where credentials exist.
#
#   packaging/macos/make_dmg.sh VERSION          -> dist/Regvault-VERSION-macos-ARCH.dmg (ARCH: this Mac's, from uname -m)
#
# The app is built for the architecture of the Mac that builds it (arm64 or x86_64): the release workflow builds
# on one runner of each, since psycopg2-binary, among others, has no universal2 wheel.
#
# Signing the app happens in the build: with REGVAULT_CODESIGN_IDENTITY set ("Developer ID Application: NAME
# (TEAMID)", in the keychain), PyInstaller signs every binary and then the bundle with the hardened runtime
# (--options=runtime), a secure timestamp and packaging/macos/entitlements.plist. This script checks that
# signature, builds the DMG (the app and a link to /Applications), signs the DMG with the same identity, and, when
# APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD (an app-specific password) are set, submits it to Apple's notary
# service, waits for the verdict, and staples the ticket so Gatekeeper accepts it offline.
# Without an identity the app is signed ad hoc (it runs on the Mac that built it) and nothing is notarised: the
# script says so and still makes the DMG.
set -euo pipefail
cd "$(dirname "$0")/../.."

version="${1:?usage: make_dmg.sh VERSION}"
arch="$(uname -m)"
app="dist/regvault/Regvault.app"
dmg="dist/Regvault-${version}-macos-${arch}.dmg"
identity="${REGVAULT_CODESIGN_IDENTITY:-}"

[ -d "$app" ] || { echo "make_dmg.sh: $app is missing; run python3 packaging/build.py first" >&2; exit 1; }
plist_version=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$app/Contents/Info.plist")
[ "$plist_version" = "$version" ] || { echo "make_dmg.sh: the app is version $plist_version, not $version" >&2; exit 1; }
# The executable must be built for this Mac's architecture only (lipo -archs names what it holds).
built_archs="$(lipo -archs "$app/Contents/MacOS/regvault")"
[ "$built_archs" = "$arch" ] || { echo "make_dmg.sh: the app is built for '$built_archs', not $arch" >&2; exit 1; }

if [ -n "$identity" ]; then
  codesign --verify --deep --strict --verbose=2 "$app"
  # The hardened runtime flag must be on the main executable, or notarisation refuses the app.
  codesign --display --verbose=2 "$app" 2>&1 | grep -q "flags=.*runtime" \
    || { echo "make_dmg.sh: $app is signed without the hardened runtime" >&2; exit 1; }
else
  echo "make_dmg.sh: REGVAULT_CODESIGN_IDENTITY is not set: the app is signed ad hoc only and will not be notarised"
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "Regvault ${version}" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "$identity" ]; then
  codesign --sign "$identity" --timestamp "$dmg"
  if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
      --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$dmg"
    xcrun stapler validate "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
  else
    echo "make_dmg.sh: APPLE_ID, APPLE_TEAM_ID or APPLE_APP_PASSWORD is not set: the DMG is signed, not notarised"
  fi
fi
echo "made $dmg ($(du -h "$dmg" | cut -f1))"

#!/usr/bin/env bash
# The Action's install step: downloads a release archive and its SHA-256
# file, refuses the archive unless they agree, and unpacks the binary
# into DIR.
#
# In: URL (the release's download folder), ARCHIVE (the file name), DIR.
set -euo pipefail

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {
  curl --fail --silent --show-error --location --retry 3 --output "$work/$1" "$URL/$1"
}
fetch "$ARCHIVE"
fetch "$ARCHIVE.sha256"

expected="$(awk '{ print $1; exit }' "$work/$ARCHIVE.sha256")"
if command -v sha256sum > /dev/null; then
  actual="$(sha256sum "$work/$ARCHIVE" | awk '{ print $1 }')"
else
  actual="$(shasum -a 256 "$work/$ARCHIVE" | awk '{ print $1 }')"
fi
if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
  echo "::error title=advocate::$ARCHIVE does not match its checksum (expected $expected, got $actual); nothing was installed"
  exit 1
fi

mkdir -p "$work/unpacked"
case "$ARCHIVE" in
  *.zip) unzip -q "$work/$ARCHIVE" -d "$work/unpacked" ;;
  *) tar -xJf "$work/$ARCHIVE" -C "$work/unpacked" ;;
esac
binary="$(find "$work/unpacked" -type f \( -name advocate -o -name advocate.exe \) | head -n 1)"
if [ -z "$binary" ]; then
  echo "::error title=advocate::$ARCHIVE holds no advocate binary"
  exit 1
fi
mkdir -p "$DIR"
cp "$binary" "$DIR/"
chmod +x "$DIR/$(basename "$binary")"
echo "installed advocate into $DIR"

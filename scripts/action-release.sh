#!/usr/bin/env bash
# The Action's first step: which advocate release, for which system, from
# where, and where it goes. Writes step outputs to $GITHUB_OUTPUT.
#
# In:  INPUT_VERSION (may be empty), ACTION_REF, ACTION_PATH,
#      ACTION_REPOSITORY (may be empty), RUNNER_OS_NAME, RUNNER_ARCH_NAME,
#      ADVOCATE_RELEASES (optional: the download base, for mirrors and tests).
set -euo pipefail

version="${INPUT_VERSION#v}"
if [ -z "$version" ]; then
  # The release this Action comes from: its tag when it is a version...
  case "${ACTION_REF:-}" in
    v[0-9]*) version="${ACTION_REF#v}" ;;
  esac
fi
if [ -z "$version" ]; then
  # ...else the version of the advocate it was checked out with.
  version="$(sed -n 's/^version *= *"\(.*\)"$/\1/p' "$ACTION_PATH/Cargo.toml" | head -n 1)"
fi
case "$version" in
  [0-9]*.[0-9]*.[0-9]*) ;;
  *)
    echo "::error title=advocate::'$version' is not a version such as 0.1.0; set the Action's version input"
    exit 1
    ;;
esac

case "$RUNNER_OS_NAME/$RUNNER_ARCH_NAME" in
  Linux/X64) target=x86_64-unknown-linux-musl ext=tar.xz ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ext=tar.xz ;;
  macOS/X64) target=x86_64-apple-darwin ext=tar.xz ;;
  macOS/ARM64) target=aarch64-apple-darwin ext=tar.xz ;;
  Windows/X64) target=x86_64-pc-windows-msvc ext=zip ;;
  *)
    echo "::error title=advocate::no advocate release for $RUNNER_OS_NAME $RUNNER_ARCH_NAME; install it with cargo install instead"
    exit 1
    ;;
esac

repository="${ACTION_REPOSITORY:-}"
if [ -z "$repository" ]; then
  repository="$(sed -n 's|^repository *= *"https://github.com/\(.*\)"$|\1|p' "$ACTION_PATH/Cargo.toml" | head -n 1)"
fi
base="${ADVOCATE_RELEASES:-https://github.com/$repository/releases/download}"
tools="${RUNNER_TOOL_CACHE:-$HOME/.cache}"

{
  echo "version=$version"
  echo "target=$target"
  echo "archive=advocate-$target.$ext"
  echo "url=$base/v$version"
  echo "dir=$tools/advocate/$version/$target"
} >> "$GITHUB_OUTPUT"

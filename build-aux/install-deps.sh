#!/bin/sh
# Installs the Debian packages of build-aux/debian-packages.txt that are
# missing (checked with dpkg-query), as root or through sudo, without
# asking.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
list="$here/debian-packages.txt"

missing=""
while read -r pkg cmd _; do
  [ -n "$pkg" ] || continue
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  case "$status" in
    *" installed") continue ;;
  esac
  # A command named on the line satisfies it too (another vendor's package).
  if [ -n "${cmd:-}" ] && command -v "$cmd" >/dev/null 2>&1; then
    continue
  fi
  missing="$missing $pkg"
done <<EOF
$(sed -e 's/#.*//' "$list")
EOF

if [ -z "$missing" ]; then
  echo "All Debian packages in $(basename "$list") are installed."
  exit 0
fi

echo "Installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "error: run as root or install sudo to install:$missing" >&2
  exit 1
fi
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086 # the list is split on purpose
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing </dev/null

#!/bin/sh
# Installs the Debian packages of build-aux/debian-packages.txt that are
# missing (checked with dpkg-query), as root or through sudo, without
# asking. Debian 12 (bookworm) and 13 (trixie) have every package of the
# list under the same name.
#
# Before installing anything it checks that apt can install every missing
# package: on another distribution, or a release without one of them, it
# names what is missing and how to go on, and installs nothing, so a tree
# is never half-installed.
#
# IMC_NO_INSTALL=1       skip this step (dependencies installed by hand)
# IMC_APT_NO_UPDATE=1    never refresh apt's package lists (offline use)
# IMC_PACKAGE_LIST=FILE  another list; IMC_OS_RELEASE=FILE another
#                        os-release (both for tests)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
list=${IMC_PACKAGE_LIST:-$here/debian-packages.txt}
os_release=${IMC_OS_RELEASE:-/etc/os-release}

if [ "${IMC_NO_INSTALL:-}" = 1 ]; then
  echo "IMC_NO_INSTALL=1: not checking or installing packages."
  exit 0
fi

os_id="" os_like="" os_name="this system" os_codename=""
if [ -r "$os_release" ]; then
  os_id=$(sed -n 's/^ID=//p' "$os_release" | tr -d '"')
  os_like=$(sed -n 's/^ID_LIKE=//p' "$os_release" | tr -d '"')
  os_name=$(sed -n 's/^PRETTY_NAME=//p' "$os_release" | tr -d '"')
  os_codename=$(sed -n 's/^VERSION_CODENAME=//p' "$os_release" | tr -d '"')
fi

packages=$(sed -e 's/#.*//' "$list" | awk 'NF { print $1 }' | tr '\n' ' ')

case " $os_id $os_like " in
  *" debian "*) ;;
  *)
    cat >&2 <<EOF
error: ${os_name:-this system} is not Debian. IM Console's scripts install
their dependencies with apt on Debian 12 (bookworm) and 13 (trixie).
Install the equivalents of these Debian packages with your system's package
manager (the list, with what each is for: $list):
  $packages
then run again with IMC_NO_INSTALL=1 in the environment to skip this step.
EOF
    exit 1 ;;
esac
for tool in dpkg-query apt-cache apt-get; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is missing; it comes with Debian's dpkg and apt packages, which these scripts need." >&2
    exit 1
  fi
done

entries=$(sed -e 's/#.*//' "$list")
# One dpkg-query for the whole list: one per package takes seconds.
# shellcheck disable=SC2046 # the names are split on purpose
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' $(printf '%s\n' "$entries" | awk '{print $1}') 2>/dev/null |
  awk '$NF == "installed" { print $1 }' | tr '\n' ' ')"
missing=""
while read -r pkg cmd _; do
  [ -n "$pkg" ] || continue
  case "$installed" in
    *" $pkg "*) continue ;;
  esac
  # A command named on the line satisfies it too (another vendor's package).
  if [ -n "${cmd:-}" ] && command -v "$cmd" >/dev/null 2>&1; then
    continue
  fi
  missing="$missing $pkg"
done <<EOF
$entries
EOF

if [ -z "$missing" ]; then
  echo "All Debian packages in $(basename "$list") are installed."
  exit 0
fi

# Root for apt-get, asked for only when needed.
as_root=unset
need_root () {
  [ "$as_root" = unset ] || return 0
  if [ "$(id -u)" -eq 0 ]; then
    as_root=""
  elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
  else
    echo "error: run as root or install sudo to install:$missing" >&2
    exit 1
  fi
}

# Packages apt has no candidate for, from one apt-cache call. apt
# translates "Candidate:" (LANGUAGE=ko gives 후보:): it is read in C.
unavailable () {
  # shellcheck disable=SC2086 # the list is split on purpose
  LC_ALL=C LANGUAGE= apt-cache policy $missing 2>/dev/null | awk -v want="$missing" '
    /^[^ ]/ { name = $0; sub(/:$/, "", name); sub(/:[a-z0-9]+$/, "", name); next }
    /^ *Candidate: / { if ($2 != "(none)") found[name] = 1 }
    END {
      n = split(want, w, " ")
      for (i = 1; i <= n; i++) if (!(w[i] in found)) printf " %s", w[i]
    }'
}

echo "Missing Debian packages:$missing"
# A fresh root has no package lists at all, and old lists may lack a new
# package: refresh them unless told not to.
if [ "${IMC_APT_NO_UPDATE:-}" != 1 ]; then
  need_root
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
fi
absent=$(unavailable)
if [ -n "$absent" ]; then
  cat >&2 <<EOF
error: apt on ${os_name:-this system} has no package named:$absent
IM Console supports Debian 12 (bookworm) and 13 (trixie)${os_codename:+; this is $os_codename}.
If this is one of them, enable its 'main' component in /etc/apt/sources.list
and run again; otherwise install the equivalents yourself and run again with
IMC_NO_INSTALL=1. Nothing was installed.
EOF
  exit 1
fi
need_root
echo "Installing them."
# shellcheck disable=SC2086 # the list is split on purpose
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing </dev/null

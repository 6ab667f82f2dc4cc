#!/usr/bin/env bash
# `make cluster` and the fault suite (tests/cluster/) put Debian's HAProxy in front of the app.
set -euo pipefail
if command -v haproxy >/dev/null 2>&1; then exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Debian's haproxy for make cluster and the fault suite..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq haproxy >/dev/null

#!/usr/bin/env bash
# Installs the Debian packages whose commands are missing, each given as
# COMMAND:PACKAGE (the command looked for on PATH and in /usr/sbin).
#   bash scripts/need-debian.sh wrk:wrk nginx:nginx-light
set -euo pipefail
missing=()
for pair in "$@"; do
  command=${pair%%:*}
  command -v "$command" >/dev/null || [ -x "/usr/sbin/$command" ] || missing+=("${pair#*:}")
done
[ ${#missing[@]} -gt 0 ] || exit 0
echo "==> installing Debian's ${missing[*]}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"

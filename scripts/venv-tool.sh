#!/usr/bin/env bash
# Installs one pinned Python tool into the repository's venv (.cache/venv, or $KENSA_MOTO_VENV) and prints
# the path of its executable on stdout; everything else goes to stderr. Idempotent, and safe to run
# concurrently: installs into the shared venv are serialized by a lock.
#   usage: venv-tool.sh <pip requirement, e.g. 'moto[server]==5.2.5'> <executable name>
set -euo pipefail
requirement="$1"
executable="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${KENSA_MOTO_VENV:-$root/.cache/venv}"
bin="$venv/bin/$executable"
stamp="$venv/.installed-$(printf '%s' "$requirement" | tr -c 'A-Za-z0-9.=_-' '_')"

if [ -x "$bin" ] && [ -f "$stamp" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$(dirname "$venv")"
exec 9>"$(dirname "$venv")/.venv.lock"
flock 9
if [ -x "$bin" ] && [ -f "$stamp" ]; then
  echo "$bin"
  exit 0
fi

command -v python3 >/dev/null 2>&1 || { echo "venv-tool.sh: python3 is needed for $requirement" >&2; exit 1; }
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$requirement" >&2
touch "$stamp"
echo "$bin"

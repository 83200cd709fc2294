#!/usr/bin/env bash
# Creates .cache/venv with moto's server (the fake AWS endpoints the collector e2e tests export to) at a
# pinned version. Idempotent: a venv that already has this version is left alone. Prints the path of the
# moto_server executable on stdout; everything else goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# 5.2.5 implements what the tests call: X-Ray PutTraceSegments / GetTraceSummaries / BatchGetTraces and
# CloudWatch Logs CreateLogGroup / CreateLogStream / PutLogEvents / GetLogEvents / FilterLogEvents.
moto_version="5.2.5"
venv="${KENSA_MOTO_VENV:-$root/.cache/venv}"
server="$venv/bin/moto_server"
stamp="$venv/.moto-$moto_version"

if [ -x "$server" ] && [ -f "$stamp" ]; then
  echo "$server"
  exit 0
fi

mkdir -p "$(dirname "$venv")"
exec 9>"$(dirname "$venv")/.venv.lock"
flock 9
if [ -x "$server" ] && [ -f "$stamp" ]; then
  echo "$server"
  exit 0
fi

command -v python3 >/dev/null 2>&1 || { echo "setup-moto.sh: python3 is needed for moto" >&2; exit 1; }
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$moto_version" >&2
touch "$stamp"
echo "$server"

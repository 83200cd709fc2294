#!/usr/bin/env bash
# Installs cfn-lint (a pinned version) into .cache/venv, the venv scripts/collector/setup-moto.sh also uses,
# for the @kensa/dashboards test that lints the generated CloudFormation template. Idempotent. Prints the
# path of the cfn-lint executable on stdout; everything else goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cfn_lint_version="1.58.0"
venv="${KENSA_MOTO_VENV:-$root/.cache/venv}"
bin="$venv/bin/cfn-lint"
stamp="$venv/.cfn-lint-$cfn_lint_version"

if [ -x "$bin" ] && [ -f "$stamp" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$(dirname "$venv")"
# Same lock as setup-moto.sh: both write into one venv.
exec 9>"$(dirname "$venv")/.venv.lock"
flock 9
if [ -x "$bin" ] && [ -f "$stamp" ]; then
  echo "$bin"
  exit 0
fi

command -v python3 >/dev/null 2>&1 || { echo "setup-cfn-lint.sh: python3 is needed for cfn-lint" >&2; exit 1; }
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "cfn-lint==$cfn_lint_version" >&2
touch "$stamp"
echo "$bin"

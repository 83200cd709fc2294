#!/usr/bin/env bash
# cfn-lint, pinned, in .cache/venv: the @kensa/dashboards test lints the generated CloudFormation with it.
# Prints the path of cfn-lint.
exec bash "$(dirname "$0")/../venv-tool.sh" 'cfn-lint==1.58.0' cfn-lint

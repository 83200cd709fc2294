#!/usr/bin/env bash
# moto's server (the fake AWS endpoints the collector and invocation-log tests use), pinned, in .cache/venv.
# 5.2.5 implements what the tests call: X-Ray PutTraceSegments / GetTraceSummaries / BatchGetTraces and
# CloudWatch Logs CreateLogGroup / CreateLogStream / PutLogEvents / GetLogEvents / FilterLogEvents.
# Prints the path of moto_server.
exec bash "$(dirname "$0")/../venv-tool.sh" 'moto[server]==5.2.5' moto_server

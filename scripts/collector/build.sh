#!/usr/bin/env bash
# Builds the test collector described by collector/builder-config.yaml with the OpenTelemetry Collector
# Builder, into collector/.build/<sha256 of the manifest>/otelcol-kensa. A binary that already exists for
# the manifest's hash is reused, so a second run returns at once. Prints the binary's path on stdout.
#
# Needs Go >= 1.25 and the Go module proxy (GOPROXY default). Everything else goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
manifest="$root/collector/builder-config.yaml"
# The builder version must match the collector core line the manifest pins.
builder_version="v0.156.0"

hash="$( (cat "$manifest"; echo "$builder_version") | sha256sum | cut -c1-64)"
dir="$root/collector/.build/$hash"
bin="$dir/otelcol-kensa"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "build.sh: Go is not installed; the collector e2e tests need it" >&2; exit 1; }
mkdir -p "$dir"
# One build at a time: vitest's globalSetup and CI may both ask for it.
exec 9>"$root/collector/.build/.lock"
flock 9
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

export GOFLAGS=-mod=mod
export GOBIN="$root/collector/.build/bin"
builder="$GOBIN/builder-$builder_version"
if [ ! -x "$builder" ]; then
  echo "build.sh: installing the collector builder $builder_version" >&2
  nice -n 10 go install "go.opentelemetry.io/collector/cmd/builder@$builder_version" >&2
  mv "$GOBIN/builder" "$builder"
fi

work="$dir/src"
rm -rf "$work"
sed "s#^\(  output_path:\).*#\1 $work#" "$manifest" >"$dir/manifest.yaml"
echo "build.sh: building the collector in $dir (several minutes on a cold Go cache)" >&2
start=$(date +%s)
fail() {
  echo "build.sh: the collector build failed: $1. A module the proxy does not serve shows up as '403 ... not available' or '404'; see collector/README.md" >&2
  exit 1
}
# The builder generates the sources; we resolve and compile them ourselves. The builder's own step runs
# `go mod tidy`, which also resolves the *test-only* dependencies of every component, and several of those
# are not served by the module proxy although the binary never imports them. `go get` + `go build` resolve
# exactly what the binary imports, still verified against go.sum and the checksum database.
nice -n 10 "$builder" --config "$dir/manifest.yaml" --skip-get-modules --skip-compilation >&2 || fail "source generation"
module="$(sed -n 's/^  module: *//p' "$manifest")"
mapfile -t modules < <(sed -n 's/^ *- gomod: *\([^ ]*\) *\([^ ]*\).*/\1@\2/p' "$manifest")
otelcol_version="$(sed -n 's#^ *- gomod: go.opentelemetry.io/collector/receiver/otlpreceiver *\(v[^ ]*\).*#\1#p' "$manifest")"
(
  cd "$work"
  go mod init "$module" >&2
  nice -n 10 go get "${modules[@]}" "go.opentelemetry.io/collector/otelcol@$otelcol_version" >&2
  nice -n 10 go build -trimpath -ldflags="-s -w" -o otelcol-kensa . >&2
) || fail "go get / go build"
mv "$work/otelcol-kensa" "$bin.tmp"
mv "$bin.tmp" "$bin"
echo "build.sh: built $bin in $(( $(date +%s) - start ))s" >&2
echo "$bin"

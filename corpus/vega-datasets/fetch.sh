#!/bin/sh
# Copies birdstrikes.csv and airports.csv, byte for byte, out of the npm package
# vega-datasets@3.2.1 (data/). Needs npm; run from this folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent vega-datasets@3.2.1 >/dev/null
tar xzf vega-datasets-3.2.1.tgz package/data/birdstrikes.csv package/data/airports.csv
cp package/data/birdstrikes.csv package/data/airports.csv "$here/"
cd "$here" && sha256sum -c SHA256SUMS

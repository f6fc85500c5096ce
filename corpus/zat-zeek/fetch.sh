#!/bin/sh
# Copies Zeek network-monitor logs, byte for byte, out of the source distribution of the PyPI
# package zat==0.4.9 (Zeek Analysis Tools): the tab-separated logs data/{conn,dns,files,http,
# ssl,tor_ssl}.log kept as *.log, and the JSON-lines logs data/json/{conn,dns,files,http,ssl,
# x509}.log saved as *.jsonl; and the package's LICENSE. Needs pip; run from this folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
pip download --quiet --no-deps --no-binary :all: -d . zat==0.4.9
tar xzf zat-0.4.9.tar.gz
for f in conn dns files http ssl tor_ssl; do cp "zat-0.4.9/data/$f.log" "$here/$f.log"; done
for f in conn dns files http ssl x509; do cp "zat-0.4.9/data/json/$f.log" "$here/$f.jsonl"; done
cp zat-0.4.9/LICENSE "$here/LICENSE"
cd "$here" && sha256sum -c SHA256SUMS

#!/bin/sh
# Rebuilds webhooks.jsonl from the npm package @octokit/webhooks-examples@7.6.1:
# every example payload of api.github.com/index.json, in the package's order, as one compact
# JSON object per line (JSON.stringify, no spaces). Needs npm and node; run from this folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent @octokit/webhooks-examples@7.6.1 >/dev/null
tar xzf octokit-webhooks-examples-7.6.1.tgz package/api.github.com/index.json
node -e '
const events = require(process.argv[1]);
const out = [];
for (const event of events) for (const example of event.examples) out.push(JSON.stringify(example) + "\n");
require("fs").writeFileSync(process.argv[2], out.join(""));
' "$tmp/package/api.github.com/index.json" "$here/webhooks.jsonl"
cd "$here" && sha256sum -c SHA256SUMS

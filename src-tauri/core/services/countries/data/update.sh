#!/usr/bin/env bash
# Refreshes the vendored country names from the npm package i18n-iso-countries (MIT, see LICENSE here),
# which takes them from the Unicode CLDR and adds common variants. Run it by hand when a new version is out,
# then run `cargo test -p relata-core countries` and commit the changed files. Nothing is fetched at build
# time: the core embeds these files (`services/countries/mod.rs`).
set -euo pipefail
version="${1:-7.14.0}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "i18n-iso-countries@$version" >/dev/null && tar xzf i18n-iso-countries-*.tgz)
cp "$work/package/LICENSE" "$here/LICENSE"
# The codes (alpha-2, alpha-3, numeric) and the names in Relata's four languages, one line per country.
node -e '
  const fs = require("fs"), [src, dst] = process.argv.slice(1);
  const codes = JSON.parse(fs.readFileSync(`${src}/codes.json`, "utf8")).map(([a2, a3, num]) => [a2, a3, num]);
  fs.writeFileSync(`${dst}/codes.json`, "[\n" + codes.map((c) => JSON.stringify(c)).join(",\n") + "\n]\n");
  for (const lang of ["en", "nl", "de", "da"]) {
    const names = JSON.parse(fs.readFileSync(`${src}/langs/${lang}.json`, "utf8")).countries;
    const lines = Object.keys(names).sort().map((code) => `  ${JSON.stringify(code)}: ${JSON.stringify(names[code])}`);
    fs.writeFileSync(`${dst}/${lang}.json`, "{\n" + lines.join(",\n") + "\n}\n");
  }
' "$work/package" "$here"
echo "i18n-iso-countries $version" > "$here/VERSION"

#!/usr/bin/env bash
# Installs a built tandem under PREFIX (issue 21): the binary, Themes and SampleData under share/tandem, the commit
# it was built from, bash/zsh/fish completions and the man page. `make install` runs it on the release build;
# the test runs it on the debug build. Usage: scripts/install.sh BINARY PREFIX
set -euo pipefail
bin=$1
prefix=$2
root=$(cd "$(dirname "$0")/.." && pwd)
share="$prefix/share/tandem"
install -D -m 755 "$bin" "$prefix/bin/tandem"
rm -rf "$share"
mkdir -p "$share"
cp -R "$root/Themes" "$root/SampleData" "$share/"
git -C "$root" rev-parse HEAD > "$share/commit" 2>/dev/null || echo unknown > "$share/commit"
mkdir -p "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d" \
  "$prefix/share/man/man1"
"$prefix/bin/tandem" --generate-completion-script bash > "$prefix/share/bash-completion/completions/tandem"
"$prefix/bin/tandem" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_tandem"
"$prefix/bin/tandem" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/tandem.fish"
"$prefix/bin/tandem" manual > "$prefix/share/man/man1/tandem.1"
echo "installed tandem in $prefix/bin (share: $share)"

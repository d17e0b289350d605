#!/usr/bin/env bash
# Installs migrate from this checkout: builds target/migrate (a single executable file that needs only a
# JDK or JRE 17+) and copies it to $PREFIX/bin (default ~/.local/bin), with its class-data-sharing archive
# (migrate.jsa, for a faster start) and bash completion.
#
#   scripts/install.sh                 # build and install into ~/.local/bin
#   PREFIX=/usr/local sudo -E scripts/install.sh --no-build
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${PREFIX:-$HOME/.local}
build=1
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) echo "error: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

command -v java >/dev/null 2>&1 || { echo "error: java 17+ is needed on the PATH (or JAVA_HOME)" >&2; exit 1; }
if [ "$build" = 1 ]; then
  command -v mvn >/dev/null 2>&1 || { echo "error: mvn is needed to build (or pass --no-build after building)" >&2; exit 1; }
  (cd "$root" && mvn -q -DskipTests package -pl core)
fi
[ -x "$root/target/migrate" ] || { echo "error: $root/target/migrate is missing; build it first (mvn -q -DskipTests package -pl core)" >&2; exit 1; }

install -d "$prefix/bin"
install -m 0755 "$root/target/migrate" "$prefix/bin/migrate"
# The class-data-sharing archive is made for one file in one place: make it again for the installed copy
# (the launcher runs without it, only slower to start).
rm -f "$prefix/bin/migrate.jsa"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java=$JAVA_HOME/bin/java; else java=java; fi
"$java" -Xshare:dump -XX:SharedClassListFile="$root/src/main/cds/classlist" -XX:SharedArchiveFile="$prefix/bin/migrate.jsa" \
  -cp "$prefix/bin/migrate" >/dev/null 2>&1 || rm -f "$prefix/bin/migrate.jsa"
completions="$prefix/share/bash-completion/completions"
install -d "$completions"
"$prefix/bin/migrate" completion bash > "$completions/migrate"
echo "Installed $prefix/bin/migrate ($("$prefix/bin/migrate" --version))"
echo "Bash completion: $completions/migrate (zsh: add 'source <(migrate completion zsh)' to ~/.zshrc)"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add $prefix/bin to your PATH: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac

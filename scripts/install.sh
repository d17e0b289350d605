#!/usr/bin/env bash
# Installs migrate from this checkout (it builds target/migrate first) or from an unpacked release archive
# (migrate-<version>/install.sh: nothing to build): the single executable file, which needs only a JDK or JRE 17+,
# goes to $PREFIX/bin (default ~/.local/bin), with its class-data-sharing archive (migrate.jsa, for a faster
# start) and bash completion.
#
#   scripts/install.sh                 # build and install into ~/.local/bin
#   PREFIX=/usr/local sudo -E scripts/install.sh --no-build
#   PREFIX=/usr/local ./install.sh     # from an unpacked release archive
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=${PREFIX:-$HOME/.local}
if [ -x "$here/bin/migrate" ] && [ -f "$here/share/migrate/classlist" ]; then
  # a release archive: everything is built
  launcher=$here/bin/migrate classlist=$here/share/migrate/classlist build=0
else
  root=$(cd "$here/.." && pwd)
  launcher=$root/target/migrate classlist=$root/src/main/cds/classlist build=1
fi
for arg in "$@"; do
  case $arg in
    --no-build) no_build=1 ;;
    -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) echo "error: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java=$JAVA_HOME/bin/java; else java=java; fi
command -v "$java" >/dev/null 2>&1 || { echo "error: java 17+ is needed on the PATH (or JAVA_HOME)" >&2; exit 1; }
if [ "$build" = 1 ] && [ -z "${no_build:-}" ]; then
  command -v mvn >/dev/null 2>&1 || { echo "error: mvn is needed to build (or pass --no-build after building)" >&2; exit 1; }
  (cd "$root" && mvn -q -DskipTests package -pl core)
fi
[ -x "$launcher" ] || { echo "error: $launcher is missing; build it first (mvn -q -DskipTests package -pl core)" >&2; exit 1; }

install -d "$prefix/bin"
install -m 0755 "$launcher" "$prefix/bin/migrate"
# The class-data-sharing archive is made for one file in one place: make it again for the installed copy
# (the launcher runs without it, only slower to start).
rm -f "$prefix/bin/migrate.jsa"
"$java" -Xshare:dump -XX:SharedClassListFile="$classlist" -XX:SharedArchiveFile="$prefix/bin/migrate.jsa" \
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

#!/bin/sh
# migrate launcher: this file is a shell stub followed by the tool's jar.
# It needs only a JDK or JRE 17+ (java on the PATH, or JAVA_HOME).
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
# migrate.jsa beside this file, made for it when it was built or installed, holds the classes a run loads,
# ready to map (class-data sharing): a run starts in about two thirds of the time. The JVM ignores one that
# does not match (another JDK, another file); one older than this file is not even offered.
self=$0
if [ -L "$self" ]; then self=$(readlink -f "$self" 2>/dev/null || echo "$self"); fi
if [ "$self.jsa" -nt "$self" ]; then
  exec "$JAVA" -XX:SharedArchiveFile="$self.jsa" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto \
    $MIGRATE_JAVA_OPTS -jar "$0" "$@"
fi
exec "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto $MIGRATE_JAVA_OPTS -jar "$0" "$@"

#!/bin/sh
# migrate launcher: this file is a shell stub followed by the tool's jar.
# It needs only a JDK or JRE 17+ (java on the PATH, or JAVA_HOME).
if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
exec "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto $MIGRATE_JAVA_OPTS -jar "$0" "$@"

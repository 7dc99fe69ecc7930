#!/usr/bin/env bash
# Run a command and start it again whenever it exits, until this script is told to stop.
# `make run` (honcho) runs the Celery worker through it: honcho stops every process as soon as one
# exits, so a worker that exits (a broker outage mid-task) would otherwise take the web app with it.
# Usage: scripts/keep_running.sh COMMAND [ARGS...]   (RESTART_DELAY seconds between runs, default 2)
set -uo pipefail
delay="${RESTART_DELAY:-2}"
child=""
stopping=""
stop() {
  stopping=1
  if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; fi
}
trap stop TERM INT
while [ -z "$stopping" ]; do
  "$@" &
  child=$!
  wait "$child"
  status=$?
  # A signal interrupts `wait`: wait again for the command itself to finish.
  while kill -0 "$child" 2>/dev/null; do
    wait "$child"
    status=$?
  done
  child=""
  [ -n "$stopping" ] && break
  echo "keep_running: '$1' exited with status $status; starting it again in ${delay} s" >&2
  sleep "$delay" & wait $!
done

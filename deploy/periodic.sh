#!/bin/sh
# Runs every periodic job of the Makefile's PERIODIC line once, in order (the one list of jobs).
# A failing job is reported and the others still run; the exit status is that of the last failure.
set -u
cd "$(dirname "$0")/.."
status=0
for job in $(sed -n 's/^PERIODIC := //p' Makefile); do
  .venv/bin/python manage.py "$job" || { echo "periodic job $job failed" >&2; status=1; }
done
exit $status

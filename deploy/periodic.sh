#!/bin/sh
# Runs every periodic job of the Makefile's PERIODIC line once, in order (the one list of jobs).
# A failing job is reported and the others still run; the exit status is that of the last failure.
set -u
cd "$(dirname "$0")/.."
status=0
# The line may quote a job with its options ("purge_personal_data --commit"): let the shell
# split it exactly as make's recipe does.
eval "set -- $(sed -n 's/^PERIODIC := //p' Makefile)"
for job in "$@"; do
  # shellcheck disable=SC2086 # a job's options are separate words
  .venv/bin/python manage.py $job || { echo "periodic job $job failed" >&2; status=1; }
done
exit $status

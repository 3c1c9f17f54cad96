#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzzer.sh FUZZER SEEDS DICT REGRESSIONS FOUND ARTIFACTS
# Fuzzes for $HANJI_FUZZ_SECONDS (default 20) from the seeds, the
# regression inputs and what earlier runs found (kept in FOUND); fails
# on a crash, a leak, a timeout or running out of memory, and leaves the
# input in ARTIFACTS. Extra libFuzzer flags: $HANJI_FUZZ_FLAGS.
set -eu

fuzzer=$1 seeds=$2 dict=$3 regressions=$4 found=$5 artifacts=$6
seconds=${HANJI_FUZZ_SECONDS:-20}
name=$(basename "$fuzzer")

mkdir -p "$found" "$artifacts"
set -- "$found" "$seeds"
[ -d "$regressions" ] && set -- "$@" "$regressions"

# libFuzzer exits with 77 on a crash by default, which meson takes for a
# skip. -timeout is per input; the outer timeout catches a hang outside
# one (loading the corpus, say).
# shellcheck disable=SC2086
exec timeout -k 30 $((seconds + 300)) "$fuzzer" \
  -max_total_time="$seconds" \
  -timeout=25 \
  -rss_limit_mb=2560 \
  -max_len=16384 \
  -error_exitcode=1 \
  -timeout_exitcode=1 \
  -print_final_stats=1 \
  -dict="$dict" \
  -artifact_prefix="$artifacts/$name-" \
  ${HANJI_FUZZ_FLAGS:-} \
  "$@"

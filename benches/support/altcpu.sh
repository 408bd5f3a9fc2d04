#!/bin/bash
# altcpu.sh ROUNDS "label|command" ... : like alt.sh, but records the CPU time (task-clock) of each run; prints medians (ms)
rounds=$1; shift
declare -A cpu
for ((r=0; r<rounds; r++)); do
  for spec in "$@"; do
    label=${spec%%|*}; cmd=${spec#*|}
    c=$(perf stat -x, -e task-clock -- bash -c "$cmd >/dev/null 2>&1" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}')
    cpu[$label]+="$c "
  done
done
for spec in "$@"; do
  label=${spec%%|*}
  echo "$label: $(echo ${cpu[$label]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {printf "median CPU %.1f ms (min %.1f, max %.1f, n=%d)", a[int((NR+1)/2)], a[1], a[NR], NR}')"
done

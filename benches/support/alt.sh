#!/bin/bash
# alt.sh ROUNDS "label|command" ... : runs each command once per round, in turn; prints medians (ms)
rounds=$1; shift
declare -A times
for ((r=0; r<rounds; r++)); do
  for spec in "$@"; do
    label=${spec%%|*}; cmd=${spec#*|}
    s=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1; e=$(date +%s%N)
    times[$label]+="$(( (e-s)/1000 )) "
  done
done
for spec in "$@"; do
  label=${spec%%|*}
  echo "$label: $(echo ${times[$label]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms (min %.1f, max %.1f, n=%d)", a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000, NR}')"
done

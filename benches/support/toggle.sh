#!/bin/bash
# toggle.sh BINARY DATADIR: time of the first two discuss toggles after opening
bin=$1; data=$2
tmux new-session -d -s t -x 80 -y 24 "HOME=$(dirname $data) $bin --data-dir $data; sleep 60"
sleep 1; tmux send-keys -t t "${PASSPHRASE:-river walk words}" Enter; sleep 3; tmux send-keys -t t J; sleep 1.5
for i in $(seq 1 25); do tmux send-keys -t t j; done; sleep 1
out=""
for round in 1 2; do
  tmux send-keys -t t d; s=$(date +%s%N)
  for i in $(seq 1 200); do sleep 0.02; if tmux capture-pane -p -t t | grep -q "Flagged\|no longer"; then break; fi; done
  e=$(date +%s%N); out="$out $(( (e-s)/1000000 ))"; sleep 1.5
done
tmux kill-session -t t; echo "$(basename $(dirname $(dirname $(dirname $bin)))) $data:$out ms"

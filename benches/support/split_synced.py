# split_synced.py SRC_JOURNAL OUT_PREFIX: splits a generated journal into three devices' data
# directories for the synced-open measurements of docs/performance.md: each record line goes
# to OUT_PREFIX{crc32(id) % 3}/journal.jsonl. Then `between --data-dir OUT_PREFIX0 sync init
# FOLDER` and `sync join FOLDER` for the other two.
import sys, zlib, json, os
src, out = sys.argv[1], sys.argv[2]
files = []
for i in range(3):
    os.makedirs(f"{out}{i}", mode=0o700, exist_ok=True)
    files.append(open(f"{out}{i}/journal.jsonl", "wb"))
for line in open(src, "rb"):
    rec = json.loads(line)
    rid = (rec.get("put") or rec.get("delete") or rec.get("erase") or {}).get("id")
    files[zlib.crc32(rid.encode()) % 3 if rid else 0].write(line)
for f in files:
    f.close()
    os.chmod(f.name, 0o600)

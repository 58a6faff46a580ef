#!/usr/bin/env bash
# The Pay Bridge, step by step: the story of README.md, "The Pay Bridge, step by step", as one
# script. Run from the repository root after `npm run build`:
#
#   bash examples/bridge/story.sh [WORKDIR]
#
# Keys, IOUs, votes and the two ledgers (the bridge's and its circle's) go to WORKDIR (default:
# a new temporary directory); the keys are made here, at run time, and are for this story only.
# The bridge is run by its circle: the settlement is a proposal of the circle ledger, voted and
# decided there; the bridge reads the decision from it.
set -euo pipefail
cd "$(dirname "$0")/../.."
S="${1:-$(mktemp -d)}"
mkdir -p "$S"
alltrust() { node bin/alltrust.js "$@"; }
step() { printf '\n== %s\n' "$*"; }
POLICY=examples/gent-compute/policy.trust
USAGE=examples/bridge/usage-2026-11.jsonl
CONTEXT=examples/bridge/context.json
CIRCLE=examples/bridge/circle.trust
DB="$S/bridge.db"
CIRCLE_DB="$S/circle.db"

step "1. keys: a farmer, a consumer, nine guardians; the guardians' circle ledger"
alltrust keygen "$S/farmer" >/dev/null
alltrust keygen "$S/consumer" >/dev/null
for i in 1 2 3 4 5 6 7 8 9; do alltrust keygen "$S/g$i" >/dev/null & done
wait
{
  echo '['
  for i in 1 2 3 4 5 6 7 8 9; do
    printf '  {"id": "g%s", "key": "%s"}%s\n' "$i" "$(cat "$S/g$i.pub")" "$([ "$i" = 9 ] || echo ,)"
  done
  echo ']'
} > "$S/members.json"
echo "keys and $S/members.json written"
alltrust circle init --circle "$CIRCLE" --members "$S/members.json" --db "$CIRCLE_DB" --at 2026-11-30T00:00:00Z

step "2. the farmer prices November and makes the IOU"
alltrust price "$POLICY" --usage "$USAGE" --context "$CONTEXT" --format table
alltrust iou create "$POLICY" --usage "$USAGE" --context "$CONTEXT" \
  --farmer "$S/farmer.pub" --consumer "$S/consumer.pub" \
  --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z --seq 1 -o "$S/iou-1.json"
alltrust iou sign "$S/iou-1.json" --key "$S/farmer.key" -o "$S/iou-1.json"

step "3. the consumer prices the same usage itself, and signs only because it matches"
alltrust iou sign "$S/iou-1.json" --key "$S/consumer.key" \
  --reprice "$POLICY" --usage "$USAGE" --context "$CONTEXT" -o "$S/iou-1.json"
alltrust iou verify "$S/iou-1.json"

step "4. the farmer submits it to the bridge; a resubmission and a copy with its seq changed are rejected"
alltrust bridge submit "$S/iou-1.json" --db "$DB" --circle-db "$CIRCLE_DB" --at 2026-12-01T08:00:00Z
alltrust bridge submit "$S/iou-1.json" --db "$DB" --circle-db "$CIRCLE_DB" --at 2026-12-01T08:05:00Z
sed 's/"seq": 1,/"seq": 2,/' "$S/iou-1.json" > "$S/tampered.json"
alltrust bridge submit "$S/tampered.json" --db "$DB" --circle-db "$CIRCLE_DB" --at 2026-12-01T08:10:00Z || echo "(exit $?: rejected)"

step "5. the bridge settles: one batch, one payment request, a proposal of the circle ledger signed by g1"
alltrust bridge settle --circle-db "$CIRCLE_DB" --key "$S/g1.key" --member g1 --at 2026-12-02T00:00:00Z --db "$DB"
BATCH=$(alltrust bridge batches --db "$DB" --format json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).batches[0].id))')
alltrust circle state --db "$CIRCLE_DB" --at 2026-12-02T00:00:00Z

step "6. six of the nine guardians vote yes, each signing their vote; the circle ledger records them"
for i in 1 2 3 4 5 6; do
  alltrust vote --circle "$CIRCLE" --proposal "$BATCH" --key "$S/g$i.key" \
    --member "g$i" --choice yes --at "2026-12-02T0$i:00:00Z" >> "$S/votes.jsonl"
done
wc -l < "$S/votes.jsonl"
alltrust circle vote "$S/votes.jsonl" --proposal "$BATCH" --db "$CIRCLE_DB" --at 2026-12-02T12:00:00Z

step "7. the circle decides under its rules (approved, due after the timelock); the bridge reads it"
alltrust circle tick --db "$CIRCLE_DB" --at 2026-12-02T12:00:00Z
alltrust circle state --db "$CIRCLE_DB" --at 2026-12-02T12:00:00Z
alltrust bridge decide "$BATCH" --circle-db "$CIRCLE_DB" --at 2026-12-02T12:00:00Z --db "$DB"
alltrust bridge requests --consumer "$S/consumer.pub" --at 2026-12-04T00:00:00Z --db "$DB"

step "8. the consumer pays in two parts; one cent too many is refused"
REQUEST=$(alltrust bridge requests --consumer "$S/consumer.pub" --db "$DB" --format json | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).requests[0].id))')
alltrust bridge pay "$REQUEST" --amount 10 --ref tx-0001 --at 2026-12-05T09:00:00Z --db "$DB"
alltrust bridge pay "$REQUEST" --amount 2.8489 --ref tx-0002 --at 2026-12-06T09:00:00Z --db "$DB" || echo "(exit $?: refused)"
alltrust bridge pay "$REQUEST" --amount 2.8389 --ref tx-0002 --at 2026-12-06T09:00:00Z --db "$DB"

step "9. reputation, and the audit of the whole history"
alltrust bridge reputation "$S/consumer.pub" --at 2026-12-20T00:00:00Z --db "$DB"
alltrust bridge reputation "$S/farmer.pub" --at 2026-12-20T00:00:00Z --db "$DB"
alltrust bridge audit --db "$DB"
alltrust circle audit --db "$CIRCLE_DB"

#!/usr/bin/env bash
# The trust economy, running: a farmer's service, three consumers' services and the Pay Bridge on
# loopback. A meter reports a month of usage (some events twice, some bad), the farmer bills the
# month, two consumers countersign, one disputes (it accepts only the policy's older version);
# that consumer then accepts the new version too and the farmer re-bills its window under a new
# seq; the farmer submits the countersigned IOUs to the bridge, which puts the settlement to its
# nine-member circle (a proposal of the circle's ledger); six members vote yes, a tick decides,
# and the payment requests appear. Run from the repository root after `npm run build`:
#
#   bash examples/economy/run.sh [WORKDIR]
#
# Keys, stores and logs go to WORKDIR (default: a new temporary directory); the keys are made
# here, at run time, and are for this example only.
set -euo pipefail
cd "$(dirname "$0")/../.."
S="${1:-$(mktemp -d)}"
mkdir -p "$S"
alltrust() { node bin/alltrust.js "$@"; }
step() { printf '\n== %s\n' "$*"; }
E=examples/economy
MONTH=2026-11
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Starts a service in the background, logging to $S/NAME.log, and waits for its "listening" line.
start() {
  local name=$1
  shift
  node bin/alltrust.js "$@" >"$S/$name.log" 2>"$S/$name.err" & # node itself, so its pid is $!
  PIDS+=($!)
  for _ in $(seq 1 200); do
    grep -q '^listening on ' "$S/$name.log" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "$name did not start:" >&2
  cat "$S/$name.err" >&2
  return 1
}

step "1. keys: a farmer, a meter, three consumers, nine guardians"
for k in farmer meter c1 c2 c3 g1 g2 g3 g4 g5 g6 g7 g8 g9; do alltrust keygen "$S/$k" >/dev/null & done
wait
pub() { cat "$S/$1.pub"; }
{
  echo '['
  for i in 1 2 3 4 5 6 7 8 9; do printf '  {"id": "g%s", "key": "%s"}%s\n' "$i" "$(pub g$i)" "$([ "$i" = 9 ] || echo ,)"; done
  echo ']'
} >"$S/members.json"

step "2. the directory: who is who, on free loopback ports"
read -r PB PF P1 P2 P3 < <(node -e '
  const net = require("node:net");
  Promise.all([0, 1, 2, 3, 4].map(() => new Promise((ok) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); }); })))
    .then((ports) => console.log(ports.join(" ")));')
U=http://127.0.0.1
cat >"$S/directory.json" <<JSON
{
  "format": "alltrust-directory/1",
  "bridge": "$U:$PB",
  "parties": [
    {"name": "farmer", "role": "farmer", "key": "$(pub farmer)", "url": "$U:$PF"},
    {"name": "meter", "role": "meter", "key": "$(pub meter)"},
    {"name": "c1", "role": "consumer", "key": "$(pub c1)", "url": "$U:$P1"},
    {"name": "c2", "role": "consumer", "key": "$(pub c2)", "url": "$U:$P2"},
    {"name": "c3", "role": "consumer", "key": "$(pub c3)", "url": "$U:$P3"}
  ]
}
JSON
cat "$S/directory.json"

step "3. the circle's ledger (nine members with keys); the services start: the bridge (bound to the circle), the farmer (billing with version 2), three consumers (c3 accepts only version 1)"
alltrust circle init --circle examples/bridge/circle.trust --members "$S/members.json" --db "$S/circle.db"
start bridge bridge serve --db "$S/bridge.db" --circle-db "$S/circle.db" --port "$PB"
start farmer farmer serve --policy $E/policy-v2.trust --key "$S/farmer.key" --directory "$S/directory.json" --db "$S/farmer.db" --port "$PF"
start c1 consumer serve --key "$S/c1.key" --accept $E/policy.trust $E/policy-v2.trust --directory "$S/directory.json" --db "$S/c1.db" --port "$P1"
start c2 consumer serve --key "$S/c2.key" --accept $E/policy.trust $E/policy-v2.trust --directory "$S/directory.json" --db "$S/c2.db" --port "$P2"
start c3 consumer serve --key "$S/c3.key" --accept $E/policy.trust --directory "$S/directory.json" --db "$S/c3.db" --port "$P3"
echo "all listening"

step "4. the meter reports a month of usage: some events twice, some bad"
node $E/usage.mjs $MONTH "$(pub c1)" "$(pub c2)" "$(pub c3)" >"$S/usage.jsonl"
wc -l <"$S/usage.jsonl"
alltrust farmer report "$S/usage.jsonl" --url "$U:$PF" --key "$S/meter.key" || echo "(exit $?: some events were rejected; the good ones are kept)"
alltrust farmer report "$S/usage.jsonl" --url "$U:$PF" --key "$S/meter.key" >/dev/null || true
echo "sent again: nothing changes"

step "5. the farmer bills the month; its outbox asks each consumer to countersign"
alltrust farmer invoice --url "$U:$PF" --key "$S/farmer.key" --from ${MONTH}-01T00:00:00Z --to 2026-12-01T00:00:00Z
alltrust farmer invoice --url "$U:$PF" --key "$S/farmer.key" --from ${MONTH}-01T00:00:00Z --to 2026-12-01T00:00:00Z
pending() { alltrust farmer status --url "$U:$PF" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).pending))'; }
for _ in $(seq 1 100); do [ "$(pending)" = 0 ] && break; sleep 0.2; done
alltrust farmer status --url "$U:$PF" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const j=JSON.parse(s);console.log("events", j.events, "ious", JSON.stringify(j.ious), "pending", j.pending)})'

step "6. what the consumers answered (c3 names the figures that differ)"
for c in c1 c2 c3; do
  P=$(eval echo \$P${c#c})
  alltrust consumer answers --url "$U:$P" --key "$S/$c.key" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{for (const a of JSON.parse(s).answers) console.log(process.argv[1], a.outcome, a.amount, a.currency, a.reason ?? "")})' "$c"
done

step "7. c3 now accepts version 2 too; the farmer re-bills its disputed window under a new seq"
kill "${PIDS[4]}"
wait "${PIDS[4]}" 2>/dev/null || true
start c3 consumer serve --key "$S/c3.key" --accept $E/policy.trust $E/policy-v2.trust --directory "$S/directory.json" --db "$S/c3.db" --port "$P3"
alltrust farmer invoice --url "$U:$PF" --key "$S/farmer.key" --from ${MONTH}-01T00:00:00Z --to 2026-12-01T00:00:00Z --rebill-disputed
for _ in $(seq 1 100); do [ "$(pending)" = 0 ] && break; sleep 0.2; done
alltrust consumer answers --url "$U:$P3" --key "$S/c3.key" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{for (const a of JSON.parse(s).answers) console.log("c3 seq", a.seq, a.outcome, a.amount, a.currency)})'

step "8. the bridge puts the settlement to its circle (signed by g1); six of nine members vote yes; a tick decides"
PROPOSAL=$(alltrust bridge settle --db "$S/bridge.db" --circle-db "$S/circle.db" --key "$S/g1.key" --member g1 --format json |
  node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).circle_proposal.id))')
echo "proposal $PROPOSAL"
for i in 1 2 3 4 5 6; do
  alltrust vote --circle examples/bridge/circle.trust --proposal "$PROPOSAL" --key "$S/g$i.key" --member "g$i" --choice yes >>"$S/votes.jsonl"
done
alltrust circle vote "$S/votes.jsonl" --proposal "$PROPOSAL" --db "$S/circle.db"
alltrust circle tick --db "$S/circle.db"

step "9. each consumer's payment requests, from its own service"
for c in c1 c2 c3; do
  P=$(eval echo \$P${c#c})
  alltrust consumer requests --url "$U:$P" --key "$S/$c.key" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const r=JSON.parse(s).requests;console.log(process.argv[1], r.length ? r.map((x)=>`${x.state} ${x.total} ${x.currency}`).join(", ") : "no payment request")})' "$c"
done

step "10. the audits: the bridge's ledger and the circle's"
alltrust bridge audit --db "$S/bridge.db"
alltrust circle audit --db "$S/circle.db"

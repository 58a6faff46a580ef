#!/usr/bin/env bash
# A circle, step by step: the story of README.md, "A circle, step by step", as one script. Run
# from the repository root after `npm run build`:
#
#   bash examples/circle/story.sh [WORKDIR]
#
# Keys, votes and the circle ledger go to WORKDIR (default: a new temporary directory); the keys
# are made here, at run time, and are for this story only.
set -euo pipefail
cd "$(dirname "$0")/../.."
S="${1:-$(mktemp -d)}"
mkdir -p "$S"
alltrust() { node bin/alltrust.js "$@"; }
step() { printf '\n== %s\n' "$*"; }
CIRCLE=examples/circle/circle.trust
DB="$S/circle.db"
POLICY_HASH=b4d5046b80b71065b4d5046b80b71065b4d5046b80b71065b4d5046b80b71065

# Signed votes of guardians FROM..TO on PROPOSAL, at AT: one `alltrust vote` per guardian.
votes() {
  local proposal=$1 choice=$2 at=$3 from=$4 to=$5 out="$S/$1.votes.jsonl"
  : > "$out"
  for i in $(seq "$from" "$to"); do
    alltrust vote --circle "$CIRCLE" --proposal "$proposal" --key "$S/g$i.key" --member "g$i" --choice "$choice" --at "$at" >> "$out"
  done
  echo "$out"
}

step "1. keys for ten guardians; the first nine found the circle"
for i in 1 2 3 4 5 6 7 8 9 10; do alltrust keygen "$S/g$i" >/dev/null & done
wait
{
  echo '['
  for i in 1 2 3 4 5 6 7 8 9; do
    printf '  {"id": "g%s", "key": "%s"}%s\n' "$i" "$(cat "$S/g$i.pub")" "$([ "$i" = 9 ] || echo ,)"
  done
  echo ']'
} > "$S/members.json"
alltrust circle init --circle "$CIRCLE" --members "$S/members.json" --db "$DB" --at 2026-11-01T00:00:00Z

step "2. a deposit into the treasury"
alltrust circle deposit 1000 --ref grant-2026 --db "$DB" --at 2026-11-01T01:00:00Z

step "3. a spend, signed by g1; six yes votes approve it"
alltrust circle propose spend --id spend-1 --params '{"amount": "600", "to": "gateway fund"}' \
  --key "$S/g1.key" --member g1 --db "$DB" --at 2026-11-02T00:00:00Z
alltrust circle vote "$(votes spend-1 yes 2026-11-02T10:00:00Z 1 6)" --proposal spend-1 --db "$DB" --at 2026-11-02T12:00:00Z

step "4. ticks: nothing before the two-day timelock, the payment after it"
alltrust circle tick --db "$DB" --at 2026-11-03T00:00:00Z
alltrust circle tick --db "$DB" --at 2026-11-04T12:00:00Z

step "5. a spend larger than the treasury fails with its reason, changing nothing"
alltrust circle propose spend --id spend-2 --params '{"amount": "500", "to": "too much"}' \
  --key "$S/g2.key" --member g2 --db "$DB" --at 2026-11-05T00:00:00Z
alltrust circle vote "$(votes spend-2 yes 2026-11-05T10:00:00Z 1 6)" --proposal spend-2 --db "$DB" --at 2026-11-05T12:00:00Z
alltrust circle tick --db "$DB" --at 2026-11-08T00:00:00Z

step "6. g10 joins; a forged proposal is refused"
alltrust circle propose add_member --id add-g10 --params "{\"who\": {\"id\": \"g10\", \"key\": \"$(cat "$S/g10.pub")\"}}" \
  --key "$S/g3.key" --member g3 --db "$DB" --at 2026-11-09T00:00:00Z
alltrust circle vote "$(votes add-g10 yes 2026-11-09T10:00:00Z 1 6)" --proposal add-g10 --db "$DB" --at 2026-11-09T12:00:00Z
alltrust circle tick --db "$DB" --at 2026-11-09T12:00:00Z
alltrust circle propose spend --id forged --params '{"amount": "1", "to": "me"}' \
  --key "$S/g10.key" --member g1 --db "$DB" --at 2026-11-09T13:00:00Z || echo "(exit $?: refused)"

step "7. the grid's policy is adopted at the end of its vote (votes may change)"
alltrust circle propose adopt --id adopt-1 --params "{\"name\": \"gent-compute\", \"policy\": \"$POLICY_HASH\"}" \
  --key "$S/g10.key" --member g10 --db "$DB" --at 2026-11-10T00:00:00Z
alltrust circle vote "$(votes adopt-1 yes 2026-11-10T10:00:00Z 4 10)" --proposal adopt-1 --db "$DB" --at 2026-11-10T12:00:00Z
alltrust circle tick --db "$DB" --at 2026-11-17T00:00:00Z

step "8. the state, and the audit"
alltrust circle state --db "$DB" --at 2026-11-17T00:00:00Z
alltrust circle audit --db "$DB"

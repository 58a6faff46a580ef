#!/usr/bin/env bash
# The gent-guardians circle holding state: the twelve example members found its ledger, a
# deposit fills the treasury, the circle adopts the grid's two pricing policies (gent-compute and
# tfgrid, by their policy hashes) and pays for the gateway upgrade of proposal.json. Run from the
# repository root after `npm run build`:
#
#   bash examples/gent-guardians/ledger.sh [WORKDIR]
#
# The ledger and the votes go to WORKDIR (default: a new temporary directory). The keys are the
# published example keys of keys/ (never use them for anything real).
set -euo pipefail
cd "$(dirname "$0")/../.."
S="${1:-$(mktemp -d)}"
mkdir -p "$S"
alltrust() { node bin/alltrust.js "$@"; }
step() { printf '\n== %s\n' "$*"; }
G=examples/gent-guardians
DB="$S/guardians.db"
# A policy's hash (a file without `extends`) is the SHA-256 of its bytes, as IOUs carry it.
hash() { sha256sum "$1" | cut -d' ' -f1; }

# The published keys, copied with mode 0600 as a private key should be kept (git cannot keep it).
mkdir -p "$S/keys"
cp "$G"/keys/m*.key "$S/keys/"
chmod 600 "$S"/keys/m*.key

# Signed votes of members FROM..TO (numbers) on PROPOSAL with CHOICE at AT, into one file.
votes() {
  local proposal=$1 choice=$2 at=$3 from=$4 to=$5 out="$S/$1.votes.jsonl"
  : > "$out"
  for i in $(seq -f %02g "$from" "$to"); do
    alltrust vote --circle "$G/circle.trust" --proposal "$proposal" --key "$S/keys/m$i.key" --member "m$i" --choice "$choice" --at "$at" >> "$out"
  done
  echo "$out"
}

step "1. the twelve members found the circle's ledger; the grid's fees fill the treasury"
alltrust circle init --circle "$G/circle.trust" --members "$G/members.json" --db "$DB" --at 2026-12-01T00:00:00Z
alltrust circle deposit 25000 --ref grid-fees-2026-11 --db "$DB" --at 2026-12-01T01:00:00Z

step "2. m01 proposes to adopt the grid's two pricing policies"
alltrust circle propose adopt --id adopt-gent-compute \
  --params "{\"name\": \"gent-compute\", \"policy\": \"$(hash examples/gent-compute/policy.trust)\"}" \
  --key "$S/keys/m01.key" --member m01 --db "$DB" --at 2026-12-01T02:00:00Z
alltrust circle propose adopt --id adopt-tfgrid \
  --params "{\"name\": \"tfgrid\", \"policy\": \"$(hash examples/tfgrid/policy.trust)\"}" \
  --key "$S/keys/m01.key" --member m01 --db "$DB" --at 2026-12-01T02:00:00Z

step "3. m02 proposes the gateway upgrade of proposal.json: 5000 TFT"
alltrust circle propose spend --id gateway --params '{"amount": "5000", "to": "gateway upgrade"}' \
  --key "$S/keys/m02.key" --member m02 --db "$DB" --at 2026-12-01T03:00:00Z

step "4. the members vote: seven on each policy, eight on the spend"
alltrust circle vote "$(votes adopt-gent-compute yes 2026-12-02T10:00:00Z 1 7)" --proposal adopt-gent-compute --db "$DB" --at 2026-12-02T12:00:00Z
alltrust circle vote "$(votes adopt-tfgrid yes 2026-12-02T10:00:00Z 1 7)" --proposal adopt-tfgrid --db "$DB" --at 2026-12-02T12:00:00Z
alltrust circle vote "$(votes gateway yes 2026-12-02T10:00:00Z 1 8)" --proposal gateway --db "$DB" --at 2026-12-02T12:00:00Z

step "5. ticks: the spend once its timelock has passed, the policies at the end of their vote"
alltrust circle tick --db "$DB" --at 2026-12-04T12:00:00Z
alltrust circle tick --db "$DB" --at 2026-12-08T02:00:00Z

step "6. the state, and the audit"
alltrust circle state --db "$DB" --at 2026-12-08T02:00:00Z
alltrust circle audit --db "$DB"

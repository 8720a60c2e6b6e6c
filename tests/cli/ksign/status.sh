# Agreements: unsigned, partially signed (who is missing), fully
# executed (effective, expires), expiring in N days, expired; due lists
# the ones to renew, for cron.
. "$CASE_DIR/lib.sh"
mkparties
mkdir -p agreements/acme agreements/globex
mkdoc agreements/acme/baa.txt
mkdoc agreements/globex/baa.txt
mkdoc agreements/initech.txt
req="--require customer:approval,provider:approval"
s() {
	st ks status -t trusted $req --valid-for 1y --format text "$@"
}
s agreements/acme/baa.txt
at 2026-03-01T10:00:00Z ks sign -k chris.key -m approval agreements/acme/baa.txt
s agreements/acme/baa.txt
# a review is not the approval the agreement needs
ks sign -k dana.key -m review agreements/acme/baa.txt
s agreements/acme/baa.txt
at 2026-03-03T16:00:00Z ks sign -k dana.key -m approval agreements/acme/baa.txt
at 2026-03-04T00:00:00Z s agreements/acme/baa.txt
at 2027-02-15T00:00:00Z s agreements/acme/baa.txt
at 2027-03-03T16:00:00Z s agreements/acme/baa.txt
at 2026-06-01T00:00:00Z st ks status -t trusted $req --format jsonl agreements/acme/baa.txt
# one executed a year earlier
at 2025-05-01T10:00:00Z ks sign -k chris.key -m approval agreements/globex/baa.txt
at 2025-05-02T10:00:00Z ks sign -k dana.key -m approval agreements/globex/baa.txt
at 2026-04-01T00:00:00Z st ks due -t trusted $req --valid-for 1y --within 90d --format text agreements
at 2026-05-10T00:00:00Z st ks due -t trusted $req --valid-for 1y --within 30d --format jsonl agreements
at 2026-03-10T00:00:00Z st ks due -t trusted $req --valid-for 1y --within 30d agreements
# a tampered agreement is not in force, and says why
echo amended >>agreements/acme/baa.txt
s agreements/acme/baa.txt
st ks status -t trusted --require customer --format text agreements/acme/baa.txt

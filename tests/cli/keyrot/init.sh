# init makes a 0700 keyring of 0600 files holding no key in the clear;
# a second init is refused; modes are checked on every use.
. "$CASE_DIR/lib.sh"
kr init | norm
st kr init
ls -la ring | awk 'NR > 1 && $NF !~ /^\.\.?$/ { print $1, $NF }' | sort -k2
ls -ld ring | cut -c1-10
grep -c "$KEYROT_MASTER_KEY" ring/* || true
chmod 644 ring/keyring.sealed
st kr status
chmod 600 ring/keyring.sealed
chmod 755 ring
st kr status
chmod 700 ring
st kr status --format jsonl
# -o takes the audit events of a lifecycle command; --format is not one
# of its options
kr rotate -o ev.jsonl && sed 's/"duration_ms":[0-9]*/"duration_ms":N/' ev.jsonl
st kr rotate --format jsonl

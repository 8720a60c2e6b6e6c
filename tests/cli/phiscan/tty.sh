# On a terminal the default format is text, coloured unless NO_COLOR is
# set or --color=never; through a pipe it is JSON Lines.
. "$CASE_DIR/lib.sh"
need script
fixture note.txt
run_tty() {
	script -qec "$*" /dev/null </dev/null | tr -d '\r'
}
p="$PHISCAN --no-default-rules --rules $DATA/rules.yaml --fingerprint-key $DATA/fingerprint.key"
run_tty "$p note.txt" | grep -c "$(printf '\033')\[35mnote.txt"
run_tty "NO_COLOR=1 $p note.txt" | sed -n 1p
run_tty "$p --color=never note.txt" | sed -n 1p
ps note.txt | sed -n 1p | cut -c1-30

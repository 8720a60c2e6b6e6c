# kill -9 of several appenders at once at random instants: after recover,
# verify passes and every event echoed as stored is in the log exactly
# once (CK_CRASH_ROUNDS rounds, default 12, of 3 appenders each killed at
# a random instant; bench/auditlog-crash.sh runs 200).
. "$CASE_DIR/lib.sh"
need python3
unset COMPLYKIT_NOW
newlog L || exit 1
python3 "$top_srcdir/tests/cli/auditlog/crash.py" L "${CK_CRASH_ROUNDS:-12}" 3

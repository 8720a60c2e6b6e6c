# push: events go one per POST to an OpenLineage endpoint on loopback,
# which checks each; when the server is down nothing is lost (the log is
# the spool, the offset of the first unacknowledged event is kept), a 500
# is retried with backoff, a push after recovery sends exactly the rest,
# and what the server received validates against the schemas.
. "$CASE_DIR/lib.sh"
need python3
F=$top_srcdir/tests/cli/lineage/fixtures
push() { # the port moves from run to run: hide it
	lg push "$@" >o.txt 2>e.txt
	rc=$?
	sed 's/127\.0\.0\.1:[0-9]*/127.0.0.1:P/g' o.txt e.txt
	echo "exit $rc"
}
lg record --job a/one --run-id $R1 --inputs k://n/x >/dev/null
lg record --job a/two --run-id $R2 --inputs k://n/y >/dev/null
# a port nothing listens on: bind one, learn it, close it
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
push --url "http://127.0.0.1:$port/api/v1/lineage" --retries 1
serve() { # serve FAIL: start the server, wait for its port
	rm -f port
	python3 "$F/olserver.py" port got.jsonl "$1" &
	srv=$!
	i=0
	while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	port=$(cat port)
}
serve 2
push --url "http://127.0.0.1:$port/api/v1/lineage"
push --url "http://127.0.0.1:$port/api/v1/lineage"
lg record --job a/three --run-id $R3 >/dev/null
push --url "http://127.0.0.1:$port/api/v1/lineage" --format text
kill $srv
wait $srv 2>/dev/null
wc -l <got.jsonl
cmp got.jsonl .lineage/events.jsonl && echo "received as logged"
validate got.jsonl; echo "exit $?"
serve 0
push --url "http://127.0.0.1:$port/wrong/path" --retries 0
kill $srv
wait $srv 2>/dev/null
push --url ftp://example.org/api
lg push; echo "exit $?"

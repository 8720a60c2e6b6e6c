# push over https: the server's certificate is verified -- against the
# system's trust store by default, so a private CA is refused (no event
# lost: they stay spooled), against --cacert's certificates when given;
# a certificate for another name is refused too.  The loopback server is
# python3's http.server wrapped in TLS with a chain made here by openssl.
. "$CASE_DIR/lib.sh"
need python3 openssl
F=$top_srcdir/tests/cli/lineage/fixtures
push() { # the port moves from run to run: hide it
	lg push "$@" >o.txt 2>e.txt
	rc=$?
	sed 's/127\.0\.0\.1:[0-9]*/127.0.0.1:P/g; s/localhost:[0-9]*/localhost:P/g' o.txt e.txt
	echo "exit $rc"
}
serve() { # serve CERT KEY: start the server, wait for its port
	rm -f port
	python3 "$F/olserver.py" port got.jsonl 0 "$1" "$2" &
	srv=$!
	i=0
	while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	port=$(cat port)
}
stop() {
	kill $srv
	wait $srv 2>/dev/null
}
# a private CA, a server certificate for 127.0.0.1 and localhost, and one
# for another name
ossl() { openssl "$@" >/dev/null 2>&1 || { echo "openssl $1 failed"; exit 1; }; }
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-keyout ca.key -out ca.pem -subj /CN=lineage-test-ca \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
for who in good:IP:127.0.0.1,DNS:localhost other:DNS:other.example; do
	n=${who%%:*}
	printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "${who#*:}" >$n.ext
	ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $n.key -out $n.csr -subj /CN=$n
	ossl x509 -req -in $n.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile $n.ext -out $n.pem
done
lg record --job a/one --run-id $R1 --inputs k://n/x >/dev/null
lg record --job a/two --run-id $R2 --inputs k://n/y >/dev/null
serve good.pem good.key
URL=https://127.0.0.1:$port/api/v1/lineage
# not in the system's store: refused at once (no retry can help), spooled
push --url "$URL"
# the CA given: sent, verified
push --url "$URL" --cacert ca.pem
lg record --job a/three --run-id $R3 >/dev/null
# the spool: only the new event goes
push --url "$URL" --cacert ca.pem --format text
# the DNS name is checked as well (another URL, its own spool: all three)
push --url "https://localhost:$port/api/v1/lineage" --cacert ca.pem --format text
# a CA file that is not there
push --url "$URL" --cacert missing.pem
push --url "http://127.0.0.1:$port/api/v1/lineage" --cacert ca.pem
stop
wc -l <got.jsonl
head -n 3 got.jsonl | cmp - .lineage/events.jsonl && echo "received as logged"
validate got.jsonl; echo "exit $?"
# a certificate for another name, from the trusted CA: refused
lg record --job a/four --run-id $R4 >/dev/null
serve other.pem other.key
push --url "https://127.0.0.1:$port/api/v1/lineage" --cacert ca.pem
push --url "https://localhost:$port/api/v1/lineage" --cacert ca.pem
stop
wc -l <got.jsonl

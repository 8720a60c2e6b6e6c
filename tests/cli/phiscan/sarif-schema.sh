# The SARIF output validates against the official SARIF 2.1.0 JSON schema
# (sarif-2.1.0-rtm.5.json as shipped in the npm package
# @microsoft/jest-sarif) with python3-jsonschema.  Without those, the
# structure GitHub code scanning needs is checked by hand instead.
. "$CASE_DIR/lib.sh"
need python3
fixture note.txt clean.txt
printf 'SSN 219-09-9999\n' >'odd name %.txt'
ps --format sarif note.txt clean.txt 'odd name %.txt' nothere >out.sarif
test $? -eq 2 || { echo "expected exit 2"; exit 1; }
ps --format sarif clean.txt >empty.sarif || { echo "clean exit"; exit 1; }
schema=${SARIF_SCHEMA:-}
if [ -z "$schema" ]; then
	for root in "$(npm root -g 2>/dev/null)" /usr/lib/node_modules \
		/usr/local/lib/node_modules; do
		f=$root/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json
		if [ -f "$f" ]; then
			schema=$f
			break
		fi
	done
fi
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import jsonschema' 2>/dev/null; then
		PY=$py
		break
	fi
done
"${PY:-python3}" - "$schema" out.sarif empty.sarif <<'PYEOF'
import json, sys
schema_path, files = sys.argv[1], sys.argv[2:]
validate = None
if schema_path:
    try:
        import jsonschema
        schema = json.load(open(schema_path))
        validate = lambda d: jsonschema.validate(d, schema)
    except ImportError:
        pass
if validate is None:
    print("no schema or no jsonschema: checking the structure by hand",
          file=sys.stderr)
for f in files:
    d = json.load(open(f))
    if validate:
        validate(d)
    assert d["version"] == "2.1.0"
    run = d["runs"][0]
    drv = run["tool"]["driver"]
    assert drv["name"] == "phiscan" and drv["rules"]
    ids = [r["id"] for r in drv["rules"]]
    assert len(ids) == len(set(ids))
    assert run["columnKind"] == "unicodeCodePoints"
    for res in run["results"]:
        assert res["ruleId"] == ids[res["ruleIndex"]]
        assert res["level"] in ("error", "warning", "note")
        reg = res["locations"][0]["physicalLocation"]["region"]
        for k in ("startLine", "startColumn", "endLine", "endColumn",
                  "byteOffset", "byteLength"):
            assert isinstance(reg[k], int) and reg[k] >= 0, k
        assert len(res["partialFingerprints"]["phiFingerprint/v1"]) == 64
        # no PHI in messages
        assert "9999" not in res["message"]["text"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]]
    print(f, len(run["results"]), sorted(set(uris)),
          run["invocations"][0]["executionSuccessful"])
print("validated against the schema" if validate else "structure checked", file=sys.stderr)
PYEOF

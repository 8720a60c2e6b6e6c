# Masked excerpts: separators kept; long identifiers show at most their
# last 4 letters or digits; names, dates, addresses, e-mail, short numbers
# and non-ASCII text are masked whole; nothing of the value leaks into
# text, JSON or SARIF output without --show-match.
. "$CASE_DIR/lib.sh"
cat >mask.yaml <<'YAML'
version: 1
rules:
  - {id: m.name, type: NAME, pattern: 'Name: (?<v>[^\n]+)', weight: 1, confidence: high}
  - {id: m.date, type: DATE, pattern: 'DOB: (?<v>[^\n]+)', weight: 1, confidence: high}
  - {id: m.addr, type: ADDRESS, pattern: 'Addr: (?<v>[^\n]+)', weight: 1, confidence: high}
  - {id: m.phone, type: PHONE, pattern: 'Tel: (?<v>[^\n]+)', weight: 1, confidence: high}
  - {id: m.card, type: CREDIT_CARD, pattern: 'Card: (?<v>[^\n]+)', weight: 1, confidence: high}
  - {id: m.zip, type: ZIP, pattern: 'Zip: (?<v>[^\n]+)', weight: 1, confidence: high}
  - {id: m.acct, type: ACCOUNT, pattern: 'Acct: (?<v>[^\n]+)', weight: 1, confidence: high}
YAML
cat >m.txt <<'TXT'
Name: Marguerite O'Neil-Vale
Name: Zoë Müller 李娜
DOB: 1952-03-14
Addr: 1742 Larkspur Hollow Rd
Tel: (608) 555-2718
Card: 4111 1111 1111 1111
Zip: 53711-0042
Acct: A7-1234
TXT
"$PHISCAN" --no-default-rules --rules mask.yaml \
	--fingerprint-key "$DATA/fingerprint.key" --format text m.txt
for secret in Marguerite Neil Zo Müller 李娜 1952 Larkspur 555 4111 5371 1234; do
	for fmt in text jsonl sarif; do
		"$PHISCAN" --no-default-rules --rules mask.yaml \
			--fingerprint-key "$DATA/fingerprint.key" \
			--format $fmt m.txt 2>&1 | grep -q -- "$secret" &&
			echo "LEAK $secret in $fmt"
	done
done
echo done

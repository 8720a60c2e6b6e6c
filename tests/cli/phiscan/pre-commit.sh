# The repository's .pre-commit-hooks.yaml, run by the pre-commit framework
# itself: a commit carrying a valid SSN is refused, a clean one goes in,
# for both hooks.  pre-commit and git must be installed (skip otherwise).
. "$CASE_DIR/lib.sh"
need git pre-commit
bindir=$(pwd)/bin
mkdir -p "$bindir"
# the hook runs "phiscan" from PATH: the binary under test, with the
# test rule pack and key (what is tested here is the hook wiring)
cat >"$bindir/phiscan" <<SH
#!/bin/sh
exec "$PHISCAN" --no-default-rules --rules "$DATA/rules.yaml" \\
	--fingerprint-key "$DATA/fingerprint.key" "\$@"
SH
chmod +x "$bindir/phiscan"
PATH=$bindir:$PATH
PRE_COMMIT_HOME=$(pwd)/pre-commit-home
export PATH PRE_COMMIT_HOME

git init -q hooks && cp "$top_srcdir/.pre-commit-hooks.yaml" hooks/ &&
	(cd hooks && git add .pre-commit-hooks.yaml &&
	 git commit -q -m hooks) || exit 99
rev=$(git -C hooks rev-parse HEAD)

for hook in phiscan phiscan-staged; do
	rm -rf proj
	git init -q proj && cd proj || exit 99
	cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $(cd .. && pwd)/hooks
    rev: $rev
    hooks:
      - id: $hook
YAML
	git add .pre-commit-config.yaml
	git commit -q -m config --no-verify
	pre-commit install -q >/dev/null 2>&1 || pre-commit install >/dev/null || exit 99
	printf 'Discharge note\nSSN: 219-09-9999\n' >note.txt
	git add note.txt
	if git commit -q -m phi >../commit.log 2>&1; then
		echo "$hook: commit with an SSN went through"
	else
		echo "$hook: commit with an SSN refused"
	fi
	grep -q 'note.txt:2:6 SSN' ../commit.log && echo "$hook: finding shown masked"
	grep -q '219-09-9999' ../commit.log && echo "$hook: value leaked"
	git rm -q --cached note.txt
	printf 'Nothing here\n' >clean.txt
	git add clean.txt
	if git commit -q -m clean >../commit.log 2>&1; then
		echo "$hook: clean commit went through"
	else
		echo "$hook: clean commit refused"
		cat ../commit.log
	fi
	cd ..
done

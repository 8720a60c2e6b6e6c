# --meta: a YAML file (title, owner, licence, de-identification status
# with a phiredact report, retention) and key=value; malformed YAML or a
# wrong type is named with file:line, exit 2, and nothing is written.
. "$CASE_DIR/lib.sh"
mkdata
ds init data >/dev/null
cat >meta.yaml <<'Y'
title: Visits 2024
description: admissions extract
owner: data-office
licence: CC-BY-4.0
deidentification:
  status: safe-harbor
  report: reports/phiredact-2024.jsonl
retention: 7y
Y
printf 'title: ok\nowner: [unclosed\n' >broken.yaml
printf 'title:\n  - not\n  - a string\n' >badtype.yaml
printf -- '- a\n- list\n' >list.yaml
cd data || exit 1
st ds snapshot . --meta ../meta.yaml --meta reviewer=dana >/dev/null
ds meta latest | norm
ds meta latest --format text
for f in broken badtype list; do
	st ds snapshot . --meta ../$f.yaml
done
st ds snapshot . --meta ../missing.yaml
ls .dsver/snapshots | wc -l

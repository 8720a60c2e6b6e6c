# The README's ksign walk-through (keygen, trust, sign, countersign,
# verify, status, due) runs as written from the source tree's template:
# each command's exit status, and the agreement ends fully executed.
. "$CASE_DIR/lib.sh"
mkdir -p bin share/complykit/templates
cp "$top_srcdir/share/complykit/templates/baa.txt" share/complykit/templates/
cat >bin/ksign <<SH
#!/bin/sh
if [ "\$1" = keygen ]; then shift; exec "$KSIGN" keygen --kdf-cost 10 "\$@"; fi
exec "$KSIGN" "\$@"
SH
chmod +x bin/ksign
PATH=$(pwd)/bin:$PATH
sed -n '/^Using ksign/,/^Each signing/s/^    //p' "$top_srcdir/README" >cmds.txt
while read -r cmd; do
	sh -c "$cmd" >out.txt 2>err.txt </dev/null
	echo "exit $?: $(echo "$cmd" | sed 's/ *#.*//' | cut -c1-60)"
	case $cmd in
	*status*) cat out.txt ;;
	esac
	cat err.txt
done <cmds.txt

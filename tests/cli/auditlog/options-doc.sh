# Every long option that any command's --help prints is documented in
# man/auditlog.1 and completed by the bash, zsh and fish completions; and
# the other way round, the man page documents no option --help lacks.
. "$CASE_DIR/lib.sh"
for c in init append run verify recover checkpoint prove verify-proof \
	query report archive prune; do
	"$AUDITLOG" $c --help || exit 1
done >help.txt
# every command of the top-level --help is in the man page and completions
"$AUDITLOG" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' >cmds.txt
sed -n 's/^ *\(-., \)\{0,1\}--\([a-z][a-z-]*\).*/\2/p' help.txt | sort -u >opts.txt
n=$(wc -l <opts.txt)
[ "$n" -ge 30 ] || { echo "only $n options found in --help"; exit 1; }
man=$top_srcdir/man/auditlog.1
bash=$top_srcdir/completions/bash/auditlog
zsh=$top_srcdir/completions/zsh/_auditlog
fish=$top_srcdir/completions/fish/auditlog.fish
bad=0
while read -r o; do
	grep -q -- "Fl \\\\-$o\\( \\|\$\\)" "$man" || { echo "man: --$o"; bad=1; }
	grep -q -- "--$o\\([= '|]\\|\$\\)" "$bash" || { echo "bash: --$o"; bad=1; }
	grep -q -- "--$o[=[}]" "$zsh" || { echo "zsh: --$o"; bad=1; }
	grep -q -- "-l $o " "$fish" || { echo "fish: --$o"; bad=1; }
done <opts.txt
while read -r c; do
	grep -q "^\\.It Cm $c" "$man" || { echo "man: command $c"; bad=1; }
	grep -q "cmds=.*\\b$c\\b" "$bash" || { echo "bash: command $c"; bad=1; }
	grep -q "^  $c[|)]\\|[|]$c)\\| $c\\b" "$zsh" || { echo "zsh: command $c"; bad=1; }
	grep -q "set -l cmds.*\\b$c\\b" "$fish" || { echo "fish: command $c"; bad=1; }
done <cmds.txt
sed -n 's/.*Fl \\-\([a-z][a-z-]*\).*/\1/p' "$man" | sort -u >man-opts.txt
comm -13 opts.txt man-opts.txt | sed 's/^/not in --help: --/'
[ -z "$(comm -13 opts.txt man-opts.txt)" ] || bad=1
[ $bad -eq 0 ] && echo "$n options and $(wc -l <cmds.txt) commands documented everywhere"
exit $bad

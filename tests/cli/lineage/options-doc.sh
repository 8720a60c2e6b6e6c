# Every long option of every command's --help is documented in
# man/lineage.1 and completed by the bash, zsh and fish completions, and
# the man page documents no option --help lacks.
cmds="record run ingest verify upstream downstream impact path export import diff mlflow-export push"
for c in $cmds; do
	"$LINEAGE" "$c" --help
done >help.txt || exit 1
sed -n 's/^ *\(-., \)\{0,1\}--\([a-z][a-z-]*\).*/\2/p' help.txt | sort -u >opts.txt
n=$(wc -l <opts.txt)
[ "$n" -ge 15 ] || { echo "only $n options found in --help"; exit 1; }
man=$top_srcdir/man/lineage.1
bash=$top_srcdir/completions/bash/lineage
zsh=$top_srcdir/completions/zsh/_lineage
fish=$top_srcdir/completions/fish/lineage.fish
bad=0
while read -r o; do
	grep -q -- "Fl \\\\-$o\\( \\|\$\\)" "$man" || { echo "man: --$o"; bad=1; }
	grep -q -- "--$o\\([= ]\\|\$\\)" "$bash" || { echo "bash: --$o"; bad=1; }
	grep -q -- "--$o[=[}]" "$zsh" || { echo "zsh: --$o"; bad=1; }
	grep -q -- "-l $o " "$fish" || { echo "fish: --$o"; bad=1; }
done <opts.txt
for c in $cmds; do
	grep -q "^\\.It Cm $c" "$man" || { echo "man: command $c"; bad=1; }
	grep -qw "$c" "$bash" || { echo "bash: command $c"; bad=1; }
	grep -qw "$c" "$zsh" || { echo "zsh: command $c"; bad=1; }
	grep -qw "$c" "$fish" || { echo "fish: command $c"; bad=1; }
done
sed -n 's/.*Fl \\-\([a-z][a-z-]*\).*/\1/p' "$man" | sort -u >man-opts.txt
comm -13 opts.txt man-opts.txt | sed 's/^/not in --help: --/'
[ -z "$(comm -13 opts.txt man-opts.txt)" ] || bad=1
[ $bad -eq 0 ] && echo "$n options documented everywhere"
exit $bad

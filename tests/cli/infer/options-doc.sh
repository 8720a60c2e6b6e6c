# Every long option that --help prints is documented in man/infer.1 and
# completed by the bash, zsh and fish completions (one option table drives
# --help; this keeps the rest in step with it).
. "$CASE_DIR/lib.sh"
"$INFER" --help >help.txt || exit 1
sed -n 's/^ *\(-., \)\{0,1\}--\([a-z][a-z-]*\).*/\2/p' help.txt | sort -u >opts.txt
n=$(wc -l <opts.txt)
[ "$n" -ge 10 ] || { echo "only $n options found in --help"; exit 1; }
man=$top_srcdir/man/infer.1
bash=$top_srcdir/completions/bash/infer
zsh=$top_srcdir/completions/zsh/_infer
fish=$top_srcdir/completions/fish/infer.fish
bad=0
while read -r o; do
	grep -q -- "Fl \\\\-$o\\( \\|\$\\)" "$man" || { echo "man: --$o"; bad=1; }
	grep -q -- "--$o\\([= ]\\|\$\\)" "$bash" || { echo "bash: --$o"; bad=1; }
	grep -q -- "--$o[=[}]" "$zsh" || { echo "zsh: --$o"; bad=1; }
	grep -q -- "-l $o " "$fish" || { echo "fish: --$o"; bad=1; }
done <opts.txt
# and the other way round: nothing documented that --help lacks
sed -n 's/.*Fl \\-\([a-z][a-z-]*\).*/\1/p' "$man" | sort -u >man-opts.txt
comm -13 opts.txt man-opts.txt | sed 's/^/not in --help: --/'
[ -z "$(comm -13 opts.txt man-opts.txt)" ] || bad=1
[ $bad -eq 0 ] && echo "$n options documented everywhere"
exit $bad

# Every long option that --help prints is documented in man/infer.1 and
# completed by the bash, zsh and fish completions (one option table drives
# --help; this keeps the rest in step with it).
. "$top_srcdir/tests/cli/options-doc.lib"
options_doc infer "$INFER" 10

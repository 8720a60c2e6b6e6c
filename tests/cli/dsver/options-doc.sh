# Every long option that any command's --help prints is documented in
# man/dsver.1 and completed by the bash, zsh and fish completions, every
# command is described and completed, and the man page documents no
# option --help lacks (tests/cli/options-doc.lib).
. "$top_srcdir/tests/cli/options-doc.lib"
options_doc dsver "$DSVER" 15 init snapshot log show tag meta diff verify checkout export import gc

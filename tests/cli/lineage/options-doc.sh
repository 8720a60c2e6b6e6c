# Every long option that any command's --help prints is documented in
# man/lineage.1 and completed by the bash, zsh and fish completions, every
# command is described and completed, and the man page documents no
# option --help lacks (tests/cli/options-doc.lib).
. "$top_srcdir/tests/cli/options-doc.lib"
options_doc lineage "$LINEAGE" 15 record run ingest verify upstream downstream impact path export import diff mlflow-export push

# --help of the tool and of every command goes to stdout and exits 0.
for c in "" record run ingest verify upstream downstream impact path export import diff mlflow-export push; do
	"$LINEAGE" $c --help || echo "exit $?"
done

# The limited data set keeps dates, ages and ZIP codes; pseudonymize
# gives keyed pseudonyms and shifted dates, and needs a key.
. "$CASE_DIR/lib.sh"
fixture note.txt
keys
st pr --policy limited-dataset note.txt
st pr --policy pseudonymize --key key note.txt
st pr --policy pseudonymize note.txt
st pr --policy no-such note.txt

# --staged scans the index, not the working tree: a value staged and then
# removed from the working copy is still found; one only in the working
# tree is not.  Paths are repository paths, even from a subdirectory.
. "$CASE_DIR/lib.sh"
need git
git init -q repo && cd repo || exit 99
mkdir sub
printf 'SSN 219-09-9999\n' >sub/staged.txt
printf 'clean\n' >sub/later.txt
printf 'clean\n' >keep.txt
git add sub/staged.txt sub/later.txt keep.txt
# the working tree moves on after git add
printf 'clean now\n' >sub/staged.txt
printf 'SSN 078-05-1121\n' >sub/later.txt
printf 'MRN: 40817356\n' >untracked.txt
st ps --format text --staged
cd sub && st ps --format text --staged && cd ..
# nothing staged: nothing to scan, exit 0
git commit -q -m first
st ps --staged
# a staged deletion and a rename are not scanned as content
git rm -q -r --cached keep.txt
git mv sub/later.txt sub/renamed.txt
st ps --format text --staged
cd .. && st ps --staged

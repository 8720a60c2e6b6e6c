# A tree or an archive to -o DIR keeps its layout (an archive's members
# under a directory named after it); a member whose name would leave DIR
# is refused; several inputs need -o DIR or --in-place.
. "$CASE_DIR/lib.sh"
need zip python3
fixture note.txt
mkdir -p src/a/b && cp note.txt src/a/b/n1.txt && cp note.txt src/n2.txt
zip -qr notes.zip src
st pr -o out src notes.zip
find out -type f | sort
cmp out/src/a/b/n1.txt out/notes.zip/src/n2.txt && echo "same redaction"
python3 -c 'import zipfile; z=zipfile.ZipFile("evil.zip","w"); z.writestr("../../escaped.txt","MRN: 40817356\n"); z.writestr("ok.txt","MRN: 40817356\n"); z.close()'
st pr -o out2 evil.zip
find . -name escaped.txt
find out2 -type f
st pr src
st pr note.txt note.txt
st pr notes.zip

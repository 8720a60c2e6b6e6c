# .complykit.yaml is found by walking up from each file's directory (up
# to the repository root) and loaded after the defaults; --no-config
# ignores it; a malformed one is reported with file:line.
. "$CASE_DIR/lib.sh"
mkdir -p repo/.git repo/sub/deep other
cat >repo/.complykit.yaml <<'YAML'
version: 1
allow:
  - 'dana\.diaz@mail\.test'
YAML
fixture email.txt
cp email.txt repo/sub/deep/
cp email.txt other/
st ps repo/sub/deep/email.txt other/email.txt
st ps --no-config repo/sub/deep/email.txt
# above the repository root, a stray config does not apply
mkdir -p outer/.git outer/inner/.git
cp repo/.complykit.yaml outer/
cp email.txt outer/inner/
st ps outer/inner/email.txt
printf 'version: 1\nrules:\n  - id: broken\n    type: NOPE\n    pattern: x\n' >other/.complykit.yaml
st ps other/email.txt

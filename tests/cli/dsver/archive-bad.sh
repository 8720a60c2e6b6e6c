# Bad archives: absolute and '..' member paths are refused, a truncated
# archive is an error, a corrupt file too; exit 2 with the archive named,
# and no snapshot is written.
. "$CASE_DIR/lib.sh"
need python3
ds -s store init >/dev/null
python3 - <<'PY'
import io, tarfile
def mk(name, members):
    with tarfile.open(name, "w") as t:
        for m in members:
            ti = tarfile.TarInfo(m)
            ti.size = 2
            t.addfile(ti, io.BytesIO(b"x\n"))
mk("abs.tar", ["ok.txt", "/etc/evil"])
mk("dotdot.tar", ["ok.txt", "a/../../evil"])
mk("dup.tar", ["same.txt", "same.txt"])
mk("good.tar", ["f%03d.txt" % i for i in range(200)])
PY
head -c 3000 good.tar >trunc.tar
printf 'PK\003\004garbage' >corrupt.zip
for a in abs.tar dotdot.tar dup.tar trunc.tar corrupt.zip missing.tar; do
	st ds -s store snapshot "$a"
done
echo "== nothing written"
ls store/snapshots | wc -l
ds -s store verify --store
echo "verify: exit $?"

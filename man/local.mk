## Man pages (hand-written mdoc).
man_MANS += man/phiscan.1
EXTRA_DIST += man/phiscan.1
man_MANS += man/auditlog.1
EXTRA_DIST += man/auditlog.1
man_MANS += man/dsver.1
EXTRA_DIST += man/dsver.1
man_MANS += man/phiredact.1
EXTRA_DIST += man/phiredact.1
man_MANS += man/lineage.1
EXTRA_DIST += man/lineage.1
man_MANS += man/keyrot.1
EXTRA_DIST += man/keyrot.1
man_MANS += man/infer.1
EXTRA_DIST += man/infer.1
man_MANS += man/ksign.1
EXTRA_DIST += man/ksign.1

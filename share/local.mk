## share/: data phiscan reads at run time from $(pkgdatadir) (or from
## $COMPLYKIT_DATADIR, which the tests point at the source tree).

## Rule packs, loaded in name order (share/complykit/rules/README).  A new
## pack is one line here.
rulesdir = $(pkgdatadir)/rules
dist_rules_DATA = \
	share/complykit/rules/README \
	share/complykit/rules/identifiers.yaml \
	share/complykit/rules/context.yaml \
	share/complykit/rules/fields.yaml

## ---- names lists (the "text" helper's block; keep it below) ----

## names (text helper): the compact census name lists the names detector
## loads from $(pkgdatadir)/names, and the script that builds them.
namesdir = $(pkgdatadir)/names
dist_names_DATA = share/complykit/names/first.txt \
	share/complykit/names/last.txt
EXTRA_DIST += share/complykit/names/make-names.sh

## ---- phiredact policies (keep this block self-contained) ----

## Policies phiredact --policy NAME loads from $(pkgdatadir)/policies.
policiesdir = $(pkgdatadir)/policies
dist_policies_DATA = \
	share/complykit/policies/safe-harbor.yaml \
	share/complykit/policies/limited-dataset.yaml \
	share/complykit/policies/pseudonymize.yaml

## ---- lineage facet schemas (keep this block self-contained) ----

## JSON Schemas of lineage's own OpenLineage facets (complykit_run,
## complykit_metrics, complykit_dsver), the way spec/facets/ ships them.
lineageschemadir = $(pkgdatadir)/schemas/lineage
dist_lineageschema_DATA = \
	share/complykit/schemas/lineage/complykit_run.json \
	share/complykit/schemas/lineage/complykit_metrics.json \
	share/complykit/schemas/lineage/complykit_dsver.json

## ---- ksign templates (keep this block self-contained) ----

## Documents to sign with ksign, installed in $(pkgdatadir)/templates.
templatesdir = $(pkgdatadir)/templates
dist_templates_DATA = share/complykit/templates/baa.txt

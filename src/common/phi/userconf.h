/* userconf.h -- a repository's .complykit.yaml and one engine per
 * configuration (userconf.c), shared by the tools that run the engine on
 * files (phiscan, phiredact), so that both honour the same rule packs,
 * allowlists and overrides for the same file.
 *
 * Engines are built on first use and shared read-only by every thread.
 */
#ifndef PHI_USERCONF_H
#define PHI_USERCONF_H

#include <stddef.h>

#include "common/err.h"
#include "common/phi/phi.h"

struct phi_engines;

/* rule_files: --rules FILEs, loaded after any .complykit.yaml. */
struct phi_engines *phi_engines_new(const char *datadir,
				    const char *const *rule_files, size_t n,
				    int no_default_rules);
/* Index of the engine for a config file (NULL: none), built on first use.
 * -1 with err ("file:line: ...") if a pack is malformed. */
int phi_engines_get(struct phi_engines *es, const char *config,
		    struct ck_error *err);
const struct phi_engine *phi_engines_at(const struct phi_engines *es,
					int i);
size_t phi_engines_count(const struct phi_engines *es);
void phi_engines_free(struct phi_engines *es);

/* The .complykit.yaml that governs a file in directory dir: the nearest
 * one found walking up, stopping after a directory that holds .git.
 * Returns a malloc'd path or NULL (none, or out of memory). */
char *phi_config_find(const char *dir);
/* Same for a file path (its directory; "." when it has none). */
char *phi_config_for_path(const char *path);

#endif

/* userconf.c -- .complykit.yaml lookup and one engine per configuration.
 *
 * A repository's .complykit.yaml governs the files below it (like
 * .editorconfig or .gitignore), so two operands in two repositories may
 * need two rule sets: engines are built once per distinct config file and
 * shared read-only by every thread.
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/phi/userconf.h"

#define CONFIG_NAME ".complykit.yaml"

struct slot {
	char *config;		/* NULL: no config file */
	struct phi_engine *engine;
};

struct phi_engines {
	pthread_mutex_t mu;
	const char *datadir;
	const char *const *rules;
	size_t nrules;
	int no_default_rules;
	struct slot *v;
	size_t n, cap;
};

struct phi_engines *
phi_engines_new(const char *datadir, const char *const *rule_files, size_t n,
		int no_default_rules)
{
	struct phi_engines *es = calloc(1, sizeof(*es));

	if (es == NULL)
		return NULL;
	pthread_mutex_init(&es->mu, NULL);
	es->datadir = datadir;
	es->rules = rule_files;
	es->nrules = n;
	es->no_default_rules = no_default_rules;
	return es;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
build(struct phi_engines *es, const char *config, struct ck_error *err)
{
	struct phi_engine_opts o;
	const char **files;
	struct slot *s;
	size_t i, n = 0;

	if (es->n == es->cap) {
		size_t nc = es->cap ? 2 * es->cap : 4;
		void *nv = realloc(es->v, nc * sizeof(*es->v));

		if (nv == NULL)
			return ck_error_set(err, ENOMEM, "out of memory");
		es->v = nv;
		es->cap = nc;
	}
	files = calloc(es->nrules + 1, sizeof(*files));
	if (files == NULL)
		return ck_error_set(err, ENOMEM, "out of memory");
	/* The command line overrides the repository's file, which
	 * overrides the defaults (git config's order). */
	if (config != NULL)
		files[n++] = config;
	for (i = 0; i < es->nrules; i++)
		files[n++] = es->rules[i];
	memset(&o, 0, sizeof(o));
	o.datadir = es->datadir;
	o.rule_files = files;
	o.n_rule_files = n;
	o.no_default_rules = es->no_default_rules;
	s = &es->v[es->n];
	s->engine = phi_engine_new(&o, err);
	free(files);
	if (s->engine == NULL)
		return -1;
	s->config = NULL;
	if (config != NULL && (s->config = strdup(config)) == NULL) {
		phi_engine_free(s->engine);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	return (int)es->n++;
}

int
phi_engines_get(struct phi_engines *es, const char *config,
		struct ck_error *err)
{
	size_t i;
	int rc;

	pthread_mutex_lock(&es->mu);
	for (i = 0; i < es->n; i++)
		if (same(es->v[i].config, config)) {
			pthread_mutex_unlock(&es->mu);
			return (int)i;
		}
	rc = build(es, config, err);
	pthread_mutex_unlock(&es->mu);
	return rc;
}

const struct phi_engine *
phi_engines_at(const struct phi_engines *es, int i)
{
	return es->v[i].engine;
}

size_t
phi_engines_count(const struct phi_engines *es)
{
	return es->n;
}

void
phi_engines_free(struct phi_engines *es)
{
	size_t i;

	if (es == NULL)
		return;
	for (i = 0; i < es->n; i++) {
		phi_engine_free(es->v[i].engine);
		free(es->v[i].config);
	}
	free(es->v);
	pthread_mutex_destroy(&es->mu);
	free(es);
}

static int
exists(const char *dir, const char *name, int want_dir)
{
	char p[PATH_MAX];
	struct stat st;
	int n = snprintf(p, sizeof(p), "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= sizeof(p) || stat(p, &st) < 0)
		return 0;
	return want_dir ? 1 : S_ISREG(st.st_mode);
}

/* The config's path as messages show it: relative to the current
 * directory when it lies below it ("sub/.complykit.yaml:4: ..."). */
static char *
shown_path(const char *real)
{
	char cwd[PATH_MAX];
	struct ck_buf b = CK_BUF_INIT;
	size_t n;

	if (getcwd(cwd, sizeof(cwd)) != NULL) {
		n = strlen(cwd);
		if (strcmp(real, cwd) == 0)
			return strdup(CONFIG_NAME);
		if (n > 1 && strncmp(real, cwd, n) == 0 && real[n] == '/')
			real += n + 1;
		else if (n == 1)
			real += 1;
		if (*real != '/' && ck_buf_appendf(&b, "%s/%s", real,
						   CONFIG_NAME) == 0)
			return ck_buf_detach(&b, NULL);
		if (*real != '/')
			return NULL;
	}
	if (ck_buf_appendf(&b, "%s/%s", strcmp(real, "/") ? real : "",
			   CONFIG_NAME) < 0)
		return NULL;
	return ck_buf_detach(&b, NULL);
}

char *
phi_config_find(const char *dir)
{
	char real[PATH_MAX], *slash;

	if (realpath(dir, real) == NULL)
		return NULL;
	for (;;) {
		if (exists(real, CONFIG_NAME, 0))
			return shown_path(real);
		/* A repository's settings stop at its root: a stray file in
		 * a parent directory must not change what a CI run of this
		 * repository reports. */
		if (exists(real, ".git", 1) || strcmp(real, "/") == 0)
			return NULL;
		slash = strrchr(real, '/');
		if (slash == real)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

char *
phi_config_for_path(const char *path)
{
	char *dir, *slash, *found;

	dir = strdup(path);
	if (dir == NULL)
		return NULL;
	slash = strrchr(dir, '/');
	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	found = phi_config_find(dir);
	free(dir);
	return found;
}

/* policy.c -- the YAML policy: an operator per PHI type, and the record
 * keys and CSV headers that name a type.
 *
 *   policy: safe-harbor          # a name, for messages
 *   default: tag                 # types not listed (default: tag)
 *   types:
 *     SSN: tag
 *     DATE: {operator: shift, max_days: 180}
 *     OTHER_ID: {operator: tag, text: "[ID]"}
 *   fields:
 *     ssn: SSN
 *     patient_name: NAME
 *   rules:                       # by engine rule id, over the type's
 *     address.city: keep
 *
 * Every mistake is reported as "file:line: message" and nothing is
 * guessed: an unknown key, type or operator is an error, not a default.
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/yaml.h"
#include "phiredact/redact.h"

#define SHIFT_DEFAULT_DAYS 365
#define SHIFT_MAX_DAYS 36500

static const char *const op_names[RD_NOPS] = {
	"keep", "mask", "tag", "drop", "pseudonym", "surrogate", "shift",
	"generalize", "encrypt"
};

const char *
rd_op_name(int op)
{
	return op >= 0 && op < RD_NOPS ? op_names[op] : "?";
}

int
rd_op_parse(const char *name)
{
	int i;

	for (i = 0; i < RD_NOPS; i++)
		if (strcmp(name, op_names[i]) == 0)
			return i;
	return -1;
}

int
rd_op_keyed(int op)
{
	return op == RD_PSEUDONYM || op == RD_SURROGATE || op == RD_SHIFT ||
	       op == RD_ENCRYPT;
}

struct loader {
	struct ck_yaml_doc *doc;
	struct ck_error *err;
};

static int
fail(struct loader *L, const json_t *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct loader *L, const json_t *node, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	unsigned long line = node ? ck_yaml_line(L->doc, node) : 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		return ck_error_set(L->err, 0, "%s:%lu: %s",
				    ck_yaml_name(L->doc), line, msg);
	return ck_error_set(L->err, 0, "%s: %s", ck_yaml_name(L->doc), msg);
}

/* Which types an operator can handle: the rest is a policy mistake,
 * caught when the policy loads rather than on the first patient. */
static int
op_fits(int op, int type)
{
	if (op == RD_SHIFT)
		return type == PHI_DATE;
	if (op == RD_GENERALIZE)
		return type == PHI_DATE || type == PHI_AGE || type == PHI_ZIP;
	return 1;
}

static int
parse_rule(struct loader *L, const char *tname, int type, const json_t *v,
	   struct rd_rule *r)
{
	const json_t *x;
	const char *k;
	int op;

	free(r->text);
	memset(r, 0, sizeof(*r));
	r->max_days = SHIFT_DEFAULT_DAYS;
	if (json_is_string(v)) {
		op = rd_op_parse(json_string_value(v));
		if (op < 0)
			return fail(L, v, "%s: unknown operator '%s' (choose "
				    "from keep, mask, tag, drop, pseudonym, "
				    "surrogate, shift, generalize, encrypt)",
				    tname, json_string_value(v));
	} else if (json_is_object(v)) {
		x = json_object_get(v, "operator");
		if (!json_is_string(x))
			return fail(L, v, "%s: needs 'operator: NAME'", tname);
		op = rd_op_parse(json_string_value(x));
		if (op < 0)
			return fail(L, x, "%s: unknown operator '%s'", tname,
				    json_string_value(x));
		json_object_foreach((json_t *)v, k, x) {
			if (strcmp(k, "operator") == 0)
				continue;
			if (strcmp(k, "text") == 0 && op == RD_TAG) {
				if (!json_is_string(x))
					return fail(L, x, "%s: text must be a "
						    "string", tname);
				r->text = strdup(json_string_value(x));
				if (r->text == NULL)
					return ck_error_set(L->err, ENOMEM,
							    "out of memory");
			} else if (strcmp(k, "max_days") == 0 &&
				   op == RD_SHIFT) {
				if (!json_is_integer(x) ||
				    json_integer_value(x) < 1 ||
				    json_integer_value(x) > SHIFT_MAX_DAYS)
					return fail(L, x, "%s: max_days must "
						    "be 1 to %d", tname,
						    SHIFT_MAX_DAYS);
				r->max_days = (int)json_integer_value(x);
			} else {
				return fail(L, x, "%s: '%s' is no setting of "
					    "%s", tname, k, rd_op_name(op));
			}
		}
	} else {
		return fail(L, v, "%s: an operator name or a mapping",
			    tname);
	}
	if (type >= 0 && !op_fits(op, type))
		return fail(L, v, "%s: %s does not apply to %s (%s)", tname,
			    rd_op_name(op), tname,
			    op == RD_SHIFT ? "DATE only"
					   : "DATE, AGE or ZIP only");
	r->op = op;
	return 0;
}

/* Record keys and CSV headers compare without case, '_', '-' or ' ':
 * "patient_name", "PatientName" and "Patient Name" are one key. */
static char *
norm_key(const char *k, size_t n)
{
	char *o = malloc(n + 1);
	size_t i, j = 0;

	if (o == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)k[i];

		if (c == '_' || c == '-' || c == ' ' || c == '.')
			continue;
		o[j++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	o[j] = '\0';
	return o;
}

static int
load_root(struct rd_policy *p, struct loader *L)
{
	json_t *root = ck_yaml_root(L->doc), *v, *x;
	struct rd_rule def;
	const char *k, *tk;
	int t, set[PHI_NTYPES];

	memset(&def, 0, sizeof(def));
	memset(set, 0, sizeof(set));
	def.op = RD_TAG;
	def.max_days = SHIFT_DEFAULT_DAYS;
	if (!json_is_object(root))
		return fail(L, root, "a policy is a mapping (policy, default, "
			    "types, fields)");
	json_object_foreach(root, k, v) {
		if (strcmp(k, "policy") == 0) {
			if (!json_is_string(v))
				return fail(L, v, "policy: a name");
			free(p->name);
			if ((p->name = strdup(json_string_value(v))) == NULL)
				return ck_error_set(L->err, ENOMEM,
						    "out of memory");
		} else if (strcmp(k, "default") == 0) {
			if (parse_rule(L, "default", -1, v, &def) < 0)
				goto bad;
			if (!op_fits(def.op, PHI_NAME)) {
				fail(L, v, "default: %s applies to some types "
				     "only; list them under types",
				     rd_op_name(def.op));
				goto bad;
			}
		} else if (strcmp(k, "types") == 0) {
			if (!json_is_object(v)) {
				fail(L, v, "types: a mapping of TYPE: operator");
				goto bad;
			}
			json_object_foreach(v, tk, x) {
				t = phi_type_parse(tk);
				if (t < 0) {
					fail(L, x, "unknown type '%s'", tk);
					goto bad;
				}
				if (parse_rule(L, tk, t, x, &p->rules[t]) < 0)
					goto bad;
				set[t] = 1;
			}
		} else if (strcmp(k, "fields") == 0) {
			if (!json_is_object(v)) {
				fail(L, v, "fields: a mapping of key: TYPE");
				goto bad;
			}
			json_object_foreach(v, tk, x) {
				struct rd_field *nf;

				if (!json_is_string(x) ||
				    (t = phi_type_parse(
					     json_string_value(x))) < 0) {
					fail(L, x, "fields: %s: not a type "
					     "name", tk);
					goto bad;
				}
				nf = realloc(p->fields, (p->nfields + 1) *
							       sizeof(*nf));
				if (nf == NULL) {
					ck_error_set(L->err, ENOMEM,
						     "out of memory");
					goto bad;
				}
				p->fields = nf;
				nf[p->nfields].type = t;
				nf[p->nfields].key = norm_key(tk, strlen(tk));
				if (nf[p->nfields].key == NULL) {
					ck_error_set(L->err, ENOMEM,
						     "out of memory");
					goto bad;
				}
				p->nfields++;
			}
		} else if (strcmp(k, "rules") == 0) {
			if (!json_is_object(v)) {
				fail(L, v, "rules: a mapping of rule-id: "
				     "operator");
				goto bad;
			}
			json_object_foreach(v, tk, x) {
				struct rd_override *no;

				no = realloc(p->ovr, (p->novr + 1) *
							     sizeof(*no));
				if (no == NULL) {
					ck_error_set(L->err, ENOMEM,
						     "out of memory");
					goto bad;
				}
				p->ovr = no;
				memset(&no[p->novr], 0, sizeof(no[0]));
				if ((no[p->novr].id = strdup(tk)) == NULL) {
					ck_error_set(L->err, ENOMEM,
						     "out of memory");
					goto bad;
				}
				p->novr++;
				/* The type is the finding's: shift or
				 * generalize of a value they cannot take
				 * tag it at run time. */
				if (parse_rule(L, tk, -1, x,
					       &no[p->novr - 1].rule) < 0)
					goto bad;
			}
		} else {
			fail(L, v, "unknown key '%s' (policy, default, types, "
			     "fields, rules)", k);
			goto bad;
		}
	}
	for (t = 0; t < PHI_NTYPES; t++) {
		if (set[t])
			continue;
		p->rules[t] = def;
		if (def.text != NULL &&
		    (p->rules[t].text = strdup(def.text)) == NULL) {
			ck_error_set(L->err, ENOMEM, "out of memory");
			goto bad;
		}
	}
	free(def.text);
	return 0;
bad:
	free(def.text);
	return -1;
}

static int
load(struct rd_policy *p, struct ck_yaml_doc *doc, struct ck_error *err)
{
	struct loader L = { doc, err };
	int rc;

	memset(p, 0, sizeof(*p));
	if (doc == NULL)
		return -1;
	rc = load_root(p, &L);
	if (rc == 0 && p->name == NULL &&
	    (p->name = strdup(ck_yaml_name(doc))) == NULL)
		rc = ck_error_set(err, ENOMEM, "out of memory");
	ck_yaml_free(doc);
	if (rc < 0)
		rd_policy_release(p);
	return rc;
}

int
rd_policy_load_buf(struct rd_policy *p, const char *buf, size_t len,
		   const char *name, struct ck_error *err)
{
	return load(p, ck_yaml_load_buf(buf, len, name, err), err);
}

int
rd_policy_load(struct rd_policy *p, const char *spec, const char *datadir,
	       struct ck_error *err)
{
	struct ck_buf path = CK_BUF_INIT;
	size_t n = strlen(spec);
	int rc;

	if (strchr(spec, '/') != NULL ||
	    (n > 5 && strcmp(spec + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(spec + n - 4, ".yml") == 0))
		return load(p, ck_yaml_load_file(spec, err), err);
	if (*spec == '\0' || *spec == '.')
		return ck_error_set(err, 0, "invalid policy name '%s'", spec);
	if (ck_buf_appendf(&path, "%s/policies/%s.yaml", datadir, spec) < 0)
		return ck_error_set(err, ENOMEM, "out of memory");
	memset(p, 0, sizeof(*p));
	if (access(path.data, F_OK) != 0) {
		ck_error_set(err, 0, "no policy '%s' (presets: safe-harbor, "
			     "limited-dataset, pseudonymize; or a file)",
			     spec);
		ck_buf_release(&path);
		return -1;
	}
	rc = load(p, ck_yaml_load_file(path.data, err), err);
	ck_buf_release(&path);
	return rc;
}

void
rd_policy_release(struct rd_policy *p)
{
	size_t i;
	int t;

	for (t = 0; t < PHI_NTYPES; t++)
		free(p->rules[t].text);
	for (i = 0; i < p->nfields; i++)
		free(p->fields[i].key);
	free(p->fields);
	for (i = 0; i < p->novr; i++) {
		free(p->ovr[i].id);
		free(p->ovr[i].rule.text);
	}
	free(p->ovr);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

void
rd_policy_force(struct rd_policy *p, int op)
{
	size_t i;
	int t;

	for (i = 0; i < p->novr; i++) {
		free(p->ovr[i].id);
		free(p->ovr[i].rule.text);
	}
	free(p->ovr);
	p->ovr = NULL;
	p->novr = 0;
	for (t = 0; t < PHI_NTYPES; t++) {
		free(p->rules[t].text);
		p->rules[t].text = NULL;
		p->rules[t].max_days = SHIFT_DEFAULT_DAYS;
		/* --mode shift or generalize: the types they cannot take
		 * are tagged, never kept. */
		p->rules[t].op = op_fits(op, t) ? op : RD_TAG;
	}
}

int
rd_policy_field(const struct rd_policy *p, const char *key, size_t len)
{
	char *k;
	size_t i;
	int t = -1;

	if (p->nfields == 0 || (k = norm_key(key, len)) == NULL)
		return -1;
	for (i = 0; i < p->nfields; i++)
		if (strcmp(p->fields[i].key, k) == 0) {
			t = p->fields[i].type;
			break;
		}
	free(k);
	return t;
}

const struct rd_rule *
rd_policy_rule(const struct rd_policy *p, int type, const char *id)
{
	size_t i;

	if (id != NULL)
		for (i = 0; i < p->novr; i++)
			if (strcmp(p->ovr[i].id, id) == 0)
				return &p->ovr[i].rule;
	return &p->rules[type];
}

int
rd_policy_keyed(const struct rd_policy *p)
{
	size_t i;
	int t;

	for (t = 0; t < PHI_NTYPES; t++)
		if (rd_op_keyed(p->rules[t].op))
			return 1;
	for (i = 0; i < p->novr; i++)
		if (rd_op_keyed(p->ovr[i].rule.op))
			return 1;
	return 0;
}

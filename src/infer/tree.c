/* tree.c -- ai.onnx.ml TreeEnsembleClassifier and TreeEnsembleRegressor.
 *
 * Trees are flattened at load time.  Scores are summed in float, tree by
 * tree in ascending tree id, so results do not depend on batch or thread
 * count.  Where the ONNX spec is vague (binary classifiers with one score
 * column, base_values of length 1 or 2) infer follows onnxruntime's rules:
 * a single weighted class id makes a "binary case"; with all weights
 * non-negative the score is a probability of the positive class (label 1
 * when above 0.5, scores [1-p, p]); with mixed signs it is a margin (label
 * 1 when above 0, scores [-s, s], or their logistic). */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infer/onnx.pb-c.h"
#include "infer/ops.h"

enum { M_LEQ, M_LT, M_GTE, M_GT, M_EQ, M_NEQ, M_LEAF };
enum { PT_NONE, PT_LOGISTIC, PT_SOFTMAX, PT_SOFTMAX_ZERO, PT_PROBIT };
enum { AG_SUM, AG_AVERAGE, AG_MIN, AG_MAX };

struct tnode {
	int mode;
	int missing_true;
	int64_t feature;
	float value;
	int64_t t, f;		/* indices into nodes */
	size_t w0, nw;		/* weights of a leaf */
};

struct tree_state {
	int classifier;
	size_t nnodes, ntrees, nweights;
	struct tnode *nodes;
	int64_t *roots;
	int64_t *wclass;
	float *wval;
	int64_t nclass;		/* classes or targets */
	int64_t *labels;
	float *base;
	size_t nbase;
	int post;
	int agg;
	int binary_case, all_positive;
	int64_t max_feature;
};

static void
tree_release(struct node *n)
{
	struct tree_state *s = n->state;

	if (!s)
		return;
	free(s->nodes);
	free(s->roots);
	free(s->wclass);
	free(s->wval);
	free(s->labels);
	free(s->base);
	free(s);
	n->state = NULL;
}

struct key { int64_t tree, node; size_t idx; };

static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->tree != y->tree)
		return x->tree < y->tree ? -1 : 1;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return 0;
}

static int64_t
find_key(const struct key *k, size_t n, int64_t tree, int64_t node)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		struct key probe = { tree, node, 0 };
		int c = cmp_key(&k[mid], &probe);
		if (c == 0)
			return (int64_t)k[mid].idx;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
parse_mode(const Onnx__AttributeProto *a, size_t i)
{
	static const char *const names[] = { "BRANCH_LEQ", "BRANCH_LT",
		"BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ", "LEAF" };
	const ProtobufCBinaryData *s = &a->strings[i];

	for (int k = 0; k < 7; k++)
		if (strlen(names[k]) == s->len && !memcmp(names[k], s->data, s->len))
			return k;
	return -1;
}

static int
parse_enum(const struct node *n, const char *name, const char *def,
	   const char *const *names, int count, int *out, struct ck_error *err)
{
	const char *v = attr_str(n, name, def);

	for (int k = 0; k < count; k++)
		if (!strcmp(v, names[k])) {
			*out = k;
			return 0;
		}
	return ck_error_set(err, 0, "%s '%s' not supported", name, v);
}

static int
tree_prepare(struct node *n, const struct model *m, struct ck_error *err)
{
	int cls = !strcmp(n->p->op_type, "TreeEnsembleClassifier");

	(void)m;
	const char *pfx = cls ? "class_" : "target_";
	char nm[64];
	const int64_t *tid, *nid, *fid, *tn, *fn, *mtt = NULL, *wt, *wn, *wi;
	const float *val, *wv, *bv;
	const Onnx__AttributeProto *modes;
	size_t nn, nw, nmt, nb;
	struct tree_state *s;
	struct key *keys = NULL;
	static const char *const posts[] = { "NONE", "LOGISTIC", "SOFTMAX",
					     "SOFTMAX_ZERO", "PROBIT" };
	static const char *const aggs[] = { "SUM", "AVERAGE", "MIN", "MAX" };

	for (size_t i = 0; i < n->p->n_attribute; i++) {
		const char *an = n->p->attribute[i]->name ? n->p->attribute[i]->name : "";
		if (strstr(an, "_as_tensor"))
			return ck_error_set(err, 0, "attribute %s (double "
					    "thresholds) not supported", an);
	}
	if (attr_get(n, "classlabels_strings"))
		return ck_error_set(err, 0, "string class labels are not "
				    "supported");
	s = calloc(1, sizeof *s);
	if (!s)
		return ck_error_set(err, ENOMEM, "out of memory");
	n->state = s;
	s->classifier = cls;
	nn = attr_ints(n, "nodes_nodeids", &nid);
	modes = attr_get(n, "nodes_modes");
	if (attr_ints(n, "nodes_treeids", &tid) != nn ||
	    attr_ints(n, "nodes_featureids", &fid) != nn ||
	    attr_floats(n, "nodes_values", &val) != nn ||
	    attr_ints(n, "nodes_truenodeids", &tn) != nn ||
	    attr_ints(n, "nodes_falsenodeids", &fn) != nn ||
	    !modes || modes->n_strings != nn || nn == 0)
		return ck_error_set(err, 0, "nodes_* attributes missing or of "
				    "different lengths");
	nmt = attr_ints(n, "nodes_missing_value_tracks_true", &mtt);
	if (nmt && nmt != nn)
		return ck_error_set(err, 0, "nodes_missing_value_tracks_true of "
				    "the wrong length");
	snprintf(nm, sizeof nm, "%streeids", pfx);
	nw = attr_ints(n, nm, &wt);
	snprintf(nm, sizeof nm, "%snodeids", pfx);
	if (attr_ints(n, nm, &wn) != nw)
		return ck_error_set(err, 0, "%s* attributes differ in length", pfx);
	snprintf(nm, sizeof nm, "%sids", pfx);
	if (attr_ints(n, nm, &wi) != nw)
		return ck_error_set(err, 0, "%s* attributes differ in length", pfx);
	snprintf(nm, sizeof nm, "%sweights", pfx);
	if (attr_floats(n, nm, &wv) != nw)
		return ck_error_set(err, 0, "%s* attributes differ in length", pfx);
	if (parse_enum(n, "post_transform", "NONE", posts, 5, &s->post, err) < 0)
		return -1;
	if (!cls && parse_enum(n, "aggregate_function", "SUM", aggs, 4,
			       &s->agg, err) < 0)
		return -1;
	if (cls) {
		const int64_t *lab;
		size_t nl = attr_ints(n, "classlabels_int64s", &lab);
		if (nl == 0 || nl > 1000000)
			return ck_error_set(err, 0, "classlabels_int64s missing");
		s->nclass = (int64_t)nl;
		s->labels = malloc(nl * sizeof *s->labels);
		if (!s->labels)
			return ck_error_set(err, ENOMEM, "out of memory");
		memcpy(s->labels, lab, nl * sizeof *lab);
	} else {
		s->nclass = attr_int(n, "n_targets", 1);
		if (s->nclass < 1 || s->nclass > 1000000)
			return ck_error_set(err, 0, "n_targets out of range");
	}
	nb = attr_floats(n, "base_values", &bv);
	if (nb && nb != (size_t)s->nclass && !(cls && nb <= 2))
		return ck_error_set(err, 0, "base_values of the wrong length");
	s->nbase = nb;
	s->base = malloc((nb + 1) * sizeof *s->base);
	if (!s->base)
		return ck_error_set(err, ENOMEM, "out of memory");
	if (nb)
		memcpy(s->base, bv, nb * sizeof *bv);

	s->nnodes = nn;
	s->nodes = calloc(nn, sizeof *s->nodes);
	keys = malloc(nn * sizeof *keys);
	s->roots = malloc(nn * sizeof *s->roots);
	if (!s->nodes || !keys || !s->roots) {
		free(keys);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < nn; i++) {
		keys[i].tree = tid[i];
		keys[i].node = nid[i];
		keys[i].idx = i;
	}
	qsort(keys, nn, sizeof *keys, cmp_key);
	for (size_t i = 1; i < nn; i++)
		if (!cmp_key(&keys[i - 1], &keys[i])) {
			ck_error_set(err, 0, "node %lld of tree %lld given twice",
				     (long long)keys[i].node,
				     (long long)keys[i].tree);
			free(keys);
			return -1;
		}
	for (size_t i = 0; i < nn; i++) {
		struct tnode *t = &s->nodes[i];
		t->mode = parse_mode(modes, i);
		if (t->mode < 0) {
			free(keys);
			return ck_error_set(err, 0, "unknown node mode");
		}
		t->feature = fid[i];
		t->value = val[i];
		t->missing_true = nmt ? mtt[i] != 0 : 0;
		if (t->mode != M_LEAF) {
			if (fid[i] < 0 || fid[i] > 100000000) {
				free(keys);
				return ck_error_set(err, 0, "feature id out of range");
			}
			if (fid[i] > s->max_feature)
				s->max_feature = fid[i];
			t->t = find_key(keys, nn, tid[i], tn[i]);
			t->f = find_key(keys, nn, tid[i], fn[i]);
			/* children must come later in a tree walk: forbid
			 * cycles by requiring a child to differ from itself
			 * and bounding the depth at run time */
			if (t->t < 0 || t->f < 0) {
				free(keys);
				return ck_error_set(err, 0, "branch of node %lld "
						    "in tree %lld leads nowhere",
						    (long long)nid[i],
						    (long long)tid[i]);
			}
		}
	}
	/* roots: the first node (lowest id) of each tree, ascending tree id */
	for (size_t i = 0; i < nn; i++)
		if (i == 0 || keys[i].tree != keys[i - 1].tree)
			s->roots[s->ntrees++] = (int64_t)keys[i].idx;
	/* weights grouped by leaf, in attribute order */
	s->wclass = malloc((nw + 1) * sizeof *s->wclass);
	s->wval = malloc((nw + 1) * sizeof *s->wval);
	size_t *cnt = calloc(nn + 1, sizeof *cnt);
	int64_t *leaf = malloc((nw + 1) * sizeof *leaf);
	if (!s->wclass || !s->wval || !cnt || !leaf) {
		free(keys); free(cnt); free(leaf);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	s->all_positive = 1;
	unsigned char *used = calloc((size_t)s->nclass, 1);
	size_t nused = 0;
	if (!used) {
		free(keys); free(cnt); free(leaf);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < nw; i++) {
		leaf[i] = find_key(keys, nn, wt[i], wn[i]);
		if (leaf[i] < 0 || wi[i] < 0 || wi[i] >= s->nclass) {
			free(keys); free(cnt); free(leaf); free(used);
			return ck_error_set(err, 0, "weight %zu refers to a "
					    "missing node or class", i);
		}
		cnt[leaf[i]]++;
		if (wv[i] < 0)
			s->all_positive = 0;
		if (!used[wi[i]]++)
			nused++;
	}
	free(used);
	s->binary_case = cls && s->nclass == 2 && nused == 1;
	{
		size_t pos = 0;
		for (size_t i = 0; i < nn; i++) {
			s->nodes[i].w0 = pos;
			pos += cnt[i];
			cnt[i] = s->nodes[i].w0;
		}
		for (size_t i = 0; i < nw; i++) {
			size_t at = cnt[leaf[i]]++;
			s->wclass[at] = wi[i];
			s->wval[at] = wv[i];
			s->nodes[leaf[i]].nw++;
		}
	}
	s->nweights = nw;
	free(cnt);
	free(leaf);
	free(keys);
	return 0;
}

static float
logistic(float v)
{
	float e = 1.0f / (1.0f + expf(-fabsf(v)));

	return v < 0 ? 1.0f - e : e;
}

static float
erfinv(float x)
{
	/* as onnxruntime's ml_common.h */
	float sgn = x < 0 ? -1.0f : 1.0f;
	x = (1 - x) * (1 + x);
	float log = logf(x);
	float v = 2 / (3.14159265358979f * 0.147f) + 0.5f * log;
	float v2 = 1 / 0.147f * log;
	float v3 = -v + sqrtf(v * v - v2);
	x = sgn * sqrtf(v3);
	return x;
}

static float
probit(float v)
{
	return 1.41421356f * erfinv(v * 2 - 1);
}

static void
post(const struct tree_state *s, float *sc, size_t k)
{
	switch (s->post) {
	case PT_LOGISTIC:
		for (size_t i = 0; i < k; i++) sc[i] = logistic(sc[i]);
		break;
	case PT_PROBIT:
		for (size_t i = 0; i < k; i++) sc[i] = probit(sc[i]);
		break;
	case PT_SOFTMAX: case PT_SOFTMAX_ZERO: {
		float mx = -INFINITY, sum = 0;
		for (size_t i = 0; i < k; i++)
			if (sc[i] > mx) mx = sc[i];
		for (size_t i = 0; i < k; i++) {
			if (s->post == PT_SOFTMAX_ZERO && sc[i] == 0)
				continue;
			sc[i] = expf(sc[i] - mx);
			sum += sc[i];
		}
		for (size_t i = 0; i < k; i++)
			if (!(s->post == PT_SOFTMAX_ZERO && sc[i] == 0))
				sc[i] /= sum;
		break;
	}
	default:
		break;
	}
}

static int
tree_run(const struct node *n, const struct tensor *const *in,
	 struct tensor *out, struct ck_error *err)
{
	const struct tree_state *s = n->state;
	const struct tensor *x = in[0];
	size_t N, F, K = (size_t)s->nclass;
	float *score = NULL;
	unsigned char *has = NULL;
	int64_t d[2];
	float *Z;

	if (x->dtype != DT_FLOAT && x->dtype != DT_DOUBLE &&
	    x->dtype != DT_INT64 && x->dtype != DT_INT32)
		return ck_error_set(err, 0, "%s input not supported",
				    dtype_name(x->dtype));
	if (x->rank == 1) {
		N = 1;
		F = (size_t)x->dims[0];
	} else if (x->rank == 2) {
		N = (size_t)x->dims[0];
		F = (size_t)x->dims[1];
	} else {
		return ck_error_set(err, 0, "input of rank %d", x->rank);
	}
	if ((int64_t)F <= s->max_feature)
		return ck_error_set(err, 0, "input has %zu features, the trees "
				    "use feature %lld", F,
				    (long long)s->max_feature);
	d[0] = (int64_t)N;
	d[1] = (int64_t)K;
	if (s->classifier) {
		if (tensor_alloc(&out[0], DT_INT64, 1, d, err) < 0 ||
		    tensor_alloc(&out[1], DT_FLOAT, 2, d, err) < 0)
			return -1;
		Z = F32(&out[1]);
	} else {
		if (tensor_alloc(&out[0], DT_FLOAT, 2, d, err) < 0)
			return -1;
		Z = F32(&out[0]);
	}
	score = malloc((K + 2) * sizeof *score);
	has = malloc(K + 2);
	if (!score || !has) {
		free(score);
		free(has);
		return ck_error_set(err, ENOMEM, "out of memory");
	}
	for (size_t r = 0; r < N; r++) {
		memset(score, 0, (K + 2) * sizeof *score);
		memset(has, 0, K + 2);
		for (size_t t = 0; t < s->ntrees; t++) {
			int64_t i = s->roots[t];
			size_t depth = 0;

			while (s->nodes[i].mode != M_LEAF) {
				const struct tnode *nd = &s->nodes[i];
				float v = (float)tensor_get_f64(x, r * F + (size_t)nd->feature);
				int go;

				if (v != v) {
					go = nd->missing_true;
				} else switch (nd->mode) {
				case M_LEQ: go = v <= nd->value; break;
				case M_LT: go = v < nd->value; break;
				case M_GTE: go = v >= nd->value; break;
				case M_GT: go = v > nd->value; break;
				case M_EQ: go = v == nd->value; break;
				default: go = v != nd->value; break;
				}
				i = go ? nd->t : nd->f;
				if (++depth > s->nnodes) {
					free(score);
					free(has);
					return ck_error_set(err, 0, "tree %zu has "
							    "a cycle", t);
				}
			}
			const struct tnode *lf = &s->nodes[i];
			for (size_t w = lf->w0; w < lf->w0 + lf->nw; w++) {
				size_t c = (size_t)s->wclass[w];
				float v = s->wval[w];
				switch (s->agg) {
				case AG_MIN: if (!has[c] || v < score[c]) score[c] = v; break;
				case AG_MAX: if (!has[c] || v > score[c]) score[c] = v; break;
				default: score[c] += v; break;
				}
				has[c] = 1;
			}
		}
		float *z = Z + r * K;
		if (!s->classifier) {
			for (size_t c = 0; c < K; c++) {
				if (s->agg == AG_AVERAGE)
					score[c] /= (float)s->ntrees;
				if (s->nbase == K)
					score[c] += s->base[c];
			}
			if (K == 1) {
				z[0] = s->post == PT_PROBIT ? probit(score[0]) : score[0];
			} else {
				post(s, score, K);
				memcpy(z, score, K * sizeof *z);
			}
			continue;
		}
		int64_t label;
		if (K > 2) {
			int64_t best = -1;
			for (size_t c = 0; c < s->nbase; c++) {
				score[c] += s->base[c];
				has[c] = 1;
			}
			for (size_t c = 0; c < K; c++)
				if (has[c] && (best < 0 || score[c] > score[best]))
					best = (int64_t)c;
			label = s->labels[best < 0 ? 0 : best];
			post(s, score, K);
			memcpy(z, score, K * sizeof *z);
		} else {
			/* onnxruntime's binary rules */
			int wa = -1;
			size_t k = 2;
			if (s->nbase == 2) {
				if (has[1]) {
					score[1] = s->base[1] + score[0];
					score[0] = -score[1];
				} else {
					score[1] += s->base[1];
					score[0] += s->base[0];
				}
				has[1] = 1;
			} else if (s->nbase == 1) {
				score[0] += s->base[0];
				if (!has[1])
					k = 1;
			} else {
				wa = 3;
				if (!has[1])
					k = 1;
			}
			float pos = (k == 2 && has[1]) ? score[1] : score[0];
			if (s->binary_case) {
				if (s->all_positive) {
					wa = pos > 0.5f ? 0 : 1;
					label = s->labels[pos > 0.5f ? 1 : 0];
				} else {
					wa = pos > 0 ? 2 : 3;
					label = s->labels[pos > 0 ? 1 : 0];
				}
			} else {
				label = pos > 0 ? 1 : 0;
			}
			if (k == 2) {
				post(s, score, 2);
			} else if (s->post == PT_PROBIT) {
				score[0] = probit(score[0]);
				score[1] = 0;
			} else {
				float v = score[0];
				switch (wa) {
				case 0: case 1:
					score[0] = 1.0f - v;
					score[1] = v;
					break;
				case 2: case 3:
					if (s->post == PT_LOGISTIC) {
						score[0] = logistic(-v);
						score[1] = logistic(v);
					} else {
						score[0] = -v;
						score[1] = v;
					}
					break;
				default:
					score[0] = s->post == PT_LOGISTIC ?
						logistic(v) : v;
					score[1] = 0;
				}
			}
			memcpy(z, score, 2 * sizeof *z);
		}
		I64(&out[0])[r] = label;
	}
	free(score);
	free(has);
	return 0;
}

const struct op_def ops_tree[] = {
	{ "ai.onnx.ml", "TreeEnsembleClassifier", 1, 1, 2, 2, tree_run,
	  tree_prepare, tree_release },
	{ "ai.onnx.ml", "TreeEnsembleRegressor", 1, 1, 1, 1, tree_run,
	  tree_prepare, tree_release },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

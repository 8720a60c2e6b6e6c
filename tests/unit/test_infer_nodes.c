/* test_infer_nodes.c -- runs the ONNX backend node tests of Debian's
 * libonnx-testdata (ONNX_NODE_TESTS, default
 * /usr/share/libonnx-testdata/data/node) through infer's engine, TAP.
 *
 * A test whose model infer refuses at load time (an op it does not
 * implement, control flow, a type it does not hold) is skipped with the
 * reason; so is one whose run the engine refuses as "not supported" (an
 * attribute value or element type an implemented op does not take).  Every
 * other test must match every output: same type and shape, values within
 * 1e-5 absolute plus 1e-5 relative (NaN matching NaN).  A summary line
 * counts passed and skipped tests. */
#include <config.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "infer/model.h"
#include "infer/onnx.pb-c.h"

static int
read_file(const char *path, unsigned char **buf, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	long n;

	if (!fp)
		return -1;
	if (fseek(fp, 0, SEEK_END) < 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) < 0) {
		fclose(fp);
		return -1;
	}
	*buf = malloc((size_t)n + 1);
	if (!*buf || fread(*buf, 1, (size_t)n, fp) != (size_t)n) {
		free(*buf);
		fclose(fp);
		return -1;
	}
	*len = (size_t)n;
	fclose(fp);
	return 0;
}

/* Loads dir/name as a TensorProto into t.  1 ok, 0 missing, -1 error. */
static int
load_pb(const char *dir, const char *name, struct tensor *t,
	struct ck_error *err)
{
	char path[8192];
	unsigned char *buf;
	size_t len;
	Onnx__TensorProto *tp;
	struct tensor view;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (read_file(path, &buf, &len) < 0)
		return 0;
	tp = onnx__tensor_proto__unpack(NULL, len, buf);
	free(buf);
	if (!tp) {
		ck_error_set(err, 0, "%s does not parse", name);
		return -1;
	}
	rc = tensor_from_proto(&view, tp, NULL, err);
	if (rc == 0) {
		rc = tensor_copy(t, &view, err);
		tensor_release(&view);
	}
	onnx__tensor_proto__free_unpacked(tp, NULL);
	return rc < 0 ? -1 : 1;
}

static int
compare(const struct tensor *got, const struct tensor *want, char *why,
	size_t whylen)
{
	if (got->dtype != want->dtype) {
		snprintf(why, whylen, "type %s, expected %s",
			 dtype_name(got->dtype), dtype_name(want->dtype));
		return -1;
	}
	if (got->rank != want->rank || got->n != want->n) {
		snprintf(why, whylen, "rank %d (%zu elements), expected rank %d "
			 "(%zu)", got->rank, got->n, want->rank, want->n);
		return -1;
	}
	for (int i = 0; i < got->rank; i++)
		if (got->dims[i] != want->dims[i]) {
			snprintf(why, whylen, "dimension %d is %lld, expected "
				 "%lld", i, (long long)got->dims[i],
				 (long long)want->dims[i]);
			return -1;
		}
	for (size_t i = 0; i < got->n; i++) {
		double a = tensor_get_f64(got, i), b = tensor_get_f64(want, i);

		if (isnan(a) && isnan(b))
			continue;
		if (got->dtype != DT_FLOAT && got->dtype != DT_DOUBLE) {
			if (tensor_get_i64(got, i) != tensor_get_i64(want, i)) {
				snprintf(why, whylen, "element %zu is %lld, "
					 "expected %lld", i,
					 (long long)tensor_get_i64(got, i),
					 (long long)tensor_get_i64(want, i));
				return -1;
			}
			continue;
		}
		if (a == b)
			continue;
		if (!(fabs(a - b) <= 1e-5 + 1e-5 * fabs(b))) {
			snprintf(why, whylen, "element %zu is %.9g, expected %.9g",
				 i, a, b);
			return -1;
		}
	}
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 pass, 0 skip (why), -1 fail (why). */
static int
run_test(const char *dir, char *why, size_t whylen)
{
	char path[8192];
	struct model m;
	struct ck_error err;
	int result = 1, sets = 0;

	ck_error_clear(&err);
	snprintf(path, sizeof path, "%s/model.onnx", dir);
	if (model_load_file(&m, path, &err) < 0) {
		const char *msg = strstr(err.msg, ": ");
		snprintf(why, whylen, "%s", msg ? msg + 2 : err.msg);
		return 0;
	}
	for (int set = 0;; set++) {
		char sdir[8192], name[64];
		struct tensor *in, *out, want;
		int st;

		snprintf(sdir, sizeof sdir, "%s/test_data_set_%d", dir, set);
		struct stat sb;
		if (stat(sdir, &sb) < 0)
			break;
		sets++;
		in = calloc(m.ninputs + 1, sizeof *in);
		out = calloc(m.noutputs + 1, sizeof *out);
		for (size_t i = 0; i < m.ninputs && result == 1; i++) {
			snprintf(name, sizeof name, "input_%zu.pb", i);
			st = load_pb(sdir, name, &in[i], &err);
			if (st <= 0) {
				snprintf(why, whylen, "%s", st < 0 ? err.msg :
					 "missing input (optional inputs)");
				result = st < 0 && !strstr(err.msg, "unsupported") ?
					-1 : 0;
			}
		}
		if (result == 1 && model_run(&m, in, out, &err) < 0) {
			snprintf(why, whylen, "%s", err.msg);
			result = strstr(err.msg, "not supported") ? 0 : -1;
		} else if (result == 1) {
			for (size_t i = 0; i < m.noutputs && result == 1; i++) {
				snprintf(name, sizeof name, "output_%zu.pb", i);
				memset(&want, 0, sizeof want);
				st = load_pb(sdir, name, &want, &err);
				if (st <= 0) {
					snprintf(why, whylen, "expected output: %.900s",
						 st < 0 ? err.msg : "missing");
					result = 0;
				} else if (compare(&out[i], &want, why, whylen) < 0) {
					char tmp[2048];
					snprintf(tmp, sizeof tmp, "output '%.100s': %.800s",
						 m.outputs[i].name, why);
					snprintf(why, whylen, "%.1000s", tmp);
					result = -1;
				}
				tensor_release(&want);
			}
			for (size_t i = 0; i < m.noutputs; i++)
				tensor_release(&out[i]);
		}
		for (size_t i = 0; i < m.ninputs; i++)
			tensor_release(&in[i]);
		free(in);
		free(out);
		if (result != 1)
			break;
	}
	model_release(&m);
	if (result == 1 && sets == 0) {
		snprintf(why, whylen, "no test data");
		return 0;
	}
	return result;
}

int
main(void)
{
	const char *root = getenv("ONNX_NODE_TESTS");
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, pass = 0, skip = 0, fail = 0;

	if (!root || !*root)
		root = ONNX_NODE_TESTS_DIR;
	d = opendir(root);
	if (!d) {
		printf("1..0 # SKIP %s not found (apt-get install -y "
		       "libonnx-testdata)\n", root);
		return 0;
	}
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "test_", 5))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			names = realloc(names, cap * sizeof *names);
			if (!names)
				return 99;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_names);
	printf("1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		char dir[4096], why[1024] = "";

		if (strlen(names[i]) > 1000) {
			printf("not ok %zu - name too long\n", i + 1);
			fail++;
			continue;
		}
		int r;

		snprintf(dir, sizeof dir, "%s/%s", root, names[i]);
		r = run_test(dir, why, sizeof why);
		for (char *p = why; *p; p++)
			if (*p == '\n' || *p == '#')
				*p = ' ';
		if (r > 0) {
			printf("ok %zu - %s\n", i + 1, names[i]);
			pass++;
		} else if (r == 0) {
			printf("ok %zu - %s # SKIP %s\n", i + 1, names[i], why);
			skip++;
		} else {
			printf("not ok %zu - %s: %s\n", i + 1, names[i], why);
			fail++;
		}
		free(names[i]);
	}
	free(names);
	printf("# node tests: %zu passed, %zu skipped, %zu failed\n", pass,
	       skip, fail);
	return 0;
}

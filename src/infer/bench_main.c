/* bench_main.c -- infer-bench: times the engine on a model the way
 * onnxruntime's ort_bench.js does (same mulberry32 inputs, same hash
 * format), for bench/infer.sh.  Not installed.
 *
 *   infer-bench MODEL [--batch B] [-n N] [--warmup W] [--seed S]
 *               [--rows R] [-j T] [--dim NAME=V]...
 * --rows and -j run the batch as chunks of R rows on T threads
 * (model_run_rows); by default chunks as infer makes them
 * (model_chunk_rows); --rows 0 runs the batch whole.
 * prints one JSON object: hashes, latency p50/mean, samples/s and the
 * peak resident memory (VmHWM) in kB. */
#include <config.h>

#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/hash.h"
#include "infer/infer.h"

static uint32_t mb_state;

static double
mulberry32(void)
{
	uint32_t t;

	mb_state += 0x6D2B79F5u;
	t = mb_state;
	t = (t ^ (t >> 15)) * (t | 1);
	t ^= t + (t ^ (t >> 7)) * (t | 61);
	return (double)(t ^ (t >> 14)) / 4294967296.0;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The process's peak resident memory in kB (VmHWM), -1 if unknown. */
static long
peak_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *fp = fopen("/proc/self/status", "r");

	if (!fp)
		return -1;
	while (fgets(line, sizeof line, fp))
		if (!strncmp(line, "VmHWM:", 6))
			kb = strtol(line + 6, NULL, 10);
	fclose(fp);
	return kb;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	const char *path = NULL, *dn[8];
	long batch = 1, n = 1000, warm = 20, seed = 1, dv[8], rows = -1, jobs = 1;
	int ndims = 0;
	struct model m;
	struct ck_error err;

	/* Tensors of a batch are freed and made again on every run: keep
	 * the memory in the process instead of faulting it in each time. */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--batch") && i + 1 < argc) batch = atol(argv[++i]);
		else if (!strcmp(a, "-n") && i + 1 < argc) n = atol(argv[++i]);
		else if (!strcmp(a, "--warmup") && i + 1 < argc) warm = atol(argv[++i]);
		else if (!strcmp(a, "--seed") && i + 1 < argc) seed = atol(argv[++i]);
		else if (!strcmp(a, "--rows") && i + 1 < argc) rows = atol(argv[++i]);
		else if (!strcmp(a, "-j") && i + 1 < argc) jobs = atol(argv[++i]);
		else if (!strcmp(a, "--dim") && i + 1 < argc && ndims < 8) {
			char *eq = strchr(argv[++i], '=');
			if (!eq) return 2;
			*eq = '\0';
			dn[ndims] = argv[i];
			dv[ndims++] = atol(eq + 1);
		} else if (a[0] != '-' && !path) path = a;
		else {
			fprintf(stderr, "infer-bench: bad argument %s\n", a);
			return 2;
		}
	}
	if (!path || batch < 1 || n < 1 || rows < -1 || jobs < 1 || jobs > 256) {
		fprintf(stderr, "usage: infer-bench MODEL [--batch B] [-n N] "
			"[--warmup W] [--seed S] [--rows R] [-j T] "
			"[--dim NAME=V]\n");
		return 2;
	}
	if (model_load_file(&m, path, &err) < 0) {
		fprintf(stderr, "infer-bench: %s\n", err.msg);
		return 2;
	}
	struct tensor *in = calloc(m.ninputs + 1, sizeof *in);
	struct tensor *out = calloc(m.noutputs + 1, sizeof *out);
	const char **inames = calloc(m.ninputs + 1, sizeof *inames);
	const char **onames = calloc(m.noutputs + 1, sizeof *onames);
	double *lat = calloc((size_t)n, sizeof *lat);
	unsigned char ish[32], osh[32];
	char ihex[65], ohex[65];

	mb_state = (uint32_t)seed;
	for (size_t i = 0; i < m.ninputs; i++) {
		const struct value_info *vi = &m.inputs[i];
		int64_t d[INFER_MAX_RANK];
		inames[i] = vi->name;
		for (int k = 0; k < vi->rank; k++) {
			d[k] = vi->dims[k];
			for (int j = 0; d[k] < 0 && j < ndims; j++)
				if (vi->dim_names[k] && !strcmp(dn[j], vi->dim_names[k]))
					d[k] = dv[j];
			if (d[k] < 0 && k == 0)
				d[k] = batch;
			if (d[k] < 0) {
				fprintf(stderr, "infer-bench: give --dim %s=V\n",
					vi->dim_names[k] ? vi->dim_names[k] : "?");
				return 2;
			}
		}
		if (tensor_alloc(&in[i], vi->dtype, vi->rank, d, &err) < 0) {
			fprintf(stderr, "infer-bench: %s\n", err.msg);
			return 2;
		}
		for (size_t k = 0; k < in[i].n; k++) {
			double v = mulberry32();
			if (vi->dtype == DT_FLOAT)
				((float *)in[i].data)[k] = (float)v;
			else
				((int64_t *)in[i].data)[k] = (int64_t)(v * 10);
		}
	}
	for (size_t i = 0; i < m.noutputs; i++)
		onames[i] = m.outputs[i].name;
	infer_tensors_sha256(inames, in, m.ninputs, ish);
	if (rows < 0)
		rows = (long)model_chunk_rows(&m, in);
	if (model_run_rows(&m, in, out, (size_t)rows, (int)jobs, &err) < 0) {
		fprintf(stderr, "infer-bench: %s\n", err.msg);
		return 2;
	}
	infer_tensors_sha256(onames, out, m.noutputs, osh);
	for (size_t i = 0; i < m.noutputs; i++)
		tensor_release(&out[i]);
	for (long r = 0; r < warm; r++) {
		model_run_rows(&m, in, out, (size_t)rows, (int)jobs, &err);
		for (size_t i = 0; i < m.noutputs; i++)
			tensor_release(&out[i]);
	}
	double t0 = now_ms();
	for (long r = 0; r < n; r++) {
		double s = now_ms();
		model_run_rows(&m, in, out, (size_t)rows, (int)jobs, &err);
		lat[r] = now_ms() - s;
		for (size_t i = 0; i < m.noutputs; i++)
			tensor_release(&out[i]);
	}
	double total = now_ms() - t0, mean = 0;
	for (long r = 0; r < n; r++)
		mean += lat[r];
	mean /= (double)n;
	qsort(lat, (size_t)n, sizeof *lat, cmp_d);
	ck_hex_encode(ish, 32, ihex);
	ck_hex_encode(osh, 32, ohex);
	long b0 = m.ninputs && in[0].rank ? (long)in[0].dims[0] : 1;
	printf("{\"input_sha256\":\"%s\",\"output_sha256\":\"%s\","
	       "\"lat_ms\":{\"p50\":%.4f,\"mean\":%.4f},\"batch\":%ld,"
	       "\"samples_per_s\":%.1f,\"peak_kb\":%ld}\n", ihex, ohex,
	       lat[(n - 1) / 2], mean, b0,
	       (double)n * (double)b0 / (total / 1000.0), peak_kb());
	for (size_t i = 0; i < m.ninputs; i++)
		tensor_release(&in[i]);
	free(in);
	free(out);
	free(inames);
	free(onames);
	free(lat);
	model_release(&m);
	return 0;
}

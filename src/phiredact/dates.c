/* dates.c -- read the dates the engine finds, shift them by whole days
 * in their own format, or cut them to the year.
 *
 * A date is read as up to three parts (numbers and at most one month
 * name) before anything that looks like a time.  Which number is which
 * follows the writing: a four-digit first part is year-month-day (ISO
 * 8601); a dotted date is day.month.year (European); a first number over
 * 12 is a day; otherwise month/day/year (US).  The shifted date is
 * written back into the same slots, so "03/04/2021", "4 Mar 2021" and
 * "2021-03-04T10:22" keep their shape and their time.
 */
#include <config.h>

#include <string.h>

#include "common/timefmt.h"
#include "phiredact/redact.h"

static const char *const months[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

struct part {
	size_t off, len;
	int num;		/* value, or month 1..12 for a name */
	int name;		/* a month name */
};

struct date {
	struct part p[3];
	int np;
	int y, m, d;		/* indexes into p of year, month, day */
	size_t end;		/* where the date proper ends */
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
month_of(const char *s, size_t n)
{
	char w[16];
	size_t i;
	int m;

	if (n < 3 || n >= sizeof(w))
		return 0;
	for (i = 0; i < n; i++)
		w[i] = (char)(s[i] | 0x20);
	/* "Sept" and the full and three-letter names. */
	for (m = 0; m < 12; m++)
		if (strncmp(w, months[m], n) == 0 &&
		    (n == 3 || n == strlen(months[m]) ||
		     (m == 8 && n == 4)))
			return m + 1;
	return 0;
}

static int
days_in(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int
parse(const char *v, size_t n, struct date *dt)
{
	size_t i = 0, j;
	int names = 0, dotted = 0, k;

	memset(dt, 0, sizeof(*dt));
	dt->y = dt->m = dt->d = -1;
	while (i < n && dt->np < 3) {
		if (is_digit(v[i])) {
			struct part *p = &dt->p[dt->np];

			for (j = i; j < n && is_digit(v[j]); j++)
				;
			if (j - i > 8)
				return -1;
			p->off = i;
			p->len = j - i;
			for (p->num = 0; i < j; i++)
				p->num = p->num * 10 + (v[i] - '0');
			/* "20210304" is year, month and day in one part. */
			if (p->len == 8 && dt->np == 0)
				break;
			if (p->len > 4)
				return -1;
			dt->np++;
			if (i < n && v[i] == '.')
				dotted = 1;
			/* A time starts after the third part, or at 'T'. */
			if (i < n && (v[i] == 'T' || v[i] == ':'))
				break;
		} else if (is_alpha(v[i])) {
			struct part *p = &dt->p[dt->np];

			for (j = i; j < n && is_alpha(v[j]); j++)
				;
			k = month_of(v + i, j - i);
			if (k > 0) {
				if (++names > 1)
					return -1;
				p->off = i;
				p->len = j - i;
				p->num = k;
				p->name = 1;
				dt->np++;
			} else if (dt->np > 0 && j - i <= 2 &&
				   dt->p[dt->np - 1].name == 0) {
				/* an ordinal: "4th" */
			} else if (dt->np > 0) {
				break;	/* a weekday after, or "at" */
			}
			i = j;
		} else {
			i++;
		}
	}
	if (dt->np == 0 && dt->p[0].len == 8) {
		/* YYYYMMDD: three slots inside one run of digits. */
		struct part whole = dt->p[0];

		dt->p[0] = (struct part){ whole.off, 4, whole.num / 10000, 0 };
		dt->p[1] = (struct part){ whole.off + 4, 2,
					  whole.num / 100 % 100, 0 };
		dt->p[2] = (struct part){ whole.off + 6, 2, whole.num % 100,
					  0 };
		dt->np = 3;
		dt->y = 0;
		dt->m = 1;
		dt->d = 2;
		if (dt->p[1].num < 1 || dt->p[1].num > 12 || dt->p[2].num < 1)
			return -1;
		return 0;
	}
	if (dt->np != 3)
		return -1;
	for (k = 0; k < 3; k++)
		if (dt->p[k].name)
			dt->m = k;
	if (dt->m >= 0) {
		/* "4 Mar 2021", "Mar 4, 2021", "2021 Mar 4" */
		int a = dt->m == 0 ? 1 : 0, b = dt->m == 2 ? 1 : 2;

		if (dt->p[a].len == 4 || dt->p[a].num > 31) {
			dt->y = a;
			dt->d = b;
		} else {
			dt->d = a;
			dt->y = b;
		}
	} else if (dt->p[0].len == 4) {
		dt->y = 0;
		dt->m = 1;
		dt->d = 2;
	} else if (dotted || dt->p[0].num > 12) {
		dt->d = 0;
		dt->m = 1;
		dt->y = 2;
	} else {
		dt->m = 0;
		dt->d = 1;
		dt->y = 2;
	}
	if (dt->p[dt->y].len != 4 && dt->p[dt->y].len != 2)
		return -1;
	k = dt->p[dt->m].num;
	if (k < 1 || k > 12 || dt->p[dt->d].num < 1 ||
	    dt->p[dt->d].len > 2)
		return -1;
	return 0;
}

static int
full_year(const struct part *p)
{
	/* A two-digit year is read in a 100-year window ending 20 years
	 * ahead: for birth and visit dates that is what people mean. */
	if (p->len == 4)
		return p->num;
	return p->num <= 40 ? 2000 + p->num : 1900 + p->num;
}

static int
put_num(struct ck_buf *out, int v, const struct part *p)
{
	if (p->len >= 2)
		return ck_buf_appendf(out, "%0*d", (int)p->len, v);
	return ck_buf_appendf(out, "%d", v);
}

/* The month's name written as the original was: full or three letters,
 * capitalised or all capitals ("Mar", "MARCH"). */
static int
put_month(struct ck_buf *out, int m, int orig_m, const char *orig,
	  size_t len)
{
	const char *name = months[m - 1];
	size_t n = len == strlen(months[orig_m - 1]) && len > 3 ?
		   strlen(name) : 3, i;
	int upper = orig[0] >= 'A' && orig[0] <= 'Z';
	int all = upper && len > 1 && orig[1] >= 'A' && orig[1] <= 'Z';

	for (i = 0; i < n; i++) {
		char c = name[i];

		if (all || (upper && i == 0))
			c = (char)(c - 'a' + 'A');
		if (ck_buf_append_char(out, c) < 0)
			return -1;
	}
	return 0;
}

int
rd_date_shift(const char *v, size_t n, int days, struct ck_buf *out)
{
	struct date dt;
	size_t at = 0;
	int m, d, k, yr;
	int val[3];
	int64_t ny;
	unsigned nm, nd;

	if (parse(v, n, &dt) < 0)
		return -1;
	yr = full_year(&dt.p[dt.y]);
	m = dt.p[dt.m].num;
	d = dt.p[dt.d].num;
	if (d > days_in(yr, m))
		return -1;
	ck_civil_from_days(ck_days_from_civil(yr, (unsigned)m, (unsigned)d) +
			   days, &ny, &nm, &nd);
	if (ny < 1000 || ny > 9999)
		return -1;
	val[dt.y] = dt.p[dt.y].len == 2 ? (int)(ny % 100) : (int)ny;
	val[dt.m] = (int)nm;
	val[dt.d] = (int)nd;
	for (k = 0; k < 3; k++) {
		const struct part *p = &dt.p[k];

		if (ck_buf_append(out, v + at, p->off - at) < 0)
			return -1;
		if ((p->name ? put_month(out, val[k], p->num, v + p->off,
					 p->len)
			     : put_num(out, val[k], p)) < 0)
			return -1;
		at = p->off + p->len;
	}
	return ck_buf_append(out, v + at, n - at);
}

int
rd_date_year(const char *v, size_t n, struct ck_buf *out)
{
	struct date dt;

	if (parse(v, n, &dt) < 0 || dt.p[dt.y].len != 4)
		return -1;
	return ck_buf_appendf(out, "%04d", dt.p[dt.y].num);
}

/*
 * Parts wait in a ring of ready buffers; a worker takes the oldest,
 * scans it into its own set between two marks (ioc_set_mark) and gives
 * the buffer back. Which worker read which part is written down (by the
 * part's number), so that ioc_pool_each reads the sets in the text's
 * order whatever the order the workers finished in. Before they end,
 * the workers look their entries up in each other's sets (each flushed
 * first, then only read: ioc_sets_join), so that the thread that prints
 * has only to read what they found. The scanners and sets are each one
 * thread's until then; the allowlist is only read.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "ioc.h"
#include "iocpool.h"
#include "xmalloc.h"

struct part {
	struct buf text;
	size_t base, seq;
};

struct worker {
	pthread_t thread;
	struct ioc_pool *pool;
	size_t id;
	struct ioc_scanner *sc;
	struct ioc_set *set;
};

struct ioc_pool {
	pthread_mutex_t mu;
	pthread_cond_t ready_cv, free_cv;
	const struct ioc_allowlist *al;
	struct worker *w;
	size_t nw;
	struct part *parts;	/* 2 * nw buffers */
	size_t nparts;
	size_t *ready, rhead, nready;	/* a ring of part indexes */
	size_t *free, nfree;		/* a stack of part indexes */
	struct ioc_set **sets;	/* each worker's */
	struct ioc_part *marks;	/* by part number: see ioc_sets_each */
	size_t nseq, marks_alloc;
	int closing;
	int joining;		/* the workers join the sets before they end */
	size_t flushed;		/* workers whose set is flushed */
	pthread_cond_t flushed_cv;
};

/* Once the parts are read (ioc_pool_each): this worker's share of
 * reading the sets as one, when every worker has flushed its set. */
static void
join(struct worker *w)
{
	struct ioc_pool *p = w->pool;

	ioc_set_flush(w->set);
	pthread_mutex_lock(&p->mu);
	if (++p->flushed == p->nw)
		pthread_cond_broadcast(&p->flushed_cv);
	while (p->flushed < p->nw)
		pthread_cond_wait(&p->flushed_cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	ioc_sets_join(p->sets, p->nw, w->id);
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct ioc_pool *p = w->pool;
	struct part *pt;
	size_t k, from, to;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->nready == 0 && !p->closing)
			pthread_cond_wait(&p->ready_cv, &p->mu);
		if (p->nready == 0) {
			pthread_mutex_unlock(&p->mu);
			if (p->joining)
				join(w);
			return NULL;
		}
		k = p->ready[p->rhead];
		p->rhead = (p->rhead + 1) % p->nparts;
		p->nready--;
		pthread_mutex_unlock(&p->mu);

		pt = &p->parts[k];
		from = ioc_set_mark(w->set);
		ioc_scan_into(w->sc, pt->text.data, pt->text.len, pt->base,
		    w->set, p->al);
		to = ioc_set_mark(w->set);

		pthread_mutex_lock(&p->mu);
		p->marks[pt->seq] = (struct ioc_part){ w->id, from, to };
		p->free[p->nfree++] = k;
		pthread_cond_signal(&p->free_cv);
		pthread_mutex_unlock(&p->mu);
	}
}

struct ioc_pool *
ioc_pool_new(unsigned jobs, const struct ioc_allowlist *al,
    const struct ioc_columns *cols)
{
	struct ioc_pool *p = xcalloc(1, sizeof(*p));
	size_t i;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->ready_cv, NULL);
	pthread_cond_init(&p->free_cv, NULL);
	pthread_cond_init(&p->flushed_cv, NULL);
	p->al = al;
	p->nparts = 2 * (size_t)jobs;
	p->parts = xcalloc(p->nparts, sizeof(*p->parts));
	p->ready = xcalloc(p->nparts, sizeof(*p->ready));
	p->free = xcalloc(p->nparts, sizeof(*p->free));
	for (i = 0; i < p->nparts; i++) {
		buf_init(&p->parts[i].text, 0);
		p->free[p->nfree++] = i;
	}
	p->w = xcalloc(jobs, sizeof(*p->w));
	p->sets = xcalloc(jobs, sizeof(*p->sets));
	for (i = 0; i < jobs; i++) {
		struct worker *w = &p->w[p->nw];

		w->pool = p;
		w->id = p->nw;
		w->sc = ioc_scanner_new();
		ioc_scanner_columns(w->sc, cols);
		w->set = ioc_set_new();
		if (pthread_create(&w->thread, NULL, work, w) != 0) {
			ioc_scanner_free(w->sc);
			ioc_set_free(w->set);
			break;	/* fewer workers, or none */
		}
		p->sets[p->nw++] = w->set;
	}
	if (p->nw == 0) {
		ioc_pool_free(p);
		return NULL;
	}
	return p;
}

void
ioc_pool_give(struct ioc_pool *p, struct buf *b, size_t cut, size_t base)
{
	struct buf tmp;
	struct part *pt;
	size_t k;

	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->free_cv, &p->mu);
	k = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);

	/* The rest into the free buffer, which b becomes. */
	pt = &p->parts[k];
	buf_reset(&pt->text);
	buf_add(&pt->text, b->data + cut, b->len - cut);
	tmp = *b;
	*b = pt->text;
	pt->text = tmp;
	buf_truncate(&pt->text, cut);
	pt->base = base;

	pthread_mutex_lock(&p->mu);
	pt->seq = p->nseq++;
	if (p->nseq > p->marks_alloc) {
		p->marks_alloc = p->marks_alloc ? 2 * p->marks_alloc : 64;
		p->marks = xreallocarray(p->marks, p->marks_alloc,
		    sizeof(*p->marks));
	}
	p->ready[(p->rhead + p->nready++) % p->nparts] = k;
	pthread_cond_signal(&p->ready_cv);
	pthread_mutex_unlock(&p->mu);
}

/* Let the workers finish what is ready (and join the sets, when told),
 * and end them. */
static void
stop(struct ioc_pool *p, int joining)
{
	size_t i;

	pthread_mutex_lock(&p->mu);
	p->closing = 1;
	p->joining = joining;
	pthread_cond_broadcast(&p->ready_cv);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nw; i++)
		pthread_join(p->w[i].thread, NULL);
}

int
ioc_pool_each(struct ioc_pool *p, ioc_entry_fn fn, void *arg)
{
	if (!p->closing)
		stop(p, 1);
	return ioc_sets_each(p->sets, p->nw, p->marks, p->nseq, fn, arg);
}

void
ioc_pool_free(struct ioc_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	if (!p->closing)
		stop(p, 0);
	for (i = 0; i < p->nw; i++) {
		ioc_scanner_free(p->w[i].sc);
		ioc_set_free(p->w[i].set);
	}
	for (i = 0; i < p->nparts; i++)
		buf_release(&p->parts[i].text);
	free(p->w);
	free(p->sets);
	free(p->parts);
	free(p->ready);
	free(p->free);
	free(p->marks);
	pthread_cond_destroy(&p->ready_cv);
	pthread_cond_destroy(&p->free_cv);
	pthread_cond_destroy(&p->flushed_cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

unsigned
ioc_pool_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > IOC_POOL_MAX_DEFAULT ? IOC_POOL_MAX_DEFAULT :
	    (unsigned)n;
}

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "err.h"
#include "outbox.h"
#include "store.h"
#include "transport.h"
#include "xmalloc.h"

struct entry {
	struct buf raw;
	char *from, *rcpt, *status;
};

static int
copy_entry(const struct store_outbox *o, void *arg)
{
	struct entry *en = arg;

	buf_add(&en->raw, o->raw, o->size);
	en->from = xstrdup(o->envelope_from);
	en->rcpt = xstrdup(o->recipient);
	en->status = xstrdup(o->status);
	return 0;
}

static int
mark(struct store *s, int64_t id, const char *status, const char *error,
    outbox_then_fn then, void *arg, struct errbuf *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	if (store_outbox_mark(s, id, status, error, e) < 0 ||
	    (then && then(s, status, error, arg, e) < 0) ||
	    store_commit(s, e) < 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

int
outbox_deliver_with(struct store *s, const struct conf *conf,
    struct transport **t, int64_t id, outbox_then_fn then, void *arg,
    struct errbuf *e)
{
	struct entry en = { BUF_INIT, NULL, NULL, NULL };
	struct errbuf why = { 0 };
	const char *rcpts[1];
	int rc;

	rc = store_outbox_get(s, id, copy_entry, &en, e);
	if (rc <= 0 || strcmp(en.status, "pending") != 0) {
		if (rc == 0)
			err_set(e, ST_SOFTWARE, "outbox: no entry %lld",
			    (long long)id);
		rc = rc > 0 ? 0 : -1;
		goto out;
	}
	rcpts[0] = en.rcpt;
	if ((*t == NULL && transport_open(t, conf, &why) < 0) ||
	    transport_send(*t, en.from, rcpts, 1, en.raw.data, en.raw.len,
	    &why) < 0) {
		/* Only a refusal that will not pass fails the entry. */
		mark(s, id, why.status == ST_TEMPFAIL || why.status == ST_CONFIG ?
		    "pending" : "failed", why.msg, then, arg, e);
		*e = why;
		rc = -1;
		goto out;
	}
	rc = mark(s, id, "sent", NULL, then, arg, e);
out:
	buf_release(&en.raw);
	free(en.from);
	free(en.rcpt);
	free(en.status);
	return rc;
}

int
outbox_deliver(struct store *s, const struct conf *conf, int64_t id,
    struct errbuf *e)
{
	struct transport *t = NULL;
	int rc;

	rc = outbox_deliver_with(s, conf, &t, id, NULL, NULL, e);
	transport_close(t);
	return rc;
}

/* Mail loops (RFC 3834): whether a received message may be answered
 * automatically at all. Pure: it looks at the message and the envelope
 * only; the per-sender daily cap is the caller's, with the store. */
#ifndef MAILGW_LOOP_H
#define MAILGW_LOOP_H

struct message;

/* NULL when m may get an automatic reply, else why not (a static
 * string). envelope_sender is the SMTP MAIL FROM as the MTA gives it
 * ("" for a bounce), or NULL when unknown; our_address is the desk's. */
const char *loop_refusal(const struct message *m, const char *envelope_sender,
    const char *our_address);

#endif

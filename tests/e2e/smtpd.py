"""A real SMTP server for the transport tests (Debian's python3-aiosmtpd).

    smtpd.py --dir DIR [--cert PEM --key PEM] [--tls starttls|tls|none]
             [--user U --password P]

Listens on 127.0.0.1 on a free port, written to DIR/port once it
listens. Each message accepted is written to DIR/mail/N.eml as it came
(after dot-unstuffing), with DIR/mail/N.env holding the envelope and
how the session went ("from", "rcpt", "tls", "auth" lines). Recipients
decide the answer, so a test can ask for each case:
    reject*@...  550 5.1.1 to RCPT
    later*@...   451 4.3.0 to RCPT
    spam*@...    554 5.7.1 after DATA
Runs until killed.
"""
import argparse
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, out):
        self.out = out
        self.n = 0

    async def handle_RCPT(self, server, session, envelope, address, options):
        local = address.split("@")[0]
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: no such mailbox here" % address
        if local.startswith("later"):
            return "451 4.3.0 <%s>: mailbox busy, try later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(r.split("@")[0].startswith("spam") for r in envelope.rcpt_tos):
            return "554 5.7.1 message refused as spam"
        self.n += 1
        base = os.path.join(self.out, "mail", "%d" % self.n)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".env", "w") as f:
            f.write("from %s\n" % envelope.mail_from)
            for r in envelope.rcpt_tos:
                f.write("rcpt %s\n" % r)
            tls = server.transport.get_extra_info("ssl_object") is not None
            f.write("tls %s\n" % ("yes" if tls else "no"))
            f.write("auth %s\n" % (session.auth_data.login.decode()
                    if session.authenticated and session.auth_data
                    else "-"))
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 queued as %d" % self.n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--tls", default="starttls")
    ap.add_argument("--user")
    ap.add_argument("--password")
    a = ap.parse_args()
    os.makedirs(os.path.join(a.dir, "mail"), exist_ok=True)

    ctx = None
    if a.tls != "none":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and
              auth_data.login.decode() == a.user and
              auth_data.password.decode() == a.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    handler = Handler(a.dir)

    def factory():
        kw = dict(hostname="smtp.test", ident="mailgw test smtpd")
        if a.tls == "starttls":
            kw.update(tls_context=ctx, require_starttls=True)
        if a.user:
            kw.update(authenticator=authenticator, auth_required=True,
                      auth_require_tls=a.tls != "none")
        else:
            kw.update(auth_require_tls=False)
        return SMTP(handler, **kw)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            factory, "127.0.0.1", 0,
            ssl=ctx if a.tls == "tls" else None)
        port = server.sockets[0].getsockname()[1]
        with open(os.path.join(a.dir, "port.tmp"), "w") as f:
            f.write("%d\n" % port)
        os.rename(os.path.join(a.dir, "port.tmp"),
                  os.path.join(a.dir, "port"))
        await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# Writes the TNEF streams of this directory, as Outlook sends a rich text
# mail's attachments (winmail.dat, application/ms-tnef; [MS-OXTNEF]): a
# signature and a key, then attributes, each a level (1 the message, 2
# an attachment), an id, a length, the bytes and their checksum (their
# sum, 16 bits). Each attachment as Outlook writes it: rendering data,
# title, dates, bytes, rendering (metafile), then its MAPI properties.
# The message's own attributes come first: version, code page, class,
# its MAPI properties (the RTF body), which mailgw does not read. Run
# from this directory; the tests read the files, not this script.
import struct

OFFICE = '../office/'


def attr(level, aid, data):
    return (struct.pack('<BII', level, aid, len(data)) + data +
            struct.pack('<H', sum(data) & 0xffff))


def date():
    return struct.pack('<7H', 2026, 11, 22, 9, 0, 0, 0)


def mapi_long_name(name):
    """attAttachment: one property, PR_ATTACH_LONG_FILENAME (PT_STRING8)."""
    v = name + b'\0'
    pad = b'\0' * (-len(v) % 4)
    return struct.pack('<IHHII', 1, 0x001e, 0x3707, 1, len(v)) + v + pad


def tnef(files, body_props=b''):
    out = struct.pack('<IH', 0x223e9f78, 0x4e21)
    out += attr(1, 0x00089006, struct.pack('<I', 0x00010000))
    out += attr(1, 0x00069007, struct.pack('<II', 1252, 0))
    out += attr(1, 0x00078008, b'IPM.Microsoft Mail.Note\0')
    if body_props:
        out += attr(1, 0x00069003, body_props)
    for name, data in files:
        out += attr(2, 0x00069002,
                    struct.pack('<HIHHI', 1, 0xffffffff, 32, 32, 1))
        out += attr(2, 0x00018010, name + b'\0')
        out += attr(2, 0x00038012, date())
        out += attr(2, 0x00038013, date())
        out += attr(2, 0x0006800f, data)
        out += attr(2, 0x00068011, b'\x01\x00\x09\x00' + b'\0' * 14)
        out += attr(2, 0x00069005, mapi_long_name(name))
    return out


CSV = (b'"timestamp","ip","protocol","port","hostname","asn","geo"\r\n'
       b'"2026-11-21 04:05:06","198.51.100.71","udp",11211,'
       b'"cache7.example-idc.cn",64500,"CN"\r\n'
       b'"2026-11-21 04:05:07","198.51.100.72","udp",11211,,64500,"CN"\r\n')
NOTES = (b'Phishing kit seen at hxxp://login-secure-bank[.]top/verify '
         b'and mail from collect@evil-collect.xyz.\r\n')
PNG = (b'\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0'
       b'203.0.113.99 in a picture is no text')
# an RTF body, compressed as Outlook keeps it (uncompressed form, "MELA")
RTF = b'{\\rtf1 203.0.113.98}'
BODY = struct.pack('<IHHII', 1, 0x0102, 0x1009, 1, len(RTF) + 16) + \
    struct.pack('<IIII', len(RTF) + 12, len(RTF), 0x414c454d, 0) + RTF + \
    b'\0' * (-len(RTF) % 4)

with open(OFFICE + 'hosts.xlsx', 'rb') as f:
    XLSX = f.read()

streams = {
    # a partner's rich text mail: the CSV report and the notes
    'report.dat': tnef([(b'report.csv', CSV), (b'notes.txt', NOTES),
                        (b'logo.png', PNG), (b'empty.txt', b''),
                        (b'hosts.xlsx', XLSX)], BODY),
    # one file: a CSV report, whose rows are kept
    'one-csv.dat': tnef([(b'scan-20261121.csv', CSV)]),
}
# the notes' bytes changed after their checksum was written: the CSV
# before them is read, nothing from there on
broken = bytearray(streams['report.dat'])
at = bytes(broken).index(b'Phishing kit')
broken[at] ^= 0x20
streams['broken.dat'] = bytes(broken)
# cut inside the notes: the same
streams['cut.dat'] = streams['report.dat'][:at + 20]
# a workbook that does not open, beside a text that does
streams['bad-xlsx.dat'] = tnef([(b'hosts.xlsx', b'PK\x03\x04 no workbook'),
                                (b'notes.txt', NOTES)])
# a forward of a forward ...: a winmail.dat in a winmail.dat, 5 and 40
# deep, the notes in the innermost
for depth in (5, 40):
    inner = tnef([(b'notes.txt', NOTES)])
    for _ in range(depth - 1):
        inner = tnef([(b'winmail.dat', inner)])
    streams['nested-%d.dat' % depth] = inner
# the signature and nothing else: no attachment, nothing to complain of
streams['empty.dat'] = streams['report.dat'][:6]

for name, data in streams.items():
    with open(name, 'wb') as f:
        f.write(data)

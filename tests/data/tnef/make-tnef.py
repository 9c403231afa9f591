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
import base64
import struct

OFFICE = '../office/'


def attr(level, aid, data):
    return (struct.pack('<BII', level, aid, len(data)) + data +
            struct.pack('<H', sum(data) & 0xffff))


def date():
    return struct.pack('<7H', 2026, 11, 22, 9, 0, 0, 0)


def value(data):
    """A value of variable size: its size, its bytes, padding to four."""
    return struct.pack('<I', len(data)) + data + b'\0' * (-len(data) % 4)


def mapi_props(long_name, unicode):
    """attAttachment as Outlook writes it: properties before the long
    name (a PT_LONG, a named PT_BOOLEAN with a string name, a PT_BINARY
    and a multi-valued PT_LONG), then PidTagAttachLongFilename (0x3707)
    in UTF-16LE (PT_UNICODE) or 8-bit (PT_STRING8), then a PT_SYSTIME."""
    props = [
        struct.pack('<HHI', 0x0003, 0x0e21, 7),              # PT_LONG
        struct.pack('<HH', 0x000b, 0x8005) + b'G' * 16 +
        struct.pack('<I', 1) + value('Hidden\0'.encode('utf-16-le')) +
        struct.pack('<I', 0),                                # named bool
        struct.pack('<HHI', 0x0102, 0x3702, 1) + value(b'\x2a\x86\x48'),
        struct.pack('<HHIII', 0x1003, 0x6800, 2, 1, 2),      # PT_MV_LONG
    ]
    if unicode:
        props.append(struct.pack('<HHI', 0x001f, 0x3707, 1) +
                     value((long_name + '\0').encode('utf-16-le')))
    else:
        props.append(struct.pack('<HHI', 0x001e, 0x3707, 1) +
                     value(long_name.encode('cp1252') + b'\0'))
    props.append(struct.pack('<HHQ', 0x0040, 0x3007, 0x01d95e0a00000000))
    return struct.pack('<I', len(props)) + b''.join(props)


def tnef(files, body_props=b'', cp=1252, subject=b'', body=b''):
    out = struct.pack('<IH', 0x223e9f78, 0x4e21)
    out += attr(1, 0x00089006, struct.pack('<I', 0x00010000))
    out += attr(1, 0x00069007, struct.pack('<II', cp, 0))
    out += attr(1, 0x00078008, b'IPM.Microsoft Mail.Note\0')
    if subject:                 # attSubject, 8-bit in the code page
        out += attr(1, 0x00018004, subject + b'\0')
    if body:                    # attBody, the same
        out += attr(1, 0x0002800c, body)
    if body_props:
        out += attr(1, 0x00069003, body_props)
    for f in files:
        if isinstance(f, bytes):    # an attachment written already
            out += f
            continue
        name, data = f[0], f[1]
        out += attr(2, 0x00069002,
                    struct.pack('<HIHHI', 1, 0xffffffff, 32, 32, 1))
        out += attr(2, 0x00018010, name + b'\0')
        out += attr(2, 0x00038012, date())
        out += attr(2, 0x00038013, date())
        out += attr(2, 0x0006800f, data)
        out += attr(2, 0x00068011, b'\x01\x00\x09\x00' + b'\0' * 14)
        if len(f) > 2:      # the title an 8.3 name, the long one here
            out += attr(2, 0x00069005, mapi_props(f[2], f[3]))
    return out


IID_IMESSAGE = bytes.fromhex('0703020000000000c000000000000046')
IID_ISTORAGE = bytes.fromhex('0b00000000000000c000000000000046')


def message_props(subject, body):
    """attMsgProps of a message: a PT_LONG (PR_MESSAGE_FLAGS), then
    PR_SUBJECT (0x0037) and PR_BODY (0x1000) in UTF-16LE."""
    props = [
        struct.pack('<HHI', 0x0003, 0x0e07, 1),
        struct.pack('<HH', 0x001f, 0x0037) +
        struct.pack('<I', 1) + value((subject + '\0').encode('utf-16-le')),
        struct.pack('<HH', 0x001f, 0x1000) +
        struct.pack('<I', 1) + value((body + '\0').encode('utf-16-le')),
    ]
    return struct.pack('<I', len(props)) + b''.join(props)


def attached_message(title, stream, iid=IID_IMESSAGE):
    """An Outlook message attached, as Outlook writes it: rendering
    data, title (the message's subject), dates, and no bytes: they are
    in attAttachment, PR_ATTACH_METHOD 5 (an embedded message) and
    PR_ATTACH_DATA_OBJ (0x3701, PT_OBJECT): iid, then the message's
    own TNEF stream."""
    props = [
        struct.pack('<HHI', 0x0003, 0x3705, 5),
        struct.pack('<HHI', 0x000d, 0x3701, 1) + value(iid + stream),
    ]
    out = attr(2, 0x00069002, struct.pack('<HIHHI', 1, 0xffffffff, 32, 32,
                                          1))
    if title:
        out += attr(2, 0x00018010, title + b'\0')
    out += attr(2, 0x00038012, date())
    out += attr(2, 0x00038013, date())
    out += attr(2, 0x00069005, struct.pack('<I', len(props)) +
                b''.join(props))
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
    # (Outlook's titles are 8.3 names; the long names, one in UTF-16,
    # one in cp1252, are among the MAPI properties; the notes have no
    # properties: their title is their name)
    'report.dat': tnef([(b'REPORT~1.CSV', CSV, 'report-2026-11-21.csv', True),
                        (b'notes.txt', NOTES),
                        (b'logo.png', PNG), (b'empty.txt', b''),
                        (b'HOSTS~1.XLS', XLSX, 'Hosts für CNCERT.xlsx',
                         False)], BODY),
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
# a phish forwarded as an attachment from Outlook in rich text: the
# notes, and two messages attached. The first's subject and body are
# in its MAPI properties (UTF-16; its 8-bit attSubject is the older
# form), with a CSV report attached to it; the second, from a Chinese
# Outlook, has only attSubject and attBody, in code page 936 (GBK), and
# no title. Then what is not a message: an OLE object (another
# interface) holding a stream, and a message's IID before no stream.
# The forward's own body (attBody) is the mail's text, not read here.
PHISH = ('Dear customer, verify your account at '
         'hxxps://secure-pay-check[.]top/login today.\r\n'
         'Sent from 203.0.113.45.\r\n')
OLE = b'ole-object-not-read.top 203.0.113.201\r\n'
fw = tnef([(b'hosts.csv', CSV)], message_props(
    'Fw: Zahlungsbest\u00e4tigung', PHISH), subject=b'Fw: payment')
cn = tnef([], cp=936, subject='\u9493\u9c7c\u90ae\u4ef6'.encode('gbk'),
          body=('\u9493\u9c7c\u7f51\u7ad9 phish-cn-bank.top '
                '\u670d\u52a1\u5668 198.51.100.88\r\n').encode('gbk'))
streams['embedded.dat'] = tnef([
    (b'notes.txt', NOTES),
    attached_message('Fw: Zahlungsbest\u00e4tigung'.encode('cp1252'), fw),
    attached_message(b'', cn),
    attached_message(b'object.bin', tnef([(b'ole.txt', OLE)]),
                     IID_ISTORAGE),
    attached_message(b'nothing.msg', b'no stream here'),
], body=b'Forwarded as asked (the mail repeats this: 203.0.113.97).\r\n')
# an Outlook message attached in one attached in one ..., 20 deep, the
# notes in the innermost: each stream a little longer than the one it
# holds (TNEF does not compress), what max_attachment_size bounds in all
inner = tnef([(b'notes.txt', NOTES)])
for _ in range(19):
    inner = tnef([attached_message(b'Fw: notes', inner)])
streams['chain-20.dat'] = inner
# a mail saved as a file (fw.eml) in a winmail.dat, a winmail.dat
# attached to it in base64, the notes in that: the same bound through
# the mail
eml = (b'From: soc@bank.example\r\nSubject: fw\r\nMIME-Version: 1.0\r\n'
       b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
       b'--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n'
       b'--b\r\nContent-Type: application/ms-tnef\r\n'
       b'Content-Disposition: attachment; filename="winmail.dat"\r\n'
       b'Content-Transfer-Encoding: base64\r\n\r\n' +
       base64.encodebytes(tnef([(b'notes.txt', NOTES)])).replace(
           b'\n', b'\r\n') + b'--b--\r\n')
streams['eml-in.dat'] = tnef([(b'fw.eml', eml)])
# the signature and nothing else: no attachment, nothing to complain of
streams['empty.dat'] = streams['report.dat'][:6]

for name, data in streams.items():
    with open(name, 'wb') as f:
        f.write(data)

#!/usr/bin/env python3
"""Write a minimal Outlook .msg (an OLE2 compound file, MS-CFB version 3,
with MS-OXMSG property streams) holding the given subject, sender and
body: test material for mailgw, which reads .msg attachments through
msgconvert. Usage: make-msg.py OUT SUBJECT SENDER BODY"""
import struct
import sys

SECTOR = 512
MINI = 64
ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def utf16(s):
    return s.encode('utf-16-le')


def main():
    out, subject, sender, body = sys.argv[1:5]
    streams = [
        ('__substg1.0_0037001F', utf16(subject)),
        ('__substg1.0_0C1F001F', utf16(sender)),
        ('__substg1.0_0C1A001F', utf16(sender.split('@')[0])),
        ('__substg1.0_1000001F', utf16(body)),
    ]
    # every stream is under 4096 bytes: all in the mini stream
    mini = b''
    starts = []
    for _, data in streams:
        assert len(data) < 4096
        starts.append(len(mini) // MINI)
        mini += data + b'\0' * (-len(data) % MINI)
    minifat = []
    for (_, data), start in zip(streams, starts):
        n = max(1, -(-len(data) // MINI))
        minifat += [start + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
    minifat_bytes = b''.join(struct.pack('<I', x) for x in minifat)
    minifat_bytes += b'\xff' * (-len(minifat_bytes) % SECTOR)

    # directory: root, then the streams as a chain of right siblings in
    # the order CFB compares names (length, then upper case)
    order = sorted(range(len(streams)),
                   key=lambda i: (len(streams[i][0]), streams[i][0].upper()))

    def entry(name, kind, left, right, child, start, size):
        n = utf16(name) + b'\0\0'
        return (n + b'\0' * (64 - len(n)) +
                struct.pack('<HBBIII', len(n), kind, 1, left, right, child) +
                b'\0' * 16 + b'\0' * 4 + b'\0' * 16 +
                struct.pack('<IQ', start, size))

    # sectors: 0 the FAT, then the directory, the mini FAT, the mini
    # stream
    nminifat = len(minifat_bytes) // SECTOR
    ndir_entries = 1 + len(streams)
    dir_sectors = -(-ndir_entries * 128 // SECTOR)
    first_dir = 1
    first_minifat = first_dir + dir_sectors
    first_mini = first_minifat + nminifat
    mini_sectors = -(-len(mini) // SECTOR)
    dirs = entry('Root Entry', 5, NOSTREAM, NOSTREAM, 1 + order[0],
                 first_mini, len(mini))
    table = {}
    for pos, i in enumerate(order):
        table[i] = 1 + order[pos + 1] if pos + 1 < len(order) else NOSTREAM
    for i, (name, data) in enumerate(streams):
        dirs += entry(name, 2, NOSTREAM, table[i], NOSTREAM, starts[i],
                      len(data))
    dirs += (b'\0' * 64 + struct.pack('<HBBIII', 0, 0, 0, NOSTREAM, NOSTREAM,
             NOSTREAM) + b'\0' * 48) * (dir_sectors * 4 - ndir_entries)

    fat = [FATSECT]

    def chain(first, n):
        return [first + i + 1 for i in range(n - 1)] + [ENDOFCHAIN]
    fat += chain(first_dir, dir_sectors)
    fat += chain(first_minifat, nminifat)
    fat += chain(first_mini, mini_sectors)
    assert len(fat) <= SECTOR // 4
    fat_bytes = b''.join(struct.pack('<I', x) for x in fat)
    fat_bytes += b'\xff' * (SECTOR - len(fat_bytes))

    header = (b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 16 +
              struct.pack('<HHHHH', 0x3E, 3, 0xFFFE, 9, 6) + b'\0' * 6 +
              struct.pack('<IIIIIIIII', 0, 1, first_dir, 0, 4096,
                          first_minifat, nminifat, ENDOFCHAIN, 0) +
              struct.pack('<I', 0) + b'\xff' * (108 * 4))
    assert len(header) == SECTOR
    mini += b'\0' * (-len(mini) % SECTOR)
    with open(out, 'wb') as f:
        f.write(header + fat_bytes + dirs + minifat_bytes + mini)


main()

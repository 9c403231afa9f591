#!/usr/bin/env python3
# Writes the Excel workbooks of this directory, in it (run once, from
# it; the tests read the files, not this script). A zip entry carries
# the time it was written: running this again changes the bytes that
# ../xlsx-report.eml and ../xlsx-sheets.eml embed (hosts.xlsx,
# two-sheets.xlsx, dtd.xlsx, base64), so those would be made again too. Each is the smallest workbook Excel and
# LibreOffice open: content types, relationships, workbook, sheets, and
# shared strings where a sheet uses them.
import zipfile

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="rels" ContentType="application/'
      'vnd.openxmlformats-package.relationships+xml"/><Default Extension='
      '"xml" ContentType="application/xml"/><Override PartName="/xl/'
      'workbook.xml" ContentType="application/vnd.openxmlformats-'
      'officedocument.spreadsheetml.sheet.main+xml"/>%s</Types>')
SHEET_CT = ('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'worksheet+xml"/>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas'
        '.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>')
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
      'relationships"')


def workbook(path, sheets, strings=None, order=None):
    """sheets: [(name, rows xml)]; order: the sheet files' numbers in
    the workbook's tab order (default 1, 2, ...)."""
    order = order or list(range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT % ''.join(
            SHEET_CT % i for i in order))
        z.writestr('_rels/.rels', RELS)
        z.writestr('xl/workbook.xml',
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '\n<workbook %s><sheets>%s</sheets></workbook>' % (NS, ''.join(
                       '<sheet name="%s" sheetId="%d" r:id="rId%d"/>'
                       % (name, k + 1, order[k])
                       for k, (name, _) in enumerate(sheets))))
        z.writestr('xl/_rels/workbook.xml.rels',
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '\n<Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships">%s</Relationships>' % ''.join(
                       '<Relationship Id="rId%d" Type="http://schemas.'
                       'openxmlformats.org/officeDocument/2006/relationships/'
                       'worksheet" Target="worksheets/sheet%d.xml"/>' % (i, i)
                       for i in order))
        for k, (_, rows) in enumerate(sheets):
            z.writestr('xl/worksheets/sheet%d.xml' % order[k],
                       '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                       '\n<worksheet %s><sheetData>%s</sheetData></worksheet>'
                       % (NS, rows))
        if strings is not None:
            z.writestr('xl/sharedStrings.xml',
                       '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                       '\n<sst %s count="%d" uniqueCount="%d">%s</sst>'
                       % (NS, len(strings), len(strings), ''.join(strings)))


def s(i, ref):
    return '<c r="%s" t="s"><v>%d</v></c>' % (ref, i)


def n(v, ref):
    return '<c r="%s"><v>%s</v></c>' % (ref, v)


def inline(text, ref):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


# A scan feed's report: a header row, shared strings, inline strings,
# numbers, an empty cell (C3), rich text in runs, a phonetic run.
hosts_strings = [
    '<si><t>ip</t></si>', '<si><t>port</t></si>',
    '<si><t>timestamp</t></si>', '<si><t>hostname</t></si>',
    '<si><t>203.0.113.10</t></si>',
    '<si><r><t>2026-11-21 </t></r><r><rPr><b/></rPr><t>01:02:03</t></r>'
    '</si>',
    '<si><t>host1.example.com</t><rPh sb="0" eb="1"><t>ホスト</t></rPh></si>',
    '<si><t xml:space="preserve">mail\tserver\nof the bank</t></si>',
]
workbook('hosts.xlsx', [('Hosts',
    '<row r="1">%s%s%s%s</row>' % (s(0, 'A1'), s(1, 'B1'), s(2, 'C1'),
                                    s(3, 'D1')) +
    '<row r="2">%s%s%s%s</row>' % (s(4, 'A2'), n(23, 'B2'), s(5, 'C2'),
                                    s(6, 'D2')) +
    '<row r="3">%s%s%s</row>' % (inline('198.51.100.20', 'A3'),
                                 n(8080, 'B3'), s(7, 'D3')))],
    hosts_strings)

# Two sheets, the second before the first in the archive's numbering:
# each is read under its name, in the workbook's order.
workbook('two-sheets.xlsx', [
    ('感染主机', '<row r="1">%s</row><row r="2">%s</row>' % (
        inline('地址', 'A1'), inline('192.0.2.77', 'A2'))),
    ('Notes', '<row r="1">%s</row>' % inline(
        'C2 at hxxp://c2-panel[.]info/gate', 'B1'))], order=[2, 1])

# A sheet with a DTD (a billion laughs): refused, the other sheet read.
laughs = ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b '
          '"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
workbook('dtd.xlsx', [
    ('Good', '<row r="1">%s</row>' % inline('192.0.2.1', 'A1')),
    ('Bad', '<row r="1">%s</row>' % inline('&b;', 'A1'))])
# sheet2 again, with the DTD in front of its root element
src = zipfile.ZipFile('dtd.xlsx')
items = [(i, src.read(i.filename)) for i in src.infolist()]
src.close()
with zipfile.ZipFile('dtd.xlsx', 'w',
                     zipfile.ZIP_DEFLATED) as z:
    for info, data in items:
        if info.filename == 'xl/worksheets/sheet2.xml':
            data = data.replace(b'?>\n<worksheet', b'?>\n' +
                                laughs.encode() + b'<worksheet')
        z.writestr(info, data)

# Amplification: one shared string of 100 bytes in 2,000 cells, 200 KB
# of text from a few KB of XML; a reader stops at its limit.
workbook('amplified.xlsx', [('Rows', ''.join(
    '<row r="%d">%s</row>' % (k, s(0, 'A%d' % k)) for k in range(1, 2001)))],
    ['<si><t>%s</t></si>' % ('192.0.2.1 is scanning port 23 ' * 4)[:100]])

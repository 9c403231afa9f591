#!/usr/bin/env python3
# Writes the Excel workbooks and the Word document of this directory, and
# the messages of tests/data that carry them (xlsx-report.eml,
# xlsx-sheets.eml, docx-notice.eml). Run from this directory; the tests
# read the files, not this script. Each document is the smallest that
# Excel, Word and LibreOffice open; the zip entries carry a fixed time,
# so that the same script writes the same bytes.
import base64
import zipfile

FIXED = (2026, 11, 22, 0, 0, 0)


class Zip(zipfile.ZipFile):
    """A zip archive whose entries carry FIXED as their time."""

    def writestr(self, name, data, *args, **kwargs):
        if isinstance(name, str):
            name = zipfile.ZipInfo(name, FIXED)
            name.compress_type = zipfile.ZIP_DEFLATED
        return super().writestr(name, data, *args, **kwargs)


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
    with Zip(path, 'w') as z:
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
with Zip('dtd.xlsx', 'w') as z:
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

# A Word document: a notice of an incident in Chinese, an address glued
# to its words, a tab stop's definition (no tab), a line break, text
# deleted with changes tracked (not shown, not read), a table of hosts
# and a link whose text does not show its target.
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(*runs, props=''):
    return '<w:p>%s%s</w:p>' % (props, ''.join(runs))


def run(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % text


cells = lambda *c: '<w:tr>%s</w:tr>' % ''.join(
    '<w:tc><w:tcPr/>%s</w:tc>' % para(run(x)) for x in c)
body = (para(run('关于仿冒网站的通报')) +
        para(run('受影响主机地址：203.0.113.66，'),
             '<w:r><w:br/></w:r>', run('请尽快处置。'),
             props='<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/>'
             '</w:tabs></w:pPr>') +
        para(run('端口'), '<w:r><w:tab/></w:r>', run('443'),
             '<w:del><w:r><w:delText>10.9.9.9</w:delText></w:r></w:del>') +
        '<w:tbl>%s%s</w:tbl>' % (cells('IP', '域名'),
                                 cells('198.51.100.66', 'phish-docx[.]com')) +
        para('<w:hyperlink r:id="rId9">%s</w:hyperlink>' % run('点击此处')))


def document(path, body):
    with Zip(path, 'w') as z:
        write_document(z, body)


def write_document(z, body):
    z.writestr('[Content_Types].xml', CT.replace(
        'xl/workbook.xml', 'word/document.xml').replace(
        'spreadsheetml.sheet.main+xml', 'wordprocessingml.document.main+xml')
        % '')
    z.writestr('_rels/.rels', RELS.replace('xl/workbook.xml',
                                           'word/document.xml'))
    z.writestr('word/document.xml',
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<w:document %s xmlns:r="http://schemas.openxmlformats.org/'
               'officeDocument/2006/relationships"><w:body>%s</w:body>'
               '</w:document>' % (W, body))
    z.writestr('word/_rels/document.xml.rels',
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/'
               'package/2006/relationships"><Relationship Id="rId9" Type='
               '"http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships/hyperlink" Target="http://login.phish-docx.com/'
               'verify?id=7" TargetMode="External"/><Relationship Id="rId1" '
               'Type="http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships/styles" Target="styles.xml"/></Relationships>')


document('notice.docx', body)
# A long list of hosts, one a paragraph, each address in two runs (as
# Word splits text it checked for spelling): 90 KB of XML in a few KB of
# zip.
document('long-notice.docx', para(run('受害主机列表')) + ''.join(
    para(run('198.51.%d.' % (k // 250)), run('%d' % (k % 250 + 1)))
    for k in range(1000)))

def attachment(path, ctype, disposition):
    return ('Content-Type: %s\nContent-Disposition: attachment; %s\n'
            'Content-Transfer-Encoding: base64\n\n%s' % (
                ctype, disposition,
                base64.encodebytes(open(path, 'rb').read()).decode()))


def message(path, msgid, subject, text, *parts):
    with open(path, 'w') as f:
        f.write('From: Scan Feed <feed@scanfeed.example>\n'
                'To: cert@cert.example\nSubject: %s\n'
                'Date: Sun, 22 Nov 2026 09:00:00 +0800\n'
                'Message-ID: <%s>\nMIME-Version: 1.0\n'
                'Content-Type: multipart/mixed; boundary="xb"\n\n'
                '--xb\nContent-Type: text/plain; charset=utf-8\n'
                'Content-Transfer-Encoding: base64\n\n%s\n' % (
                    subject, msgid,
                    base64.encodebytes(text.encode()).decode()))
        for p in parts:
            f.write('--xb\n%s\n' % p)
        f.write('--xb--\n')


OOXML = 'application/vnd.openxmlformats-officedocument.'
message('../xlsx-report.eml', 'xlsx-report@scanfeed.example',
        '=?utf-8?B?%s?=' % base64.b64encode('受害主机列表'.encode()).decode(),
        '各位好：\n附件为本周发现的受害主机列表，请协调处置。\n',
        attachment('hosts.xlsx', OOXML + 'spreadsheetml.sheet',
                   "filename*=utf-8''%E5%8F%97%E5%AE%B3%E4%B8%BB%E6%9C%BA"
                   '.xlsx'))
message('../xlsx-sheets.eml', 'xlsx-sheets@scanfeed.example',
        'Two workbooks', 'Two workbooks, as Outlook sends them.\n',
        attachment('two-sheets.xlsx',
                   'application/octet-stream; name="infected.xlsx"',
                   'filename="infected.xlsx"'),
        attachment('dtd.xlsx', 'application/octet-stream; name="laughs.xlsx"',
                   'filename="laughs.xlsx"'))
message('../docx-long.eml', 'docx-long@bank.example.cn', 'List',
        'The list.\n', attachment('long-notice.docx',
                                   OOXML + 'wordprocessingml.document',
                                   'filename="long-notice.docx"'))
message('../docx-notice.eml', 'docx-notice@bank.example.cn',
        '=?utf-8?B?%s?=' % base64.b64encode('通报'.encode()).decode(),
        '附件为通报，请查收。\n',
        attachment('notice.docx', OOXML + 'wordprocessingml.document',
                   'filename="notice.docx"'))

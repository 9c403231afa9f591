/* Office Open XML documents partners attach, read as text: an Excel
 * workbook's cells as tab-separated rows (a spreadsheet of hosts, read
 * for its indicators and, with a header row, kept as a report's rows),
 * a Word document's paragraphs. */
#ifndef MAILGW_OOXML_H
#define MAILGW_OOXML_H

#include <stddef.h>

struct buf;

/* 1 when name[0..n) is an Excel workbook's (".xlsx", ".xlsm"). */
int xlsx_name(const char *name, size_t n);

/*
 * The worksheets of the workbook data[0..len) into out (UTF-8): a row a
 * line, its cells apart by tabs, in their columns (an empty cell is an
 * empty field); a tab or line break inside a cell becomes a space. One
 * sheet is its rows alone; several are each under a line "-- NAME --"
 * (the sheet's name in the workbook). No more than max bytes are
 * inflated, nor written to out: a sheet cut there ends at its last
 * whole row. -1 when data is no workbook (no zip, no sheet); else the
 * number of sheets not read whole (cut, broken XML, a DTD: a workbook
 * has none, so none is read and no entity expanded).
 */
int xlsx_text(const void *data, size_t len, size_t max, struct buf *out);

/* 1 when name[0..n) is a Word document's (".docx", ".docm"). */
int docx_name(const char *name, size_t n);

/*
 * The text of the Word document data[0..len) into out (UTF-8): a
 * paragraph a line, a table's row a line with its cells apart by tabs;
 * then, under a line "-- links --", the targets of its hyperlinks, one a
 * line. No more than max bytes are inflated, nor written. -1 when data
 * is no Word document; 1 when its text was not read whole (cut at max,
 * broken XML, a DTD), what came before given; 0 else.
 */
int docx_text(const void *data, size_t len, size_t max, struct buf *out);

#endif

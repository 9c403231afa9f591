#!/bin/sh
# A pdftotext that writes its text, closes its output and does not
# end (tests/unit/test-pdftext).
echo "scan from 192.0.2.3"
exec >&-
exec sleep 60

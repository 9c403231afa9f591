#!/bin/sh
# A pdftotext that writes without end (tests/unit/test-pdftext).
while :; do echo "scan from 192.0.2.1 and 192.0.2.2"; done

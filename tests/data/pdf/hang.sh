#!/bin/sh
# A pdftotext that never ends (tests/unit/test-pdftext).
exec sleep 60

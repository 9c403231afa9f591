#!/bin/sh
# A pdftotext that crashes (tests/unit/test-pdftext).
kill -SEGV $$

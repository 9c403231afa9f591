#!/bin/sh
# check.sh: install what is missing, then build with --enable-werror and
# run the whole test suite, build again with AddressSanitizer and
# UndefinedBehaviorSanitizer and run it there, and run make distcheck.
# This is what CI runs (.ci/run).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. "$top/scripts/deps.sh"
install_missing

jobs=$(nproc 2>/dev/null || echo 2)
autoreconf -fi >/dev/null

build() {
	dir=$1
	shift
	echo "== build in $dir: configure $*"
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && "$top/configure" -q "$@" && make -s -j"$jobs")
}

check() {
	echo "== make check in $1"
	if ! (cd "$1" && make -s -j"$jobs" check); then
		for log in $(find "$1/tests" -name '*.log'); do
			grep -q '^\(FAIL\|ERROR\)' "${log%.log}.trs" 2>/dev/null &&
			    { echo "--- $log"; tail -n 40 "$log"; }
		done
		exit 1
	fi
}

build _build/werror --enable-werror
check _build/werror

build _build/sanitizers --enable-sanitizers --enable-werror
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    check _build/sanitizers

echo "== make distcheck"
(cd _build/werror && make -s -j"$jobs" distcheck \
    DISTCHECK_CONFIGURE_FLAGS=--enable-werror >/dev/null)
echo "== all checks passed"

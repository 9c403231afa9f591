#!/bin/sh
# deps.sh: install, with apt-get, the Debian packages mailgw needs to be
# built and tested, and only those that are missing. Sourced by demo.sh
# and check.sh; run it alone as root to prepare a machine.
set -eu

MAILGW_PACKAGES="
	autoconf automake build-essential pkg-config
	libetpan-dev libgpgme-dev libsqlite3-dev libmagic-dev libinih-dev
	libjansson-dev nettle-dev libgumbo-dev libcmocka-dev
	zlib1g-dev libminizip-dev libexpat1-dev libbz2-dev liblzma-dev
	libpsl-dev libidn2-dev libcsv-dev
	libgnutls28-dev libsasl2-modules
	sqlite3 jq gnupg util-linux coreutils chromium netpbm poppler-utils
	libemail-outlook-message-perl libemail-address-perl
	python3-aiosmtpd openssl postfix
"

missing_packages() {
	for p in $MAILGW_PACKAGES; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		    grep -q "^install ok installed$" || printf '%s ' "$p"
	done
}

install_missing() {
	missing=$(missing_packages)
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "mailgw: missing Debian packages: $missing" >&2
		echo "mailgw: run as root, or: apt-get install $missing" >&2
		exit 1
	fi
	echo "== installing: $missing"
	export DEBIAN_FRONTEND=noninteractive
	# Postfix is for the tests, which start an instance of their own:
	# the system's is left unconfigured (and so never started).
	case " $missing " in
	*" postfix "*)
		echo "postfix postfix/main_mailer_type select No configuration" |
		    debconf-set-selections ;;
	esac
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

if [ "${0##*/}" = deps.sh ]; then
	install_missing
fi

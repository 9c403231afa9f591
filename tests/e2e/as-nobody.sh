# as-nobody.sh: as_nobody COMMAND... runs COMMAND without root's powers,
# so that file permissions hold (root ignores them). Sourced by lib.sh,
# and by child shells that need it alone.
as_nobody() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
		    --inh-caps=-all "$@"
	else
		"$@"
	fi
}

#!/usr/bin/env bash
# Install the Debian packages the test suite uses as independent judges:
#   gettext        msgfmt --check on the PO files tm writes
#   omegat         the TMX 1.4b DTD (schemas/tmx14.dtd in OmegaT.jar) and OmegaT's console mode
#   libxml2-utils  xmllint, a second XML/DTD validator
#   chromium       headless browser that renders the HTML consistency report (tests/test_report_html.py)
#   groff-base, bsdextrautils
#                  groff and col, which render the man pages of the man-page alignment corpus
#                  (scripts/build_manpages_corpus.py)
#   postgresql, postgresql-contrib
#                  the PostgreSQL server the engine tests start a throwaway cluster of
#                  (tests/pgcluster.py), with pg_trgm
# Idempotent: installs only what is missing; runs apt-get update only when apt
# does not know a package yet. Quiet, non-interactive (CI=true, no stdin).
# Takes about 15-20 s when omegat is missing (on a machine that already has a JRE),
# well under a second when everything is there.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

have_pkg() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
have_pkg gettext || command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
have_pkg omegat || [ -f /usr/share/omegat/OmegaT.jar ] || missing+=(omegat)
have_pkg libxml2-utils || command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
have_pkg chromium || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v groff >/dev/null 2>&1 || missing+=(groff-base)
command -v col >/dev/null 2>&1 || missing+=(bsdextrautils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
ls /usr/share/postgresql/*/extension/pg_trgm.control >/dev/null 2>&1 || missing+=(postgresql-contrib)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "system-deps: need root to install: ${missing[*]}" >&2
        exit 1
    fi
fi

known() {
    # True when apt has an install candidate for every package named.
    local p
    for p in "$@"; do
        apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]' || return 1
    done
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
    # Quiet unless it fails; then show what apt said.
    if ! "$@" </dev/null >"$log" 2>&1; then
        cat "$log" >&2
        echo "system-deps: failed: $*" >&2
        exit 1
    fi
}

start=$(date +%s)
if ! known "${missing[@]}"; then
    run $SUDO apt-get update -qq
fi
run $SUDO apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Use-Pty=0 -o APT::Color=0 "${missing[@]}"
echo "system-deps: installed ${missing[*]} in $(( $(date +%s) - start )) s" >&2

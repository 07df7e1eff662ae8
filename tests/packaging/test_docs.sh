#!/usr/bin/env bash
# test_docs.sh - --help, the man pages, the README and the program agree,
# all of them being made from packaging/manual.txt (scripts/gen-docs.py):
#   - `sysinfo-agentx --help` lists exactly the generated option text;
#   - the README's option and configuration tables are the generated ones;
#   - both man pages render without a groff/man warning and describe every
#     option and keyword;
#   - every option and keyword in manual.txt is accepted by the program
#     (its `example:` line, through --check-config), and every option in
#     src/options.c and keyword in src/config.c is described in manual.txt.
set -u -o pipefail
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

sia_need_agent
sia_need python3 man
MANUAL=$SIA_SRC/packaging/manual.txt
GEN=(python3 "$SIA_SRC/scripts/gen-docs.py")
MAN8=$SIA_BUILD/packaging/sysinfo-agentx.8
MAN5=$SIA_BUILD/packaging/sysinfo-agentx.conf.5

# --- --help
"${GEN[@]}" help "$MANUAL" "$SIA_TMP/help.h" || sia_die "gen-docs.py help failed"
expected=$(sed -n 's/^    "\(.*\)\\n" *\\\{0,1\}$/\1/p' "$SIA_TMP/help.h" | sed 's/\\"/"/g')
actual=$("$SIA_AGENT_BIN" --help | sed '1,3d')
if [ "$expected" = "$actual" ]; then
    sia_ok "--help lists the options of packaging/manual.txt ($(printf '%s\n' "$actual" | wc -l) lines)"
else
    sia_fail "--help differs from packaging/manual.txt:"
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual")
fi

# --- README
if out=$("${GEN[@]}" readme-check "$MANUAL" "$SIA_SRC/README.md" 2>&1); then
    sia_ok "README's option and configuration tables match packaging/manual.txt"
else
    sia_fail "README differs from packaging/manual.txt (fix: python3 scripts/gen-docs.py readme packaging/manual.txt README.md):"
    printf '%s\n' "$out"
fi

# --- man pages
for page in "$MAN8" "$MAN5"; do
    [ -f "$page" ] || sia_die "no $page (build the 'man' target)"
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 "$page" 2>&1 >/dev/null)
    sia_assert_eq "warnings rendering $(basename "$page")" "" "$warnings"
done
rendered8=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l -Tascii "$MAN8" 2>/dev/null | col -b)
rendered5=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l -Tascii "$MAN5" 2>/dev/null | col -b)
mapfile -t doc_options < <("${GEN[@]}" names "$MANUAL" option)
mapfile -t doc_keywords < <("${GEN[@]}" names "$MANUAL" keyword)
missing=()
for o in "${doc_options[@]}"; do
    grep -qE "^ +$o( |$)" <<<"$rendered8" || missing+=("$o")
done
for k in "${doc_keywords[@]}"; do
    grep -qE "^ +$k( |$)" <<<"$rendered5" || missing+=("$k")
done
sia_assert_eq "options/keywords without an entry in the man pages" "" "${missing[*]}"

# --- the program accepts what the manual describes
printf '' >"$SIA_TMP/empty.conf"
bad=()
while IFS= read -r example; do
    [ -n "$example" ] || { bad+=("(no example)"); continue; }
    read -r -a words <<<"$example"
    "$SIA_AGENT_BIN" "${words[@]}" --check-config -c "$SIA_TMP/empty.conf" \
        >"$SIA_TMP/opt.out" 2>&1 || bad+=("$example")
done < <("${GEN[@]}" examples "$MANUAL" option)
sia_assert_eq "documented options the parser refuses" "" "${bad[*]}"
bad=()
while IFS= read -r example; do
    [ -n "$example" ] || { bad+=("(no example)"); continue; }
    printf '%s\n' "$example" >"$SIA_TMP/one.conf"
    "$SIA_AGENT_BIN" --check-config -c "$SIA_TMP/one.conf" \
        >"$SIA_TMP/key.out" 2>&1 || bad+=("$example: $(cat "$SIA_TMP/key.out")")
done < <("${GEN[@]}" examples "$MANUAL" keyword)
sia_assert_eq "documented keywords the parser refuses" "" "${bad[*]}"
# ... and a made-up one is refused, so the check above can fail
printf 'no_such_keyword 1\n' >"$SIA_TMP/one.conf"
if "$SIA_AGENT_BIN" --check-config -c "$SIA_TMP/one.conf" >/dev/null 2>&1; then
    sia_fail "an unknown keyword was accepted by --check-config"
else
    sia_ok "an unknown keyword is refused by --check-config"
fi

# --- and describes everything the program has
code_options=$(
    sed -n 's/.*getopt_long(argc, argv, "\([^"]*\)".*/\1/p' "$SIA_SRC/src/options.c" |
        tr -d ':' | fold -w1 | sed 's/^/-/'
    sed -n 's/^ *{"\([a-z-]*\)", [a-z_]*_argument,.*/--\1/p' "$SIA_SRC/src/options.c"
)
code_keywords=$(
    sed -n 's/^ *{"\([a-z_]*\)", apply_.*/\1/p' "$SIA_SRC/src/config.c"
    # watch, threshold, notify_interval: config_watch.c's dispatch
    sed -n 's/.*strcmp(argv\[0\], "\([a-z_]*\)") == 0.*/\1/p' \
        "$SIA_SRC/src/config_watch.c"
)
[ -n "$code_options" ] && [ -n "$code_keywords" ] ||
    sia_die "could not read the option/keyword lists from src/options.c, src/config.c"
sia_assert_eq "options in src/options.c not in packaging/manual.txt" "" \
    "$(comm -23 <(sort <<<"$code_options") <(printf '%s\n' "${doc_options[@]}" | sort) | tr '\n' ' ')"
sia_assert_eq "options in packaging/manual.txt not in src/options.c" "" \
    "$(comm -13 <(sort <<<"$code_options") <(printf '%s\n' "${doc_options[@]}" | sort) | tr '\n' ' ')"
sia_assert_eq "keywords in src/config.c not in packaging/manual.txt" "" \
    "$(comm -23 <(sort <<<"$code_keywords") <(printf '%s\n' "${doc_keywords[@]}" | sort) | tr '\n' ' ')"
sia_assert_eq "keywords in packaging/manual.txt not in src/config.c" "" \
    "$(comm -13 <(sort <<<"$code_keywords") <(printf '%s\n' "${doc_keywords[@]}" | sort) | tr '\n' ' ')"
sia_finish

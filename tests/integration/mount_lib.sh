# shellcheck shell=bash
# Variables set here are read by the tests that source this file (SC2034).
# shellcheck disable=SC2034
#
# tests/integration/mount_lib.sh - helpers for the mount table tests,
# sourced after lib.sh: mounts that are always undone, sysinfoMountTable
# read as raw bytes, and an independent reading of the truth (mountinfo,
# statvfs, the FNV-1a index) in Perl and coreutils.
#
# Public API:
#   mnt_setup                  $MNT_ENTRY, $MNT_DIR (under $SIA_TMP), the
#                              EXIT trap
#   mnt_mount ARGS... TARGET   mount(8) with ARGS, TARGET created and
#                              recorded; fails (status 1) if mount fails
#   mnt_umount TARGET          umount (umount -l as a fallback)
#   mnt_cleanup                undo every mount under $MNT_DIR (EXIT trap)
#   mnt_pl CMD ARGS...         the Perl helper: fnv, info, count, under,
#                              collide, show, dumprows (see there)
#   mnt_statvfs PATH           df's numbers from statvfs (stat -f)
#   mnt_stdev PATH             major:minor of the path's st_dev
#   mnt_hex STRING             the bytes of STRING in lower-case hex
#   mnt_show HEX               bytes shown like --dump shows them (\ooo)
#   mnt_walk_col COL           walk one column: "INDEX<TAB>VALUE" lines,
#                              octet strings as lower-case hex
#   mnt_get_row INDEX          every column 2..23 of one row into MNT_ROW
#   mnt_read_map               walk sysinfoMountPoint into MNT_MAP
#                              (index -> hex) and MNT_BYHEX (hex -> index)
#   mnt_assert_hex WHAT EXPECTED_HEX ACTUAL_HEX
#   mnt_glob_quote LITERAL [GLOB]
#                              a quoted config token: LITERAL matching only
#                              itself as an fnmatch pattern, then GLOB as is
#
# Values: -Ox makes net-snmp print every OCTET STRING in hex, so names with
# a newline, a tab, a backslash or invalid UTF-8 are compared byte for
# byte; numbers stay numbers (-Oe enums, -Ot raw ticks, -OU no units).

MNT_DIR=
MNT_MOUNTED=()        # targets we mounted, in mount order
declare -gA MNT_ROW   # column -> value of the row last read by mnt_get_row
declare -gA MNT_MAP   # index -> mount point hex, from mnt_read_map
declare -gA MNT_BYHEX # mount point hex -> index (the last for stacks)

mnt_setup() {
    MNT_ENTRY=$SIA_OID_MOUNT_TABLE.1
    MNT_DIR=$SIA_TMP/mnt
    mkdir -p "$MNT_DIR"
    trap mnt_on_exit EXIT
}

# The EXIT trap: unmount first (lib.sh's cleanup removes $SIA_TMP, and
# rm -rf must not go into a mounted filesystem), then lib.sh's cleanup
# with the exit status of the test.
mnt_on_exit() {
    local status=$?
    set +e
    mnt_cleanup
    (exit "$status")
    sia_cleanup
}

# ------------------------------------------------------------ mounting

mnt_mount() {
    local target=${*: -1}
    mkdir -p -- "$target"
    if mount "$@"; then
        MNT_MOUNTED+=("$target")
        return 0
    fi
    return 1
}

mnt_umount() {
    local target=$1 i
    umount -- "$target" 2>/dev/null || umount -l -- "$target" || return 1
    # Forget the last record of it (a stack keeps the ones under it).
    for ((i = ${#MNT_MOUNTED[@]} - 1; i >= 0; i--)); do
        if [ "${MNT_MOUNTED[$i]}" = "$target" ]; then
            unset 'MNT_MOUNTED[i]'
            MNT_MOUNTED=("${MNT_MOUNTED[@]}")
            break
        fi
    done
}

# Unmounts in reverse order what we mounted, then anything else still
# mounted under $MNT_DIR (per mountinfo).  If something stays, $SIA_TMP
# is kept rather than rm -rf'ed through a mount.
mnt_cleanup() {
    local i p left
    [ -n "$MNT_DIR" ] || return 0
    for ((i = ${#MNT_MOUNTED[@]} - 1; i >= 0; i--)); do
        p=${MNT_MOUNTED[$i]}
        umount -- "$p" 2>/dev/null || umount -l -- "$p" 2>/dev/null ||
            sia_log "cleanup: cannot unmount $(printf '%q' "$p")"
    done
    MNT_MOUNTED=()
    for _ in 1 2 3; do
        left=0
        while IFS= read -r -d '' p; do
            left=1
            umount -l -- "$p" 2>/dev/null || true
        done < <(mnt_pl under "$MNT_DIR")
        [ "$left" = 0 ] && return 0
    done
    if [ -n "$(mnt_pl under "$MNT_DIR" | tr -d '\0')" ]; then
        sia_log "cleanup: mounts remain under $MNT_DIR; keeping $SIA_TMP"
        SIA_KEEP_TMP=1
    fi
}

# Can this process mount at all (root in a container without
# CAP_SYS_ADMIN cannot)?
mnt_can_mount() {
    local probe=$MNT_DIR/.probe
    mnt_mount -t tmpfs -o size=1m tmpfs "$probe" 2>/dev/null || return 1
    mnt_umount "$probe"
    rmdir -- "$probe"
}

# ------------------------------------------------------------ truth

# The truth, read here independently of the agent.  Perl (perl-base is
# Essential on Debian, so every machine has it) because paths are bytes:
# argv and /proc files reach it unchanged, a newline or 0xff included.
MNT_PL=$(
    cat <<'EOF'
use strict;
use warnings;

# mountinfo's octal escapes (\040 space, \011 tab, \012 newline, \134 \).
sub unesc { my ($s) = @_; $s =~ s/\\([0-7]{3})/chr(oct($1))/ge; return $s; }

sub mountinfo {
    my @rows;
    open(my $f, '<:raw', '/proc/self/mountinfo') or die "mountinfo: $!\n";
    while (my $line = <$f>) {
        chomp $line;
        my @p = split(/ /, $line, -1);
        my ($s) = grep { $p[$_] eq '-' } 6 .. $#p;
        next unless defined $s;
        push @rows, { id => $p[0], dev => $p[2], root => unesc($p[3]),
                      mp => unesc($p[4]), type => unesc($p[$s + 1]),
                      source => unesc($p[$s + 2]) };
    }
    return @rows;
}

# Options of the last /proc/self/mounts line for mount point $mp.
sub mounts_options {
    my ($mp) = @_;
    my $opts = '';
    open(my $f, '<:raw', '/proc/self/mounts') or die "mounts: $!\n";
    while (my $line = <$f>) {
        chomp $line;
        my @p = split(/ /, $line, -1);
        $opts = $p[3] if @p >= 4 && unesc($p[1]) eq $mp;
    }
    return $opts;
}

sub fnv {
    use integer;    # exact: (h ^ c) * prime < 2^57
    my $h = 2166136261;
    $h = (($h ^ $_) * 16777619) & 0xffffffff for unpack('C*', $_[0]);
    $h &= 0x7fffffff;
    return $h || 1;
}

sub hex_of { return unpack('H*', $_[0]); }

# As sysinfo-agentx --dump prints names: printable ASCII but '\' as is.
sub show {
    return join('', map { $_ >= 0x20 && $_ < 0x7f && $_ != 0x5c ? chr($_)
                          : sprintf('\\%03o', $_) } unpack('C*', $_[0]));
}

my ($cmd, @a) = @ARGV;
if ($cmd eq 'fnv') {            # fnv PATH [K]: index of the k-th mount on PATH
    my $key = $a[0];
    $key .= "\0" . $a[1] if @a > 1 && $a[1] ne '1';
    print fnv($key), "\n";
} elsif ($cmd eq 'info') {      # info PATH: the top (last) mount on PATH
    my @top = grep { $_->{mp} eq $a[0] } mountinfo();
    exit 1 unless @top;
    my $r = $top[-1];
    print join(' ', $r->{id}, $r->{dev}, hex_of($r->{root}), hex_of($r->{type}),
               hex_of($r->{source}), hex_of(mounts_options($a[0])) || '-'), "\n";
} elsif ($cmd eq 'count') {     # count TYPE: mounts of that type
    print scalar(grep { $_->{type} eq $a[0] } mountinfo()), "\n";
} elsif ($cmd eq 'under') {     # under DIR: mount points below DIR, newest first
    print map { "$_->{mp}\0" } grep { index($_->{mp}, "$a[0]/") == 0 }
        reverse mountinfo();
} elsif ($cmd eq 'collide') {   # collide DIR: DIR/cI and DIR/cJ, one index
    my %seen;                   # birthday search: ~2^16 names for 2^31
    for (my $i = 0; ; $i++) {
        # Scrambled, not c0 c1 c2...: FNV-1a spreads sequential names
        # evenly, and a collision takes ten times as many of them.
        my $p = sprintf('%s/c%08x', $a[0], ($i * 2654435761) & 0xffffffff);
        my $h = fnv($p);
        if (exists $seen{$h}) { print "$seen{$h}\0$p\0"; last; }
        $seen{$h} = $p;
    }
} elsif ($cmd eq 'show') {      # show HEX
    print show(pack('H*', $a[0])), "\n";
} elsif ($cmd eq 'dumprows') {  # dumprows FILE HEX: --dump's rows for it
    my $want = show(pack('H*', $a[1]));
    open(my $f, '<:raw', $a[0]) or exit 1;
    my $in = 0;
    while (my $line = <$f>) {
        chomp $line;
        $in = 1, next if $line =~ /^# sysinfoMountTable/;
        next unless $in;
        my @m = $line =~ /^ *(\d+) +(\S+) +(\S+) +(\S+) +(\S+) +(\S+) (\S+) +(\/.*)$/;
        print join(' ', @m[0 .. 6]), "\n" if @m && $m[7] eq $want;
    }
} else {
    exit 2;
}
EOF
)

mnt_pl() {
    perl -e "$MNT_PL" -- "$@"
}

# mnt_statvfs PATH: what df shows, from statvfs(3) through stat -f:
# "size free avail used used% inodes ifree iused% blocksize" in bytes,
# the percentages rounded up as coreutils df does (u100 / total +
# (u100 % total != 0)), '-' when undefined.
mnt_ceil_pct() {
    if [ "$2" -eq 0 ]; then
        echo -
    else
        echo $(($1 * 100 / $2 + ($1 * 100 % $2 != 0)))
    fi
}

mnt_statvfs() {
    local b f a fr c d used
    read -r b f a fr c d < <(stat -f -c '%b %f %a %S %c %d' -- "$1") || return 1
    used=$((b - f))
    echo "$((b * fr)) $((f * fr)) $((a * fr)) $((used * fr))" \
        "$(mnt_ceil_pct "$used" $((used + a))) $c $d" \
        "$(mnt_ceil_pct $((c - d)) "$c") $fr"
}

# mnt_stdev PATH: major:minor of st_dev (stat(2)).
mnt_stdev() {
    stat -c '%Hd:%Ld' -- "$1"
}

mnt_hex() {
    printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}

mnt_show() {
    if [ -z "$1" ]; then
        printf '\n'
    elif [[ $1 =~ ^[0-9a-f]+$ ]] && [ $((${#1} % 2)) = 0 ]; then
        mnt_pl show "$1"
    else
        printf '%s\n' "$1" # not hex: an error text from the tools
    fi
}

# mnt_assert_hex WHAT EXPECTED_HEX ACTUAL_HEX: shows both as text too.
mnt_assert_hex() {
    if [ "$2" = "$3" ]; then
        sia_ok "$1 = '$(mnt_show "$3")'"
    else
        sia_fail "$1: expected '$(mnt_show "$2")' (hex $2), got '$(mnt_show "$3")' (hex $3)"
    fi
}

# mnt_glob_quote LITERAL [GLOB]: a config token (double-quoted, see
# src/config.c: only \" and \\ are escapes there) whose fnmatch pattern is
# LITERAL, escaped to match only itself, followed by GLOB (no " or \).
mnt_glob_quote() {
    local s
    s=$(printf '%s' "$1" | sed -e 's/[][*?\\]/\\&/g' -e 's/[\\"]/\\&/g')
    printf '"%s%s"' "$s" "${2:-}"
}

# ------------------------------------------------------------ the table

# Joins net-snmp's -On -Oq lines (-Ox wraps long strings over several
# lines) into "SUFFIX<TAB>VALUE", SUFFIX the OID after PREFIX, strings as
# lower-case hex without spaces.
mnt_records() {
    awk -v pfx="$1" '
        function flush(  sp, oid, val) {
            if (rec == "") return
            sp = index(rec, " ")
            oid = substr(rec, 1, sp - 1)
            val = substr(rec, sp + 1)
            if (substr(oid, 1, length(pfx)) == pfx)
                oid = substr(oid, length(pfx) + 1)
            if (val ~ /^"/) {
                gsub(/[" ]/, "", val)
                val = tolower(val)
            }
            print oid "\t" val
            rec = ""
        }
        /^\./ { flush(); rec = $0; next }
        rec != "" { rec = rec " " $0 }
        END { flush() }'
}

# mnt_walk_col COL: "INDEX<TAB>VALUE" for every instance of the column.
mnt_walk_col() {
    local out
    out=$(sia_walk -On -Oq -Ox -Oe -Ot -OU "$MNT_ENTRY.$1") || return 1
    printf '%s\n' "$out" | mnt_records "$MNT_ENTRY.$1."
}

# mnt_read_map: MNT_MAP (index -> mount point hex) and MNT_BYHEX.
mnt_read_map() {
    local out idx hex
    out=$(mnt_walk_col 2) || return 1
    MNT_MAP=()
    MNT_BYHEX=()
    while IFS=$'\t' read -r idx hex; do
        [[ $idx =~ ^[0-9]+$ ]] || continue
        MNT_MAP[$idx]=$hex
        MNT_BYHEX[$hex]=$idx
    done <<<"$out"
}

# mnt_get_row INDEX: MNT_ROW[col] for columns 2..23 (a missing instance
# gives the tools' text, e.g. "No Such Instance currently exists...").
mnt_get_row() {
    local idx=$1 c oids=() out key val
    for c in $(seq 2 23); do
        oids+=("$MNT_ENTRY.$c.$idx")
    done
    MNT_ROW=()
    out=$(sia_get -On -Oq -Ox -Oe -Ot -OU "${oids[@]}") || return 1
    while IFS=$'\t' read -r key val; do
        MNT_ROW[${key%%.*}]=$val
    done < <(printf '%s\n' "$out" | mnt_records "$MNT_ENTRY.")
}

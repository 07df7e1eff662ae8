/*
 * test_mountinfo.c - the mountinfo parser (pure, from strings) and the
 * Linux collector_mounts()/collector_fs_usage() over fixtures.
 */
#include "../../platform/linux/mountinfo.h"
#include "collector.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define MAX_SKIPS 16

struct skips {
    size_t count;
    size_t line[MAX_SKIPS];
    const char *reason[MAX_SKIPS];
};

static void on_skip(void *ctx, size_t line_no, const char *reason)
{
    struct skips *s = ctx;

    if (s->count < MAX_SKIPS) {
        s->line[s->count] = line_no;
        s->reason[s->count] = reason;
    }
    s->count++;
}

/* Parses from an exactly-sized heap copy without a terminating NUL, so
 * that ASan catches any read past the end of the buffer. */
static enum col_status parse_exact(const char *text, size_t len,
                                   struct mount_list *out, struct skips *s)
{
    char *copy = malloc(len ? len : 1);
    enum col_status st;

    assert_non_null(copy);
    memcpy(copy, text, len);
    memset(out, 0, sizeof(*out));
    memset(s, 0, sizeof(*s));
    st = mountinfo_parse(copy, len, out, on_skip, s);
    free(copy);
    return st;
}

static enum col_status parse_str(const char *text, struct mount_list *out,
                                 struct skips *s)
{
    return parse_exact(text, strlen(text), out, s);
}

static void assert_bytes(const struct col_bytes *b, const char *want,
                         size_t want_len)
{
    assert_non_null(b->ptr);
    assert_int_equal(b->len, want_len);
    assert_memory_equal(b->ptr, want, want_len);
    assert_int_equal(b->ptr[want_len], '\0');
}

#define ASSERT_BYTES(b, lit) assert_bytes((b), (lit), sizeof(lit) - 1)

static void test_basic_line(void **state)
{
    struct mount_list l;
    struct skips s;
    const struct mount_row *r;

    assert_int_equal(parse_str("36 35 98:0 /mnt1 /mnt/parent rw,noatime "
                               "master:1 - ext3 /dev/root "
                               "rw,errors=continue\n",
                               &l, &s),
                     COL_OK);
    assert_int_equal(l.count, 1);
    assert_int_equal(s.count, 0);
    r = &l.rows[0];
    assert_int_equal(r->mount_id, 36);
    assert_int_equal(r->parent_id, 35);
    assert_int_equal(r->dev_major, 98);
    assert_int_equal(r->dev_minor, 0);
    assert_int_equal(r->missing, 0);
    ASSERT_BYTES(&r->root, "/mnt1");
    ASSERT_BYTES(&r->mount_point, "/mnt/parent");
    ASSERT_BYTES(&r->device, "/dev/root");
    ASSERT_BYTES(&r->fstype, "ext3");
    ASSERT_BYTES(&r->options, "rw,noatime,errors=continue");
    assert_int_equal(r->read_only, 0);
    assert_int_equal(r->remote, 0);
    assert_int_equal(r->pseudo, 0);
    assert_int_equal(r->no_statfs, 0);
    mount_list_free(&l);
}

static void test_escapes(void **state)
{
    struct mount_list l;
    struct skips s;
    const struct mount_row *r;

    /* space, tab, backslash, an arbitrary \ooo (\303\251 = UTF-8 e-acute)
     * and non-escapes kept as they are: \400 does not fit a byte, \9 is
     * not octal, a trailing \04 is too short. */
    assert_int_equal(parse_str("1 0 8:1 /a\\134b /mnt/My\\040Disk\\011x\\134y"
                               "\\303\\251 rw - ext4 /dev/my\\040dev rw\n"
                               "2 0 8:2 / /mnt/\\400\\9\\04 rw - fuse.a\\040b "
                               "src rw\n",
                               &l, &s),
                     COL_OK);
    assert_int_equal(s.count, 0);
    assert_int_equal(l.count, 2);
    r = &l.rows[0];
    ASSERT_BYTES(&r->root, "/a\\b");
    ASSERT_BYTES(&r->mount_point, "/mnt/My Disk\tx\\y\xc3\xa9");
    ASSERT_BYTES(&r->device, "/dev/my dev");
    r = &l.rows[1];
    ASSERT_BYTES(&r->mount_point, "/mnt/\\400\\9\\04");
    ASSERT_BYTES(&r->fstype, "fuse.a b");
    mount_list_free(&l);
}

static void test_unescape_direct(void **state)
{
    char out[32];
    size_t n;

    n = mountinfo_unescape(out, "\\012\\134\\000\\377", 16);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "\n\\\0\xff", 4);
    /* A backslash at the very end must not read past len. */
    n = mountinfo_unescape(out, "ab\\0", 3);
    assert_int_equal(n, 3);
    assert_memory_equal(out, "ab\\", 3);
    /* A cut escape at the end of an exactly-sized buffer: ASan catches
     * any look beyond it. */
    {
        char *src = malloc(5);

        assert_non_null(src);
        memcpy(src, "ab\\04", 5);
        n = mountinfo_unescape(out, src, 5);
        assert_int_equal(n, 5);
        assert_memory_equal(out, "ab\\04", 5);
        free(src);
    }
}

static void test_newline_in_path(void **state)
{
    struct mount_list l;
    struct skips s;

    /* An escaped newline is part of the path, the raw one ends the line. */
    assert_int_equal(parse_str("40 1 0:50 / /mnt/a\\012b rw - tmpfs tmpfs rw\n"
                               "41 1 0:51 / /mnt/c rw - tmpfs tmpfs rw\n",
                               &l, &s),
                     COL_OK);
    assert_int_equal(l.count, 2);
    ASSERT_BYTES(&l.rows[0].mount_point, "/mnt/a\nb");
    ASSERT_BYTES(&l.rows[1].mount_point, "/mnt/c");
    assert_int_equal(l.rows[1].mount_id, 41);
    mount_list_free(&l);
}

static void test_optional_fields(void **state)
{
    struct mount_list l;
    struct skips s;

    assert_int_equal(
        parse_str("1 0 8:1 / /zero rw - ext4 /dev/a rw\n"
                  "2 0 8:2 / /one rw shared:1 - ext4 /dev/b rw\n"
                  "3 0 8:3 / /four rw shared:2 master:3 propagate_from:4 "
                  "unbindable - xfs /dev/c rw,attr2\n",
                  &l, &s),
        COL_OK);
    assert_int_equal(s.count, 0);
    assert_int_equal(l.count, 3);
    ASSERT_BYTES(&l.rows[0].fstype, "ext4");
    ASSERT_BYTES(&l.rows[0].device, "/dev/a");
    ASSERT_BYTES(&l.rows[1].fstype, "ext4");
    ASSERT_BYTES(&l.rows[1].device, "/dev/b");
    ASSERT_BYTES(&l.rows[2].fstype, "xfs");
    ASSERT_BYTES(&l.rows[2].device, "/dev/c");
    ASSERT_BYTES(&l.rows[2].options, "rw,attr2");
    mount_list_free(&l);
}

static void test_long_line(void **state)
{
    /* 200000 path bytes, every 1000th one an escaped space. */
    const size_t parts = 200;
    size_t cap = parts * 1004 + 256, n = 0;
    char *text = malloc(cap);
    struct mount_list l;
    struct skips s;

    assert_non_null(text);
    n += (size_t)snprintf(text + n, cap - n, "7 1 0:60 / ");
    for (size_t i = 0; i < parts; i++) {
        text[n++] = '/';
        memset(text + n, 'x', 995);
        n += 995;
        memcpy(text + n, "\\040", 4);
        n += 4;
    }
    n += (size_t)snprintf(text + n, cap - n, " rw - tmpfs tmpfs rw\n");
    assert_int_equal(parse_exact(text, n, &l, &s), COL_OK);
    assert_int_equal(l.count, 1);
    assert_int_equal(l.rows[0].mount_point.len, parts * 997);
    assert_int_equal(l.rows[0].mount_point.ptr[996], ' ');
    assert_int_equal(l.rows[0].mount_point.ptr[997], '/');
    ASSERT_BYTES(&l.rows[0].fstype, "tmpfs");
    mount_list_free(&l);
    free(text);
}

static void test_malformed_lines(void **state)
{
    static const char text[] =
        "1 0 8:1 / / rw - ext4 /dev/a rw\n"            /* 1 ok */
        "x 0 8:1 / /b rw - ext4 /dev/a rw\n"           /* 2 */
        "3 -1 8:1 / /c rw - ext4 /dev/a rw\n"          /* 3 */
        "4 0 8:1 / /d rw shared:1 ext4 /dev/a rw\n"    /* 4 */
        "5 0 8:1\n"                                    /* 5 */
        "6 0 8:1 / /f rw -\n"                          /* 6 */
        "7 0 8:1 / /g rw - ext4\n"                     /* 7 */
        "8 0 8:1 / /h rw - ext4 /dev/a\n"              /* 8 */
        "9 0 8:1 / relative rw - ext4 /dev/a rw\n"     /* 9 */
        "10 0 8:1 / /j\\000k rw - ext4 /dev/a rw\n"    /* 10 */
        "11 0 8:1 / /k rw -  /dev/a rw\n"              /* 11 */
        "99999999999 0 8:1 / /l rw - ext4 /dev/a rw\n" /* 12 */
        "\n"                                           /* 13 blank */
        "14 0 8:1 / /ok2 rw - ext4 /dev/a rw\n"        /* 14 ok */
        "15 0 8:1 / /m rw - ext4 /dev/a rw\n";         /* 15 ok */
    static const struct {
        size_t line;
        const char *reason;
    } want[] = {
        {2, "bad mount id"},
        {3, "bad parent id"},
        {4, "no ' - ' separator"},
        {5, "too few fields"},
        {6, "missing filesystem type"},
        {7, "missing mount source"},
        {8, "missing superblock options"},
        {9, "mount point not absolute"},
        {10, "NUL byte in mount point"},
        {11, "missing filesystem type"},
        {12, "bad mount id"},
    };
    struct mount_list l;
    struct skips s;

    assert_int_equal(parse_str(text, &l, &s), COL_OK);
    assert_int_equal(l.count, 3);
    ASSERT_BYTES(&l.rows[0].mount_point, "/");
    ASSERT_BYTES(&l.rows[1].mount_point, "/ok2");
    ASSERT_BYTES(&l.rows[2].mount_point, "/m");
    assert_int_equal(s.count, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < s.count; i++) {
        assert_int_equal(s.line[i], want[i].line);
        assert_string_equal(s.reason[i], want[i].reason);
    }
    mount_list_free(&l);
}

static void test_cut_and_nul(void **state)
{
    static const char line[] = "1 0 8:1 / /a rw - ext4 /dev/a rw,x=1";
    static const char nul[] = "1 0 8:1 / /a\0b rw - ext4 /dev/a rw\n"
                              "2 0 8:2 / /b rw - ext4 /dev/b rw";
    struct mount_list l;
    struct skips s;

    /* Every prefix of a line: never a crash, never a read past the end.
     * Once the superblock options field has begun (even empty), the
     * prefix is a whole line; before that it is skipped. */
    const size_t whole = strlen("1 0 8:1 / /a rw - ext4 /dev/a ");

    for (size_t n = 0; n <= sizeof(line) - 1; n++) {
        assert_int_equal(parse_exact(line, n, &l, &s), COL_OK);
        assert_int_equal(l.count, n >= whole ? 1 : 0);
        assert_int_equal(s.count, n > 0 && n < whole ? 1 : 0);
        mount_list_free(&l);
    }
    assert_int_equal(parse_exact(line, sizeof(line) - 1, &l, &s), COL_OK);
    ASSERT_BYTES(&l.rows[0].options, "rw,x=1");
    mount_list_free(&l);

    assert_int_equal(parse_exact(nul, sizeof(nul) - 1, &l, &s), COL_OK);
    assert_int_equal(l.count, 1);
    ASSERT_BYTES(&l.rows[0].mount_point, "/b");
    assert_int_equal(s.count, 1);
    assert_string_equal(s.reason[0], "NUL byte in line");
    mount_list_free(&l);
}

static void test_options_merge(void **state)
{
    struct mount_list l;
    struct skips s;

    assert_int_equal(
        parse_str(
            "1 0 0:1 / /a rw,nosuid,relatime - tmpfs tmpfs rw,size=1k\n"
            "2 0 0:2 / /b rw,relatime - proc proc rw\n"
            /* superblock read-only under a read-write mount */
            "3 0 8:1 / /c rw,relatime - ext4 /dev/x ro,errors=remount-ro\n"
            "4 0 8:2 / /d ro,relatime - ext4 /dev/y rw\n"
            /* an escaped ',' inside a value stays escaped */
            "5 0 0:3 / /e rw - cifs //srv/a\\054b rw,prefixpath=a\\054b\n"
            /* no rw/ro token to strip, though one starts with "ro" */
            "6 0 0:4 / /f rw - weird none size=2\n"
            "7 0 0:5 / /g rw - weird none rootmode=1,rw\n",
            &l, &s),
        COL_OK);
    assert_int_equal(l.count, 7);
    ASSERT_BYTES(&l.rows[0].options, "rw,nosuid,relatime,size=1k");
    assert_int_equal(l.rows[0].read_only, 0);
    ASSERT_BYTES(&l.rows[1].options, "rw,relatime");
    ASSERT_BYTES(&l.rows[2].options, "ro,relatime,errors=remount-ro");
    assert_int_equal(l.rows[2].read_only, 1);
    ASSERT_BYTES(&l.rows[3].options, "ro,relatime");
    assert_int_equal(l.rows[3].read_only, 1);
    ASSERT_BYTES(&l.rows[4].options, "rw,prefixpath=a\\054b");
    ASSERT_BYTES(&l.rows[4].device, "//srv/a,b");
    assert_int_equal(l.rows[4].remote, 1);
    ASSERT_BYTES(&l.rows[5].options, "rw,size=2");
    ASSERT_BYTES(&l.rows[6].options, "rw,rootmode=1,rw");
    assert_int_equal(l.rows[6].read_only, 0);
    mount_list_free(&l);
}

static void test_devno_and_empty_source(void **state)
{
    struct mount_list l;
    struct skips s;

    assert_int_equal(parse_str("1 0 x:1 / /a rw - ext4 /dev/a rw\n"
                               "2 0 8 / /b rw - ext4 /dev/b rw\n"
                               "3 0 4294967295:4294967295 / /c rw - tmpfs  "
                               "rw\n"
                               "4 0 8:4294967296 / /d rw - ext4 /dev/d rw\n",
                               &l, &s),
                     COL_OK);
    assert_int_equal(s.count, 0);
    assert_int_equal(l.count, 4);
    assert_int_equal(l.rows[0].missing, MOUNT_F_DEVNO);
    assert_int_equal(l.rows[1].missing, MOUNT_F_DEVNO);
    assert_int_equal(l.rows[2].missing, 0);
    assert_int_equal(l.rows[2].dev_major, 4294967295u);
    assert_int_equal(l.rows[2].dev_minor, 4294967295u);
    ASSERT_BYTES(&l.rows[2].device, "");
    ASSERT_BYTES(&l.rows[2].fstype, "tmpfs");
    assert_int_equal(l.rows[3].missing, MOUNT_F_DEVNO);
    mount_list_free(&l);
}

static void check_class(const char *type, int pseudo, int remote, int no_statfs)
{
    struct mount_row r = {0};

    assert_int_equal(col_bytes_set(&r.fstype, type, strlen(type)), 0);
    mountinfo_classify(&r);
    if (r.pseudo != pseudo || r.remote != remote || r.no_statfs != no_statfs)
        fail_msg("%s: pseudo %d remote %d no_statfs %d", type, r.pseudo,
                 r.remote, r.no_statfs);
    mount_row_free(&r);
}

static void test_classify(void **state)
{
    check_class("ext4", 0, 0, 0);
    check_class("tmpfs", 0, 0, 0);
    check_class("devtmpfs", 1, 0, 0);
    check_class("proc", 1, 0, 0);
    check_class("cgroup2", 1, 0, 0);
    check_class("autofs", 1, 0, 1);
    check_class("fuse.lxcfs", 1, 0, 0);
    check_class("nfs", 0, 1, 0);
    check_class("nfs4", 0, 1, 0);
    check_class("cifs", 0, 1, 0);
    check_class("fuse.sshfs", 0, 1, 0);
    check_class("9p", 0, 1, 0);
    check_class("gfs2", 0, 0, 0);
    check_class("ocfs2", 0, 0, 0);
    check_class("fuse", 0, 0, 0);
    check_class("nfs4x", 0, 0, 0); /* whole names only */
    check_class("nf", 0, 0, 0);
}

static void test_collector_fixture(void **state)
{
    struct collector_options opt = {.proc_root =
                                        SIA_FIXTURES "/mountinfo/debian12"};
    struct collector *c;
    struct mount_list l;
    size_t pseudo = 0, remote = 0;

    assert_int_equal(collector_open(&opt, &c), COL_OK);
    assert_int_equal(collector_mounts(c, &l), COL_OK);
    assert_int_equal(l.count, 26);
    for (size_t i = 0; i < l.count; i++) {
        pseudo += l.rows[i].pseudo;
        remote += l.rows[i].remote;
    }
    assert_int_equal(pseudo, 16);
    assert_int_equal(remote, 1);
    assert_int_equal(l.rows[5].mount_id, 26);
    ASSERT_BYTES(&l.rows[5].mount_point, "/");
    ASSERT_BYTES(&l.rows[5].options, "rw,relatime,errors=remount-ro");
    ASSERT_BYTES(&l.rows[21].device, "server:/export");
    assert_int_equal(l.rows[21].remote, 1);
    ASSERT_BYTES(&l.rows[25].mount_point, "/media/My Disk");
    assert_int_equal(l.rows[25].read_only, 1);
    assert_int_equal(l.rows[12].no_statfs, 1);
    mount_list_free(&l);
    collector_close(c);
}

/* mount_namespace init: 1/mountinfo, not self/mountinfo, and every row
 * is statfs'ed through <proc root>/1/root, identified by its own path. */
static void test_collector_init_table(void **state)
{
    struct collector_options self = {.proc_root =
                                         SIA_FIXTURES "/mountinfo/initns"};
    struct collector_options init = {.proc_root =
                                         SIA_FIXTURES "/mountinfo/initns/",
                                     .mount_table = COL_MOUNTS_INIT};
    struct collector *c;
    struct mount_list l;

    assert_int_equal(collector_open(&self, &c), COL_OK);
    assert_int_equal(collector_mounts(c, &l), COL_OK);
    assert_int_equal(l.count, 3);
    ASSERT_BYTES(&l.rows[0].mount_point, "/");
    assert_int_equal(l.rows[0].read_only, 1);
    ASSERT_BYTES(&l.rows[2].mount_point, "/tmp");
    assert_null(l.rows[0].probe_path.ptr);
    mount_list_free(&l);
    collector_close(c);

    assert_int_equal(collector_open(&init, &c), COL_OK);
    assert_int_equal(collector_mounts(c, &l), COL_OK);
    assert_int_equal(l.count, 2);
    ASSERT_BYTES(&l.rows[0].mount_point, "/");
    assert_int_equal(l.rows[0].read_only, 0);
    ASSERT_BYTES(&l.rows[0].probe_path,
                 SIA_FIXTURES "/mountinfo/initns/1/root/");
    ASSERT_BYTES(&l.rows[1].mount_point, "/srv/my disk");
    ASSERT_BYTES(&l.rows[1].probe_path,
                 SIA_FIXTURES "/mountinfo/initns/1/root/srv/my disk");
    mount_list_free(&l);
    collector_close(c);
}

static void test_collector_errors(void **state)
{
    struct collector_options garbage = {.proc_root =
                                            SIA_FIXTURES "/mountinfo/garbage"};
    struct collector_options empty = {.proc_root =
                                          SIA_FIXTURES "/mountinfo/empty"};
    struct collector_options none = {.proc_root = SIA_FIXTURES "/mountinfo"};
    struct collector *c;
    struct mount_list l;

    assert_int_equal(collector_open(&garbage, &c), COL_OK);
    assert_int_equal(collector_mounts(c, &l), COL_ERR_PARSE);
    assert_int_equal(l.count, 0);
    collector_close(c);

    assert_int_equal(collector_open(&empty, &c), COL_OK);
    assert_int_equal(collector_mounts(c, &l), COL_OK);
    assert_int_equal(l.count, 0);
    collector_close(c);

    assert_int_equal(collector_open(&none, &c), COL_OK);
    assert_int_equal(collector_mounts(c, &l), COL_ERR_IO);
    assert_int_equal(l.count, 0);
    collector_close(c);
}

static void test_fs_usage(void **state)
{
    struct fs_usage u;
    int err = -1;

    assert_int_equal(collector_fs_usage(SIA_FIXTURES, &u, &err), COL_OK);
    assert_int_equal(err, 0);
    assert_true(u.block_size > 0);
    assert_true(u.size_bytes > 0);
    assert_true(u.size_bytes % u.block_size == 0);
    assert_true(u.free_bytes <= u.size_bytes);
    assert_true(u.avail_bytes <= u.free_bytes);

    assert_int_equal(collector_fs_usage("/nonexistent/sia", &u, &err),
                     COL_ERR_IO);
    assert_int_equal(err, ENOENT);
    assert_int_equal(u.size_bytes, 0);
    assert_int_equal(collector_fs_usage(NULL, &u, &err), COL_ERR_INVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_line),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_unescape_direct),
        cmocka_unit_test(test_newline_in_path),
        cmocka_unit_test(test_optional_fields),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_malformed_lines),
        cmocka_unit_test(test_cut_and_nul),
        cmocka_unit_test(test_options_merge),
        cmocka_unit_test(test_devno_and_empty_source),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_collector_fixture),
        cmocka_unit_test(test_collector_init_table),
        cmocka_unit_test(test_collector_errors),
        cmocka_unit_test(test_fs_usage),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

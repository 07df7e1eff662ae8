/*
 * test_mount_snapshot.c - the mount table snapshot: index scheme, stacked
 * mounts, collisions, duplicate_of, filters and probe results, from
 * in-memory mount lists and from fixtures, with a fake statfs.
 */
#include "mount_snapshot.h"
#include "sysinfo_oids.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include <cmocka.h>

/* FNV-1a 32 masked to 31 bits, computed independently of the code. */
#define IDX_ROOT    705468254u  /* "/" */
#define IDX_HOME    464989681u  /* "/home" */
#define IDX_SRV     1968629867u /* "/srv" */
#define IDX_DATA    1240880126u /* "/data" */
#define IDX_BOOT    657975930u  /* "/boot" */
#define IDX_VAR     1348830475u /* "/var" */
#define IDX_MNT     1894133443u /* "/mnt" */
#define IDX_MNT_2   574083985u  /* "/mnt\0" "2" */
#define IDX_MNT_3   557306366u  /* "/mnt\0" "3" */
#define IDX_AUTO_2  493022515u  /* "/auto\0" "2" */
#define IDX_MEDIA   1564217826u /* "/media/My Disk" */
#define IDX_MNT_NFS 334677569u  /* "/mnt/nfs" */
#define IDX_SHM     1620300224u /* "/dev/shm" */
#define IDX_SHM_2   1679218294u /* "/dev/shm\0" "2" */
#define IDX_COLLIDE 191467881u  /* "/mnt/hwpzspc" and "/mnt/uodmabs" */

/* ------------------------------------------------------------ the fake */

/* Paths starting with "/hung" block until released, "/err" fails with
 * EACCES, others answer size = 1000 * strlen(path). */
struct fake {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int released;
    unsigned calls;
    char last[64];
};

#define FAKE_INIT                                                              \
    {                                                                          \
        PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, ""          \
    }

static enum col_status fake_fs_usage(void *ctx, const char *path,
                                     struct fs_usage *out, int *err_no)
{
    struct fake *f = ctx;

    pthread_mutex_lock(&f->mu);
    f->calls++;
    snprintf(f->last, sizeof(f->last), "%s", path);
    while (strncmp(path, "/hung", 5) == 0 && !f->released)
        pthread_cond_wait(&f->cv, &f->mu);
    pthread_mutex_unlock(&f->mu);
    if (strcmp(path, "/err") == 0) {
        *err_no = EACCES;
        return COL_ERR_IO;
    }
    out->size_bytes = 1000u * strlen(path);
    out->free_bytes = 100u * strlen(path);
    out->avail_bytes = 10u * strlen(path);
    out->inodes = 50;
    out->inodes_free = 5;
    out->block_size = 512;
    return COL_OK;
}

static unsigned fake_calls(struct fake *f)
{
    unsigned n;

    pthread_mutex_lock(&f->mu);
    n = f->calls;
    pthread_mutex_unlock(&f->mu);
    return n;
}

static struct mount_prober *fake_prober(struct fake *f, unsigned timeout_ms)
{
    struct mount_probe_ops ops = {fake_fs_usage, f};
    struct mount_prober *p = mount_prober_new(timeout_ms, &ops);

    assert_non_null(p);
    return p;
}

/* ------------------------------------------------------- list building */

enum { P = 1, R = 2, N = 4, NODEV = 8 };

static void add_mount(struct mount_list *l, const char *mp, size_t mplen,
                      const char *type, uint32_t maj, uint32_t min, int flags)
{
    struct mount_row *r;

    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->rows = realloc(l->rows, l->cap * sizeof(*l->rows));
        assert_non_null(l->rows);
    }
    r = &l->rows[l->count];
    memset(r, 0, sizeof(*r));
    r->mount_id = (uint32_t)(100 + l->count);
    r->dev_major = maj;
    r->dev_minor = min;
    r->missing = (flags & NODEV) ? MOUNT_F_DEVNO : 0;
    assert_int_equal(col_bytes_set(&r->mount_point, mp, mplen), 0);
    assert_int_equal(col_bytes_set(&r->fstype, type, strlen(type)), 0);
    assert_int_equal(col_bytes_set(&r->device, "dev", 3), 0);
    assert_int_equal(col_bytes_set(&r->options, "rw", 2), 0);
    assert_int_equal(col_bytes_set(&r->root, "/", 1), 0);
    r->pseudo = (flags & P) != 0;
    r->remote = (flags & R) != 0;
    r->no_statfs = (flags & N) != 0;
    l->count++;
}

#define ADD(l, mp, type, maj, min, flags)                                      \
    add_mount((l), (mp), sizeof(mp) - 1, (type), (maj), (min), (flags))

static const struct mount_entry *find_mp(const struct mount_snapshot *s,
                                         const char *mp, size_t len)
{
    const struct mount_entry *found = NULL;

    for (size_t i = 0; i < s->count; i++)
        if (s->rows[i].row.mount_point.len == len &&
            memcmp(s->rows[i].row.mount_point.ptr, mp, len) == 0) {
            assert_null(found); /* the caller asks for a unique one */
            found = &s->rows[i];
        }
    assert_non_null(found);
    return found;
}

#define FIND(s, mp) find_mp((s), (mp), sizeof(mp) - 1)

static const struct mount_entry *by_index(const struct mount_snapshot *s,
                                          uint32_t index)
{
    size_t i = mount_snapshot_find(s, index);

    if (i == (size_t)-1)
        fail_msg("no row with index %u", index);
    return &s->rows[i];
}

static void assert_sorted(const struct mount_snapshot *s)
{
    for (size_t i = 1; i < s->count; i++)
        assert_true(s->rows[i - 1].index < s->rows[i].index);
    for (size_t i = 0; i < s->count; i++) {
        assert_true(s->rows[i].index >= 1);
        assert_true(s->rows[i].index <= MOUNT_INDEX_MAX);
        assert_int_equal(mount_snapshot_find(s, s->rows[i].index), i);
    }
}

/* -------------------------------------------------------------- tests */

static void test_hash_vectors(void **state)
{
    /* Published FNV-1a 32 vectors, masked: "" 811c9dc5, "a" e40c292c,
     * "foobar" bf9cf968. */
    assert_int_equal(mount_index_hash("", 0), 0x011c9dc5u);
    assert_int_equal(mount_index_hash("a", 1), 0x640c292cu);
    assert_int_equal(mount_index_hash("foobar", 6), 0x3f9cf968u);
    assert_int_equal(mount_index_hash("/", 1), IDX_ROOT);
    assert_int_equal(mount_index_hash("/mnt\0"
                                      "2",
                                      6),
                     IDX_MNT_2);
    /* These 4 bytes hash to 0x00000000: mapped to 1. */
    assert_int_equal(mount_index_hash("\xcc\x24\x31\xc4", 4), 1);
}

static void test_assign_collisions(void **state)
{
    /* a and b collide on 100; c's own hash is 101, where b would probe
     * first: c keeps 101 because it has no collision of its own, and b
     * (bytewise after a) goes on to 102. */
    struct mount_index_key k[] = {
        {"b", 1, 100, 0},
        {"c", 1, 101, 0},
        {"a", 1, 100, 0},
    };
    struct mount_index_key w[] = {
        {"y", 1, MOUNT_INDEX_MAX, 0},
        {"x", 1, MOUNT_INDEX_MAX, 0},
        {"z", 1, 1, 0},
        {"q", 1, 0, 0}, /* 0 is taken as 1 */
    };

    assert_int_equal(mount_index_assign(k, 3), 0);
    assert_int_equal(k[2].index, 100); /* a */
    assert_int_equal(k[1].index, 101); /* c */
    assert_int_equal(k[0].index, 102); /* b */
    /* Same keys in another order: same answer. */
    {
        struct mount_index_key k2[] = {
            {"c", 1, 101, 0}, {"a", 1, 100, 0}, {"b", 1, 100, 0}};

        assert_int_equal(mount_index_assign(k2, 3), 0);
        assert_int_equal(k2[1].index, 100);
        assert_int_equal(k2[0].index, 101);
        assert_int_equal(k2[2].index, 102);
    }
    /* Probing wraps from the top of the range to 1, and skips it when
     * taken: x keeps MAX; q and z share 1 (q < z keeps it); y wraps to
     * 1, taken, then 2; z probes after y in byte order: 3. */
    assert_int_equal(mount_index_assign(w, 4), 0);
    assert_int_equal(w[1].index, MOUNT_INDEX_MAX);
    assert_int_equal(w[3].index, 1);
    assert_int_equal(w[0].index, 2);
    assert_int_equal(w[2].index, 3);
    assert_int_equal(mount_index_assign(NULL, 0), 0);
}

static void test_snapshot_real_collision(void **state)
{
    /* Two real mount points with the same FNV-1a 32 (0x0b699169): the
     * bytewise-smaller keeps the hash, the other probes to hash + 1,
     * whatever their mountinfo order; alone, each has its hash. */
    struct mount_list l = {0};
    struct mount_snapshot *s;

    ADD(&l, "/mnt/uodmabs", "ext4", 8, 1, 0);
    ADD(&l, "/mnt/hwpzspc", "ext4", 8, 2, 0);
    s = mount_snapshot_from_list(NULL, &l, NULL);
    assert_non_null(s);
    assert_int_equal(l.count, 0); /* rows were taken */
    assert_null(l.rows);
    assert_int_equal(s->count, 2);
    assert_int_equal(FIND(s, "/mnt/hwpzspc")->index, IDX_COLLIDE);
    assert_int_equal(FIND(s, "/mnt/uodmabs")->index, IDX_COLLIDE + 1);
    mount_snapshot_free(s);

    ADD(&l, "/mnt/uodmabs", "ext4", 8, 1, 0);
    s = mount_snapshot_from_list(NULL, &l, NULL);
    assert_non_null(s);
    assert_int_equal(FIND(s, "/mnt/uodmabs")->index, IDX_COLLIDE);
    mount_snapshot_free(s);
}

static void test_index_stable_across_refreshes(void **state)
{
    static struct fake f = FAKE_INIT;
    struct mount_prober *p = fake_prober(&f, 1000);
    struct mount_list a = {0}, b = {0};
    struct mount_snapshot *s1, *s2;

    ADD(&a, "/", "ext4", 8, 1, 0);
    ADD(&a, "/boot", "ext2", 8, 2, 0);
    ADD(&a, "/home", "ext4", 8, 3, 0);
    /* Later: /boot gone, /var and /srv new and mounted first, / was
     * remounted (new mount id, new order). */
    ADD(&b, "/var", "xfs", 8, 5, 0);
    ADD(&b, "/home", "ext4", 8, 3, 0);
    ADD(&b, "/srv", "xfs", 8, 6, 0);
    ADD(&b, "/", "ext4", 8, 1, 0);
    s1 = mount_snapshot_from_list(NULL, &a, p);
    s2 = mount_snapshot_from_list(NULL, &b, p);
    assert_non_null(s1);
    assert_non_null(s2);
    assert_int_equal(s1->count, 3);
    assert_int_equal(s2->count, 4);
    assert_sorted(s1);
    assert_sorted(s2);
    assert_int_equal(FIND(s1, "/")->index, IDX_ROOT);
    assert_int_equal(FIND(s2, "/")->index, IDX_ROOT);
    assert_int_equal(FIND(s1, "/home")->index, IDX_HOME);
    assert_int_equal(FIND(s2, "/home")->index, IDX_HOME);
    assert_int_equal(FIND(s1, "/boot")->index, IDX_BOOT);
    assert_int_equal(FIND(s2, "/var")->index, IDX_VAR);
    assert_int_equal(FIND(s2, "/srv")->index, IDX_SRV);
    /* sorted by index: /home (464989681) first, /srv last */
    assert_int_equal(s2->rows[0].index, IDX_HOME);
    assert_int_equal(s2->rows[3].index, IDX_SRV);
    assert_int_equal(mount_snapshot_find(s2, IDX_BOOT), (size_t)-1);
    mount_snapshot_free(s1);
    mount_snapshot_free(s2);
    mount_prober_free(p);
}

static void test_stacked_mounts(void **state)
{
    static struct fake f = FAKE_INIT;
    struct mount_prober *p = fake_prober(&f, 1000);
    struct mount_list l = {0};
    struct mount_snapshot *s;
    const struct mount_entry *e;

    ADD(&l, "/mnt", "ext4", 8, 1, 0);
    ADD(&l, "/auto", "autofs", 0, 40, P | N); /* hidden: pseudo */
    ADD(&l, "/mnt", "nfs4", 0, 50, R);
    ADD(&l, "/auto", "nfs4", 0, 41, R); /* automounted on top */
    ADD(&l, "/mnt", "tmpfs", 0, 51, 0);
    s = mount_snapshot_from_list(NULL, &l, p);
    assert_non_null(s);
    assert_int_equal(s->count, 4);
    assert_sorted(s);

    e = by_index(s, IDX_MNT);
    assert_memory_equal(e->row.fstype.ptr, "ext4", 5);
    assert_int_equal(e->status, SIA_MOUNT_NOT_QUERIED);
    assert_int_equal(e->usage.size_bytes, 0);
    assert_int_equal(e->status_mono_ms, s->taken_mono_ms);
    e = by_index(s, IDX_MNT_2);
    assert_memory_equal(e->row.fstype.ptr, "nfs4", 5);
    assert_int_equal(e->status, SIA_MOUNT_NOT_QUERIED);
    e = by_index(s, IDX_MNT_3);
    assert_memory_equal(e->row.fstype.ptr, "tmpfs", 6);
    assert_int_equal(e->status, SIA_MOUNT_OK);
    assert_int_equal(e->usage.size_bytes, 4000);
    assert_int_equal(e->usage.block_size, 512);
    assert_true(e->status_mono_ms >= s->taken_mono_ms);
    /* The autofs trigger is counted in the stack even though hidden. */
    e = by_index(s, IDX_AUTO_2);
    assert_memory_equal(e->row.fstype.ptr, "nfs4", 5);
    assert_int_equal(e->status, SIA_MOUNT_OK);
    /* one statfs per reachable mount point, not per row */
    assert_int_equal(fake_calls(&f), 2);
    mount_snapshot_free(s);
    mount_prober_free(p);
}

static void test_duplicate_of(void **state)
{
    struct mount_list l = {0};
    struct mount_snapshot *s;

    /* /srv comes first in mountinfo order but has the larger index:
     * duplicate_of follows mountinfo order. */
    ADD(&l, "/", "ext4", 8, 1, 0);
    ADD(&l, "/srv", "ext4", 8, 3, 0);
    ADD(&l, "/home", "ext4", 8, 3, 0);
    ADD(&l, "/data", "ext4", 8, 3, 0);
    ADD(&l, "/boot", "ext2", 3, 8, 0); /* 3:8 is not 8:3 */
    ADD(&l, "/x", "fuse", 0, 0, NODEV);
    ADD(&l, "/var", "fuse", 0, 0, NODEV);
    s = mount_snapshot_from_list(NULL, &l, NULL);
    assert_non_null(s);
    assert_int_equal(s->count, 7);
    assert_int_equal(FIND(s, "/")->duplicate_of, 0);
    assert_int_equal(FIND(s, "/srv")->duplicate_of, 0);
    assert_int_equal(FIND(s, "/home")->duplicate_of, IDX_SRV);
    assert_int_equal(FIND(s, "/data")->duplicate_of, IDX_SRV);
    assert_int_equal(FIND(s, "/boot")->duplicate_of, 0);
    /* unknown device numbers are never duplicates of each other */
    assert_int_equal(FIND(s, "/x")->duplicate_of, 0);
    assert_int_equal(FIND(s, "/var")->duplicate_of, 0);
    /* no prober: nothing queried, no numbers */
    for (size_t i = 0; i < s->count; i++) {
        assert_int_equal(s->rows[i].status, SIA_MOUNT_NOT_QUERIED);
        assert_int_equal(s->rows[i].usage.size_bytes, 0);
    }
    mount_snapshot_free(s);
}

static void fill_filter_list(struct mount_list *l)
{
    ADD(l, "/", "ext4", 8, 1, 0);
    ADD(l, "/proc", "proc", 0, 21, P);
    ADD(l, "/boot", "ext2", 8, 2, 0);
    ADD(l, "/boot/efi", "vfat", 8, 4, 0);
    ADD(l, "/mnt/nfs", "nfs4", 0, 45, R);
    ADD(l, "/run", "tmpfs", 0, 23, 0);
    ADD(l, "/misc", "autofs", 0, 46, P | N);
}

static void test_filters(void **state)
{
    static struct fake f = FAKE_INIT;
    struct mount_prober *p = fake_prober(&f, 1000);
    struct config cfg;
    struct mount_list l = {0};
    struct mount_snapshot *s;
    char err[256] = "";

    config_defaults(&cfg);
    assert_int_equal(config_load_string(&cfg, "t",
                                        "mount_exclude_path /boot*\n"
                                        "mount_exclude_type tmpfs\n"
                                        "mount_nostatfs_type nfs4\n",
                                        err, sizeof(err)),
                     0);
    fill_filter_list(&l);
    s = mount_snapshot_from_list(&cfg, &l, p);
    assert_non_null(s);
    /* left: / and /mnt/nfs (proc, autofs: pseudo; /boot*: path; tmpfs) */
    assert_int_equal(s->count, 2);
    assert_int_equal(FIND(s, "/")->status, SIA_MOUNT_OK);
    assert_int_equal(FIND(s, "/")->usage.size_bytes, 1000);
    assert_int_equal(FIND(s, "/mnt/nfs")->status, SIA_MOUNT_NOT_QUERIED);
    assert_int_equal(FIND(s, "/mnt/nfs")->usage.size_bytes, 0);
    assert_int_equal(fake_calls(&f), 1);
    mount_snapshot_free(s);
    config_free(&cfg);

    /* Naming a pseudo type brings it back; autofs is listed but never
     * statfs'ed whatever the file says. */
    config_defaults(&cfg);
    assert_int_equal(config_load_string(&cfg, "t",
                                        "mount_include_type proc autofs\n", err,
                                        sizeof(err)),
                     0);
    fill_filter_list(&l);
    s = mount_snapshot_from_list(&cfg, &l, p);
    assert_non_null(s);
    assert_int_equal(s->count, 2);
    assert_int_equal(FIND(s, "/proc")->status, SIA_MOUNT_OK);
    assert_int_equal(FIND(s, "/misc")->status, SIA_MOUNT_NOT_QUERIED);
    assert_int_equal(fake_calls(&f), 2);
    mount_snapshot_free(s);
    config_free(&cfg);

    /* No configuration: everything but pseudo filesystems. */
    fill_filter_list(&l);
    s = mount_snapshot_from_list(NULL, &l, p);
    assert_non_null(s);
    assert_int_equal(s->count, 5);
    assert_int_equal(FIND(s, "/boot/efi")->status, SIA_MOUNT_OK);
    assert_int_equal(FIND(s, "/mnt/nfs")->status, SIA_MOUNT_OK);
    assert_int_equal(fake_calls(&f), 7);
    mount_snapshot_free(s);
    mount_prober_free(p);
}

static void test_hung_and_error(void **state)
{
    static struct fake f = FAKE_INIT;
    struct mount_prober *p = fake_prober(&f, 200);
    struct mount_list l = {0};
    struct mount_snapshot *s;
    const struct mount_entry *e;

    ADD(&l, "/hung", "nfs4", 0, 60, R);
    ADD(&l, "/err", "ext4", 8, 9, 0);
    ADD(&l, "/ok", "ext4", 8, 10, 0);
    s = mount_snapshot_from_list(NULL, &l, p);
    assert_non_null(s);
    e = FIND(s, "/hung");
    assert_int_equal(e->status, SIA_MOUNT_TIMEOUT);
    assert_int_equal(e->err_no, ETIMEDOUT);
    assert_int_equal(e->usage.size_bytes, 0);
    assert_true(e->status_mono_ms >= s->taken_mono_ms + 195);
    e = FIND(s, "/err");
    assert_int_equal(e->status, SIA_MOUNT_ERROR);
    assert_int_equal(e->err_no, EACCES);
    assert_int_equal(e->usage.size_bytes, 0);
    assert_int_equal(FIND(s, "/ok")->status, SIA_MOUNT_OK);
    assert_int_equal(FIND(s, "/ok")->usage.size_bytes, 3000);
    /* one warning for the new hang */
    assert_int_equal(s->msgs.count, 1);
    assert_int_equal(s->msgs.items[0].priority, LOG_WARNING);
    assert_string_equal(s->msgs.items[0].text,
                        "mount /hung: statfs did not answer before the "
                        "deadline");
    mount_snapshot_free(s);

    /* Still hung: timeout again, no new call, no new warning. */
    ADD(&l, "/hung", "nfs4", 0, 60, R);
    s = mount_snapshot_from_list(NULL, &l, p);
    assert_non_null(s);
    assert_int_equal(FIND(s, "/hung")->status, SIA_MOUNT_TIMEOUT);
    assert_int_equal(s->msgs.count, 0);
    assert_int_equal(fake_calls(&f), 3);
    mount_snapshot_free(s);

    pthread_mutex_lock(&f.mu);
    f.released = 1;
    pthread_cond_broadcast(&f.cv);
    pthread_mutex_unlock(&f.mu);
    for (int i = 0; i < 500 && mount_prober_stuck(p) > 0; i++)
        usleep(10 * 1000);
    assert_int_equal(mount_prober_stuck(p), 0);
    ADD(&l, "/hung", "nfs4", 0, 60, R);
    s = mount_snapshot_from_list(NULL, &l, p);
    assert_non_null(s);
    assert_int_equal(FIND(s, "/hung")->status, SIA_MOUNT_OK);
    assert_int_equal(FIND(s, "/hung")->usage.size_bytes, 5000);
    mount_snapshot_free(s);
    mount_prober_free(p);
}

static void test_printable_warning(void **state)
{
    static struct fake f = FAKE_INIT;
    struct mount_prober *p = fake_prober(&f, 50);
    struct mount_list l = {0};
    struct mount_snapshot *s;

    ADD(&l, "/hung\nx\\y", "nfs4", 0, 60, R);
    s = mount_snapshot_from_list(NULL, &l, p);
    assert_non_null(s);
    assert_int_equal(s->msgs.count, 1);
    assert_string_equal(s->msgs.items[0].text,
                        "mount /hung\\012x\\134y: statfs did not answer "
                        "before the deadline");
    mount_snapshot_free(s);
    pthread_mutex_lock(&f.mu);
    f.released = 1;
    pthread_cond_broadcast(&f.cv);
    pthread_mutex_unlock(&f.mu);
    mount_prober_free(p);
}

static void test_build_from_fixture(void **state)
{
    static struct fake f = FAKE_INIT;
    struct mount_prober *p = fake_prober(&f, 1000);
    struct collector_options opt = {.proc_root =
                                        SIA_FIXTURES "/mountinfo/debian12"};
    struct collector *c;
    struct mount_snapshot *s;

    assert_int_equal(collector_open(&opt, &c), COL_OK);
    s = mount_snapshot_build(NULL, c, p, NULL);
    assert_non_null(s);
    assert_int_equal(s->list_status, COL_OK);
    /* 26 mounts, 16 pseudo */
    assert_int_equal(s->count, 10);
    assert_sorted(s);
    assert_int_equal(FIND(s, "/")->index, IDX_ROOT);
    assert_int_equal(FIND(s, "/")->status, SIA_MOUNT_OK);
    /* /srv is a bind mount from the /home disk (8:3) */
    assert_int_equal(FIND(s, "/srv")->duplicate_of, IDX_HOME);
    assert_int_equal(FIND(s, "/home")->duplicate_of, 0);
    assert_int_equal(FIND(s, "/media/My Disk")->index, IDX_MEDIA);
    assert_int_equal(FIND(s, "/mnt/nfs")->row.remote, 1);
    assert_int_equal(s->msgs.count, 0);
    assert_int_equal(fake_calls(&f), 10);
    mount_snapshot_free(s);
    collector_close(c);
    mount_prober_free(p);
}

/* A container's real mountinfo: /dev/shm and /dev/pts mounted twice,
 * /data a bind mount of a directory of the root disk. */
static void test_build_stacked_fixture(void **state)
{
    static struct fake f = FAKE_INIT;
    struct mount_prober *p = fake_prober(&f, 1000);
    struct collector_options opt = {.proc_root =
                                        SIA_FIXTURES "/mountinfo/stacked"};
    struct collector *c;
    struct mount_snapshot *s;
    const struct mount_entry *e;

    assert_int_equal(collector_open(&opt, &c), COL_OK);
    s = mount_snapshot_build(NULL, c, p, NULL);
    assert_non_null(s);
    assert_int_equal(s->count, 6);
    assert_sorted(s);
    e = by_index(s, IDX_SHM);
    assert_int_equal(e->row.mount_id, 25);
    assert_int_equal(e->status, SIA_MOUNT_NOT_QUERIED);
    e = by_index(s, IDX_SHM_2);
    assert_int_equal(e->row.mount_id, 30);
    assert_int_equal(e->status, SIA_MOUNT_OK);
    assert_int_equal(e->usage.size_bytes, 8000);
    assert_int_equal(e->duplicate_of, 0); /* 0:27, not 0:23 */
    e = FIND(s, "/data");
    assert_int_equal(e->index, IDX_DATA);
    assert_int_equal(e->duplicate_of, IDX_ROOT);
    assert_memory_equal(e->row.root.ptr, "/srv/data", 10);
    assert_int_equal(FIND(s, "/")->duplicate_of, 0);
    assert_int_equal(FIND(s, "/opt/tools")->row.read_only, 1);
    /* /, /dev/shm (top), /opt/tools, /sys/fs/cgroup, /data */
    assert_int_equal(fake_calls(&f), 5);
    mount_snapshot_free(s);
    collector_close(c);
    mount_prober_free(p);
}

static void test_build_unreadable(void **state)
{
    struct collector_options opt = {.proc_root =
                                        SIA_FIXTURES "/mountinfo/garbage"};
    struct collector *c;
    struct mount_snapshot *s;

    assert_int_equal(collector_open(&opt, &c), COL_OK);
    s = mount_snapshot_build(NULL, c, NULL, NULL);
    assert_non_null(s);
    assert_int_equal(s->count, 0);
    assert_int_equal(s->list_status, COL_ERR_PARSE);
    assert_int_equal(s->msgs.count, 1);
    assert_int_equal(s->msgs.items[0].priority, LOG_ERR);
    assert_string_equal(s->msgs.items[0].text,
                        "cannot read the mount table: malformed input");
    assert_int_equal(mount_snapshot_find(s, IDX_ROOT), (size_t)-1);
    mount_snapshot_free(s);
    collector_close(c);
    mount_snapshot_free(NULL);
}

/* Malformed lines cost their rows only, and the agent is told why. */
static void test_build_skips_malformed(void **state)
{
    struct collector_options opt = {.proc_root =
                                        SIA_FIXTURES "/mountinfo/mixed"};
    struct collector *c;
    struct mount_snapshot *s;

    assert_int_equal(collector_open(&opt, &c), COL_OK);
    s = mount_snapshot_build(NULL, c, NULL, NULL);
    assert_non_null(s);
    assert_int_equal(s->list_status, COL_OK);
    assert_int_equal(s->count, 2);
    assert_non_null(FIND(s, "/"));
    assert_non_null(FIND(s, "/srv"));
    assert_int_equal(s->msgs.count, 1);
    assert_int_equal(s->msgs.items[0].priority, LOG_WARNING);
    assert_non_null(strstr(s->msgs.items[0].text,
                           "mountinfo: 2 malformed line(s) skipped, the "
                           "first (line 2): "));
    mount_snapshot_free(s);
    collector_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_vectors),
        cmocka_unit_test(test_assign_collisions),
        cmocka_unit_test(test_snapshot_real_collision),
        cmocka_unit_test(test_index_stable_across_refreshes),
        cmocka_unit_test(test_stacked_mounts),
        cmocka_unit_test(test_duplicate_of),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_hung_and_error),
        cmocka_unit_test(test_printable_warning),
        cmocka_unit_test(test_build_from_fixture),
        cmocka_unit_test(test_build_stacked_fixture),
        cmocka_unit_test(test_build_unreadable),
        cmocka_unit_test(test_build_skips_malformed),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_notify_pdu.c - every notification's OID and every varbind (OID,
 * type, value), built from watch rows, threshold results and mount
 * statuses.  The OIDs are written out in full here, not derived from
 * sysinfo_oids.h, so a wrong macro cannot hide (test_oids.sh ties the
 * macros to the MIB).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "notify_pdu.h"
#include "sysinfo_oids.h"

#define ROOT "1.3.6.1.4.1.8072.9999.9999.7337"

static const char *dotted(const uint32_t *oid, size_t len)
{
    static char buf[512];
    size_t o = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < len; i++)
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%u", i ? "." : "",
                              oid[i]);
    return buf;
}

static void vb_octets(const struct notify_pdu *p, size_t i, const char *oid,
                      const char *value)
{
    assert_true(i < p->count);
    assert_string_equal(dotted(p->vb[i].oid, p->vb[i].oid_len), oid);
    assert_int_equal(p->vb[i].value.type, MIB_OCTETS);
    assert_int_equal(p->vb[i].value.len, strlen(value));
    assert_memory_equal(p->vb[i].value.bytes, value, strlen(value));
}

static void vb_int(const struct notify_pdu *p, size_t i, const char *oid,
                   int64_t value)
{
    assert_true(i < p->count);
    assert_string_equal(dotted(p->vb[i].oid, p->vb[i].oid_len), oid);
    assert_int_equal(p->vb[i].value.type, MIB_INTEGER);
    assert_int_equal(p->vb[i].value.i, value);
}

static void vb_unsigned(const struct notify_pdu *p, size_t i, const char *oid,
                        enum mib_type type, uint64_t value)
{
    assert_true(i < p->count);
    assert_string_equal(dotted(p->vb[i].oid, p->vb[i].oid_len), oid);
    assert_int_equal(p->vb[i].value.type, type);
    assert_int_equal(p->vb[i].value.u, value);
}

static void test_watch(void **state)
{
    struct cfg_watch def = {.name = "nginx"};
    struct watch_row w = {.def = &def, .status = SIA_WATCH_TOO_FEW, .count = 0};
    struct notify_pdu p;

    strcpy(w.message, "nginx: 0 processes, expected at least 1");
    notify_pdu_watch(&w, &p);
    assert_string_equal(dotted(p.trap_oid, p.trap_oid_len), ROOT ".2.0.1");
    assert_int_equal(p.count, 4);
    vb_octets(&p, 0, ROOT ".1.4.2.0", "nginx");
    vb_int(&p, 1, ROOT ".1.4.1.1.10.110.103.105.110.120", 2);
    vb_octets(&p, 2, ROOT ".1.4.1.1.11.110.103.105.110.120",
              "nginx: 0 processes, expected at least 1");
    vb_unsigned(&p, 3, ROOT ".1.4.1.1.9.110.103.105.110.120", MIB_GAUGE, 0);

    w.status = SIA_WATCH_OK;
    w.count = 3;
    strcpy(w.message, "nginx: 3 processes, ok (expected at least 1)");
    notify_pdu_watch(&w, &p);
    assert_string_equal(dotted(p.trap_oid, p.trap_oid_len), ROOT ".2.0.2");
    vb_int(&p, 1, ROOT ".1.4.1.1.10.110.103.105.110.120", 1);
    vb_unsigned(&p, 3, ROOT ".1.4.1.1.9.110.103.105.110.120", MIB_GAUGE, 3);

    /* the longest name fits: 32 sub-identifiers after the column */
    strcpy(def.name, "abcdefghijabcdefghijabcdefghij12");
    notify_pdu_watch(&w, &p);
    assert_int_equal(p.vb[1].oid_len, 10 + 5 + 32);
    assert_int_equal(p.vb[1].oid[p.vb[1].oid_len - 1], '2');
}

static const struct cfg_threshold *rule(struct config *cfg)
{
    char err[256];

    config_defaults(cfg);
    assert_int_equal(config_load_string(cfg, "t",
                                        "threshold /var used 80% 90% "
                                        "timeout critical\n",
                                        err, sizeof(err)),
                     0);
    return &cfg->alerts.thresholds[0];
}

static struct threshold_input at(uint64_t pct)
{
    struct threshold_input in = {.mount_point = "/var",
                                 .mount_point_len = 4,
                                 .mount_status = SIA_MOUNT_OK};

    in.usage.size_bytes = 1000000;
    in.usage.free_bytes = in.usage.avail_bytes = 1000000 - pct * 100;
    return in;
}

static void test_threshold(void **state)
{
    struct config cfg;
    const struct cfg_threshold *r = rule(&cfg);
    struct threshold_state st = {{0}};
    struct threshold_result crit, warn, tmo;
    struct threshold_input in = at(9120);
    struct notify_pdu p;
    const uint32_t idx = 1348830475; /* /var */

    /* first bad state after start-up: crossed, from ok */
    threshold_evaluate(r, &in, &st, &crit);
    notify_pdu_threshold(idx, "/var", 4, NULL, &crit, &p);
    assert_string_equal(dotted(p.trap_oid, p.trap_oid_len), ROOT ".2.0.3");
    assert_int_equal(p.count, 6);
    vb_octets(&p, 0, ROOT ".1.3.1.1.2.1348830475", "/var");
    vb_int(&p, 1, ROOT ".1.3.1.1.24.1348830475", 3);
    vb_octets(&p, 2, ROOT ".1.3.1.1.25.1348830475",
              "/var: critical: 91.20% used, critical at 90.00% (clears at "
              "88.00%)");
    vb_int(&p, 3, ROOT ".1.5.1.0", 1);
    vb_unsigned(&p, 4, ROOT ".1.5.2.0", MIB_GAUGE, 9120);
    vb_unsigned(&p, 5, ROOT ".1.5.3.0", MIB_GAUGE, 9000);

    /* down to warning: cleared, at the point where critical cleared */
    in = at(8750);
    threshold_evaluate(r, &in, &st, &warn);
    notify_pdu_threshold(idx, "/var", 4, &crit, &warn, &p);
    assert_string_equal(dotted(p.trap_oid, p.trap_oid_len), ROOT ".2.0.4");
    vb_int(&p, 1, ROOT ".1.3.1.1.24.1348830475", 2);
    vb_octets(&p, 2, ROOT ".1.3.1.1.25.1348830475",
              "/var: warning: 87.50% used, warning at 80.00% (clears at "
              "78.00%)");
    vb_int(&p, 3, ROOT ".1.5.1.0", 1);
    vb_unsigned(&p, 4, ROOT ".1.5.2.0", MIB_GAUGE, 8750);
    vb_unsigned(&p, 5, ROOT ".1.5.3.0", MIB_GAUGE, 8800);

    /* a timeout counted as critical: crossed, measure timeout(4) */
    in.mount_status = SIA_MOUNT_TIMEOUT;
    threshold_evaluate(r, &in, &st, &tmo);
    notify_pdu_threshold(idx, "/var", 4, &warn, &tmo, &p);
    assert_string_equal(dotted(p.trap_oid, p.trap_oid_len), ROOT ".2.0.3");
    vb_int(&p, 1, ROOT ".1.3.1.1.24.1348830475", 3);
    vb_octets(&p, 2, ROOT ".1.3.1.1.25.1348830475",
              "/var: critical: usage query timed out");
    vb_int(&p, 3, ROOT ".1.5.1.0", 4);
    vb_unsigned(&p, 4, ROOT ".1.5.2.0", MIB_GAUGE, 0);
    vb_unsigned(&p, 5, ROOT ".1.5.3.0", MIB_GAUGE, 0);
    config_free(&cfg);
}

/* Available space goes as mebibytes (Unsigned32: no 64-bit varbinds). */
static void test_threshold_avail_mib(void **state)
{
    struct config cfg;
    char err[256];
    struct threshold_state st = {{0}};
    struct threshold_result res;
    struct threshold_input in = {.mount_point = "/var",
                                 .mount_point_len = 4,
                                 .mount_status = SIA_MOUNT_OK};
    struct notify_pdu p;

    config_defaults(&cfg);
    assert_int_equal(config_load_string(&cfg, "t",
                                        "threshold /var avail 2G 1G\n", err,
                                        sizeof(err)),
                     0);
    in.usage.size_bytes = 100ull << 30;
    in.usage.free_bytes = in.usage.avail_bytes = (900ull << 20) + 12345;
    threshold_evaluate(&cfg.alerts.thresholds[0], &in, &st, &res);
    notify_pdu_threshold(7, "/var", 4, NULL, &res, &p);
    vb_int(&p, 1, ROOT ".1.3.1.1.24.7", 3);
    vb_int(&p, 3, ROOT ".1.5.1.0", 2); /* availMiB */
    vb_unsigned(&p, 4, ROOT ".1.5.2.0", MIB_GAUGE, 900);
    vb_unsigned(&p, 5, ROOT ".1.5.3.0", MIB_GAUGE, 1024);
    config_free(&cfg);
}

static void test_mount_status(void **state)
{
    struct notify_pdu p;

    notify_pdu_mount_status(705468254, "/", 1, SIA_MOUNT_TIMEOUT,
                            "no answer within 1 s", &p);
    assert_string_equal(dotted(p.trap_oid, p.trap_oid_len), ROOT ".2.0.5");
    assert_int_equal(p.count, 3);
    vb_octets(&p, 0, ROOT ".1.3.1.1.2.705468254", "/");
    vb_int(&p, 1, ROOT ".1.3.1.1.17.705468254", 2);
    vb_octets(&p, 2, ROOT ".1.3.1.1.19.705468254", "no answer within 1 s");

    notify_pdu_mount_status(705468254, "/", 1, SIA_MOUNT_OK, NULL, &p);
    assert_string_equal(dotted(p.trap_oid, p.trap_oid_len), ROOT ".2.0.6");
    vb_int(&p, 1, ROOT ".1.3.1.1.17.705468254", 1);
    vb_octets(&p, 2, ROOT ".1.3.1.1.19.705468254", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watch),
        cmocka_unit_test(test_threshold),
        cmocka_unit_test(test_threshold_avail_mib),
        cmocka_unit_test(test_mount_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

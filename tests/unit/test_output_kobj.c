// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel-object args (cred, capabilities, namespaces, bpf, perf, modules, iovecs) in Tetragon's
 * JSON shape. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cap_names.h"
#include "records.h"
#include "tp_argjson.h"
#include "tp_test.h"

/* The JSON of one arg object: "{" member "}" as put_arg would frame it. */
static char *arg_json(enum tp_arg_type type, const void *blob, uint32_t len, uint32_t info)
{
	return tp_test_blob_json(type, blob, len, info);
}

#define ASSERT_ARG(type, blob, len, info, want) \
	TP_ASSERT_JSON(#type, arg_json(type, blob, len, info), want)

#define CAP(n) ((uint64_t)1 << (n))

START_TEST(test_cred)
{
	struct tp_kobj_cred c = {
		.uid = 1000,
		.gid = 1001,
		.euid = 0,
		.egid = 0,
		.suid = 1002,
		.sgid = 1003,
		.fsuid = 0,
		.fsgid = 4294967295u,
		.securebits = 0x1 | 0x10 | 0x100, /* NoRoot, KeepCaps, an unnamed bit */
		.cap_permitted = CAP(0) | CAP(1) | CAP(21) | CAP(40) | CAP(41),
		.cap_effective = CAP(21),
		.cap_inheritable = 0,
		.user_ns = { .level = 0, .uid = 0, .gid = 0, .inum = 4026531837u },
	};

	ASSERT_ARG(TP_ARG_CRED, &c, sizeof(c), 0,
		   "{\"process_credentials_arg\":{\"uid\":1000,\"gid\":1001,\"euid\":0,\"egid\":0,"
		   "\"suid\":1002,\"sgid\":1003,\"fsuid\":0,\"fsgid\":4294967295,"
		   "\"securebits\":[\"SecBitNoRoot\",\"SecBitKeepCaps\"],"
		   "\"caps\":{\"permitted\":[\"CAP_CHOWN\",\"DAC_OVERRIDE\",\"CAP_SYS_ADMIN\","
		   "\"CAP_CHECKPOINT_RESTORE\",41],\"effective\":[\"CAP_SYS_ADMIN\"]},"
		   "\"user_ns\":{\"level\":0,\"uid\":0,\"gid\":0,"
		   "\"ns\":{\"inum\":4026531837,\"is_host\":true}}}}");

	/* nothing set: wrappers still print, empty sets and a non-host ns do not */
	memset(&c, 0, sizeof(c));
	c.user_ns.level = 2;
	c.user_ns.uid = 1000;
	ASSERT_ARG(TP_ARG_CRED, &c, sizeof(c), 0,
		   "{\"process_credentials_arg\":{\"uid\":0,\"gid\":0,\"euid\":0,\"egid\":0,"
		   "\"suid\":0,\"sgid\":0,\"fsuid\":0,\"fsgid\":0,\"caps\":{},"
		   "\"user_ns\":{\"level\":2,\"uid\":1000,\"gid\":0,\"ns\":{}}}}");
}
END_TEST

START_TEST(test_short_blob_is_zeros)
{
	uint32_t uid = 7;

	ASSERT_ARG(TP_ARG_CRED, &uid, sizeof(uid), 0,
		   "{\"process_credentials_arg\":{\"uid\":7,\"gid\":0,\"euid\":0,\"egid\":0,"
		   "\"suid\":0,\"sgid\":0,\"fsuid\":0,\"fsgid\":0,\"caps\":{},"
		   "\"user_ns\":{\"level\":0,\"uid\":0,\"gid\":0,\"ns\":{\"is_host\":true}}}}");
	ASSERT_ARG(TP_ARG_BPF_MAP, "", 0, TP_BLOB_ERROR,
		   "{\"bpf_map_arg\":{\"MapType\":\"BPF_MAP_TYPE_UNSPEC\"}}");
}
END_TEST

START_TEST(test_capability)
{
	int64_t v = 21;

	ASSERT_ARG(TP_ARG_CAPABILITY, &v, 8, 0,
		   "{\"capability_arg\":{\"value\":21,\"name\":\"CAP_SYS_ADMIN\"}}");
	v = 1;
	ASSERT_ARG(TP_ARG_CAPABILITY, &v, 8, 0,
		   "{\"capability_arg\":{\"value\":1,\"name\":\"DAC_OVERRIDE\"}}");
	v = 0;
	ASSERT_ARG(TP_ARG_CAPABILITY, &v, 8, 0,
		   "{\"capability_arg\":{\"value\":0,\"name\":\"CAP_CHOWN\"}}");
	v = 41;
	ASSERT_ARG(TP_ARG_CAPABILITY, &v, 8, 0, "{\"capability_arg\":{\"value\":41}}");
	v = -1;
	ASSERT_ARG(TP_ARG_CAPABILITY, &v, 8, 0, "{\"capability_arg\":{\"value\":-1}}");
}
END_TEST

START_TEST(test_cap_sets)
{
	uint64_t v = 0x000001ffffffffffull;

	ASSERT_ARG(TP_ARG_KERNEL_CAP, &v, 8, 0, "{\"kernel_cap_t_arg\":\"000001ffffffffff\"}");
	v = CAP(21);
	ASSERT_ARG(TP_ARG_CAP_EFFECTIVE, &v, 8, 0, "{\"cap_effective_arg\":\"0000000000200000\"}");
	v = 0;
	ASSERT_ARG(TP_ARG_CAP_PERMITTED, &v, 8, 0, "{\"cap_permitted_arg\":\"0000000000000000\"}");
	v = 1;
	ASSERT_ARG(TP_ARG_CAP_INHERITABLE, &v, 8, 0,
		   "{\"cap_inheritable_arg\":\"0000000000000001\"}");
}
END_TEST

START_TEST(test_user_ns)
{
	struct tp_kobj_user_ns u = { .level = 1, .uid = 1000, .gid = 100, .inum = 4026532000u };

	ASSERT_ARG(TP_ARG_USER_NS, &u, sizeof(u), 0,
		   "{\"user_ns_arg\":{\"level\":1,\"uid\":1000,\"gid\":100,"
		   "\"ns\":{\"inum\":4026532000}}}");
	u.level = 0;
	u.uid = 0;
	u.gid = 0;
	u.inum = 4026531837u;
	ASSERT_ARG(TP_ARG_USER_NS, &u, sizeof(u), 0,
		   "{\"user_ns_arg\":{\"level\":0,\"uid\":0,\"gid\":0,"
		   "\"ns\":{\"inum\":4026531837,\"is_host\":true}}}");
}
END_TEST

START_TEST(test_bpf)
{
	struct tp_kobj_bpf_prog p = { .prog_type = 2, .insn_cnt = 42, .name = "tp_h0_kprobe" };
	struct tp_kobj_bpf_map m = { .map_type = 27,
				     .key_size = 0,
				     .value_size = 0,
				     .max_entries = 8388608,
				     .name = "tp_events" };

	ASSERT_ARG(TP_ARG_BPF_ATTR, &p, sizeof(p), 0,
		   "{\"bpf_attr_arg\":{\"ProgType\":\"BPF_PROG_TYPE_KPROBE\",\"InsnCnt\":42,"
		   "\"ProgName\":\"tp_h0_kprobe\"}}");
	/* a name that fills the field has no NUL */
	memcpy(p.name, "0123456789abcdef", 16);
	p.prog_type = 26;
	ASSERT_ARG(TP_ARG_BPF_PROG, &p, sizeof(p), 0,
		   "{\"bpf_prog_arg\":{\"ProgType\":\"BPF_PROG_TYPE_TRACING\",\"InsnCnt\":42,"
		   "\"ProgName\":\"0123456789abcdef\"}}");
	p.prog_type = 99;
	p.insn_cnt = 0;
	p.name[0] = 0;
	ASSERT_ARG(TP_ARG_BPF_PROG, &p, sizeof(p), 0, "{\"bpf_prog_arg\":{\"ProgType\":\"99\"}}");
	ASSERT_ARG(TP_ARG_BPF_MAP, &m, sizeof(m), 0,
		   "{\"bpf_map_arg\":{\"MapType\":\"BPF_MAP_TYPE_RINGBUF\",\"MaxEntries\":8388608,"
		   "\"MapName\":\"tp_events\"}}");
	m.map_type = 1;
	m.key_size = 4;
	m.value_size = 8;
	ASSERT_ARG(TP_ARG_BPF_MAP, &m, sizeof(m), 0,
		   "{\"bpf_map_arg\":{\"MapType\":\"BPF_MAP_TYPE_HASH\",\"KeySize\":4,"
		   "\"ValueSize\":8,\"MaxEntries\":8388608,\"MapName\":\"tp_events\"}}");
}
END_TEST

START_TEST(test_perf_event)
{
	struct tp_kobj_perf_event p = {
		.type = 8, .config = 0, .probe_offset = 16, .kprobe_func = "do_sys_openat2"
	};

	ASSERT_ARG(TP_ARG_PERF_EVENT, &p, sizeof(p), 0,
		   "{\"perf_event_arg\":{\"KprobeFunc\":\"do_sys_openat2\",\"Type\":\"8\","
		   "\"ProbeOffset\":\"16\"}}");
	memset(&p, 0, sizeof(p));
	p.type = 1;
	p.config = 9;
	ASSERT_ARG(TP_ARG_PERF_EVENT, &p, sizeof(p), 0,
		   "{\"perf_event_arg\":{\"Type\":\"PERF_TYPE_SOFTWARE\",\"Config\":\"9\"}}");
}
END_TEST

START_TEST(test_module)
{
	struct tp_kobj_module m = { .taints = (1u << 12) | (1u << 13) | (1u << 3),
				    .sig_ok = 0,
				    .flags = TP_KMODF_SIG_OK,
				    .name = "dummy" };

	/* taint 3 (TAINT_FORCED_RMMOD's neighbour) has no name: left out */
	ASSERT_ARG(TP_ARG_LOAD_INFO, &m, sizeof(m), 0,
		   "{\"module_arg\":{\"name\":\"dummy\",\"signature_ok\":false,"
		   "\"tainted\":[\"TAINT_OUT_OF_TREE_MODULE\",\"TAINT_UNSIGNED_MODULE\"]}}");
	m.sig_ok = 1;
	m.taints = 0;
	ASSERT_ARG(TP_ARG_LOAD_INFO, &m, sizeof(m), 0,
		   "{\"module_arg\":{\"name\":\"dummy\",\"signature_ok\":true}}");
	/* module: Tetragon does not report the signature there */
	m.taints = 1;
	ASSERT_ARG(
	    TP_ARG_MODULE, &m, sizeof(m), 0,
	    "{\"module_arg\":{\"name\":\"dummy\",\"tainted\":[\"TAINT_PROPRIETARY_MODULE\"]}}");
}
END_TEST

START_TEST(test_iovecs)
{
	ASSERT_ARG(TP_ARG_IOV_ITER, "hello", 5, 5, "{\"bytes_arg\":\"aGVsbG8=\"}");
	ASSERT_ARG(
	    TP_ARG_CHAR_IOVEC, "hello", 5, TP_BLOB_TRUNCATED | 70000,
	    "{\"truncated_bytes_arg\":{\"bytes_arg\":\"aGVsbG8=\",\"orig_size\":\"70000\"}}");
	ASSERT_ARG(TP_ARG_IOV_ITER, "", 0, 0, "{\"bytes_arg\":\"\"}");
}
END_TEST

START_TEST(test_nop_has_no_member)
{
	struct tp_arg_val a = { .type = TP_ARG_NOP, .label = "" };
	struct tp_json *j = tp_json__new();

	ck_assert_ptr_null(tp_json_arg__key(TP_ARG_NOP));
	tp_json__begin_obj(j, NULL);
	ck_assert_int_eq(tp_json_arg__put(j, &a), -EINVAL);
	tp_json__end_obj(j);
	ck_assert_str_eq(tp_json__text(j, NULL), "{}");
	tp_json__free(j);
}
END_TEST
START_TEST(test_cap_names)
{
	ck_assert_str_eq(tp_cap_name(0), "CAP_CHOWN");
	ck_assert_str_eq(tp_cap_name(1), "DAC_OVERRIDE");
	ck_assert_str_eq(tp_cap_name(40), "CAP_CHECKPOINT_RESTORE");
	ck_assert_ptr_null(tp_cap_name(41));
	ck_assert_ptr_null(tp_cap_name(-1));
	ck_assert_int_eq(tp_cap_number("CAP_SYS_ADMIN"), 21);
	ck_assert_int_eq(tp_cap_number("DAC_OVERRIDE"), 1);
	ck_assert_int_eq(tp_cap_number("CAP_DAC_OVERRIDE"), 1);
	ck_assert_int_eq(tp_cap_number("CAP_BPF"), 39);
	ck_assert_int_eq(tp_cap_number("cap_bpf"), -1);
	ck_assert_int_eq(tp_cap_number("CAP_NOPE"), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("output_kobj");
	TCase *tc = tcase_create("json");

	tcase_set_timeout(tc, 60); /* each JSON check runs python3 once */
	tcase_add_test(tc, test_cred);
	tcase_add_test(tc, test_short_blob_is_zeros);
	tcase_add_test(tc, test_capability);
	tcase_add_test(tc, test_cap_sets);
	tcase_add_test(tc, test_user_ns);
	tcase_add_test(tc, test_bpf);
	tcase_add_test(tc, test_perf_event);
	tcase_add_test(tc, test_module);
	tcase_add_test(tc, test_iovecs);
	tcase_add_test(tc, test_nop_has_no_member);
	tcase_add_test(tc, test_cap_names);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}

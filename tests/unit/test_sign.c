// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Object integrity: the digest .tp.meta records (a meta swapped from another
 * object is refused), tpgen --sign's .tp.sig checked by tprun --verify-key (a
 * byte changed in any section that matters is refused), one .tp.meta and one
 * .tp.policy, names from the meta escaped. Objects are built here with libelf
 * through tpgen's own steps (gen/main.c build()), without clang.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "escape.h"
#include "libtp.h"
#include "link/meta_write.h"
#include "link/sections.h"
#include "link/sign.h"
#include "meta.h"
#include "tp_test.h"

static char dir[] = "/tmp/tp_sign.XXXXXX";

#define SYMBOL "tp_prog_symbol"

static const char *path_of(const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

/* What libbpf loads, in small: a program, its relocations, maps, BTF, license. */
struct sec_spec {
	const char *name;
	uint32_t type;
	uint64_t flags;
	const char *bytes;
	size_t size;
};

static void make_elf(const char *path, const char *prog)
{
	static const char rel[16] = { 8, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0 };
	static const char btf[] = "\x9f\xeb\x01\x00 not really BTF";
	const struct sec_spec secs[] = {
		{ "kprobe/x", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, prog, strlen(prog) },
		{ ".relkprobe/x", SHT_REL, 0, rel, sizeof(rel) },
		{ ".maps", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, "\1\0\0\0\4\0\0\0", 8 },
		{ ".BTF", SHT_PROGBITS, 0, btf, sizeof(btf) },
		{ "license", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, "GPL", 4 },
	};
	const size_t n = sizeof(secs) / sizeof(secs[0]);
	/* a symbol named in .shstrtab, as libbpf's linker writes them (one table for both) */
	static Elf64_Sym syms[2] = {
		{}, { .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), .st_shndx = 1 }
	};
	char names[256];
	size_t off = 1, i, name_off[8];
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
	Elf_Scn *scn;
	Elf_Data *d;
	Elf *e;
	int fd;

	ck_assert(elf_version(EV_CURRENT) != EV_NONE);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	e = elf_begin(fd, ELF_C_WRITE, NULL);
	ck_assert_ptr_nonnull(e);
	eh = elf64_newehdr(e);
	ck_assert_ptr_nonnull(eh);
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_type = ET_REL;
	eh->e_machine = EM_BPF;
	eh->e_version = EV_CURRENT;
	names[0] = 0;
	for (i = 0; i < n; i++) {
		name_off[i] = off;
		off += sprintf(names + off, "%s", secs[i].name) + 1;
		scn = elf_newscn(e);
		d = elf_newdata(scn);
		d->d_buf = (void *)secs[i].bytes;
		d->d_size = secs[i].size;
		d->d_type = secs[i].type == SHT_REL ? ELF_T_REL : ELF_T_BYTE;
		d->d_align = 8;
		sh = elf64_getshdr(scn);
		sh->sh_name = name_off[i];
		sh->sh_type = secs[i].type;
		sh->sh_flags = secs[i].flags;
		sh->sh_addralign = 8;
		if (secs[i].type == SHT_REL) {
			sh->sh_entsize = 16;
			sh->sh_info = 1; /* the program's */
		}
	}
	syms[1].st_name = off;
	off += sprintf(names + off, "%s", SYMBOL) + 1;
	scn = elf_newscn(e);
	d = elf_newdata(scn);
	d->d_buf = syms;
	d->d_size = sizeof(syms);
	d->d_type = ELF_T_SYM;
	d->d_align = 8;
	sh = elf64_getshdr(scn);
	sh->sh_name = off;
	off += sprintf(names + off, ".symtab") + 1;
	sh->sh_type = SHT_SYMTAB;
	sh->sh_entsize = sizeof(Elf64_Sym);
	sh->sh_link = n + 2; /* .shstrtab */
	sh->sh_info = 1;
	name_off[n] = off;
	off += sprintf(names + off, ".shstrtab") + 1;
	scn = elf_newscn(e);
	d = elf_newdata(scn);
	d->d_buf = names;
	d->d_size = off;
	d->d_type = ELF_T_BYTE;
	d->d_align = 1;
	sh = elf64_getshdr(scn);
	sh->sh_name = name_off[n];
	sh->sh_type = SHT_STRTAB;
	eh->e_shstrndx = elf_ndxscn(scn);
	ck_assert_int_ge(elf_update(e, ELF_C_WRITE), 0);
	elf_end(e);
	close(fd);
}

static void *meta_for(const char *name, const uint8_t *digest, size_t *size)
{
	struct tp_meta_writer *w = tp_meta_writer__new(name);
	void *data;

	ck_assert_ptr_nonnull(w);
	if (digest)
		tp_meta_writer__set_digest(w, digest);
	ck_assert_int_eq(tp_meta_writer__finish(w, &data, size), 0);
	tp_meta_writer__free(w);
	return data;
}

static void add(const char *path, const char *name, const void *data, size_t size)
{
	struct tp_section sec = { name, data, size };

	ck_assert_int_eq(tp_obj__add_sections(path, &sec, 1), 0);
}

/* gen/main.c build()'s steps: the policy, the meta over the digest, the signature. */
static void build(const char *path, const char *prog, const char *policy, EVP_PKEY *key)
{
	uint8_t digest[TP_DIGEST_SIZE];
	char err[256];
	size_t size;
	void *meta;

	make_elf(path, prog);
	add(path, TP_POLICY_SECTION, policy, strlen(policy));
	ck_assert_int_eq(tp_obj__digest_file(path, TP_DIGEST_META, digest), 0);
	meta = meta_for(policy, digest, &size);
	add(path, TP_META_SECTION, meta, size);
	free(meta);
	if (key)
		ck_assert_msg(!tp_obj__sign(path, key, err, sizeof(err)), "sign: %s", err);
}

/* The .tp.meta section's bytes of the object at path, malloc'd. */
static void *section_bytes(const char *path, const char *want, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	Elf_Scn *scn = NULL;
	void *out = NULL;
	size_t shstrndx;
	GElf_Shdr sh;

	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(elf_getshdrstrndx(e, &shstrndx), 0);
	while ((scn = elf_nextscn(e, scn))) {
		Elf_Data *d;

		gelf_getshdr(scn, &sh);
		if (strcmp(elf_strptr(e, shstrndx, sh.sh_name), want))
			continue;
		d = elf_rawdata(scn, NULL);
		out = malloc(d->d_size);
		memcpy(out, d->d_buf, d->d_size);
		*size = d->d_size;
	}
	elf_end(e);
	close(fd);
	ck_assert_msg(out != NULL, "no %s in %s", want, path);
	return out;
}

static int opens(const char *path, const char *pubkey, char *err, size_t errlen)
{
	struct tp_object *o = pubkey ? tp_object__open_signed(path, pubkey, err, errlen)
				     : tp_object__open(path, err, errlen);

	tp_object__close(o);
	return o != NULL;
}

static EVP_PKEY *new_key(const char *pub_name)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	FILE *f;

	ck_assert_ptr_nonnull(key);
	f = fopen(path_of(pub_name), "w");
	ck_assert_int_eq(PEM_write_PUBKEY(f, key), 1);
	fclose(f);
	return key;
}

START_TEST(test_meta_digest)
{
	char err[512];

	build(path_of("a.o"), "program a", "policy a", NULL);
	ck_assert_msg(opens(path_of("a.o"), NULL, err, sizeof(err)), "%s", err);
	/* the same input, the same digest: tpgen's objects stay reproducible */
	build(path_of("a2.o"), "program a", "policy a", NULL);
	{
		uint8_t d1[TP_DIGEST_SIZE], d2[TP_DIGEST_SIZE];

		ck_assert_int_eq(tp_obj__digest_file(path_of("a.o"), TP_DIGEST_SIG, d1), 0);
		ck_assert_int_eq(tp_obj__digest_file(path_of("a2.o"), TP_DIGEST_SIG, d2), 0);
		ck_assert_mem_eq(d1, d2, sizeof(d1));
	}
	/* a meta of zeros (no digest) does not pass for any object */
	{
		size_t size;
		void *meta = meta_for("policy a", NULL, &size);

		make_elf(path_of("z.o"), "program a");
		add(path_of("z.o"), TP_POLICY_SECTION, "policy a", 8);
		add(path_of("z.o"), TP_META_SECTION, meta, size);
		free(meta);
		ck_assert(!opens(path_of("z.o"), NULL, err, sizeof(err)));
		ck_assert_msg(strstr(err, ".tp.meta does not match the object's programs"), "%s",
			      err);
	}
}
END_TEST

/* A meta from another policy's object, put in this one: never accepted. */
START_TEST(test_swapped_meta)
{
	static const struct {
		const char *prog, *policy;
	} others[] = {
		{ "program b", "policy b" }, /* other programs, other policy */
		{ "program a", "policy b" }, /* the same programs: the policy differs */
		{ "program b", "policy a" }, /* the same policy text: the programs differ */
	};
	char err[512];
	size_t i, size;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		void *meta;

		build(path_of("b.o"), others[i].prog, others[i].policy, NULL);
		meta = section_bytes(path_of("b.o"), TP_META_SECTION, &size);
		make_elf(path_of("s.o"), "program a");
		add(path_of("s.o"), TP_POLICY_SECTION, "policy a", 8);
		add(path_of("s.o"), TP_META_SECTION, meta, size);
		free(meta);
		ck_assert_msg(!opens(path_of("s.o"), NULL, err, sizeof(err)), "swap %zu passed", i);
		ck_assert_msg(strstr(err, "does not match the object's programs, maps and policy"),
			      "swap %zu: %s", i, err);
	}
}
END_TEST

struct span {
	char name[64];
	size_t off, size;
};

/* Every section's name, file offset and size; n of them. */
static size_t spans(const char *path, struct span *s, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	Elf_Scn *scn = NULL;
	size_t shstrndx, n = 0;
	GElf_Shdr sh;

	elf_getshdrstrndx(e, &shstrndx);
	while ((scn = elf_nextscn(e, scn)) && n < max) {
		gelf_getshdr(scn, &sh);
		snprintf(s[n].name, sizeof(s[n].name), "%s", elf_strptr(e, shstrndx, sh.sh_name));
		s[n].off = sh.sh_offset;
		s[n].size = sh.sh_size;
		n++;
	}
	elf_end(e);
	close(fd);
	return n;
}

/* A copy of src with the byte at off xor'd with 1. */
static void flipped(const char *src, const char *dst, size_t off)
{
	FILE *f = fopen(src, "r");
	char buf[16384];
	size_t n = fread(buf, 1, sizeof(buf), f);

	fclose(f);
	ck_assert_uint_lt(off, n);
	buf[off] ^= 1;
	f = fopen(dst, "w");
	ck_assert_uint_eq(fwrite(buf, 1, n, f), n);
	fclose(f);
}

START_TEST(test_signature)
{
	EVP_PKEY *key = new_key("pub.pem"), *other = new_key("other.pem");
	struct span s[16];
	char err[512];
	size_t n, i, at;

	build(path_of("signed.o"), "program a", "policy a", key);
	build(path_of("unsigned.o"), "program a", "policy a", NULL);
	ck_assert_msg(opens(path_of("signed.o"), path_of("pub.pem"), err, sizeof(err)), "%s", err);
	/* without --verify-key a signed object loads */
	ck_assert_msg(opens(path_of("signed.o"), NULL, err, sizeof(err)), "%s", err);
	ck_assert(!opens(path_of("signed.o"), path_of("other.pem"), err, sizeof(err)));
	ck_assert_msg(strstr(err, "bad signature"), "other key: %s", err);
	ck_assert(!opens(path_of("unsigned.o"), path_of("pub.pem"), err, sizeof(err)));
	ck_assert_msg(strstr(err, "not signed"), "unsigned: %s", err);
	ck_assert(!opens(path_of("signed.o"), path_of("nope.pem"), err, sizeof(err)));
	ck_assert_msg(strstr(err, "nope.pem: No such file"), "no key: %s", err);

	/* one byte flipped in any section (middle, first, last byte): refused under the key */
	n = spans(path_of("signed.o"), s, 16);
	ck_assert_uint_ge(n, 8);
	for (i = 0; i < n; i++) {
		size_t where[3] = { s[i].size / 2, 0, s[i].size - 1 };
		size_t k;

		ck_assert_uint_gt(s[i].size, 0);
		for (k = 0; k < 3; k++) {
			/* .shstrtab's first byte is the name of no section: it does not matter */
			if (!strcmp(s[i].name, ".shstrtab") && !where[k])
				continue;
			flipped(path_of("signed.o"), path_of("t.o"), s[i].off + where[k]);
			ck_assert_msg(!opens(path_of("t.o"), path_of("pub.pem"), err, sizeof(err)),
				      "a byte at %zu of %s passed --verify-key", where[k],
				      s[i].name);
			/* without the key the meta's digest still covers programs, maps, policy */
			if (strcmp(s[i].name, TP_META_SECTION) &&
			    strcmp(s[i].name, TP_SIG_SECTION) && strcmp(s[i].name, ".shstrtab"))
				ck_assert_msg(!opens(path_of("t.o"), NULL, err, sizeof(err)),
					      "a byte at %zu of %s passed", where[k], s[i].name);
		}
	}
	/* the program's symbol's name, in .shstrtab (whose other bytes are not hashed) */
	for (i = 0; i < n; i++)
		if (!strcmp(s[i].name, ".shstrtab")) {
			size_t size;
			char *tab = section_bytes(path_of("signed.o"), ".shstrtab", &size);
			char *sym = memmem(tab, size, SYMBOL, strlen(SYMBOL));

			ck_assert_ptr_nonnull(sym);
			flipped(path_of("signed.o"), path_of("t.o"), s[i].off + (sym - tab) + 3);
			free(tab);
			ck_assert(!opens(path_of("t.o"), NULL, err, sizeof(err)));
			ck_assert_msg(strstr(err, "does not match"), "%s", err);
		}
	/* the ELF header's flags and a section header's flags: refused too */
	{
		GElf_Ehdr eh;
		int fd = open(path_of("signed.o"), O_RDONLY);
		Elf *e = elf_begin(fd, ELF_C_READ, NULL);

		gelf_getehdr(e, &eh);
		elf_end(e);
		close(fd);
		flipped(path_of("signed.o"), path_of("t.o"), offsetof(Elf64_Ehdr, e_flags));
		ck_assert(!opens(path_of("t.o"), path_of("pub.pem"), err, sizeof(err)));
		at = eh.e_shoff + 1 * eh.e_shentsize + offsetof(Elf64_Shdr, sh_flags);
		flipped(path_of("signed.o"), path_of("t.o"), at);
		ck_assert(!opens(path_of("t.o"), NULL, err, sizeof(err)));
	}
	EVP_PKEY_free(key);
	EVP_PKEY_free(other);
}
END_TEST

START_TEST(test_load_key)
{
	EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"), *k;
	char err[512];
	FILE *f;

	f = fopen(path_of("ec.pem"), "w");
	ck_assert_int_eq(PEM_write_PrivateKey(f, ec, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
	ck_assert_ptr_null(tp_sign__load_key(path_of("ec.pem"), err, sizeof(err)));
	ck_assert_msg(strstr(err, "not an Ed25519 key"), "%s", err);
	EVP_PKEY_free(new_key("pub2.pem"));
	ck_assert_ptr_null(tp_sign__load_key(path_of("pub2.pem"), err, sizeof(err)));
	ck_assert_msg(strstr(err, "not a PEM private key"), "%s", err);
	ck_assert_ptr_null(tp_sign__load_key(path_of("none.pem"), err, sizeof(err)));
	EVP_PKEY_free(ec);

	k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	f = fopen(path_of("ed.pem"), "w");
	ck_assert_int_eq(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
	EVP_PKEY_free(k);
	k = tp_sign__load_key(path_of("ed.pem"), err, sizeof(err));
	ck_assert_msg(k != NULL, "%s", err);
	tp_sign__free_key(k);
}
END_TEST

START_TEST(test_sections_once)
{
	char err[512];
	size_t size;
	void *meta;

	/* two .tp.meta */
	build(path_of("m2.o"), "program a", "policy a", NULL);
	meta = section_bytes(path_of("m2.o"), TP_META_SECTION, &size);
	add(path_of("m2.o"), TP_META_SECTION, meta, size);
	free(meta);
	ck_assert(!opens(path_of("m2.o"), NULL, err, sizeof(err)));
	ck_assert_msg(strstr(err, "two .tp.meta sections"), "%s", err);
	/* two .tp.policy */
	build(path_of("p2.o"), "program a", "policy a", NULL);
	add(path_of("p2.o"), TP_POLICY_SECTION, "policy a", 8);
	ck_assert(!opens(path_of("p2.o"), NULL, err, sizeof(err)));
	ck_assert_msg(strstr(err, "two .tp.policy sections"), "%s", err);
	/* none */
	make_elf(path_of("p0.o"), "program a");
	meta = meta_for("policy a", NULL, &size);
	add(path_of("p0.o"), TP_META_SECTION, meta, size);
	free(meta);
	ck_assert(!opens(path_of("p0.o"), NULL, err, sizeof(err)));
	ck_assert_msg(strstr(err, "no .tp.policy section"), "%s", err);
	/* two signatures; a signature cut short */
	{
		EVP_PKEY *key = new_key("pub3.pem");
		void *sig;

		build(path_of("s2.o"), "program a", "policy a", key);
		sig = section_bytes(path_of("s2.o"), TP_SIG_SECTION, &size);
		ck_assert_uint_eq(size, sizeof(struct tp_sig));
		ck_assert_msg(opens(path_of("s2.o"), path_of("pub3.pem"), err, sizeof(err)), "%s",
			      err);
		build(path_of("s1.o"), "program a", "policy a", NULL);
		add(path_of("s1.o"), TP_SIG_SECTION, sig, size - 1);
		ck_assert(!opens(path_of("s1.o"), path_of("pub3.pem"), err, sizeof(err)));
		ck_assert_msg(strstr(err, "bad .tp.sig section"), "%s", err);
		add(path_of("s2.o"), TP_SIG_SECTION, sig, size);
		ck_assert(!opens(path_of("s2.o"), NULL, err, sizeof(err)));
		ck_assert_msg(strstr(err, "two .tp.sig sections"), "%s", err);
		free(sig);
		EVP_PKEY_free(key);
	}
	/* an empty meta is said to be one */
	make_elf(path_of("e.o"), "program a");
	add(path_of("e.o"), TP_POLICY_SECTION, "policy a", 8);
	add(path_of("e.o"), TP_META_SECTION, "", 0);
	ck_assert(!opens(path_of("e.o"), NULL, err, sizeof(err)));
	ck_assert_msg(strstr(err, "empty .tp.meta section"), "%s", err);
}
END_TEST

START_TEST(test_escape)
{
	char buf[64], small[12];

	ck_assert_str_eq(tp_escape("sys_openat", buf, sizeof(buf)), "sys_openat");
	ck_assert_str_eq(tp_escape("a\x1b[31m\n\\\t\xff", buf, sizeof(buf)),
			 "a\\x1b[31m\\n\\\\\\t\\xff");
	ck_assert_str_eq(tp_escape("0123456789abcdef", small, sizeof(small)), "01234567...");
	ck_assert_str_eq(tp_escape("0123456789a", small, sizeof(small)), "0123456789a");
	ck_assert(tp_escape__has_control("a\x1b", false));
	ck_assert(tp_escape__has_control("a\n", false));
	ck_assert(!tp_escape__has_control("a\nb\t0x10", true));
	ck_assert(tp_escape__has_control("a\x7f", true));
	ck_assert(!tp_escape__has_control("/opt/\xc3\xa9t\xc3\xa9", false));
	ck_assert(!tp_escape__has_control("\xe2\x82\xac \xf0\x9f\x95\xb5", false));
	ck_assert(tp_escape__has_control("\x9b"
					 "31m",
					 false)); /* a raw C1 CSI */
	ck_assert(tp_escape__has_control("\xc2\x9b"
					 "31m",
					 false));		  /* C1 CSI as UTF-8 */
	ck_assert(tp_escape__has_control("\xc0\xaf", false));	  /* overlong */
	ck_assert(tp_escape__has_control("\xed\xa0\x80", false)); /* a surrogate */
	ck_assert(tp_escape__has_control("\xe2\x82", false));	  /* cut short */
	/* the other boundaries of RFC 3629, each at the end of the string */
	ck_assert(tp_escape__has_control("\xe0\x80\xaf", false));     /* overlong, 3 bytes */
	ck_assert(tp_escape__has_control("\xf0\x80\x80\xaf", false)); /* overlong, 4 bytes */
	ck_assert(tp_escape__has_control("\xf4\x90\x80\x80", false)); /* past U+10FFFF */
	ck_assert(tp_escape__has_control("a\xf0\x9f\x95", false));    /* 4 bytes cut short */
	ck_assert(!tp_escape__has_control("\xc2\xa0\xed\x9f\xbf\xf4\x8f\xbf\xbf", false));
}
END_TEST

/* Names from the meta with control characters: refused, and the message shows them escaped. */
START_TEST(test_names_escaped)
{
	static const char *const bad[] = { "x\x1b]0;owned\x07", "x\ny", "x\x7f",
					   "x\x9b"
					   "2J" };
	struct tp_meta_variant_view var = { TP_VAR_KPROBE, "f", "", "tp_h0", "" };
	struct tp_meta_hook_view h = {
		.kind = TP_HOOK_KPROBE,
		.call = "f",
		.function_name = "f",
		.subsys = "",
		.event = "",
		.message = "a message\nmay hold lines",
		.ret = { .type = TP_ARG_NONE },
		.variants = &var,
		.nvariants = 1,
	};
	char err[256];
	size_t i, k, size;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		for (k = 0; k < 3; k++) {
			struct tp_meta_writer *w = tp_meta_writer__new(k == 0 ? bad[i] : "p");
			struct tp_meta *m;
			void *data;

			var.prog = k == 1 ? bad[i] : "tp_h0";
			h.function_name = k == 2 ? bad[i] : "f";
			ck_assert_int_eq(tp_meta_writer__add_hook(w, &h), 0);
			ck_assert_int_eq(tp_meta_writer__finish(w, &data, &size), 0);
			tp_meta_writer__free(w);
			m = tp_meta__parse(data, size, err, sizeof(err));
			free(data);
			ck_assert_msg(m == NULL, "name %zu in place %zu accepted", i, k);
			ck_assert_msg(strstr(err, "holds control characters"), "%s", err);
			ck_assert_msg(!tp_escape__has_control(err, false), "raw bytes in '%s'",
				      err);
		}
	/* a message may hold lines (events print it as JSON) */
	{
		struct tp_meta_writer *w = tp_meta_writer__new("p");
		struct tp_meta *m;
		void *data;

		var.prog = "tp_h0";
		h.function_name = "f";
		ck_assert_int_eq(tp_meta_writer__add_hook(w, &h), 0);
		ck_assert_int_eq(tp_meta_writer__finish(w, &data, &size), 0);
		tp_meta_writer__free(w);
		m = tp_meta__parse(data, size, err, sizeof(err));
		ck_assert_msg(m != NULL, "%s", err);
		tp_meta__free(m);
		free(data);
	}
}
END_TEST

static Suite *sign_suite(void)
{
	Suite *s = suite_create("sign");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_meta_digest);
	tcase_add_test(tc, test_swapped_meta);
	tcase_add_test(tc, test_signature);
	tcase_add_test(tc, test_load_key);
	tcase_add_test(tc, test_sections_once);
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_names_escaped);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	char rm[64];
	int rc;

	if (!mkdtemp(dir))
		return 1;
	rc = tp_test_run(sign_suite());
	snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
	if (system(rm))
		fprintf(stderr, "test_sign: %s failed\n", rm);
	return rc;
}

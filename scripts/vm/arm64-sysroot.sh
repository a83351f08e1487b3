#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# arm64-sysroot.sh: Debian's arm64 packages tprun builds and runs against,
# extracted (not installed) into $CACHE/arm64-sysroot: a cross build's
# --sysroot (scripts/vm/build-arm64.sh) and, shared over 9p, the aarch64 guest's
# libraries and busybox (tests/vm/test_arm64.sh). Needs the arm64 architecture
# in apt (dpkg --add-architecture arm64; apt-get update). Prints the directory;
# quiet and offline when it is there. CACHE is $TPGEN_VM_CACHE, default
# build/vm-kernels in this checkout.
set -euo pipefail

die() { echo "arm64-sysroot: $*" >&2; exit 1; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${TPGEN_VM_CACHE:-$root/build/vm-kernels}
dir=$CACHE/arm64-sysroot

# tprun's libraries (the Makefile's PKGS and RT_LIBS), their -dev packages and
# what they load, as apt-cache depends --recurse gives it on Debian 12; busybox
pkgs=(libbpf-dev libbpf1 libelf-dev libelf1 libyaml-dev libyaml-0-2 zlib1g-dev zlib1g
      libssl-dev libssl3 libdw-dev libdw1 libcurl4-openssl-dev libcurl4 libc6 libc6-dev
      libc-dev-bin libcrypt-dev libcrypt1 libnsl-dev libnsl2 libtirpc-dev libtirpc3
      rpcsvc-proto linux-libc-dev libgcc-s1 gcc-12-base liblzma-dev liblzma5 libbz2-1.0
      libzstd1 libbrotli1 libcom-err2 libffi8 libgmp10 libgnutls30 libgssapi-krb5-2
      libhogweed6 libidn2-0 libk5crypto3 libkeyutils1 libkrb5-3 libkrb5support0
      libldap-2.5-0 libnettle8 libnghttp2-14 libp11-kit0 libpsl5 librtmp1 libsasl2-2
      libsasl2-modules-db libdb5.3 libssh2-1 libtasn1-6 libunistring2 libjansson-dev
      libjansson4 libpcre2-dev libpcre2-8-0 libpcre2-16-0 libpcre2-32-0 libpcre2-posix3
      libmicrohttpd-dev libmicrohttpd12
      busybox-static)

# made again when the list changes
want=$(printf '%s\n' "${pkgs[@]}")
current() { [ -e "$dir/.complete" ] && [ "$(cat "$dir/.pkgs" 2> /dev/null)" = "$want" ]; }
current && { echo "$dir"; exit 0; }
mkdir -p "$CACHE"
exec 9> "$CACHE/.arm64-sysroot.lock"
flock 9
current && { echo "$dir"; exit 0; }
work=$(mktemp -d "$CACHE/.sysroot.XXXXXX")
trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download -q -o APT::Sandbox::User=root "${pkgs[@]/%/:arm64}" > /dev/null ) ||
	die "apt-get download failed (dpkg --add-architecture arm64 && apt-get update?)"
mkdir "$work/root"
for d in "$work"/*.deb; do
	dpkg-deb -x "$d" "$work/root"
done
ls "$work"/*.deb | sed 's|.*/||' > "$work/root/.debs"
# merged /usr, as a Debian 12 system is: /lib's files (the loader's among them) in /usr/lib
for l in lib bin sbin; do
	mkdir -p "$work/root/usr/$l"
	if [ -d "$work/root/$l" ] && [ ! -L "$work/root/$l" ]; then
		cp -a "$work/root/$l/." "$work/root/usr/$l/"
		rm -rf "${work:?}/root/$l"
	fi
	ln -s "usr/$l" "$work/root/$l"
done
[ -e "$work/root/usr/lib/ld-linux-aarch64.so.1" ] ||
	die "no ld-linux-aarch64.so.1 in the extracted libc6"
printf '%s\n' "$want" > "$work/root/.pkgs"
touch "$work/root/.complete"
rm -rf "$dir"
mv "$work/root" "$dir"
echo "$dir"

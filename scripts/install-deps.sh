#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Install everything tpgen, tprun and their tests need on Debian 12.
# Idempotent and quiet when all is present; needs root and the Debian registry.
set -euo pipefail

# make deb: dpkg-dev, debhelper; lintian (tests/e2e/test_deb.sh); fuse-overlayfs, a
# writable root over the guest's read-only one (tests/vm/test_deb.sh)
pkgs=(clang clang-format llvm binutils libbpf-dev libelf-dev libdw-dev libcurl4-openssl-dev libssl-dev openssl zlib1g-dev libyaml-dev libjansson-dev libpcre2-dev libmicrohttpd-dev check bpftool
      libclang-rt-14-dev pkg-config make gcc python3 bpftrace qemu-system-x86 busybox-static cpio kmod xz-utils zstd
      wget curl systemtap-sdt-dev util-linux gnuplot-nox scdoc man-db systemd
      libcap2-bin procps qemu-system-arm gcc-aarch64-linux-gnu
      dpkg-dev debhelper lintian fuse-overlayfs)

# tests/vm-arm64.sh: Debian's arm64 kernel and libraries (downloaded, not installed)
arm64=0
dpkg --print-foreign-architectures | grep -qx arm64 || arm64=1

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && [ $arm64 = 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
[ $arm64 = 0 ] || { echo "install-deps: dpkg --add-architecture arm64"; dpkg --add-architecture arm64; }
apt-get update -q >/dev/null
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}"
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null

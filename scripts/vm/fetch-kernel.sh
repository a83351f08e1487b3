#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# fetch-kernel.sh VERSION_GLOB
#
# Downloads a Debian linux-image package matching VERSION_GLOB (e.g. '6.1.0-*',
# '6.12*') with apt-get download, and extracts into the cache:
#   $CACHE/<kernel-release>/vmlinuz        the kernel
#   $CACHE/<kernel-release>/vmlinux        the same, decompressed ELF (PVH boot)
#   $CACHE/<kernel-release>/config         its config
#   $CACHE/<kernel-release>/modules/*.ko   virtio-pci + 9p modules (decompressed)
#   $CACHE/<kernel-release>/modules.list   those modules in load order
#   $CACHE/<kernel-release>/deb            "PACKAGE VERSION SHA256" of the .deb
# Prints the kernel directory on stdout. Quiet and offline when already cached.
#
# Which package: the pin file (scripts/vm/kernels, or $TPGEN_VM_PINS; /dev/null
# for none) lists "SERIES PACKAGE VERSION" lines, the kernels the VM suite was
# last verified with. The newest pinned package that matches the glob is used at
# exactly that version, from the cache or else from apt. When apt no longer has
# it, a WARNING line says so and the newest matching kernel is used instead; so
# is it when no pin matches. The newest is the newest known to apt (from the
# cache when there), else the newest cached.
#
# TPGEN_VM_RECORD=FILE writes to FILE the line "PACKAGE VERSION STATUS SHA256"
# for the kernel printed, STATUS being pinned, fallback (the pin was not
# available) or unpinned (no pin matches the glob).
#
# CACHE is $TPGEN_VM_CACHE, default build/vm-kernels in this checkout (gitignored;
# a fresh clone fetches by itself, `make clean` forgets it).
# Only the generic flavour is picked unless the glob names another one
# (cloud, rt); debug and unsigned packages and meta-packages are never picked.
#
# TPGEN_VM_ARCH=arm64 fetches Debian's arm64 kernels (dpkg --add-architecture
# arm64 first); their vmlinuz is a compressed Image, not a bzImage: the cache
# then holds Image (decompressed, what qemu-system-aarch64 boots) and
# vmlinux.btf, the kernel's .BTF cut out of it (tpgen --target arm64 --btf).
set -euo pipefail

die() { echo "fetch-kernel: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 VERSION_GLOB   (e.g. '6.1.0-*' or '6.12*')"
GLOB=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${TPGEN_VM_CACHE:-$root/build/vm-kernels}
PINS=${TPGEN_VM_PINS:-$root/scripts/vm/kernels}
[ -r "$PINS" ] || die "cannot read the pin file $PINS"

# Normalise: the glob is matched against the kernel release, which for Debian
# packages always ends with the flavour, '-amd64' (or '-arm64').
ARCH=${TPGEN_VM_ARCH:-amd64}
case $ARCH in amd64|arm64) ;; *) die "TPGEN_VM_ARCH: amd64 or arm64, not '$ARCH'" ;; esac
case $GLOB in
    linux-image-*) GLOB=${GLOB#linux-image-} ;;
esac
case $GLOB in
    *"$ARCH") ;;
    *) GLOB="$GLOB-$ARCH" ;;
esac

# Does kernel release $1 match the glob and the flavour rules?
matches() {
    local r=$1
    # shellcheck disable=SC2053
    [[ $r == $GLOB ]] || return 1
    [[ $r =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || return 1            # no meta-packages
    case $r in *-dbg|*-unsigned) return 1 ;; esac
    case $r in *-cloud-"$ARCH") [[ $GLOB == *cloud* ]] || return 1 ;; esac
    case $r in *-rt-"$ARCH")    [[ $GLOB == *rt* ]]    || return 1 ;; esac
    return 0
}

newest() { sort -V | tail -n 1; }

# Decompress the bzImage payload into an ELF vmlinux: qemu boots that directly
# through its PVH entry point, skipping the in-guest decompressor (~5 s under TCG).
extract_vmlinux() {
    local dir=$1 pair tool magic off
    [ -e "$dir/vmlinux" ] || [ -e "$dir/.no-vmlinux" ] && return 0
    grep -q '^CONFIG_PVH=y' "$dir/config" 2>/dev/null || { touch "$dir/.no-vmlinux"; return 0; }
    for pair in 'zstd:\x28\xb5\x2f\xfd' 'xz:\xfd7zXZ\x00' 'gzip:\x1f\x8b\x08'; do
        tool=${pair%%:*}; magic=${pair#*:}
        command -v "$tool" >/dev/null || continue
        for off in $(LC_ALL=C grep -obUaP "$magic" "$dir/vmlinuz" | cut -d: -f1); do
            tail -c +$((off + 1)) "$dir/vmlinuz" | "$tool" -dc 2>/dev/null > "$dir/vmlinux.tmp" || true
            if [ "$(head -c 4 "$dir/vmlinux.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
                mv "$dir/vmlinux.tmp" "$dir/vmlinux"
                return 0
            fi
        done
    done
    rm -f "$dir/vmlinux.tmp"
    touch "$dir/.no-vmlinux"
}

# arm64: vmlinuz is an Image (6.12: uncompressed; gzip'd in older packages).
# Keep it as Image (what qemu-system-aarch64 boots) and cut out its .BTF: the raw image keeps the section's bytes between __start_BTF and
# __stop_BTF, a btf_header (magic 0xeb9f, version 1) then types and strings.
extract_image() {
    local dir=$1
    if [ ! -e "$dir/Image" ]; then
        if [ "$(head -c 2 "$dir/vmlinuz" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then
            gzip -dc "$dir/vmlinuz" > "$dir/Image"
        else
            ln "$dir/vmlinuz" "$dir/Image" 2>/dev/null || cp "$dir/vmlinuz" "$dir/Image"
        fi
    fi
    [ -e "$dir/vmlinux.btf" ] || python3 - "$dir/Image" "$dir/vmlinux.btf" <<'PY'
import struct, sys
img = open(sys.argv[1], 'rb').read()
off = 0
while True:
    off = img.find(b'\x9f\xeb\x01\x00', off)
    if off < 0:
        sys.exit('fetch-kernel: no .BTF in ' + sys.argv[1])
    hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from('<5I', img, off + 4)
    size = hdr_len + str_off + str_len
    if hdr_len == 24 and type_off == 0 and str_off == type_len and type_len > 1 << 20:
        open(sys.argv[2], 'wb').write(img[off:off + size])
        break
    off += 4
PY
}

# fetch PACKAGE VERSION WHY: download and extract into $CACHE/<release>; exits
# 1, saying why, when the download fails or the package is not a kernel it can
# use. Run by try_fetch, in a subshell.
fetch() {
    local pkg=$1 ver=$2 deb sum
    work=$(mktemp -d "$CACHE/.fetch.XXXXXX")
    trap 'rm -rf "$work"' EXIT

    echo "fetch-kernel: downloading $pkg $ver ($3)" >&2
    if ! ( cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$pkg:$ARCH=$ver" >/dev/null ); then
        echo "fetch-kernel: apt-get download $pkg=$ver failed" >&2
        return 1
    fi
    deb=$(ls "$work"/*.deb)
    sum=$(sha256sum "$deb" | cut -d' ' -f1)
    dpkg-deb -x "$deb" "$work/x"

    kdir=$work/out
    mkdir -p "$kdir/modules"
    vmlinuz=$(ls "$work"/x/boot/vmlinuz-* 2>/dev/null | head -n 1)
    [ -n "$vmlinuz" ] || die "$pkg has no /boot/vmlinuz-*"
    krel=${vmlinuz##*/vmlinuz-}
    cp "$vmlinuz" "$kdir/vmlinuz"
    cp "$work/x/boot/config-$krel" "$kdir/config" 2>/dev/null || true
    mdir=$work/x/lib/modules/$krel
    [ -d "$mdir" ] || mdir=$work/x/usr/lib/modules/$krel
    [ -d "$mdir" ] || die "$pkg has no modules directory for $krel"

    # Module closure, dependency first. Modules built in or absent are skipped.
    declare -A seen=()
    order=()
    find_ko() { find "$mdir/kernel" -name "$1.ko" -o -name "$1.ko.xz" -o -name "$1.ko.zst" \
                    -o -name "$1.ko.gz" | head -n 1; }
    visit() {
        local m=$1 f dep
        m=${m//-/_}
        [ -z "${seen[$m]:-}" ] || return 0
        seen[$m]=1
        f=$(find_ko "$m")
        if [ -z "$f" ]; then
            f=$(find_ko "${m//_/-}")
        fi
        if [ -z "$f" ]; then
            if grep -qE "/${m//_/[-_]}\.ko\$" "$mdir/modules.builtin" 2>/dev/null; then
                return 0                                        # built in
            fi
            echo "fetch-kernel: note: module $m not in this kernel (merged or built in); skipped" >&2
            return 0
        fi
        for dep in $(modinfo -F depends "$f" | tr ',' ' '); do
            visit "$dep"
        done
        case $f in
            *.xz)  xz -dc "$f" ;;
            *.zst) zstd -qdc "$f" ;;
            *.gz)  gzip -dc "$f" ;;
            *)     cat "$f" ;;
        esac > "$kdir/modules/$m.ko"
        order+=("$m")
    }
    for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci \
             9pnet 9pnet_virtio netfs fscache 9p; do
        visit "$m"
    done
    printf '%s\n' "${order[@]}" > "$kdir/modules.list"
    [ "$krel" = "${pkg#linux-image-}" ] || die "$pkg holds kernel $krel, not ${pkg#linux-image-}"
    echo "$pkg $ver $sum" > "$kdir/deb"
    extract_vmlinux "$kdir"
    [ "$ARCH" != arm64 ] || extract_image "$kdir"
    touch "$kdir/.complete"

    rm -rf "${CACHE:?}/$krel"
    mv "$kdir" "$CACHE/$krel"
}

# try_fetch PACKAGE VERSION WHY: fetch with -e in force; fetched=0 when it worked
# (a subshell tested by if or || would run with -e off)
try_fetch() {
    set +e
    ( set -e; fetch "$@" )
    fetched=$?
    set -e
}

# The pin for this glob: the newest pinned package whose release matches it.
pin_series='' pin_pkg='' pin_ver=''
while read -r series p v extra; do
    case $series in ''|'#'*) continue ;; esac
    [[ -n ${v:-} && -z ${extra:-} && $p == linux-image-* ]] ||
        die "$PINS: bad line '$series ${p:-} ${v:-} ${extra:-}' (want SERIES PACKAGE VERSION)"
    matches "${p#linux-image-}" || continue
    if [ -z "$pin_pkg" ] || [ "$(printf '%s\n' "$pin_pkg" "$p" | newest)" = "$p" ]; then
        pin_series=$series pin_pkg=$p pin_ver=$v
    fi
done < "$PINS"

mkdir -p "$CACHE"
# one fetch at a time per cache (tests/vm.sh boots two kernels side by side)
exec 9> "$CACHE/.lock"
flock 9

# cached_version RELEASE: the package version cached for RELEASE, if complete
cached_version() {
    local d=$CACHE/$1 p v
    [ -e "$d/.complete" ] && [ -s "$d/deb" ] || return 1
    read -r p v _ < "$d/deb" && [ -n "${v:-}" ] && echo "$v"
}
newest_cached() {
    local d r
    for d in "$CACHE"/*/deb; do
        [ -e "$d" ] || continue
        r=$(basename "$(dirname "$d")")
        if matches "$r" && cached_version "$r" > /dev/null; then echo "$r"; fi
    done | newest
}
# apt_versions PACKAGE: the versions apt can download
apt_versions() {
    apt-cache madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' | sort -Vu
}
# apt_has PACKAGE VERSION
apt_has() {
    [[ $'\n'$(apt_versions "$1")$'\n' == *$'\n'"$2"$'\n'* ]]
}
newest_apt() {
    apt-cache pkgnames linux-image- 2>/dev/null | sed -n 's/^linux-image-//p' |
        while read -r r; do if matches "$r"; then echo "$r"; fi; done | newest
}
updated=0
# apt_update: refresh apt's lists once (root only; a fresh machine may have none)
apt_update() {
    [ $updated = 0 ] && [ "$(id -u)" -eq 0 ] || return 1
    updated=1
    echo "fetch-kernel: apt-get update" >&2
    apt-get update -q > /dev/null 2>&1 || true
}
# use RELEASE STATUS: print the cached kernel, record it, exit
use() {
    local d=$CACHE/$1 p v sum
    extract_vmlinux "$d"
    read -r p v sum < "$d/deb"
    if [ -n "${TPGEN_VM_RECORD:-}" ]; then
        echo "$p $v $2 $sum" > "$TPGEN_VM_RECORD" || die "cannot write $TPGEN_VM_RECORD"
    fi
    echo "$d"
    exit 0
}

# 1. The pinned package at the pinned version: cached, else from apt.
status=unpinned
if [ -n "$pin_pkg" ]; then
    rel=${pin_pkg#linux-image-}
    [ "$(cached_version "$rel" || true)" != "$pin_ver" ] || use "$rel" pinned
    if apt_has "$pin_pkg" "$pin_ver" || { apt_update && apt_has "$pin_pkg" "$pin_ver"; }; then
        try_fetch "$pin_pkg" "$pin_ver" "pinned for $pin_series in ${PINS#"$root"/}"
        [ $fetched -ne 0 ] || use "$rel" pinned
    fi
    status=fallback
fi

# 2. The newest: the newest known to apt, from the cache when there, else the
# newest cached.
rel=$(newest_apt)
if [ -z "$rel" ] && apt_update; then rel=$(newest_apt); fi
cached=$(newest_cached)
if [ -n "$rel" ]; then
    ver=$(apt_versions "linux-image-$rel" | newest)
    if [ "$(cached_version "$rel" || true)" != "$ver" ]; then
        fetched=1    # the pin itself failed already
        [ "linux-image-$rel $ver" = "$pin_pkg $pin_ver" ] ||
            try_fetch "linux-image-$rel" "$ver" "the newest '$GLOB'"
        if [ $fetched -ne 0 ]; then
            [ -n "$cached" ] || die "cannot get linux-image-$rel $ver"
            echo "fetch-kernel: warning: cannot get linux-image-$rel $ver; using the cached $cached" >&2
            rel=$cached
        fi
    fi
elif [ -n "$cached" ]; then
    rel=$cached
else
    die "no linux-image package matches '$GLOB' (try: apt-get update;" \
        "apt-cache search linux-image | grep $ARCH)"
fi
if [ "$status" = fallback ]; then
    read -r p v _ < "$CACHE/$rel/deb"
    echo "fetch-kernel: WARNING: the pinned $pin_pkg $pin_ver ($pin_series in ${PINS#"$root"/})" \
        "cannot be had from apt; using $p $v, which the VM suite was not verified with" >&2
fi
use "$rel" "$status"

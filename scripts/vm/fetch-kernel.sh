#!/usr/bin/env bash
# fetch-kernel.sh VERSION_GLOB
#
# Downloads a Debian linux-image package matching VERSION_GLOB (e.g. '6.1.0-*',
# '6.12*') with apt-get download, and extracts into the cache:
#   $CACHE/<kernel-release>/vmlinuz        the kernel
#   $CACHE/<kernel-release>/vmlinux        the same, decompressed ELF (PVH boot)
#   $CACHE/<kernel-release>/config         its config
#   $CACHE/<kernel-release>/modules/*.ko   virtio-pci + 9p modules (decompressed)
#   $CACHE/<kernel-release>/modules.list   those modules in load order
# Prints the kernel directory on stdout. Quiet and offline when already cached.
#
# CACHE is $TPGEN_VM_CACHE, default build/vm-kernels in this checkout (gitignored;
# a fresh clone fetches by itself, `make clean` forgets it).
# Only the generic flavour is picked unless the glob names another one
# (cloud, rt); debug and unsigned packages and meta-packages are never picked.
set -euo pipefail

die() { echo "fetch-kernel: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 VERSION_GLOB   (e.g. '6.1.0-*' or '6.12*')"
GLOB=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${TPGEN_VM_CACHE:-$root/build/vm-kernels}

# Normalise: the glob is matched against the kernel release, which for Debian
# packages always ends with the flavour, '-amd64'.
case $GLOB in
    linux-image-*) GLOB=${GLOB#linux-image-} ;;
esac
case $GLOB in
    *amd64) ;;
    *) GLOB="$GLOB-amd64" ;;
esac

# Does kernel release $1 match the glob and the flavour rules?
matches() {
    local r=$1
    # shellcheck disable=SC2053
    [[ $r == $GLOB ]] || return 1
    [[ $r =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || return 1            # no meta-packages
    case $r in *-dbg|*-unsigned) return 1 ;; esac
    case $r in *-cloud-amd64) [[ $GLOB == *cloud* ]] || return 1 ;; esac
    case $r in *-rt-amd64)    [[ $GLOB == *rt* ]]    || return 1 ;; esac
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

# 1. Already cached?
if [ -d "$CACHE" ]; then
    cached=$(for d in "$CACHE"/*/.complete; do
                 [ -e "$d" ] || continue
                 r=$(basename "$(dirname "$d")")
                 if matches "$r"; then echo "$r"; fi
             done | newest)
    if [ -n "$cached" ]; then
        extract_vmlinux "$CACHE/$cached"
        echo "$CACHE/$cached"
        exit 0
    fi
fi

# 2. Resolve the newest matching package known to apt.
resolve() {
    apt-cache pkgnames linux-image- 2>/dev/null | sed -n 's/^linux-image-//p' |
        while read -r r; do if matches "$r"; then echo "$r"; fi; done | newest
}
rel=$(resolve)
if [ -z "$rel" ] && [ "$(id -u)" -eq 0 ]; then
    # a fresh machine may not have the package lists yet
    echo "fetch-kernel: no '$GLOB' known to apt; apt-get update" >&2
    apt-get update -q >/dev/null 2>&1 || true
    rel=$(resolve)
fi
[ -n "$rel" ] || die "no linux-image package matches '$GLOB' (try: apt-get update;" \
    "apt-cache search linux-image | grep amd64)"
pkg=linux-image-$rel

mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "fetch-kernel: downloading $pkg" >&2
( cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null ) ||
    die "apt-get download $pkg failed"
deb=$(ls "$work"/*.deb)
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
echo "$pkg" > "$kdir/package"
extract_vmlinux "$kdir"
touch "$kdir/.complete"

rm -rf "${CACHE:?}/$krel"
mv "$kdir" "$CACHE/$krel"
echo "$CACHE/$krel"

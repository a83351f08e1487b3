#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# run.sh [--kernel VERSION_GLOB] [--timeout SECS] [--mem SIZE] [--smp N] [--out DIR]
#        [--share DIR]... -- CMD...
#
# Boots a Debian kernel (fetched by fetch-kernel.sh) under qemu, mounts the host
# root read-only at / (a chroot), then this checkout (and each --share DIR)
# read-only at its own host path over the guest's tmpfs mounts, runs CMD in the
# host's cwd and exits with CMD's status. CMD's stdout/stderr arrive on this
# script's stdout/stderr (each through its own serial port); the exit status
# comes back as a marker on the console. See scripts/vm/README.md.
#
# Environment: TPGEN_VM_CACHE (kernel cache), TPGEN_VM_PINS and TPGEN_VM_RECORD
# (fetch-kernel.sh), TPGEN_VM_ACCEL (default tcg), TPGEN_VM_VERBOSE=1 (show the
# guest console after the run).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "vm/run: $*" >&2; exit 125; }
usage() {
    echo "usage: $0 [--kernel VERSION_GLOB] [--timeout SECS] [--mem SIZE] [--smp N] [--out DIR] [--share DIR]... -- CMD..." >&2
    exit 125
}

# The checkout, shared with the guest explicitly at its physical host path: the
# build embeds absolute source paths (tpgen's templates), and a checkout under
# /tmp or /run would otherwise be hidden by the guest's tmpfs there.
root=$(cd "$here/../.." && pwd -P)
shares=("$root")

kglob='6.1.0-*'
tmo=600
mem=1G
smp=1
outdir=
while [ $# -gt 0 ]; do
    case $1 in
        --kernel)  [ $# -ge 2 ] || usage; kglob=$2; shift 2 ;;
        --timeout) [ $# -ge 2 ] || usage; tmo=$2; shift 2 ;;
        --mem)     [ $# -ge 2 ] || usage; mem=$2; shift 2 ;;
        --smp)     [ $# -ge 2 ] || usage; smp=$2; shift 2 ;;
        --out)     [ $# -ge 2 ] || usage; outdir=$2; shift 2 ;;
        --share)   [ $# -ge 2 ] || usage
                   d=$(cd "$2" 2>/dev/null && pwd -P) || die "--share $2: not a directory"
                   shares+=("$d"); shift 2 ;;
        --)        shift; break ;;
        -h|--help) usage ;;
        -*)        usage ;;
        *)         break ;;
    esac
done
[ $# -gt 0 ] || usage

for t in qemu-system-x86_64 cpio gzip; do
    command -v "$t" >/dev/null || die "$t not found (see scripts/vm/README.md)"
done
busybox=$(command -v busybox || true)
case $(ldd "${busybox:-/nonexistent}" 2>&1 || true) in
    *"not a dynamic"*) ;;
    *) die "need a static busybox (apt-get install busybox-static)" ;;
esac

kdir=$("$here/fetch-kernel.sh" "$kglob") || die "cannot get a kernel for '$kglob'"

# ---------------------------------------------------------------- initramfs
read -r -d '' INIT <<'EOF' || true
#!/bin/busybox sh
. /guest-init.sh
fail() { echo "vm-init: $*"; echo "@@TPGEN-VM-EXIT ${NONCE:-none} 125@@"; sync; reboot -f; }
mkdir -p /host /job
mount -t 9p -o $o9p tpgenjob /job || fail "cannot mount job share"
. /job/env
mount -t 9p -o $o9p,ro,cache=loose hostroot /host || fail "cannot mount host root"
H=/host
mount -t proc proc $H/proc
mount -t sysfs sysfs $H/sys
mount -t devtmpfs devtmpfs $H/dev
mkdir -p $H/dev/pts $H/dev/shm
mount -t devpts -o ptmxmode=0666 devpts $H/dev/pts || fail "cannot mount devpts"
mount -t tmpfs -o mode=1777 tmpfs $H/dev/shm || fail "cannot mount /dev/shm"
mount -t tmpfs -o mode=1777 tmpfs $H/tmp
mount -t tmpfs -o mode=755 tmpfs $H/run
mount -t tracefs tracefs $H/sys/kernel/tracing
mount -t debugfs debugfs $H/sys/kernel/debug
mount -t securityfs securityfs $H/sys/kernel/security
mount -t bpf -o mode=700 bpf $H/sys/fs/bpf
mount -t cgroup2 cgroup2 $H/sys/fs/cgroup 2>/dev/null
# the checkout and any --share DIR, read-only at their host paths, over the tmpfs
while read -r tag dir; do
    mkdir -p "$H$dir" 2>/dev/null
    mount -t 9p -o $o9p,ro,cache=loose "$tag" "$H$dir" || fail "cannot mount $tag at $dir"
done < /job/shares
if [ "$OUT" = 1 ]; then
    mkdir -p $H/tmp/out
    mount -t 9p -o $o9p tpgenout $H/tmp/out || fail "cannot mount --out share"
fi
cp /job/job.sh $H/tmp/.tpgen-vm-job.sh
stty -F /dev/ttyS1 raw -echo
stty -F /dev/ttyS2 raw -echo
klog=$(dmesg | wc -l)
chroot $H /bin/bash /tmp/.tpgen-vm-job.sh </dev/null >/dev/ttyS1 2>/dev/ttyS2
rc=$?
echo "$rc" > /job/rc
if [ "$rc" != 0 ]; then
    echo "vm-init: command exited $rc; kernel messages meanwhile:"
    dmesg | tail -n +$((klog + 1)) | tail -n 40
fi
echo "@@TPGEN-VM-EXIT $NONCE $rc@@"
sync
reboot -f
EOF

initrd=$(printf '%s\n' "$INIT" | "$here/initramfs.sh" "$kdir" "$busybox" initramfs) ||
    die "cannot make the initramfs"

# ---------------------------------------------------------------- job
job=$(mktemp -d "${TMPDIR:-/tmp}/tpgen-vm.XXXXXX")
catpids=()
cleanup() {
    for p in "${catpids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$job"
}
trap cleanup EXIT
mkdir "$job/share"
nonce=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
{
    echo "NONCE=$nonce"
    if [ -n "$outdir" ]; then echo OUT=1; else echo OUT=0; fi
} > "$job/share/env"
# One read-only 9p export per directory, parents first; a directory inside
# another share comes with it. Tags: tpgensrc0 (the checkout), tpgensrc1, ...
# under_share PATH: PATH is a kept share or inside one
kept=()
under_share() {
    local k
    for k in ${kept[@]+"${kept[@]}"}; do
        case $1 in "$k"|"$k"/*) return 0 ;; esac
    done
    return 1
}
virtfs_src=()
for d in "${shares[@]}"; do
    case $d in
        *$'\n'*) die "cannot share a path with a newline: $d" ;;
        /tmp/out|/tmp/out/*) die "cannot share $d: the guest mounts --out at /tmp/out" ;;
    esac
done
while IFS= read -r d; do
    under_share "$d" && continue
    virtfs_src+=(-virtfs "local,path=${d//,/,,},mount_tag=tpgensrc${#kept[@]},security_model=none,readonly=on,multidevs=remap")
    echo "tpgensrc${#kept[@]} $d" >> "$job/share/shares"
    kept+=("$d")
done < <(printf '%s\n' "${shares[@]}" | LC_ALL=C sort -u)

# CMD runs in the host's cwd where the guest sees it; a cwd that a tmpfs hides
# in the guest (and that no share brings back) becomes the checkout.
cwd=$(pwd -P)
if ! under_share "$cwd"; then
    case $cwd in
        /tmp|/tmp/*|/run|/run/*|/dev/shm|/dev/shm/*)
            echo "vm/run: warning: cwd $cwd is hidden by a tmpfs in the guest; using $root" >&2
            cwd=$root ;;
    esac
fi
{
    echo "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    echo "export HOME=/root TERM=dumb LANG=C.UTF-8 TPGEN_VM=1"
    [ -z "$outdir" ] || echo "export TPGEN_VM_OUT=/tmp/out"
    printf 'cd %q || exit 126\n' "$cwd"
    printf 'exec'; printf ' %q' "$@"; printf '\n'
} > "$job/share/job.sh"

for s in out err; do
    mkfifo "$job/$s.in" "$job/$s.out"
done
cat "$job/out.out" &
catpids+=($!)
cat "$job/err.out" >&2 &
catpids+=($!)

virtfs_out=()
if [ -n "$outdir" ]; then
    mkdir -p "$outdir"
    d=$(cd "$outdir" && pwd -P)
    virtfs_out=(-virtfs "local,path=${d//,/,,},mount_tag=tpgenout,security_model=none")
fi

kimg=$kdir/vmlinuz
[ -s "$kdir/vmlinux" ] && [ "${TPGEN_VM_PVH:-1}" = 1 ] && kimg=$kdir/vmlinux
# One CPU boots without ACPI (~2 s faster under TCG); more CPUs need ACPI to be
# found, and pci=noacpi avoids the slow ACPI PCI interrupt-link setup.
if [ "$smp" = 1 ]; then acpi=acpi=off; else acpi=pci=noacpi; fi
accel=${TPGEN_VM_ACCEL:-tcg}
cpu=max
[ "$accel" = kvm ] && cpu=host
start=$(date +%s.%N)
set +e
timeout -k 5 "$tmo" qemu-system-x86_64 \
    -nodefaults -no-user-config -display none -no-reboot \
    -machine pc -accel "$accel" -cpu "$cpu" -smp "$smp" -m "$mem" \
    -kernel "$kimg" -initrd "$initrd" \
    -append "console=ttyS0 quiet loglevel=0 panic=-1 lsm=lockdown,capability,bpf nokaslr $acpi ${TPGEN_VM_APPEND:-}" \
    -chardev "file,id=con,path=$job/console.log" -serial chardev:con \
    -chardev "pipe,id=out,path=$job/out" -serial chardev:out \
    -chardev "pipe,id=err,path=$job/err" -serial chardev:err \
    -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
    -virtfs "local,path=${job//,/,,}/share,mount_tag=tpgenjob,security_model=none" \
    "${virtfs_src[@]}" ${virtfs_out[@]+"${virtfs_out[@]}"} \
    </dev/null >"$job/qemu.log" 2>&1
qrc=$?
set -e
end=$(date +%s.%N)

# Unblock the readers if qemu never opened the fifos, then let them drain.
for s in out err; do
    exec 3<>"$job/$s.out"; exec 3>&-
done
for p in "${catpids[@]}"; do wait "$p" 2>/dev/null || true; done
catpids=()

console=$(tr -d '\r' < "$job/console.log" 2>/dev/null || true)
if [ "${TPGEN_VM_VERBOSE:-0}" = 1 ]; then
    echo "---- guest console ($(awk "BEGIN{printf \"%.1f\", $end-$start}") s) ----" >&2
    printf '%s\n' "$console" >&2
fi
rc=$(printf '%s\n' "$console" | sed -n "s/^@@TPGEN-VM-EXIT $nonce \([0-9]*\)@@\$/\1/p" | tail -n 1)
if [ -z "$rc" ]; then
    if [ $qrc -eq 124 ]; then
        echo "vm/run: timed out after ${tmo}s" >&2
        rc=124
    else
        echo "vm/run: no exit marker from the guest (qemu status $qrc)" >&2
        rc=125
    fi
    echo "---- qemu ----" >&2; cat "$job/qemu.log" >&2
fi
if [ "$rc" != 0 ] && [ "${TPGEN_VM_VERBOSE:-0}" != 1 ]; then
    echo "---- guest console (tail) ----" >&2
    printf '%s\n' "$console" | tail -n 50 >&2
fi
exit "$rc"

#!/bin/sh
# stream-check.sh: does bin/stream measure memory? Runs it, every variant that can stream in
# parallel, side by side with checks/stream_ref (a plain OpenMP schedule(static) triad over
# arrays of the same length), in interleaved rounds at 1 and 2 workers, and prints each one's
# median bandwidth as a share of the reference's. Fails when one is below 90%.
#   checks/stream-check.sh REF [ROUNDS] [PASSES]
# REF is the built reference; `make stream-check` builds it and runs this. Set MCCALPIN to a
# McCalpin STREAM binary (built for the same array length) to add its best triad as a column.
set -eu
ref=$1 rounds=${2:-5} passes=${3:-10}
bin=${PARBENCH_BIN:-bin}
variants="serial threaded forked pooled procpool openmp"
mib=$("$bin/stream" --info | tr ' ' '\n' | sed -n 's/^array_mib=//p')
[ -n "$mib" ] || { echo "stream-check: bin/stream --info names no array_mib" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
# One run's gbytes_per_s appended to file $1, or a line saying the run failed and exit 1.
gbps() {
	file=$1
	shift
	if ! out=$("$@"); then
		echo "stream-check: failed: $*" >&2
		exit 1
	fi
	printf '%s\n' "$out" | tr ' ' '\n' | sed -n 's/^gbytes_per_s=//p' >>"$file"
}
echo "stream-check: 3 arrays x $mib MiB, $passes passes a run, $rounds rounds, medians"
for r in $(seq "$rounds"); do
	for w in 1 2; do
		OMP_NUM_THREADS=$w OMP_PROC_BIND=spread OMP_PLACES=cores \
			gbps "$tmp/ref.$w" "$ref" --array-mib "$mib" --passes "$passes"
		for v in $variants; do
			[ "$v" = serial ] && [ "$w" -gt 1 ] && continue
			gbps "$tmp/$v.$w" "$bin/stream" --variant "$v" --workers "$w" --size "$passes" \
				--array-mib "$mib"
		done
		if [ -n "${MCCALPIN:-}" ]; then
			OMP_NUM_THREADS=$w OMP_PROC_BIND=spread "$MCCALPIN" |
				awk '/^Triad:/ { print $2 / 1000 }' >>"$tmp/mccalpin.$w"
		fi
	done
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
fail=0
printf '%-10s %8s %8s  %s\n' variant workers GB/s "share of the reference"
for w in 1 2; do
	[ -s "$tmp/ref.$w" ] || { echo "stream-check: the reference printed no gbytes_per_s" >&2; exit 1; }
	base=$(median "$tmp/ref.$w")
	printf '%-10s %8s %8s  %s\n' reference "$w" "$base" "100%"
	[ -s "$tmp/mccalpin.$w" ] && printf '%-10s %8s %8s  %s\n' mccalpin "$w" \
		"$(median "$tmp/mccalpin.$w")" "(best of its 10, for comparison)"
	for v in $variants; do
		[ "$v" = serial ] && [ "$w" -gt 1 ] && continue
		[ -s "$tmp/$v.$w" ] || { echo "stream-check: $v printed no gbytes_per_s" >&2; exit 1; }
		m=$(median "$tmp/$v.$w")
		pct=$(awk -v m="$m" -v b="$base" 'BEGIN { printf "%.0f", 100 * m / b }')
		note=''
		[ "$pct" -lt 90 ] && note='  below 90%' && fail=1
		printf '%-10s %8s %8s  %s%%%s\n' "$v" "$w" "$m" "$pct" "$note"
	done
done
exit $fail

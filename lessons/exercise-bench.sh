#!/bin/sh
# exercise-bench.sh NN PROG RUNNER OUT: make exercise-bench's judge. Times an exercise's benchmark
# program PROG (its bench_NN-name.c linked with a version of NN-name.c) at 1 and 2 workers with
# RUNNER --cmd, into the results folder OUT, then prints the speedup at 2 and exits 1 below the
# exercise's minimum, with a hint about the likely cause. PROG takes --workers W and prints
# seconds= and result= (which the runner checks is the same at both counts).
# Exit: 0 fast enough, 1 too slow or the runs failed, 2 bad usage or no benchmark for NN.
# A benchmark, not a test: its numbers depend on the machine being otherwise idle.
set -u

usage() {
	echo "usage: $0 NN PROG RUNNER OUT" >&2
	exit 2
}
[ $# -eq 4 ] || usage
n=$1 prog=$2 runner=$3 out=$4

# What each exercise with a benchmark must reach at 2 workers, and what to look at when it does not.
case $n in
02)
	min=1.5
	hint="are the threads' partial sums next to each other in one cache line? A thread that \
adds every term to its slot in memory makes the two cores pass that line back and forth; sum \
into a local variable and store it once, at the end (README step 2)"
	;;
*)
	echo "exercise-bench: exercise $n has no benchmark" >&2
	exit 2
	;;
esac

log=$out.log
rm -rf "$out"
mkdir -p "$(dirname "$out")" || exit 1
echo "exercise-bench: timing $prog at 1 and 2 workers (bin/runner, 5 to 7 runs each; log in $log)"
if ! "$runner" --cmd "$prog --workers {workers}" --name "exercise$n" --workers 1,2 --repeat 5 \
	--timeout 60 --out "$out" >"$log" 2>&1; then
	if [ -f "$out/report.md" ] && grep -q '^## Failures' "$out/report.md"; then
		echo "exercise-bench: the runs failed (the runner's $out/report.md says):" >&2
		sed -n '/^## Failures/,$p' "$out/report.md" | sed -n '2,8p' >&2
	else
		echo "exercise-bench: the runner failed; the end of $log:" >&2
		tail -n 15 "$log" >&2
	fi
	exit 1
fi

# summary.csv: bench,variant,workers,n,median_s,...,speedup (10th),...; runs.csv: ...,seconds
# (7th),user_s,sys_s,status (10th). The CPUs a point's runs kept busy, on average, tell a busy
# machine (threads that get less than a CPU each) from threads that run but do not go faster.
awk -F, -v min="$min" -v hint="$hint" '
	FNR == 1 { file++; next }
	file == 1 && $3 == 1 { t1 = $5; n1 = $4 }
	file == 1 && $3 == 2 { t2 = $5; n2 = $4; s = $10; lo = $11; hi = $12 }
	file == 2 && $10 == "ok" && $7 > 0 { cpus[$3] += ($8 + $9) / $7; runs[$3]++ }
	END {
		if (t1 == "" || t2 == "" || !runs[1] || !runs[2]) {
			print "exercise-bench: no speedup at 2 workers in the results" > "/dev/stderr"
			exit 1
		}
		c1 = cpus[1] / runs[1]
		c2 = cpus[2] / runs[2]
		printf "1 worker: %.3f s (median of %d runs, %.2f CPUs busy)\n", t1, n1, c1
		printf "2 workers: %.3f s (median of %d runs, %.2f CPUs busy)\n", t2, n2, c2
		fflush()	# before the verdict, which may go to stderr
		busy = c1 < 0.9 || c2 < 1.5	# quiet, 2 threads of a right answer keep 1.75 to 1.9 busy
		why = sprintf("the 1- and 2-thread runs kept only %.2f and %.2f CPUs busy, not 1 and 2", \
			      c1, c2)
		if (s + 0 >= min) {
			printf "ok: speedup %.2f× at 2 threads [%.2f, %.2f], at least %.1f×\n", s, lo, hi, min
			if (busy)
				printf "note: %s: the machine was busy, so that number is rough\n", why
			exit 0
		}
		if (busy)
			printf "speedup %.2f× at 2 threads [%.2f, %.2f], below %.1f×, but %s: either the " \
			       "machine is busy with other work (run it again when it is quiet), or the " \
			       "threads do not run at the same time (make exercise checks that)\n", s, lo, \
			       hi, min, why > "/dev/stderr"
		else
			printf "speedup %.2f× at 2 threads [%.2f, %.2f], below %.1f×: %s\n", s, lo, hi, min, \
			       hint > "/dev/stderr"
		exit 1
	}' "$out/summary.csv" "$out/runs.csv"

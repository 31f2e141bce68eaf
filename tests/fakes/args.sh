# args.sh: sourced by the fake benches in this folder (it is not one itself). Reads the runner's
# arguments as a bench would, named sizes included, answers --info as a bench does (for the
# given --size; a size it does not know is a usage error), and defines
# ok RESULT [SECONDS], which prints a bench's key=value line and exits 0. A fake may set
# work_power before sourcing it.
variant=serial workers=1 size=1000 info=''
while [ $# -gt 0 ]; do
	case $1 in
	--variant) variant=$2; shift ;;
	--workers) workers=$2; shift ;;
	--size) size=$2; shift ;;
	--info) info=yes ;;
	esac
	shift
done
case $size in
small) size=1000 ;;
medium) size=10000 ;;
large) size=100000 ;;
''|0|*[!0-9]*|????????????????????*|?????????*)	# 1 to 99999999, as a bench's size_max
	echo "${0##*/}: --size: expected small, medium, large or a number, got '$size'" >&2
	exit 2 ;;
esac
if [ -n "$info" ]; then
	echo "bench=${0##*/} kind=cpu small=1000 medium=10000 large=100000 size=$size tasks=4" \
	     "parallelism=0 tasks_rule=any variants=serial,threaded,forked,pooled,procpool,gil,openmp,async" \
	     "mpi=no default=yes work_power=${work_power:-1}"
	exit 0
fi

ok() {
	echo "bench=${0##*/} variant=$variant workers=$workers tasks=4 size=$size" \
	     "seconds=${2:-0.001} user_s=0.000 sys_s=0.000 result=$1"
	exit 0
}

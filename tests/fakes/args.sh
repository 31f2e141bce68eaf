# args.sh: sourced by the fake benches in this folder (it is not one itself). Reads the runner's
# arguments as a bench would, named sizes included, answers --info, and defines
# ok RESULT [SECONDS], which prints a bench's key=value line and exits 0.
variant=serial workers=1 size=1000
while [ $# -gt 0 ]; do
	case $1 in
	--variant) variant=$2; shift ;;
	--workers) workers=$2; shift ;;
	--size) size=$2; shift ;;
	--info) printf 'bench=fake kind=cpu small=1000 medium=10000 large=100000\n'; exit 0 ;;
	esac
	shift
done
case $size in
small) size=1000 ;;
medium) size=10000 ;;
large) size=100000 ;;
esac

ok() {
	echo "bench=${0##*/} variant=$variant workers=$workers tasks=4 size=$size" \
	     "seconds=${2:-0.001} user_s=0.000 sys_s=0.000 result=$1"
	exit 0
}

"""common.py: what the four Python benches share, one way each: the command line, the
workloads' arithmetic (share_begin, the sum and pi tasks, SplitMix64 from benches/lib/rng.h)
and the one key=value line. The arithmetic is the C benches' exactly, so that result= is
byte-identical to theirs and the runner can check a Python run against a C serial run."""
import os
import re
import sys

MASK = (1 << 64) - 1        # C's uint64_t arithmetic is modulo 2^64: & MASK
SEED = 1                    # the C benches' --seed default (benches/lib/main.c)
TASKS_DEFAULT = 64          # tasks_default in bin/sum --info and bin/pi --info
TASKS_MAX = 1 << 30         # TASKS_MAX in benches/lib/workload.h
WORKERS_MAX = 4096          # as the C benches' --workers
SIZES = {"sum": ({"small": 150000000, "medium": 1500000000, "large": 15000000000}, 1 << 50),
         "pi": ({"small": 36000000, "medium": 360000000, "large": 3600000000}, 1 << 40)}

USAGE = """usage: {prog} WORKERS SIZE [TASKS]

The {bench} bench of parbench in Python, its tasks run by {how}.
  WORKERS  1 to {wmax}
  SIZE     small ({small}), medium ({medium}), large ({large}) or a whole number from 1 to {smax}
  TASKS    1 to {tmax} (default {tdef}, as bin/{bench})
It prints one key=value line, as bin/{bench} does, with the same result=."""


def parse_args(bench, how):
    """(workers, size, size as given, tasks) from sys.argv; --help, or exit 2 with why."""
    prog, args = os.path.basename(sys.argv[0]), sys.argv[1:]
    names, size_max = SIZES[bench]
    if "--help" in args:
        print(USAGE.format(prog=prog, bench=bench, how=how, wmax=WORKERS_MAX, smax=size_max,
                           tmax=TASKS_MAX, tdef=TASKS_DEFAULT, **names))
        sys.exit(0)
    if len(args) not in (2, 3):
        usage_error(prog, f"expected WORKERS SIZE [TASKS], got {len(args)} argument"
                          f"{'' if len(args) == 1 else 's'} (see --help)")
    workers = whole(prog, "WORKERS", args[0], WORKERS_MAX)
    size = names.get(args[1]) or whole(prog, "SIZE", args[1], size_max)
    tasks = whole(prog, "TASKS", args[2], TASKS_MAX) if len(args) == 3 else TASKS_DEFAULT
    return workers, size, args[1], tasks


def whole(prog, what, text, most):
    """A whole number from 1 to most, in plain digits only, as benches/lib/args.c takes it (at
    most 20 of them: int() refuses over 4300)."""
    if not re.fullmatch(r"[0-9]{1,20}", text) or not 1 <= int(text) <= most:
        usage_error(prog, f"{what}: expected a whole number from 1 to {most}, got '{text[:40]}'")
    return int(text)


def usage_error(prog, why):
    print(f"{prog}: {why}", file=sys.stderr)
    sys.exit(2)


def share_begin(total, tasks, t):
    """workload.h's share_begin: task t gets [share_begin(t), share_begin(t + 1))."""
    q, r = divmod(total, tasks)
    return q * t + min(t, r)


def sum_task(size, tasks, t):
    """benches/sum.c's task: its range's sum, the seeds' expression, as a uint64_t partial.
    + and * modulo 2^64 once at the end is C's wrapping at every step."""
    lo, hi = share_begin(size, tasks, t), share_begin(size, tasks, t + 1)
    return sum(i + i * i + i * i * i for i in range(lo, hi)) & MASK


def sum_keys(size, partials):
    return [("result", sum(partials) & MASK)]     # partials_sum_u64, wrapping as it does


def rng_next(state):
    """rng.h's rng_next (SplitMix64): the new state and the output."""
    state = (state + 0x9e3779b97f4a7c15) & MASK
    z = ((state ^ (state >> 30)) * 0xbf58476d1ce4e5b9) & MASK
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK
    return state, z ^ (z >> 31)


def rng_unit(state):
    """rng.h's rng_unit: the top 53 bits fit a double exactly and 2^-53 is a power of two, so
    the product is exact, the same double as C's."""
    state, z = rng_next(state)
    return state, (z >> 11) * 2.0 ** -53


def rng_for_task(seed, task):
    """rng.h's rng_for_task: the state of task's stream."""
    _, z = rng_next(seed ^ 0x5851f42d4c957f2d)
    state, _ = rng_next((z + task * 0xd1b54a32d192ed03) & MASK)
    return state


def pi_task(size, tasks, i):
    """benches/pi.c's task: the darts of task i that fall inside the quarter circle."""
    state, hits = rng_for_task(SEED, i), 0
    for _ in range(share_begin(size, tasks, i + 1) - share_begin(size, tasks, i)):
        state, x = rng_unit(state)
        state, y = rng_unit(state)
        hits += x * x + y * y <= 1.0
    return hits


def pi_keys(size, partials):
    hits = sum(partials)
    # pi.c's 4.0 * (double)hits / (double)size and %.12f: the same double, the same digits
    return [("result", "%.12f" % (4.0 * hits / size)), ("hits", hits), ("seed", SEED)]


# Each bench's task (size, tasks, t) -> partial, and its keys from the partials.
BENCHES = {"sum": (sum_task, sum_keys), "pi": (pi_task, pi_keys)}


def report(bench, variant, workers, tasks, size_name, start_s, compute_s, finish_s, cpu, keys):
    """The one line, keys in bin/<bench>'s order. cpu is os.times() at the start and at the end:
    user and system time, the process's and its reaped children's (a pool's workers are reaped
    by then); max(0, ...) as float sums of ticks may differ by a hair (-0.000)."""
    a, b = cpu
    user = max(0.0, b.user + b.children_user - a.user - a.children_user)
    system = max(0.0, b.system + b.children_system - a.system - a.children_system)
    line = [("bench", bench), ("variant", variant), ("workers", workers), ("tasks", tasks),
            ("size", size_name), ("seconds", "%.9f" % (start_s + compute_s + finish_s)),
            ("start_s", "%.9f" % start_s), ("compute_s", "%.9f" % compute_s),
            ("finish_s", "%.9f" % finish_s), ("user_s", "%.3f" % user), ("sys_s", "%.3f" % system)]
    print(" ".join(f"{k}={v}" for k, v in line + keys))

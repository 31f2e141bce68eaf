"""sum_pool.py: the sum bench (benches/sum.c) with multiprocessing.Pool, the seeds' way of
computing in parallel in Python: each worker is a process with its own interpreter and its own
GIL, so W of them can compute at once. Compare sum_threads.py, where they cannot.
Run: python3 sum_pool.py WORKERS SIZE [TASKS]; result= is bin/sum's, byte for byte."""
import functools
import multiprocessing
import multiprocessing.pool     # now, or Pool() would import it while timed (10 ms)
import os
import sys
import time

sys.dont_write_bytecode = True      # no __pycache__ left in the repository
import common                       # noqa: E402  (after the line above, on purpose)


def main():
    workers, size, size_name, tasks = common.parse_args("sum", "multiprocessing.Pool")
    task = functools.partial(common.sum_task, size, tasks)
    cpu0 = os.times()
    t0 = time.perf_counter()
    pool = multiprocessing.Pool(workers)    # start: the worker processes are forked
    t1 = time.perf_counter()
    # chunksize 1, as bin/sum's procpool (--chunk 1): a worker takes one task at a time, so the
    # last tasks spread over every worker; the default (64 / (4 W) tasks a chunk) would save
    # messages that cost microseconds against tasks of milliseconds.
    partials = pool.map(task, range(tasks), chunksize=1)
    t2 = time.perf_counter()
    pool.close()
    pool.join()                             # finish: the workers exit and are reaped
    t3 = time.perf_counter()
    common.report("sum", "pool", workers, tasks, size_name, t1 - t0, t2 - t1, t3 - t2,
                  (cpu0, os.times()), common.sum_keys(size, partials) + [("chunk", 1)])


if __name__ == "__main__":     # a pool may re-import this file in its workers (spawn)
    main()

"""drivers.py: the two ways the Python benches run their tasks, once each: a multiprocessing.Pool
(processes, one GIL each) and W threading.Thread workers (one GIL for all). Each runs the bench's
tasks, times start, compute and finish apart as the C benches do, and prints their line."""
import functools
import multiprocessing
import multiprocessing.pool     # now, or Pool() would import it while timed (10 ms)
import os
import sys
import threading
import time

import common


def run_pool(bench):
    workers, size, size_name, tasks = common.parse_args(bench, "multiprocessing.Pool")
    task_fn, keys = common.BENCHES[bench]
    task = functools.partial(task_fn, size, tasks)
    cpu0 = os.times()
    t0 = time.perf_counter()
    pool = multiprocessing.Pool(workers)    # start: the worker processes are forked
    t1 = time.perf_counter()
    # chunksize 1, as the C benches' procpool (--chunk 1): a worker takes one task at a time, so
    # the last tasks spread over every worker; the default (64 / (4 W) tasks a chunk) would save
    # messages that cost microseconds against tasks of milliseconds.
    partials = pool.map(task, range(tasks), chunksize=1)
    t2 = time.perf_counter()
    pool.close()
    pool.join()                             # finish: the workers exit and are reaped
    t3 = time.perf_counter()
    common.report(bench, "pool", workers, tasks, size_name, t1 - t0, t2 - t1, t3 - t2,
                  (cpu0, os.times()), keys(size, partials) + [("chunk", 1)])


def run_threads(bench):
    workers, size, size_name, tasks = common.parse_args(bench, "threading.Thread workers")
    task_fn, keys = common.BENCHES[bench]
    partials, ends, ready = [None] * tasks, [0.0] * workers, []
    # The gate, as benches/lib/team.c's: the last worker to arrive stamps the end of start
    # and lets every worker go at once.
    gate = threading.Barrier(workers, action=lambda: ready.append(time.perf_counter()))

    def work(k):    # worker k: a block of tasks, as the C benches' threaded (--schedule block)
        gate.wait()
        lo, hi = common.share_begin(tasks, workers, k), common.share_begin(tasks, workers, k + 1)
        for t in range(lo, hi):
            partials[t] = task_fn(size, tasks, t)
        ends[k] = time.perf_counter()

    cpu0 = os.times()
    t0 = time.perf_counter()
    # daemon: if starting one fails, the others, waiting at the gate, do not keep us alive
    threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    t3 = time.perf_counter()
    if None in partials:
        sys.exit(f"{os.path.basename(sys.argv[0])}: a worker failed (see above)")
    t1, t2 = ready[0], max(ends)   # every worker ready; the last partial in
    common.report(bench, "threads", workers, tasks, size_name, t1 - t0, t2 - t1, t3 - t2,
                  (cpu0, os.times()), keys(size, partials) + [("schedule", "block")])

"""pi_threads.py: the pi bench (benches/pi.c) with W threading.Thread workers. A thread must
hold the GIL to run Python code, so only one computes at a time: no faster than one worker,
however many cores (lesson 08). Compare pi_pool.py, whose processes each have their own GIL.
Run: python3 pi_threads.py WORKERS SIZE [TASKS]; result= is bin/pi's, byte for byte."""
import os
import sys
import threading
import time

sys.dont_write_bytecode = True      # no __pycache__ left in the repository
import common                       # noqa: E402  (after the line above, on purpose)


def main():
    workers, size, size_name, tasks = common.parse_args("pi", "threading.Thread workers")
    partials, ends, ready = [None] * tasks, [0.0] * workers, []
    # The gate, as benches/lib/team.c's: the last worker to arrive stamps the end of start
    # and lets every worker go at once.
    gate = threading.Barrier(workers, action=lambda: ready.append(time.perf_counter()))

    def work(k):    # worker k: a block of tasks, as bin/pi's threaded (--schedule block)
        gate.wait()
        lo, hi = common.share_begin(tasks, workers, k), common.share_begin(tasks, workers, k + 1)
        for t in range(lo, hi):
            partials[t] = common.pi_task(size, tasks, t)
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
    common.report("pi", "threads", workers, tasks, size_name, t1 - t0, t2 - t1, t3 - t2,
                  (cpu0, os.times()), common.pi_keys(size, partials) + [("schedule", "block")])


if __name__ == "__main__":
    main()

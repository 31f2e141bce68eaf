"""sum_pool.py: the sum bench (benches/sum.c) with multiprocessing.Pool, the seeds' way of computing in
parallel in Python: each worker is a process with its own interpreter and its own GIL, so W of
them can compute at once. Compare sum_threads.py, where they cannot. drivers.py runs the pool.
Run: python3 sum_pool.py WORKERS SIZE [TASKS]; result= is bin/sum's, byte for byte."""
import sys

sys.dont_write_bytecode = True      # no __pycache__ left in the repository
import drivers                      # noqa: E402  (after the line above, on purpose)

if __name__ == "__main__":          # a pool may re-import this file in its workers (spawn)
    drivers.run_pool("sum")

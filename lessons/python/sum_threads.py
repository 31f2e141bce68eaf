"""sum_threads.py: the sum bench (benches/sum.c) with W threading.Thread workers. A thread must hold the
GIL to run Python code, so only one computes at a time: no faster than one worker, however many
cores (lesson 08). Compare sum_pool.py, whose processes each have their own GIL. drivers.py
runs the threads. Run: python3 sum_threads.py WORKERS SIZE [TASKS]; result= is bin/sum's."""
import sys

sys.dont_write_bytecode = True      # no __pycache__ left in the repository
import drivers                      # noqa: E402  (after the line above, on purpose)

if __name__ == "__main__":
    drivers.run_threads("sum")

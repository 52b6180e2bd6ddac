"""calldeck's benchmarks: `python -m bench [--quick] [--out FILE]`.

Every measurement is a ratio against a baseline taken in the same run (the machine is
shared and noisy), or a latency measured from an emulator hook to the app's screen.
Each one runs in a fresh worker process (`bench.worker`) so one cannot skew another.
"""

#!/usr/bin/env python3
# Context switches out of a process's threads, per call, by thread name and the state it left in (R: still runnable,
# so preempted or yielding while it spins; S: asleep until woken). Reads `perf script -F comm,pid,tid,cpu,time,trace`
# of a system-wide `perf record -a -e sched:sched_switch`.
# Usage: switches.py SCRIPT_TXT PID CALLS_IN_WINDOW   (docs/benchmarks/profile.md, fifth slice)
import collections, re, sys

path, pid, calls = sys.argv[1], sys.argv[2], float(sys.argv[3])
line_re = re.compile(r'^\s*(.+?)\s+(\d+)/(\d+)\s+\[\d+\]\s+[\d.]+: prev_comm=(.*) prev_pid=\d+ prev_prio=\d+ prev_state=(\S+) ==> next_comm=(.*) next_pid=\d+')
out, to = collections.Counter(), collections.Counter()
for line in open(path, errors='replace'):
    m = line_re.match(line)
    if m and m.group(2) == pid:
        out[(m.group(4), m.group(5))] += 1
        to[m.group(6)] += 1
print(f'switches out of {pid}: {sum(out.values()) / calls:.2f} per call')
for (comm, state), v in out.most_common(8):
    print(f'  {v / calls:6.2f} per call, {comm} left in state {state}')
for comm, v in to.most_common(5):
    print(f'  {v / calls:6.2f} per call, switched to {comm}')

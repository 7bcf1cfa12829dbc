#!/usr/bin/env python3
# Who wakes a process's threads, per call: reads `perf script -F comm,pid,tid,cpu,time,event,trace,ip,sym,dso` of a
# system-wide `perf record -a -g -e sched:sched_wakeup` and counts the wake-ups whose wakee thread belongs to PID,
# by waker process and thread name, by wakee thread name, and by the waker's first user-space frames. A thread's
# process is known from the events it wakes others in; a thread that never wakes another is known only from TIDS_FILE
# (`ls /proc/PID/task > tids.txt` while the load runs), so pass one for a complete count.
# Usage: wakeups.py SCRIPT_TXT PID CALLS_IN_WINDOW [TIDS_FILE] [DEPTH]   (docs/benchmarks/profile.md, fifth slice)
import collections, re, sys

path, pid, calls = sys.argv[1], sys.argv[2], float(sys.argv[3])
tids = set(open(sys.argv[4]).read().split()) if len(sys.argv) > 4 else set()
depth = int(sys.argv[5]) if len(sys.argv) > 5 else 4
header = re.compile(r'^(.+?)\s+(\d+)/(\d+)\s+\[\d+\]\s+[\d.]+: sched:sched_wakeup: comm=(.*) pid=(\d+) ')
events, owner, current, frames = [], {}, None, []
for line in open(path, errors='replace'):
    if not line.strip():
        if current:
            events.append((current, frames))
        current, frames = None, []
        continue
    m = header.match(line)
    if m:
        if current:
            events.append((current, frames))
        current, frames = (m.group(1).strip(), m.group(2), m.group(4), m.group(5)), []
        owner[m.group(3)] = m.group(2)  # a thread seen waking another tells which process it belongs to
        continue
    frames.append(line.rstrip())
if current:
    events.append((current, frames))

wakers, wakees, stacks = collections.Counter(), collections.Counter(), collections.Counter()
for (waker_comm, waker_pid, wakee_comm, wakee_tid), fr in events:
    if owner.get(wakee_tid) != pid and wakee_tid not in tids:
        continue
    key = ('same process' if waker_pid == pid else 'pid ' + waker_pid) + ': ' + waker_comm
    wakers[key] += 1
    wakees[wakee_comm] += 1
    user = []
    for f in fr:
        if '[kernel.kallsyms]' in f:
            continue
        m = re.search(r'^\s*[0-9a-f]+ (.*) \((.*)\)$', f)
        s = re.sub(r'\[(OptimizedTier1|Optimized|Tier1|QuickJitted|PreJIT|Tier0|Instrumented)\]', '', m.group(1) if m else f).strip()
        if s and not s.startswith('[unknown]'):
            user.append(s[:120])
        if len(user) >= depth:
            break
    stacks[(key, wakee_comm, ' <- '.join(user))] += 1

print(f'wake-ups of threads of {pid}: {sum(wakers.values()) / calls:.2f} per call')
for k, v in wakers.most_common(10):
    print(f'  {v / calls:6.2f} per call, waker {k}')
for k, v in wakees.most_common(8):
    print(f'  {v / calls:6.2f} per call, wakee {k}')
for (k, e, s), v in stacks.most_common(30):
    if v / calls >= 0.02:
        print(f'  {v / calls:6.2f} per call, {k} -> {e}: {s}')

#!/usr/bin/env python3
# Groups the self time of a `perf report --no-children --sort dso,sym --stdio -g none` listing by where the code
# lives (kernel, runtime, each library, the gateway's own assemblies), for two processes side by side, and turns
# each group's share into microseconds per call from each process's CPU time per call.
# Usage: perf-groups.py GATEWAY_LISTING YARP_LISTING GATEWAY_US_PER_CALL YARP_US_PER_CALL  (docs/benchmarks/profile.md)
import re,sys,collections
def groups(path):
    tot=collections.Counter()
    for line in open(path):
        m=re.match(r'\s*([\d.]+)%\s+(\[JIT\] tid \d+|\S+)\s+\[(.)\]\s+(.*)',line)
        if not m: continue
        p=float(m.group(1)); dso=m.group(2); sym=m.group(4)
        if dso.startswith('[kernel'): k='kernel: hypervisor interrupt toggling (pvm_irq_enable)' if 'pvm_irq_enable' in sym else 'kernel: sockets, scheduling, the rest'
        elif dso.startswith('[JIT]'):
            a=re.search(r'\[([A-Za-z][\w.]*)\]\s*[\w.`+<>]+::',sym) or re.search(r'\[([A-Za-z][\w.]*)\]',sym); a=a.group(1) if a else ''
            if sym.startswith('stub') or not a: k='runtime (native: GC, type checks, stubs, JIT)'
            elif a.startswith('TaskGateway'): k="the gateway's own assemblies"
            elif a.startswith('Yarp'): k='Yarp.ReverseProxy'
            elif a in('Microsoft.AspNetCore.Grpc.JsonTranscoding','System.Text.Json','Google.Protobuf','Grpc.Core.Api','Grpc.AspNetCore.Server','System.Text.Encodings.Web'): k='JSON transcoding, System.Text.Json, protobuf, gRPC'
            elif a.startswith('Microsoft.AspNetCore') or a=='System.IO.Pipelines': k='ASP.NET Core (Kestrel, routing, authentication)'
            elif a.startswith('OpenTelemetry') or a=='System.Diagnostics.DiagnosticSource': k='OpenTelemetry, DiagnosticSource'
            elif a.startswith('Polly') or a=='System.Threading.RateLimiting': k='Polly, rate limiting'
            elif a.startswith('Microsoft.Extensions'): k='Microsoft.Extensions (DI, options, logging, health)'
            elif a in ('System.Net.Http','System.Private.Uri','System.Net.Primitives','System.Security.Claims','System.Security.Cryptography'): k='System.Net.Http, Uri'
            elif a=='System.Net.Sockets': k='System.Net.Sockets'
            else: k='System.Private.CoreLib and other BCL (async, thread pool, collections)'
        elif 'coreclr' in dso or 'clrjit' in dso: k='runtime (native: GC, type checks, stubs, JIT)'
        elif dso.endswith('.dll'): k='System.Private.CoreLib and other BCL (async, thread pool, collections)'
        else: k='libc, loader, System.Native (thread-pool sched_yield, epoll, send/recv)'
        tot[k]+=p
    s=sum(tot.values()); return {k:v/s for k,v in tot.items()}
g=groups(sys.argv[1]); y=groups(sys.argv[2])
G=float(sys.argv[3]); Y=float(sys.argv[4])
keys=sorted(set(g)|set(y), key=lambda k:-(g.get(k,0)*G-y.get(k,0)*Y))
print("| where | gateway share | gateway µs/call | YARP share | YARP µs/call | difference µs/call |\n|---|---|---|---|---|---|")
for k in keys:
    a=g.get(k,0); b=y.get(k,0)
    print(f"| {k} | {a*100:.1f} % | {a*G:.0f} | {b*100:.1f} % | {b*Y:.0f} | {a*G-b*Y:+.0f} |")
print(f"| total | 100 % | {G:.0f} | 100 % | {Y:.0f} | {G-Y:+.0f} |")

#!/usr/bin/python3
"""Side-by-side SMTP throughput benchmark: Postfix, the loopback limit and (optionally) DirectMail.

Every path delivers into the same kind of sink, Postfix's smtp-sink, which exits after it has
received N messages, so "end-to-end" is the time from the first message handed to the sender
until the sink exits. See benchmarks/README.md for usage, the JSON format and the interface the
DirectMail load driver must implement.

Only the Python standard library is used (Debian's python3). Must run as root: it installs the
postfix package when missing and runs a private Postfix instance from a scratch directory.
"""

import argparse
import atexit
import datetime as dt
import fcntl
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = os.path.dirname(HERE)
REPO_DIR = os.path.dirname(BENCH_DIR)

SMTP_SINK = "/usr/sbin/smtp-sink"
SMTP_SOURCE = "/usr/sbin/smtp-source"
POSTFIX = "/usr/sbin/postfix"
POSTCONF = "/usr/sbin/postconf"
POSTSUPER = "/usr/sbin/postsuper"
MASTER_CF_DIST = "/usr/share/postfix/master.cf.dist"

SINK_BACKLOG = "1024"
# Postfix's outbound concurrency towards the sink, and the limit the driver is told to use too.
CONCURRENCY = 100
# seconds the driver gets, after the sink has all messages, to print "done" and to exit
DRIVER_GRACE = 10.0

SCHEMA = "directmail-peers/1"


def log(msg):
    sys.stderr.write("[%s] %s\n" % (time.strftime("%H:%M:%S"), msg))
    sys.stderr.flush()


class BenchError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# process bookkeeping: everything we start is stopped on exit, whatever the exit path

class Reaper:
    def __init__(self):
        self.procs = []          # Popen objects started in their own session
        self.cleanups = []       # callables, run last-in first-out
        self.done = False

    def track(self, proc):
        self.procs.append(proc)
        return proc

    def at_cleanup(self, fn):
        self.cleanups.append(fn)

    def kill(self, proc, grace=2.0):
        if proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def cleanup(self):
        if self.done:
            return
        self.done = True
        for proc in self.procs:
            self.kill(proc)
        while self.cleanups:
            fn = self.cleanups.pop()
            try:
                fn()
            except Exception as e:  # keep cleaning up
                log("cleanup step failed: %s" % e)


REAPER = Reaper()


def _on_signal(signum, _frame):
    log("signal %d: stopping everything this run started" % signum)
    REAPER.cleanup()
    sys.exit(128 + signum)


def spawn(argv, stdout=subprocess.DEVNULL, stderr=None, **kw):
    """Start a process in its own session (so its whole group can be killed) and track it."""
    proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                            start_new_session=True, **kw)
    return REAPER.track(proc)


def wait_rusage(proc, timeout):
    """Wait for proc with a deadline; return (returncode, rusage) or raise TimeoutExpired.

    Uses wait4() so the child's own CPU time (and that of descendants it reaped) comes back.
    """
    deadline = time.monotonic() + timeout
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, ru
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(proc.args, timeout)
        time.sleep(0.002)


def wait_all(procs, timeout):
    """Wait for several processes at once; return {proc: (returncode, rusage, monotonic exit)}.

    Exit times are taken independently (2 ms resolution), so a process that lingers does not
    delay the timestamp of another. Raises TimeoutExpired if any is still running at the end.
    """
    deadline = time.monotonic() + timeout
    out = {}
    while len(out) < len(procs):
        for proc in procs:
            if proc in out:
                continue
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                out[proc] = (proc.returncode, ru, time.monotonic())
        if len(out) < len(procs):
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired([p.args for p in procs if p not in out], timeout)
            time.sleep(0.002)
    return out


def run(argv, check=True, timeout=120, **kw):
    res = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=timeout, **kw)
    if check and res.returncode != 0:
        raise BenchError("%s failed (%d): %s" % (" ".join(argv), res.returncode,
                                                 (res.stderr or res.stdout).strip()))
    return res


# --------------------------------------------------------------------------------------------
# ports

def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def listening(port, addr_hex="0100007F"):
    """True when something listens on 127.0.0.1:port (read from /proc, no connection made)."""
    want = "%s:%04X" % (addr_hex, port)
    try:
        with open("/proc/net/tcp") as f:
            next(f)
            for line in f:
                parts = line.split()
                if parts[1] == want and parts[3] == "0A":
                    return True
    except OSError:
        pass
    return False


def wait_listening(port, timeout, proc=None, what="listener"):
    deadline = time.monotonic() + timeout
    while not listening(port):
        if proc is not None and proc.poll() is not None:
            raise BenchError("%s exited (%s) before listening on port %d"
                             % (what, proc.returncode, port))
        if time.monotonic() > deadline:
            raise BenchError("%s not listening on 127.0.0.1:%d after %ss" % (what, port, timeout))
        time.sleep(0.02)


# --------------------------------------------------------------------------------------------
# CPU accounting: a dedicated cgroup per measured subject (Postfix, our driver)

class CpuGroup:
    """CPU time of every process in a dedicated cgroup, in seconds.

    cgroup v2 (cpu.stat usage_usec) where a v2 hierarchy is writable, else cgroup v1 cpuacct
    (cpuacct.usage, ns). The cgroup counts all processes ever placed in it, including ones that
    have already exited, which a /proc walk cannot see. If no cgroup can be created, `path` is
    None and callers fall back to /proc.
    """

    def __init__(self, name):
        self.path = None
        self.kind = None
        candidates = []
        if os.path.exists("/sys/fs/cgroup/cgroup.controllers"):
            candidates.append(("v2", "/sys/fs/cgroup"))
        if os.path.exists("/sys/fs/cgroup/unified/cgroup.procs"):
            candidates.append(("v2", "/sys/fs/cgroup/unified"))
        if os.path.exists("/sys/fs/cgroup/cpuacct/cpuacct.usage"):
            candidates.append(("v1", "/sys/fs/cgroup/cpuacct"))
        for kind, root in candidates:
            path = os.path.join(root, "dmbench-%d-%s" % (os.getpid(), name))
            try:
                os.mkdir(path)
            except FileExistsError:
                pass
            except OSError:
                continue
            self.path, self.kind = path, kind
            try:
                self.usage()
            except OSError:
                self._rmdir()
                self.path = self.kind = None
                continue
            REAPER.at_cleanup(self.remove)
            break

    @property
    def method(self):
        if self.kind == "v2":
            return "cgroup v2 cpu.stat usage_usec (%s)" % os.path.dirname(self.path)
        if self.kind == "v1":
            return "cgroup v1 cpuacct.usage (%s)" % os.path.dirname(self.path)
        return None

    def wrap(self, argv):
        """argv that first moves itself into this cgroup, then execs argv (children inherit)."""
        if not self.path:
            return list(argv)
        return ["/bin/sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', self.path] + list(argv)

    def usage(self):
        if self.kind == "v2":
            with open(os.path.join(self.path, "cpu.stat")) as f:
                for line in f:
                    k, v = line.split()
                    if k == "usage_usec":
                        return int(v) / 1e6
            raise OSError("no usage_usec in cpu.stat")
        with open(os.path.join(self.path, "cpuacct.usage")) as f:
            return int(f.read().strip()) / 1e9

    def pids(self):
        if not self.path:
            return []
        with open(os.path.join(self.path, "cgroup.procs")) as f:
            return [int(x) for x in f.read().split()]

    def _rmdir(self):
        for _ in range(50):
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.1)
        log("could not remove cgroup %s (processes left?)" % self.path)

    def remove(self):
        if self.path and os.path.isdir(self.path):
            for pid in self.pids():
                log("killing leftover pid %d in %s" % (pid, self.path))
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self._rmdir()


CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_stat(pid):
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    # fields after the parenthesised command name; field 3 (state) is rest[0]
    rest = data[data.rindex(")") + 2:].split()
    return {
        "state": rest[0], "ppid": int(rest[1]), "sid": int(rest[3]),
        "utime": int(rest[11]), "stime": int(rest[12]),
        "cutime": int(rest[13]), "cstime": int(rest[14]),
    }


def session_cpu(sid):
    """/proc fallback: CPU seconds of a daemon session (Postfix master = session leader).

    Live members' own utime+stime, plus the leader's cutime+cstime, which holds every child it
    has already reaped. Exited children not yet reaped are missed (small).
    """
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            st = proc_stat(int(name))
        except (OSError, ValueError, IndexError):
            continue
        if st["sid"] != sid:
            continue
        total += st["utime"] + st["stime"]
        if int(name) == sid:
            total += st["cutime"] + st["cstime"]
    return total / CLK_TCK


# --------------------------------------------------------------------------------------------
# installation (idempotent)

def dpkg_installed(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True)
    return r.returncode == 0 and "install ok installed" in r.stdout


def ensure_packages(mailname):
    need = [p for p in ("postfix",) if not dpkg_installed(p)]
    if not need:
        return
    log("installing %s" % " ".join(need))
    if "postfix" in need:
        sel = ("postfix postfix/main_mailer_type select Local only\n"
               "postfix postfix/mailname string %s\n" % mailname)
        subprocess.run(["debconf-set-selections"], input=sel, text=True, check=True)
    # Keep the package's maintainer scripts from starting a system-wide Postfix on port 25.
    policy = "/usr/sbin/policy-rc.d"
    made_policy = False
    if not os.path.exists(policy):
        with open(policy, "w") as f:
            f.write("#!/bin/sh\n# temporary, written by benchmarks/peers/bench.py\nexit 101\n")
        os.chmod(policy, 0o755)
        made_policy = True
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        r = subprocess.run(["apt-get", "install", "-y", "-q"] + need, env=env,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, stdin=subprocess.DEVNULL,
                           capture_output=True)
            r = subprocess.run(["apt-get", "install", "-y", "-q"] + need, env=env,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if r.returncode != 0:
            raise BenchError("apt-get install %s failed:\n%s" % (" ".join(need), r.stdout[-3000:]
                                                                 + r.stderr[-3000:]))
    finally:
        if made_policy:
            os.unlink(policy)
    if "postfix" in need:
        # A machine booted with systemd would start the system instance at the next boot.
        if shutil.which("systemctl") and os.path.isdir("/run/systemd/system"):
            subprocess.run(["systemctl", "disable", "--now", "postfix"], capture_output=True)
        stop_system_postfix()


def stop_system_postfix():
    """Stop the default (system) Postfix instance if it runs; the benchmark never needs it."""
    if subprocess.run([POSTFIX, "status"], capture_output=True).returncode == 0:
        log("stopping the system Postfix instance (it would hold port 25)")
        subprocess.run([POSTFIX, "stop"], capture_output=True)


# --------------------------------------------------------------------------------------------
# private Postfix instance

class PostfixInstance:
    def __init__(self, workdir, mailname, log_enabled):
        self.base = workdir
        self.etc = os.path.join(workdir, "etc")
        self.spool = os.path.join(workdir, "spool")
        self.data = os.path.join(workdir, "data")
        self.maillog = os.path.join(workdir, "maillog") if log_enabled else ""
        self.mailname = mailname
        self.cg = CpuGroup("postfix")
        self.running = False
        self.settings = {}
        REAPER.at_cleanup(self.teardown)

    def pc(self, *args):
        return run([POSTCONF, "-c", self.etc] + list(args))

    def create(self):
        if os.path.exists(self.spool) and self._master_pid():
            self.stop()
        for d in (self.etc, self.spool, self.data):
            if os.path.isdir(d):
                shutil.rmtree(d)
            os.makedirs(d)
        shutil.chown(self.data, user="postfix")
        if self.maillog:
            # owned by postfix so that commands which drop privileges (postsuper) can log too
            open(self.maillog, "a").close()
            shutil.chown(self.maillog, user="postfix")
        open(os.path.join(self.etc, "main.cf"), "w").close()
        self.settings = {
            "queue_directory": self.spool,
            "data_directory": self.data,
            "compatibility_level": "3.6",
            "myhostname": self.mailname,
            "mydomain": self.mailname.split(".", 1)[-1],
            "myorigin": "$myhostname",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mydestination": "",
            "local_recipient_maps": "",
            "local_transport": "error:local delivery is disabled",
            "alias_maps": "",
            "alias_database": "",
            "mynetworks": "127.0.0.0/8",
            "relayhost": "[127.0.0.1]:25",   # set per run to the sink's port
            "smtp_dns_support_level": "disabled",
            "default_destination_concurrency_limit": str(CONCURRENCY),
            "smtp_destination_concurrency_limit": str(CONCURRENCY),
            "relay_destination_concurrency_limit": str(CONCURRENCY),
            "default_process_limit": str(CONCURRENCY),
            "smtpd_tls_security_level": "none",
            "smtp_tls_security_level": "none",
            "biff": "no",
            "append_dot_mydomain": "no",
            "syslog_name": "postfix-dmbench",
            "maillog_file": self.maillog,
        }
        self.pc("-e", *["%s=%s" % kv for kv in self.settings.items()])
        self.set_ports(25, 25)

    def set_ports(self, smtpd_port, sink_port):
        with open(MASTER_CF_DIST) as f:
            lines = f.read().splitlines()
        out = []
        for line in lines:
            if line.split()[:2] == ["smtp", "inet"]:
                line = "127.0.0.1:%d inet n - n - - smtpd" % smtpd_port
            out.append(line)
        with open(os.path.join(self.etc, "master.cf"), "w") as f:
            f.write("\n".join(out) + "\n")
        self.pc("-F", "*/*/chroot = n")
        self.pc("-e", "relayhost=[127.0.0.1]:%d" % sink_port)
        self.settings["relayhost"] = "[127.0.0.1]:<sink port>"
        self.smtpd_port = smtpd_port

    def truncate_log(self):
        """Keep only the current run's log (20,000 messages write some 25 MB of it)."""
        if self.maillog and not self.running:
            with open(self.maillog, "w"):
                pass

    def _master_pid(self):
        try:
            with open(os.path.join(self.spool, "pid", "master.pid")) as f:
                pid = int(f.read().strip())
            os.kill(pid, 0)
            st = proc_stat(pid)
            return pid if st["state"] != "Z" else None
        except (OSError, ValueError):
            return None

    def start(self):
        res = run(self.cg.wrap([POSTFIX, "-c", self.etc, "start"]), check=False, timeout=60)
        self.running = True
        if res.returncode != 0:
            raise BenchError("postfix start failed: %s %s (see %s)" % (
                res.stdout.strip(), res.stderr.strip(), self.maillog or "syslog"))
        wait_listening(self.smtpd_port, 20, what="postfix smtpd")
        self.master = self._master_pid()

    def cpu(self):
        """(cgroup seconds or None, /proc seconds) -- both, so they can be compared."""
        cg = self.cg.usage() if self.cg.path else None
        return cg, session_cpu(self.master) if self.master else 0.0

    def queue_files(self, subs=("maildrop", "incoming", "active", "deferred", "hold")):
        n = 0
        for sub in subs:
            for _root, _dirs, files in os.walk(os.path.join(self.spool, sub)):
                n += len(files)
        return n

    def wait_queue_settled(self, timeout):
        """Wait until nothing is in flight (incoming/active); return the deferred count.

        smtp-sink exits as soon as it has counted N messages, sometimes before it answers the
        last DATA; Postfix then defers that message ("lost connection ... may be sent more than
        once"). So a deferred message or two after the sink exits is expected, not an error.
        """
        busy = ("maildrop", "incoming", "active")
        deadline = time.monotonic() + timeout
        while self.queue_files(busy) and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.queue_files(busy), self.queue_files(("deferred", "hold"))

    def stop(self):
        if not os.path.isdir(self.spool):
            return
        run([POSTFIX, "-c", self.etc, "stop"], check=False, timeout=60)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            live = [p for p in self.cg.pids() if _alive(p)] if self.cg.path else []
            if not self._master_pid() and not live:
                break
            time.sleep(0.05)
        else:
            run([POSTFIX, "-c", self.etc, "abort"], check=False, timeout=30)
            pid = self._master_pid()
            if pid:
                os.kill(pid, signal.SIGKILL)
            for p in self.cg.pids() if self.cg.path else []:
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.running = False

    def flush_queue(self):
        run([POSTSUPER, "-c", self.etc, "-d", "ALL"], check=False, timeout=120)

    def teardown(self):
        if os.path.isdir(self.spool):
            self.stop()
            self.flush_queue()


def _alive(pid):
    try:
        return proc_stat(pid)["state"] != "Z"
    except (OSError, ValueError):
        return False


# --------------------------------------------------------------------------------------------
# one measured run of each path

def start_sink(n, port):
    sink = spawn([SMTP_SINK, "-4", "-u", "nobody", "-M", str(n), "127.0.0.1:%d" % port,
                  SINK_BACKLOG], stderr=subprocess.DEVNULL)
    wait_listening(port, 10, sink, "smtp-sink")
    return sink


def source_argv(args, n, size, sessions, port, reuse):
    argv = [SMTP_SOURCE, "-4", "-s", str(sessions), "-m", str(n), "-l", str(size),
            "-f", args.sender, "-t", args.recipient]
    if reuse:
        argv.append("-d")
    return argv + ["127.0.0.1:%d" % port]


def _tail(f, n=500):
    f.seek(0)
    return f.read().decode("utf-8", "replace")[-n:].strip()


def rusage_cpu(ru):
    return ru.ru_utime + ru.ru_stime


def run_loopback(args, n, size, sessions, reuse):
    port = free_port()
    sink = start_sink(n, port)
    t0 = time.monotonic()
    src_err = tempfile.TemporaryFile()
    src = spawn(source_argv(args, n, size, sessions, port, reuse), stderr=src_err)
    try:
        done = wait_all([src, sink], args.run_timeout)
    except subprocess.TimeoutExpired:
        REAPER.kill(src)
        REAPER.kill(sink)
        raise BenchError("loopback run did not finish within %ss" % args.run_timeout)
    rc_src, ru_src, _ = done[src]
    rc_sink, ru_sink, t_sink = done[sink]
    if rc_sink != 0:
        raise BenchError("smtp-sink exited %d" % rc_sink)
    # smtp-sink exits the moment it has counted N messages, sometimes before its last "250"
    # goes out; smtp-source then dies with "lost connection". The sink has all N, so that is
    # a complete run. Any other smtp-source failure is not.
    if rc_src != 0 and "lost connection" not in _tail(src_err):
        raise BenchError("smtp-source exited %d: %s" % (rc_src, _tail(src_err)))
    cpu = rusage_cpu(ru_src) + rusage_cpu(ru_sink)
    # no separate accept figure: smtp-sink answers 250 the moment it has the data
    return result(n, t_sink - t0, None, cpu, cpu_note="smtp-source + smtp-sink (wait4)")


def run_postfix(args, pf, n, size, sessions):
    if pf.running:
        pf.stop()
    pf.flush_queue()
    smtpd_port, sink_port = free_port(), free_port()
    while sink_port == smtpd_port:
        sink_port = free_port()
    pf.set_ports(smtpd_port, sink_port)
    pf.truncate_log()
    sink = start_sink(n, sink_port)
    pf.start()
    time.sleep(0.2)  # let master's first children settle before taking the baseline
    cpu0_cg, cpu0_proc = pf.cpu()
    t0 = time.monotonic()
    src_err = tempfile.TemporaryFile()
    src = spawn(source_argv(args, n, size, sessions, smtpd_port, args.postfix_source_reuse),
                stderr=src_err)
    try:
        done = wait_all([src, sink], args.run_timeout)
    except subprocess.TimeoutExpired:
        REAPER.kill(src)
        REAPER.kill(sink)
        left = pf.queue_files()
        pf.stop()
        raise BenchError("postfix run did not finish within %ss (%d files left in the queue; "
                         "see %s)" % (args.run_timeout, left, pf.maillog or "syslog"))
    rc_src, _, t_src = done[src]
    rc_sink, _, t_sink = done[sink]
    in_flight, deferred = pf.wait_queue_settled(30)
    cpu1_cg, cpu1_proc = pf.cpu()
    pf.stop()
    if rc_src != 0:
        raise BenchError("smtp-source exited %d: %s" % (rc_src, _tail(src_err)))
    if rc_sink != 0:
        raise BenchError("smtp-sink exited %d" % rc_sink)
    if cpu0_cg is not None:
        cpu, note = cpu1_cg - cpu0_cg, pf.cg.method
    else:
        cpu, note = cpu1_proc - cpu0_proc, "/proc session of master"
    r = result(n, t_sink - t0, t_src - t0, cpu, cpu_note=note)
    r["cpu_seconds_proc_crosscheck"] = round(cpu1_proc - cpu0_proc, 3)
    r["queue_in_flight_after"] = in_flight
    r["queue_deferred_after"] = deferred
    return r


class DriverOutput(threading.Thread):
    """Reads the driver's stdout, timestamping the protocol events as they arrive."""

    def __init__(self, proc, cpu_fn, logf):
        super().__init__(daemon=True)
        self.proc, self.cpu_fn, self.logf = proc, cpu_fn, logf
        self.events = {}
        self.cond = threading.Condition()

    def run(self):
        for raw in self.proc.stdout:
            now = time.monotonic()
            line = raw.decode("utf-8", "replace")
            self.logf.write(line)
            obj = None
            if line.lstrip().startswith("{"):
                try:
                    obj = json.loads(line)
                except ValueError:
                    obj = None
            if isinstance(obj, dict) and isinstance(obj.get("event"), str):
                ev = obj["event"]
                cpu = self.cpu_fn() if ev in ("start", "done") else None
                with self.cond:
                    self.events.setdefault(ev, (now, cpu, obj))
                    self.cond.notify_all()
        with self.cond:
            self.events.setdefault("eof", (time.monotonic(), None, {}))
            self.cond.notify_all()

    def wait_for(self, ev, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while ev not in self.events and "eof" not in self.events:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
            return self.events.get(ev)


def run_ours(args, n, size, sessions, logdir, tag):
    """Runs the DirectMail load driver against a fresh smtp-sink (see README: driver interface)."""
    port = free_port()
    sink = start_sink(n, port)
    cg = CpuGroup("ours")
    argv = shlex.split(args.ours) + [
        "--host", "127.0.0.1", "--port", str(port), "--messages", str(n), "--size", str(size),
        "--sessions", str(sessions), "--max-connections", str(CONCURRENCY),
        "--from", args.sender, "--to", args.recipient,
        "--timeout-seconds", str(int(args.run_timeout))]
    logf = open(os.path.join(logdir, "ours-%s.log" % tag), "w")
    errf = open(os.path.join(logdir, "ours-%s.stderr" % tag), "w")
    driver = spawn(cg.wrap(argv), stdout=subprocess.PIPE, stderr=errf, cwd=REPO_DIR)

    def cpu_now():
        if cg.path:
            return cg.usage()
        try:
            st = proc_stat(driver.pid)
            return (st["utime"] + st["stime"]) / CLK_TCK
        except OSError:
            return None

    reader = DriverOutput(driver, cpu_now, logf)
    reader.start()
    terminated = False
    try:
        start = reader.wait_for("start", args.run_timeout)
        if not start:
            raise BenchError("driver printed no {\"event\":\"start\"} line (rc %s; see %s)"
                             % (driver.poll(), errf.name))
        t0, cpu0, _ = start
        deadline = t0 + args.run_timeout
        try:
            rc_sink, _ = wait_rusage(sink, max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise BenchError("smtp-sink did not get %d messages within %ss (see %s)"
                             % (n, args.run_timeout, errf.name))
        t_sink = time.monotonic()
        cpu_at_sink = cpu_now()
        # the driver may finish its bookkeeping and say "done"; it gets DRIVER_GRACE seconds
        done = reader.wait_for("done", DRIVER_GRACE)
        try:
            rc_drv, ru_drv = wait_rusage(driver, DRIVER_GRACE)
        except subprocess.TimeoutExpired:
            terminated = True
            os.killpg(driver.pid, signal.SIGTERM)
            try:
                rc_drv, ru_drv = wait_rusage(driver, DRIVER_GRACE)
            except subprocess.TimeoutExpired:
                os.killpg(driver.pid, signal.SIGKILL)
                rc_drv, ru_drv = wait_rusage(driver, 10)
        reader.join(5)
        cpu_total = cg.usage() if cg.path else rusage_cpu(ru_drv)
    finally:
        REAPER.kill(driver)
        REAPER.kill(sink)
        logf.close()
        errf.close()
        cg.remove()
    if rc_sink != 0:
        raise BenchError("smtp-sink exited %d" % rc_sink)
    if rc_drv != 0 and not (terminated and rc_drv in (-signal.SIGTERM, 128 + signal.SIGTERM)):
        raise BenchError("driver exited %d (see %s)" % (rc_drv, errf.name))
    accepted = reader.events.get("accepted")
    t_acc = accepted[0] if accepted else None
    if done and done[1] is not None and done[0] >= t_sink - 0.001:
        cpu1, window = done[1], "start to done"
    else:
        cpu1, window = cpu_at_sink, "start to sink exit"
    if cpu0 is None or cpu1 is None:
        raise BenchError("could not read the driver's CPU time")
    r = result(n, t_sink - t0, (t_acc - t0) if t_acc else None, cpu1 - cpu0,
               cpu_note="%s, %s" % (cg.method or "/proc/<pid>/stat", window))
    r["cpu_seconds_whole_process"] = round(cpu_total, 3)
    r["rss_peak_kb"] = ru_drv.ru_maxrss
    r["driver_terminated"] = terminated
    if done:
        extra = {k: v for k, v in done[2].items() if k != "event"}
        if extra:
            r["driver"] = extra
    return r


def result(n, e2e, accept, cpu, cpu_note):
    r = {
        "ok": True,
        "messages": n,
        "e2e_seconds": round(e2e, 4),
        "e2e_msgs_per_s": round(n / e2e, 1),
        "accept_seconds": round(accept, 4) if accept else None,
        "accept_msgs_per_s": round(n / accept, 1) if accept else None,
        "cpu_seconds": round(cpu, 4),
        "cpu_ms_per_msg": round(cpu * 1000.0 / n, 4),
        "cpu_method": cpu_note,
    }
    return r


# --------------------------------------------------------------------------------------------
# summary, table, JSON

METRICS = ("e2e_msgs_per_s", "accept_msgs_per_s", "cpu_ms_per_msg")


def summarize(runs):
    out = {}
    for m in METRICS:
        vals = [r[m] for r in runs if r.get("ok") and r.get(m) is not None]
        if vals:
            out[m] = {"median": round(statistics.median(vals), 4), "min": min(vals),
                      "max": max(vals), "n": len(vals)}
    return out


PATH_LABELS = {
    "postfix": "Postfix relay",
    "ours": "DirectMail",
    "loopback-new": "limit, new conn/msg",
    "loopback-reuse": "limit, conn reused",
}


def fmt_rate(s, key):
    v = s.get(key)
    if not v:
        return "-"
    return "%.0f (%.0f-%.0f)" % (v["median"], v["min"], v["max"])


def fmt_cpu(s):
    v = s.get("cpu_ms_per_msg")
    if not v:
        return "-"
    return "%.3f (%.3f-%.3f)" % (v["median"], v["min"], v["max"])


def ratios(entries):
    """ours/Postfix and ours/limit per (size, sessions), from medians."""
    by = {}
    for e in entries:
        by.setdefault((e["size_bytes"], e["sessions"]), {})[e["path"]] = e["summary"]
    out = []
    for (size, sessions), paths in sorted(by.items()):
        ours = paths.get("ours")
        if not ours or "e2e_msgs_per_s" not in ours:
            continue
        row = {"size_bytes": size, "sessions": sessions}

        def med(p, m):
            return paths.get(p, {}).get(m, {}).get("median")

        o_e2e, o_cpu, o_acc = med("ours", "e2e_msgs_per_s"), med("ours", "cpu_ms_per_msg"), \
            med("ours", "accept_msgs_per_s")
        if med("postfix", "e2e_msgs_per_s"):
            row["e2e_ours_over_postfix"] = round(o_e2e / med("postfix", "e2e_msgs_per_s"), 2)
        if o_acc and med("postfix", "accept_msgs_per_s"):
            row["accept_ours_over_postfix"] = round(o_acc / med("postfix", "accept_msgs_per_s"), 2)
        if o_cpu and med("postfix", "cpu_ms_per_msg"):
            row["cpu_postfix_over_ours"] = round(med("postfix", "cpu_ms_per_msg") / o_cpu, 2)
        for p in ("loopback-reuse", "loopback-new"):
            if med(p, "e2e_msgs_per_s"):
                row["e2e_ours_over_%s" % p.replace("-", "_")] = round(
                    o_e2e / med(p, "e2e_msgs_per_s"), 3)
        out.append(row)
    return out


def print_table(doc):
    entries = doc["results"]
    hdr = ("size", "sess", "path", "end-to-end msg/s", "accept msg/s", "CPU ms/msg")
    rows = []
    for e in entries:
        s = e["summary"]
        failed = sum(1 for r in e["runs"] if not r.get("ok"))
        label = PATH_LABELS.get(e["path"], e["path"]) + (" [%d failed]" % failed if failed else "")
        rows.append(("%dK" % (e["size_bytes"] // 1024), str(e["sessions"]), label,
                     fmt_rate(s, "e2e_msgs_per_s"), fmt_rate(s, "accept_msgs_per_s"), fmt_cpu(s)))
    widths = [max(len(str(x)) for x in col) for col in zip(hdr, *rows)]
    line = "  ".join("%-*s" % (w, h) for w, h in zip(widths, hdr))
    print()
    print("medians of %d runs (min-max), %d messages per run, %s" % (
        doc["params"]["runs"], doc["params"]["messages"], doc["started_utc"]))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join("%-*s" % (w, c) for w, c in zip(widths, r)))
    if doc.get("ratios"):
        print()
        print("ratios (medians): ours/Postfix end-to-end, ours/Postfix accept, "
              "Postfix CPU/ours CPU, ours/limit (reuse), ours/limit (new conn)")
        for r in doc["ratios"]:
            print("  %dK %3d sessions: %s  %s  %s  %s  %s" % (
                r["size_bytes"] // 1024, r["sessions"],
                *["%sx" % r[k] if k in r else "-" for k in (
                    "e2e_ours_over_postfix", "accept_ours_over_postfix", "cpu_postfix_over_ours",
                    "e2e_ours_over_loopback_reuse", "e2e_ours_over_loopback_new")]))
    print()


def git_commit():
    r = subprocess.run(["git", "-C", REPO_DIR, "rev-parse", "HEAD"], capture_output=True,
                       text=True)
    return r.stdout.strip() or None


def cpu_jiffies():
    """(busy, total) jiffies of the whole machine, from the first line of /proc/stat."""
    with open("/proc/stat") as f:
        vals = [int(x) for x in f.readline().split()[1:]]
    idle = vals[3] + (vals[4] if len(vals) > 4 else 0)   # idle + iowait
    total = sum(vals[:8])                                 # guest time is already in user
    return total - idle, total


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


# --------------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Postfix vs loopback limit (vs DirectMail) on loopback, medians of N runs.")
    p.add_argument("--messages", "-n", type=int, default=20000, help="messages per run (20000)")
    p.add_argument("--runs", type=int, default=3, help="runs per path and configuration (3)")
    p.add_argument("--sizes", default="2048,20480", help="payload bytes, comma-separated")
    p.add_argument("--sessions", default="10,50", help="concurrent sessions, comma-separated")
    p.add_argument("--paths", default="postfix,ours,loopback-new,loopback-reuse",
                   help="which paths to run (ours only runs when --ours or "
                        "DIRECTMAIL_BENCH_DRIVER is set)")
    p.add_argument("--ours", default=os.environ.get("DIRECTMAIL_BENCH_DRIVER"),
                   help="command that starts the DirectMail load driver (README: interface); "
                        "default $DIRECTMAIL_BENCH_DRIVER")
    p.add_argument("--run-timeout", type=float, default=None,
                   help="seconds one run may take (default 60 + messages/25)")
    p.add_argument("--postfix-source-reuse", action="store_true",
                   help="smtp-source -d into Postfix (default: new connection per message)")
    p.add_argument("--no-postfix-log", action="store_true",
                   help="no maillog_file for the Postfix instance (default: log, as in production)")
    p.add_argument("--workdir", default="/var/tmp/dmbench",
                   help="scratch directory for the private Postfix instance and logs")
    p.add_argument("--out", default=None, help="JSON path (default benchmarks/results/"
                                               "peers-<timestamp>.json)")
    p.add_argument("--sender", default="bench@bench.localdomain")
    p.add_argument("--recipient", default="sink@example.com")
    p.add_argument("--mailname", default="bench.localdomain")
    p.add_argument("--no-install", action="store_true", help="never call apt-get")
    a = p.parse_args(argv)
    a.sizes = [int(x) for x in a.sizes.split(",") if x]
    a.sessions = [int(x) for x in a.sessions.split(",") if x]
    a.paths = [x for x in a.paths.split(",") if x]
    for x in a.paths:
        if x not in PATH_LABELS:
            p.error("unknown path %r (known: %s)" % (x, ", ".join(PATH_LABELS)))
    if "ours" in a.paths and not a.ours:
        a.paths.remove("ours")
    if a.run_timeout is None:
        a.run_timeout = 60 + a.messages / 25.0
    return a


def main(argv):
    args = parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("run as root: installs postfix and runs a private Postfix instance")
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    atexit.register(REAPER.cleanup)

    if not args.no_install:
        ensure_packages(args.mailname)
    for tool in (SMTP_SINK, SMTP_SOURCE, POSTFIX):
        if not os.access(tool, os.X_OK):
            raise BenchError("%s missing: install the postfix package" % tool)

    started = dt.datetime.now(dt.timezone.utc)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    os.makedirs(args.workdir, exist_ok=True)
    lock = open(os.path.join(args.workdir, "lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise BenchError("another benchmark is running with --workdir %s" % args.workdir)
    logdir = os.path.join(args.workdir, "logs-" + stamp)
    os.makedirs(logdir)

    pf = None
    if "postfix" in args.paths:
        pf = PostfixInstance(os.path.join(args.workdir, "postfix"), args.mailname,
                             not args.no_postfix_log)
        pf.create()
        if not pf.cg.path:
            log("no writable cgroup: Postfix CPU comes from /proc (session of master)")

    pf_version = run([POSTCONF, "-h", "mail_version"], check=False).stdout.strip()
    doc = {
        "schema": SCHEMA,
        "started_utc": started.isoformat(timespec="seconds"),
        "host": {
            "hostname": platform.node(), "kernel": platform.release(), "cpus": os.cpu_count(),
            "loadavg_start": loadavg(),
        },
        "versions": {"postfix": pf_version, "python": platform.python_version()},
        "git_commit": git_commit(),
        "params": {
            "messages": args.messages, "runs": args.runs, "sizes": args.sizes,
            "sessions": args.sessions, "paths": args.paths, "ours_command": args.ours,
            "postfix_source_reuse": args.postfix_source_reuse,
            "run_timeout_seconds": args.run_timeout,
            "sender": args.sender, "recipient": args.recipient,
            "postfix_main_cf": dict(pf.settings) if pf else None,
            "postfix_master_cf": "Debian master.cf.dist, chroot = n everywhere, smtpd on "
                                 "127.0.0.1:<free port>" if pf else None,
        },
        "results": [],
    }

    out = args.out or os.path.join(BENCH_DIR, "results", "peers-%s.json" % stamp)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    doc["complete"] = False

    def save():
        doc["ratios"] = ratios([e for e in doc["results"] if "summary" in e])
        doc["host"]["loadavg_end"] = loadavg()
        doc["finished_utc"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        doc["cpu_methods"] = sorted({r["cpu_method"] for e in doc["results"] for r in e["runs"]
                                     if r.get("ok")})
        tmp = out + ".tmp"
        with open(tmp, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        os.replace(tmp, out)

    order = [p for p in ("postfix", "ours", "loopback-new", "loopback-reuse") if p in args.paths]
    entries = {}
    for size in args.sizes:
        for sessions in args.sessions:
            for path in order:
                e = {"path": path, "size_bytes": size, "sessions": sessions, "runs": []}
                entries[(size, sessions, path)] = e
                doc["results"].append(e)
            # runs alternate between the paths, so drift in machine load hits all of them
            for i in range(args.runs):
                for path in order:
                    tag = "%d-%d-%s-%d" % (size, sessions, path, i + 1)
                    t = time.monotonic()
                    busy0, total0 = cpu_jiffies()
                    try:
                        if path == "postfix":
                            r = run_postfix(args, pf, args.messages, size, sessions)
                        elif path == "ours":
                            r = run_ours(args, args.messages, size, sessions, logdir, tag)
                        else:
                            r = run_loopback(args, args.messages, size, sessions,
                                             path == "loopback-reuse")
                    except BenchError as ex:
                        r = {"ok": False, "error": str(ex)}
                    r["loadavg"] = loadavg()[0]
                    busy1, total1 = cpu_jiffies()
                    # share of all cores busy during the run (ours and everybody else's)
                    r["machine_cpu_busy"] = round((busy1 - busy0) / max(1, total1 - total0), 3)
                    entries[(size, sessions, path)]["runs"].append(r)
                    if r["ok"]:
                        log("%-26s %8.0f msg/s e2e  %8s accept  %.3f CPU ms/msg  (%.0fs, machine "
                            "%.0f%% busy)" % (
                                tag, r["e2e_msgs_per_s"], "%.0f" % r["accept_msgs_per_s"]
                                if r["accept_msgs_per_s"] else "-", r["cpu_ms_per_msg"],
                                time.monotonic() - t, 100 * r["machine_cpu_busy"]))
                    else:
                        log("%-26s FAILED: %s" % (tag, r["error"]))
                    e = entries[(size, sessions, path)]
                    e["summary"] = summarize(e["runs"])
                    save()  # an interrupted run keeps what it measured ("complete": false)

    if pf:
        pf.teardown()
    doc["complete"] = True
    save()
    print_table(doc)
    print("JSON: %s" % out)
    print("logs: %s%s" % (logdir, " and %s" % pf.maillog if pf and pf.maillog else ""))
    failed = sum(1 for e in doc["results"] for r in e["runs"] if not r.get("ok"))
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as ex:
        log("error: %s" % ex)
        sys.exit(2)

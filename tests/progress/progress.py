#!/usr/bin/env python3
"""The progress line of `shinsa check` (issue 13 item 8, issue 14 item 4): usage: progress.py SHINSA

On a terminal (a pseudo-terminal here) a long run draws one line on stderr, redrawn in place (carriage return,
erase to end of line) with files done/total, files per second, findings so far and the time left, and clears it
at the end; with stderr a file, nothing but the usual messages. --progress / --no-progress force it either way.
The report on stdout is the same in every case. SHINSA_PROGRESS_DELAY_MS=0 makes any run "long" (default: a
line appears only after 2 seconds), so the test does not depend on the speed of the machine.
"""
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios

BIN = os.path.realpath(sys.argv[1])
# --rule-timeout: no rule call may stop on the wall clock (under a sanitizer on a loaded machine one can pass the
# default 10 s in one run and not in the other, and the reports compared below would differ for that reason)
ARGS = ["check", "--no-config", "-j", "1", "--rule-timeout", "3600000", "-f", "json", "examples", "tests/fixtures/egov",
        "tests/fixtures/text"]
fails = 0


def check(cond, what):
    global fails
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails += 1


def run_on_pty(args, env, cols=0):
    """Run with stderr on a pseudo-terminal (stdout to a file); returns (exit code, stdout bytes, stderr bytes)."""
    master, slave = pty.openpty()
    if cols:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen([BIN] + args, stdin=subprocess.DEVNULL, stdout=out, stderr=slave, env=env)
        os.close(slave)
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:   # EIO once the child has closed the terminal
                break
            if not chunk:
                break
            err += chunk
        rc = p.wait()
        os.close(master)
        out.seek(0)
        return rc, out.read(), err


def run_to_file(args, env):
    p = subprocess.run([BIN] + args, stdin=subprocess.DEVNULL, capture_output=True, env=env)
    return p.returncode, p.stdout, p.stderr


env = dict(os.environ, NO_COLOR="1", LC_ALL="C.UTF-8", SHINSA_PROGRESS_DELAY_MS="0")
base_rc, base_out, base_err = run_to_file(ARGS + ["--no-progress"], env)

# 1. on a terminal: drawn, redrawn in place, cleared at the end
rc, out, err = run_on_pty(ARGS, env)
text = err.decode("utf-8", "replace")
lines = [x for x in text.split("\r") if "files/s" in x]
check(rc == base_rc and out == base_out, "terminal: same report and exit code (%d) as without progress" % rc)
check(len(lines) >= 2, "terminal: the line is drawn and redrawn in place (%d draws)" % len(lines))
m = re.search(r"(\d+)/(\d+) files", lines[-1] if lines else "")
total = int(m.group(2)) if m else -1
check(m is not None and total == 25, "terminal: files done/total (last draw: %s)" % (m.group(0) if m else None))
check(all(re.search(r"[\d.]+ files/s", x) and "findings" in x and "ETA" in x for x in lines),
      "terminal: every draw has files/s, findings and ETA")
check("\x1b[K" in text and text.endswith("\r\x1b[K"), "terminal: erased in place and cleared at the end")
check("\n" not in text, "terminal: no new line written (stderr held only the progress line)")
done = [int(re.search(r"(\d+)/\d+ files", x).group(1)) for x in lines]
check(done == sorted(done), "terminal: files done never goes back (%s … %s)" % (done[:1], done[-1:]))
print("     last draw: " + (lines[-1].replace("\x1b[K", "") if lines else "-"))

# a narrow terminal: the short English form, narrower than the terminal
rc, out, err = run_on_pty(ARGS, env, cols=60)
narrow = [x.replace("\x1b[K", "") for x in err.decode("utf-8", "replace").split("\r") if "files/s" in x]
check(out == base_out and narrow and all(len(x) < 60 and x.isascii() for x in narrow),
      "terminal of 60 columns: a shorter line (%s)" % (narrow[-1] if narrow else None))

# 2. stderr a file: nothing
rc, out, err = run_to_file(ARGS, env)
check(rc == base_rc and out == base_out and err == base_err and b"files/s" not in err,
      "stderr a file: no progress line (%d bytes of stderr, as with --no-progress)" % len(err))

# 3. forced either way
rc, out, err = run_on_pty(ARGS + ["--no-progress"], env)
check(b"files/s" not in err and out == base_out, "terminal with --no-progress: nothing")
rc, out, err = run_to_file(ARGS + ["--progress"], env)
flines = err.decode().splitlines()
check(out == base_out and len(flines) >= 1 and all("files/s" in x for x in flines) and "\r" not in err.decode(),
      "stderr a file with --progress: plain lines, no redrawing (%d lines)" % len(flines))

# 4. a run shorter than the delay, on a terminal: nothing
rc, out, err = run_on_pty(ARGS, dict(env, SHINSA_PROGRESS_DELAY_MS="600000"))
check(b"files/s" not in err and out == base_out, "terminal, a run shorter than the delay: nothing")

# 5. the text report on a terminal (issue 13 item 6): the summary line before the findings too, so a long report
#    starts with its counts; to a file or pipe the summary comes last only
def stdout_on_pty(args, env):
    master, slave = pty.openpty()
    p = subprocess.Popen([BIN] + args, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait()
    os.close(master)
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


TEXT = ["check", "--no-config", "--no-progress", "--rule-timeout", "3600000", "examples/laws"]
tty = [x for x in stdout_on_pty(TEXT, env).split("\n") if x.strip()]
_, piped, _ = run_to_file(TEXT, env)
piped = [x for x in piped.decode().split("\n") if x.strip()]
summary = re.compile(r"^\d+ 件の指摘 \(\d+ findings?: ")
check(len(tty) > 5 and summary.match(tty[0]) is not None and summary.match(tty[-1]) is not None and tty[0] == tty[-1],
      "text report on a terminal: the summary first and last (%s)" % (tty[0] if tty else None))
check(len(piped) > 5 and summary.match(piped[-1]) is not None and summary.match(piped[0]) is None,
      "text report to a pipe: the summary last only")

print("all progress tests passed" if not fails else "%d progress test(s) failed" % fails)
sys.exit(1 if fails else 0)

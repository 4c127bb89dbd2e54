#!/usr/bin/env python3
"""Runs a command and writes its own peak resident memory, in KiB, to a file.

Usage: peak_rss.py --peak FILE -- COMMAND [ARG...]
The command inherits standard input, output and error; the exit status is
the command's (128 + N when a signal N ended it).

Why not getrusage(RUSAGE_CHILDREN) in the test binary: Linux carries a
process's resident high-water mark through exec, so a child the test binary
starts (fork, vfork or posix_spawn) reports at least the test binary's own
peak, hundreds of MB under ASan after it has written a large tree. Here the
command is this small interpreter's child, and wait4 gives its usage alone:
what it carries over is at most this interpreter's own peak (about 14 MB).
"""
import os
import subprocess
import sys


def main(argv):
    if len(argv) < 4 or argv[0] != "--peak" or argv[2] != "--":
        sys.stderr.write("usage: peak_rss.py --peak FILE -- COMMAND [ARG...]\n")
        return 2
    peak_file, command = argv[1], argv[3:]
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped by wait4: Popen must not wait again
    with open(peak_file, "w", encoding="ascii") as out:
        out.write(f"{usage.ru_maxrss}\n")
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

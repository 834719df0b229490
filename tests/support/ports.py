"""Loopback ports for the servers the tests start, safe with pytest-xdist's workers running side by side.

A port from the system (bind to port 0, close, hand the number to a server that binds it a second later) can be
taken in between: by the other worker asking the same, or by any outgoing connection (Chromium's to a test server
included), since both draw from the ephemeral range (/proc/sys/net/ipv4/ip_local_port_range, 32768-60999 here).
A worker that then reaches the other worker's server tests the wrong app. So each worker draws from a block of
its own below the ephemeral range, at random within it (two test runs on one machine rarely pick the same port),
and keeps a port only if it can bind it now.
"""

from __future__ import annotations

import os
import random
import socket

FIRST = 20_000  # the blocks: 20000-21999 for gw0, 22000-23999 for gw1... (below the ephemeral range)
BLOCK = 2_000


def ephemeral_range() -> tuple[int, int]:
    try:
        low, high = map(int, open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
        return low, high
    except (OSError, ValueError):
        return 32768, 60999  # Linux's default


def _worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")  # set by pytest-xdist in each worker
    digits = worker.removeprefix("gw")
    return int(digits) if digits.isdigit() else 0


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A loopback port nothing listens on, from this worker's block (a system-chosen one if the block would
    overlap the ephemeral range, or if none of 200 tries in it is free)."""
    start = FIRST + _worker_index() * BLOCK
    low, high = ephemeral_range()
    if not (start + BLOCK <= low or start > high):
        return _system_port()
    for _ in range(200):
        port = start + random.randrange(BLOCK)
        if _bindable(port):
            return port
    return _system_port()


def _system_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listened_by(pid: int, port: int) -> bool | None:
    """Whether process `pid` is the one listening on 127.0.0.1:`port` (None where /proc cannot tell): a server
    that lost its port to another program exits, but the other program may answer first."""
    inodes, tables = set(), 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        tables += 1
        for line in lines:
            fields = line.split()  # local address:port in hex, ..., state (0A: listening), ..., inode
            if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":
                inodes.add(fields[9])
    try:
        sockets = set()
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                sockets.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
            except OSError:
                pass  # closed meanwhile
    except OSError:
        return None
    if not tables:
        return None
    return any(f"socket:[{inode}]" in sockets for inode in inodes)

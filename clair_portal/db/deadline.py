"""Client-side deadlines for database calls, kept by one watchdog thread per process.

A frozen server (stopped process, paused machine, lost network) still has its
kernel acknowledge what the client sends, so neither the server's
``statement_timeout`` nor TCP timeouts end the wait. The watchdog does: when a
call outlives its deadline it shuts the connection's socket down, the blocked
read returns at once, and psycopg raises ``OperationalError`` in the waiting
thread. Watching a call costs a lock and a dict entry; the thread sleeps until
the nearest deadline.
"""

import logging
import os
import socket
import threading
import time

logger = logging.getLogger(__name__)


class Watch:
    """One watched call: a context manager that registers its deadline with the watchdog."""

    __slots__ = ("watchdog", "fd", "seconds", "deadline", "tripped")

    def __init__(self, watchdog: "Watchdog", fd: int, seconds: float):
        self.watchdog = watchdog
        self.fd = fd
        self.seconds = seconds
        self.tripped = False

    def __enter__(self) -> "Watch":
        self.deadline = time.monotonic() + self.seconds
        self.watchdog._add(self)
        return self

    def __exit__(self, *exc_info) -> None:
        self.watchdog._remove(self)


class Watchdog:
    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        # After a fork the child has none of the parent's threads.
        self._wake = threading.Condition(threading.Lock())
        self._watches: set[Watch] = set()
        self._thread: threading.Thread | None = None
        # When the thread will look next; a nearer deadline wakes it early.
        self._next_look = float("inf")

    def watch(self, fd: int, seconds: float) -> Watch:
        """Break off the socket ``fd`` if the ``with`` block has not finished within ``seconds``.

        ``watch.tripped`` tells the caller afterwards whether its error came from
        the deadline.
        """
        return Watch(self, fd, seconds)

    def _add(self, watch: Watch) -> None:
        with self._wake:
            self._watches.add(watch)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="clair-db-deadlines", daemon=True
                )
                self._thread.start()
            elif watch.deadline < self._next_look:
                self._wake.notify()

    def _remove(self, watch: Watch) -> None:
        with self._wake:
            self._watches.discard(watch)

    def _run(self):
        with self._wake:
            while True:
                now = time.monotonic()
                for watch in [w for w in self._watches if w.deadline <= now]:
                    self._watches.discard(watch)
                    watch.tripped = True
                    _break_off(watch)
                self._next_look = min((w.deadline for w in self._watches), default=float("inf"))
                self._wake.wait(None if not self._watches else max(self._next_look - now, 0.01))


def _break_off(watch: Watch) -> None:
    logger.warning(
        "the database did not answer within %s s; breaking off the connection", watch.seconds
    )
    try:
        # A duplicate of the descriptor: shutting it down shuts the shared
        # socket, closing it leaves psycopg's own descriptor for psycopg to close.
        sock = socket.socket(fileno=os.dup(watch.fd))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


watchdog = Watchdog()

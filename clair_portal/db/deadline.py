"""Client-side deadlines for database calls, kept by one watchdog thread per process.

A frozen server (stopped process, paused machine, lost network) still has its
kernel acknowledge what the client sends, so neither the server's
``statement_timeout`` nor TCP timeouts end the wait. The watchdog does: when a
call outlives its deadline it shuts the connection's socket down, the blocked
read returns at once, and psycopg raises ``OperationalError`` in the waiting
thread. Watching a call costs a lock and a dict entry; the thread sleeps until
the nearest deadline.
"""

import contextlib
import itertools
import logging
import os
import socket
import threading
import time

logger = logging.getLogger(__name__)


class Watch:
    __slots__ = ("fd", "deadline", "seconds", "tripped")

    def __init__(self, fd: int, seconds: float):
        self.fd = fd
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.tripped = False


class Watchdog:
    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        # After a fork the child has none of the parent's threads.
        self._wake = threading.Condition(threading.Lock())
        self._watches: dict[int, Watch] = {}
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def watch(self, fd: int, seconds: float):
        """Break off the socket ``fd`` if the block has not finished within ``seconds``.

        Yields the ``Watch``; ``watch.tripped`` tells the caller afterwards
        whether its error came from the deadline.
        """
        watch = Watch(fd, seconds)
        token = next(self._tokens)
        with self._wake:
            nearest = min((w.deadline for w in self._watches.values()), default=None)
            self._watches[token] = watch
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="clair-db-deadlines", daemon=True
                )
                self._thread.start()
            elif nearest is None or watch.deadline < nearest:
                self._wake.notify()
        try:
            yield watch
        finally:
            with self._wake:
                self._watches.pop(token, None)

    def _run(self):
        with self._wake:
            while True:
                now = time.monotonic()
                for token, watch in list(self._watches.items()):
                    if watch.deadline <= now:
                        del self._watches[token]
                        watch.tripped = True
                        _break_off(watch)
                nearest = min((w.deadline for w in self._watches.values()), default=None)
                self._wake.wait(None if nearest is None else max(nearest - now, 0.01))


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

"""Where independent pieces of a run execute: this process, or Ray tasks on a cluster.

An executor maps a function over tasks that each name a shared context, and yields the results in
task order. The function, the contexts and the tasks are the same whichever executor runs them, and
every input a task reads travels with it (workload records already loaded and checked by the driver,
the catalog gathered once, the rule set), so a worker reads no file and no clock: results are the
same bytes as the local executor's. Ray is optional (``pip install advisor[ray]``) and imported only
when ``--executor ray`` is chosen.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Literal, Protocol, TypeVar, get_args

from advisor.errors import InputError

__all__ = ["EXECUTORS", "Executor", "ExecutorName", "LocalExecutor", "RayExecutor", "make_executor"]

ExecutorName = Literal["local", "ray"]
EXECUTORS: tuple[ExecutorName, ...] = get_args(ExecutorName)

K = TypeVar("K")  # the key naming a task's context
C = TypeVar("C")  # a context
I = TypeVar("I")  # a task's own item
R = TypeVar("R")  # a result


class Executor(Protocol):
    def map(self, fn: Callable[[C, I], R], contexts: Mapping[K, C], tasks: Iterable[tuple[K, I]]) -> Iterator[R]:
        """``fn(contexts[key], item)`` for each ``(key, item)`` of ``tasks``, in that order."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    """One task after another in this process: memory holds one task's work at a time."""

    def map(self, fn: Callable[[C, I], R], contexts: Mapping[K, C], tasks: Iterable[tuple[K, I]]) -> Iterator[R]:
        for key, item in tasks:
            yield fn(contexts[key], item)

    def close(self) -> None:
        return None


class RayExecutor:
    """Tasks on a Ray cluster: each context is put in the object store once, tasks take it by
    reference, and at most ``in_flight`` tasks are pending at once so the driver's memory stays
    bounded however long the task list. The cluster is ``address`` (else ``RAY_ADDRESS``, else a local
    Ray started here); a Ray the caller already initialised is used as it is and left running."""

    def __init__(self, address: str | None = None, in_flight: int | None = None) -> None:
        try:
            import ray
        except ImportError:
            raise InputError(None, ["--executor ray needs Ray: pip install 'advisor[ray]'"]) from None
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            import logging

            target = address or os.environ.get("RAY_ADDRESS") or None
            try:
                ray.init(address=target, include_dashboard=False, logging_level=logging.WARNING,
                         log_to_driver=False, configure_logging=True)
            except ConnectionError as exc:
                raise InputError(None, [f"--ray-address: cannot connect to a Ray cluster at {target!r}: {exc}"]) from None
            self._started = True
        cpus = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]  # Ray leaves it unannotated
        self.in_flight = in_flight or max(2, 2 * cpus)

    def map(self, fn: Callable[[C, I], R], contexts: Mapping[K, C], tasks: Iterable[tuple[K, I]]) -> Iterator[R]:
        ray = self._ray
        remote = ray.remote(fn)
        refs = {key: ray.put(ctx) for key, ctx in contexts.items()}
        pending: deque[Any] = deque()
        for key, item in tasks:
            pending.append(remote.remote(refs[key], item))
            if len(pending) >= self.in_flight:
                yield ray.get(pending.popleft())
        while pending:
            yield ray.get(pending.popleft())

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
            self._started = False


def make_executor(name: str, ray_address: str | None = None) -> Executor:
    """The executor ``--executor`` names; ``--ray-address`` only goes with ``ray``."""
    if name == "local":
        if ray_address:
            raise InputError(None, ["--ray-address: only used with --executor ray"])
        return LocalExecutor()
    if name == "ray":
        return RayExecutor(ray_address)
    raise InputError(None, [f"--executor: unknown executor '{name}'; choose one of {', '.join(EXECUTORS)}"])

"""Group commit: jobs that arrive while a batch is being written share the next batch.

Each caller still waits for its own job's commit, so nothing is acknowledged before it is
stored; under load, many users' writes cost one transaction instead of one each.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

JobT = TypeVar("JobT")
ResultT = TypeVar("ResultT")

# write(batch, careful) -> one result per job, in order
BatchWriter = Callable[[list[JobT], bool], Awaitable[list[ResultT]]]


class GroupCommit(Generic[JobT, ResultT]):
    """Queues jobs and writes them in batches, one batch at a time.

    A batch is first written in one go (`careful=False`). If that raises one of `retry_on`
    (the batch was rolled back whole), it is written again with `careful=True`, where the
    writer isolates each job so one conflicting job cannot fail the others.
    """

    def __init__(
        self, write: BatchWriter[JobT, ResultT], retry_on: tuple[type[Exception], ...]
    ) -> None:
        self._write = write
        self._retry_on = retry_on
        self._queue: list[tuple[JobT, asyncio.Future[ResultT]]] = []
        self._drainer: asyncio.Task[None] | None = None

    async def submit(self, job: JobT) -> ResultT:
        """Queue the job and return its result once its batch is committed."""
        done: asyncio.Future[ResultT] = asyncio.get_running_loop().create_future()
        self._queue.append((job, done))
        if self._drainer is None:
            self._drainer = asyncio.create_task(self._drain())
        return await done

    async def _drain(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                jobs = [job for job, _ in batch]
                try:
                    try:
                        results = await self._write(jobs, False)
                    except self._retry_on:
                        results = await self._write(jobs, True)
                except Exception as exc:
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                    continue
                for (_, done), result in zip(batch, results, strict=True):
                    if not done.done():  # the caller may have been cancelled meanwhile
                        done.set_result(result)
        finally:
            self._drainer = None

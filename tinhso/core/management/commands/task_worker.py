"""The background task worker: django-tasks' `db_worker`, made to ride out a database
restart or failover instead of exiting at the first lost connection.

    manage.py task_worker --queue-name '*'        (same options as db_worker)

- A lost connection while looking for work: wait (1 s, doubling to 30 s), reconnect,
  carry on. SIGTERM during the wait stops the worker at once; during a task, after it.
- A task that fails *because* the database went away is not a failed task: it is put
  back in the queue once the database answers again, and runs again. Tasks are written
  to be safe to run twice (they claim their rows with a conditional UPDATE; see
  docs/architecture.md, "Workers"), so nothing is lost and nothing is done twice.
"""

from __future__ import annotations

import logging
from typing import Any

from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tinhso.core.backoff import DATABASE_GONE, Backoff
from tinhso.core.heartbeat import Heartbeat

log = logging.getLogger(__name__)


class ResilientWorker(Worker):
    def run(self) -> None:
        backoff = Backoff()
        while self.running:
            try:
                self.requeue_interrupted()
                super().run()
                return  # --batch or --max-tasks reached, or stopped
            except DATABASE_GONE as exc:
                backoff.pause(exc)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        record_failure = db_task_result.set_failed

        def set_failed(exc: BaseException) -> None:
            if isinstance(exc, DATABASE_GONE):
                raise exc  # left RUNNING: requeue_interrupted() puts it back
            record_failure(exc)

        db_task_result.set_failed = set_failed  # type: ignore[method-assign]
        super().run_task(db_task_result)

    def requeue_interrupted(self) -> int:
        """Tasks this worker had started when the database went away: ready again."""
        interrupted = [
            pk
            for pk, workers in DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING
            ).values_list("pk", "worker_ids")
            if workers and workers[-1] == self.worker_id
        ]
        if interrupted:
            DBTaskResult.objects.filter(pk__in=interrupted).update(
                status=TaskResultStatus.READY, started_at=None
            )
            log.warning("%d interrupted task(s) put back in the queue", len(interrupted))
        return len(interrupted)


class Command(DbWorkerCommand):
    help = "Run the background tasks (db_worker that rides out database restarts)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        with Heartbeat("task_worker"):
            worker.run()

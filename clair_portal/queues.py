"""The portal's Celery queues, named once for the settings and the process supervisor.

``notices`` carries everything people wait for: e-mails and notices, the outbox,
the minute-by-minute sweeps. ``batch`` carries the long, bulky work: reports
requested as jobs, open-data files, certificates, purges. A worker that consumes
only ``notices`` is never stuck behind a 50,000-row report, however many are queued.
This module imports nothing, so ``clair_portal.embedded`` can read it before Django starts.
"""

NOTICES = "notices"
BATCH = "batch"
ALL = (NOTICES, BATCH)

# Tasks that go to ``batch``; every other task goes to ``notices`` (the default queue).
BATCH_TASKS = (
    "clair_portal.jobs.tasks.run_job",
    "clair_portal.jobs.tasks.purge_old_jobs",
    "clair_portal.opendata.tasks.rebuild_datasets",
    "clair_portal.tabular.tasks.purge_stale_uploads",
    "training.tasks.make_certificates",
)

"""Job runs resume after their worker dies: a heartbeat, a resume count and the task to enqueue.

`run_tracked` (app/automation/job_runs.py) writes `heartbeat_at` while a run executes (every
EDESTORY_JOB_HEARTBEAT_SECONDS and on each progress report). `task` is the arq task that does
the run ({"function", "args", "queue", "job_id"}), recorded when the run is created, so the
worker's resume cron (app/automation/job_resume.py) can enqueue it again when the heartbeat
of a RUNNING run is older than EDESTORY_JOB_STALE_SECONDS; `attempts` counts those resumes.

As the other cross-tenant scans (0012, 0018), the cron finds stale runs of every tenant through
a read-only policy that only a transaction setting `app.job_resume_scan` turns on, then claims
each inside its tenant (RLS as usual) with a conditional UPDATE.

Revision ID: 0019
Revises: 0018
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

STATEMENTS = [
    "ALTER TABLE job_runs ADD COLUMN heartbeat_at timestamptz, "
    "ADD COLUMN attempts integer NOT NULL DEFAULT 0, ADD COLUMN task jsonb",
    # Indexes lead with tenant_id, as every index does (tests/db/test_schema_lint.py).
    "CREATE INDEX job_runs_running_idx ON job_runs (tenant_id, heartbeat_at) "
    "WHERE status = 'RUNNING'",
    "CREATE POLICY job_resume_scan ON job_runs FOR SELECT USING ("
    "current_setting('app.job_resume_scan', true) = 'on' AND status = 'RUNNING')",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP POLICY IF EXISTS job_resume_scan ON job_runs")
    op.execute("DROP INDEX IF EXISTS job_runs_running_idx")
    op.execute(
        "ALTER TABLE job_runs DROP COLUMN IF EXISTS heartbeat_at, "
        "DROP COLUMN IF EXISTS attempts, DROP COLUMN IF EXISTS task"
    )

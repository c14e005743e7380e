-- The staged batch (temp.batch_rows: Kernel/Batches/Stage.sqlite.sql) in two statements, as values are written
-- (Features/Submissions/Submit/Write.sqlite.sql): a new revision for each new or changed target — the rule of
-- Domain/Revisions.cs: the canonical value text, comparison and source character for character — then the current
-- targets upserted from those revisions. CROSS JOIN keeps the staged rows the outer loop (SQLite does not reorder it):
-- left to itself the planner starts from ix_target_revisions_submission and scans the staging table once per revision,
-- which made a 5,000-target batch take seconds (TargetWriteQueryPlanTests).
INSERT INTO target_revisions (indicator, org_unit, period, kind, revision, value, comparison, source, written_by_key, written_by_unit, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, b.kind, COALESCE(t.revision, 0) + 1, b.value, b.tag, b.detail, @KeyName, @OrgUnit, @Now, @SubmissionId
FROM temp.batch_rows AS b
LEFT JOIN targets AS t
    ON t.indicator = b.indicator AND t.org_unit = b.org_unit AND t.period = b.period AND t.kind = b.kind
WHERE t.revision IS NULL OR t.value IS NOT b.value OR t.comparison IS NOT b.tag OR t.source IS NOT b.detail;

INSERT INTO targets (indicator, org_unit, period, kind, year, first_month, last_month, value, comparison, source, revision, written_at, submission_id)
SELECT b.indicator, b.org_unit, b.period, b.kind, b.year, b.first_month, b.last_month, r.value, r.comparison, r.source, r.revision, @Now, @SubmissionId
FROM temp.batch_rows AS b
CROSS JOIN target_revisions AS r
    ON r.indicator = b.indicator AND r.org_unit = b.org_unit AND r.period = b.period AND r.kind = b.kind AND r.submission_id = @SubmissionId
WHERE true
ON CONFLICT (indicator, org_unit, period, kind) DO UPDATE SET
    value = excluded.value,
    comparison = excluded.comparison,
    source = excluded.source,
    revision = excluded.revision,
    written_at = excluded.written_at,
    submission_id = excluded.submission_id;

-- The current row of every key of the batch. UPDLOCK + HOLDLOCK keep the keys (and the gaps of keys not yet
-- written) locked until commit, so concurrent writers of the same keys queue and number revisions in order.
SELECT b.ordinal, a.value, a.status AS tag, a.note AS detail
FROM @Rows AS b
JOIN dbo.actual_values AS a WITH (UPDLOCK, HOLDLOCK)
    ON a.indicator = b.indicator AND a.org_unit = b.org_unit AND a.period = b.period;

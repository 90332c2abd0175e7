-- @view review_litigation
-- @comment 行政复议、行政诉讼情况（表四）宽表：每份报告一行，每个单元格一列，另加纠正率 — table 4 (administrative review and litigation) wide: one row per report, one column per cell, plus correction rates
-- @inherit report_summary
-- @column review_corrected_rate: 复议纠错率 — review_corrected / (upheld + corrected + other) of review: share of concluded reviews whose result was corrected; blanks read as 0
-- @column litigation_corrected_rate: 诉讼纠错率 — the same over both litigation rows (direct and after review)
WITH t4 AS (
    SELECT
        report_id,
        {{ pivot_t4 }}
    FROM current_cells
    WHERE "table" = 't4'
    GROUP BY report_id
)
SELECT
    {{ report_identity }},
    t4.* EXCLUDE (report_id),
    coalesce(review_corrected, 0) / nullif(
        coalesce(review_upheld, 0) + coalesce(review_corrected, 0) + coalesce(review_other, 0), 0
    ) AS review_corrected_rate,
    (coalesce(litigation_direct_corrected, 0) + coalesce(litigation_after_review_corrected, 0))
    / nullif(
        coalesce(litigation_direct_upheld, 0) + coalesce(litigation_direct_corrected, 0)
        + coalesce(litigation_direct_other, 0) + coalesce(litigation_after_review_upheld, 0)
        + coalesce(litigation_after_review_corrected, 0) + coalesce(litigation_after_review_other, 0),
        0
    ) AS litigation_corrected_rate
FROM report_summary AS r
JOIN t4 USING (report_id)

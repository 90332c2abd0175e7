-- @view missing_reports
-- @comment 未发布（未发现）年度报告：登记在册的机关在某统计年度没有任何报告 — registry organs with no report found for a statistical year (every year from the earliest to the latest year of any report)
-- @inherit stg_organs
-- @column year: 统计年度 — the statistical year with no report from this organ
WITH years AS (
    SELECT unnest(range(min(year), max(year) + 1)) AS year
    FROM stg_reports
)
SELECT
    o.organ_key,
    o.agency,
    o.source_id,
    o.region_code,
    o.level,
    y.year,
    o.first_year,
    o.last_year
FROM stg_organs AS o
CROSS JOIN years AS y
WHERE NOT EXISTS (
    SELECT 1 FROM stg_reports AS r WHERE r.organ_key = o.organ_key AND r.year = y.year
)

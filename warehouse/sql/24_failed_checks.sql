-- @view failed_checks
-- @comment 不符的勾稽关系：机关印出的数字自相矛盾之处，含两边数值与差额 — failed identities: where an organ printed inconsistent numbers, with both sides and the delta
-- @inherit stg_checks report_summary dim_checks
SELECT
    {{ report_identity }},
    c."check",
    c."key",
    c.lhs,
    c.rhs,
    c.delta,
    d.rule_zh,
    d.rule_en,
    r.source_url
FROM stg_checks AS c
JOIN report_summary AS r USING (report_id, document_sha256)
LEFT JOIN dim_checks AS d USING ("check")
WHERE c.status = 'fail'

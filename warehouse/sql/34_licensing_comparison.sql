-- @view licensing_comparison
-- @comment 行政许可处理决定数比较（t2.licensing.decisions，2019 与 2021 格式）：按年度、范围排名与占比 — licensing decisions (t2.licensing.decisions, both templates) compared across organs, ranked and shared within region, province and nation per year and scope
-- @inherit ranked_metrics headline_metrics
SELECT * EXCLUDE (metric, "table", "row", col)
FROM ranked_metrics('t2', 'licensing', 'decisions')

-- @view metric_comparison
-- @comment 指标横向比较：每个指标在同一年度、同一范围内的排名与占比（地区、省、全国三级）；汇总报告（aggregate）从不与其所属机关的报告相加或同列排名 — each metric ranked and shared among reports of the same year and peer group, within the region, the province and the nation; aggregate reports are never summed or ranked with their member organs, nor with aggregates of another level
-- @inherit ranked_metrics headline_metrics
SELECT * FROM ranked_metrics(NULL, NULL, NULL)

-- The ranking behind metric_comparison, licensing_comparison and fee_comparison. A macro so
-- that a view for one metric filters the cells by table, row and column before the windows
-- (down to the Parquet scan) instead of ranking every metric and discarding the rest.

-- @macro ranked_metrics: 指标排名与占比：表二单元格与表三、表四“总计”列在同一年度、同一比较组内的排名与占比（地区、省、全国三级）；参数为 NULL 表示全部 — headline metrics (every table 2 cell, the 总计 column of tables 3 and 4) ranked and shared among reports of the same year and peer group, within region, province and nation; table_key, row_key, col_key select one metric (NULL: all)
-- @column peer_group: 比较组 — who is compared with whom: organ (one organ's own reports), aggregate:<level> (region-wide reports of governments of the same level), unknown
-- @column province_code: 省级区划代码 — first two digits of region_code followed by 0000
-- @column rank_in_region: 地区内排名 — rank (1 = largest) among reports with the same region_code, year, peer_group and metric
-- @column share_in_region: 地区内占比 — value / sum of value over the same reports; null when that sum is 0
-- @column reports_in_region: 地区内报告数 — number of reports compared within the region
-- @column rank_in_province: 省内排名 — rank among reports of the same province, year, peer_group and metric
-- @column share_in_province: 省内占比 — value / sum over the same province, year, peer_group and metric
-- @column reports_in_province: 省内报告数 — number of reports compared within the province
-- @column rank_national: 全国排名 — rank among all reports of the same year, peer_group and metric
-- @column share_national: 全国占比 — value / sum over all reports of the same year, peer_group and metric
-- @column reports_national: 全国报告数 — number of reports compared nationally
CREATE MACRO ranked_metrics(table_key, row_key, col_key) AS TABLE
WITH m AS (
    SELECT
        *,
        left(region_code, 2) || '0000' AS province_code,
        -- A province's aggregate already contains its cities' and counties': aggregates are
        -- compared only with aggregates of the same level, organs only with organs.
        CASE WHEN scope = 'aggregate' THEN 'aggregate:' || coalesce(level, '?') ELSE scope END
            AS peer_group
    FROM headline_metrics
    WHERE (table_key IS NULL OR "table" = table_key)
        AND (row_key IS NULL OR "row" = row_key)
        AND (col_key IS NULL OR col = col_key)
)
SELECT
    *,
    rank() OVER region_ranked AS rank_in_region,
    value / nullif(sum(value) OVER region, 0) AS share_in_region,
    count(*) OVER region AS reports_in_region,
    rank() OVER province_ranked AS rank_in_province,
    value / nullif(sum(value) OVER province, 0) AS share_in_province,
    count(*) OVER province AS reports_in_province,
    rank() OVER nation_ranked AS rank_national,
    value / nullif(sum(value) OVER nation, 0) AS share_national,
    count(*) OVER nation AS reports_national
FROM m
-- Sums and counts use windows without ORDER BY: with one, they would be running totals.
WINDOW
    region AS (PARTITION BY metric, year, peer_group, region_code),
    region_ranked AS (region ORDER BY value DESC),
    province AS (PARTITION BY metric, year, peer_group, province_code),
    province_ranked AS (province ORDER BY value DESC),
    nation AS (PARTITION BY metric, year, peer_group),
    nation_ranked AS (nation ORDER BY value DESC);

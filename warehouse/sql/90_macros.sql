-- Table macros for the common questions. Parameters are positional:
--   SELECT * FROM compare_metric('t2.licensing.decisions', '6229', 2023);

-- @macro compare_metric: 指标比较：某年度、某地区（区划代码前缀，NULL 为全国）各报告的某指标，按范围分别排名与占比 — compare one metric (a cell key like 't2.licensing.decisions' or a t2_by_report column name like 'licensing_decisions') across the reports of one year whose region_code starts with region_prefix (NULL: nationwide); ranked and shared within each peer group (organs; aggregates of one government level), so aggregates never mix with organs
CREATE MACRO compare_metric(metric_key, region_prefix, stat_year) AS TABLE
SELECT
    peer_group,
    rank() OVER (PARTITION BY peer_group ORDER BY value DESC) AS rank,
    value / nullif(sum(value) OVER (PARTITION BY peer_group), 0) AS share,
    value,
    agency,
    organ_key,
    region_code,
    level,
    scope,
    template,
    report_id
FROM (
    SELECT
        *,
        CASE WHEN scope = 'aggregate' THEN 'aggregate:' || coalesce(level, '?') ELSE scope END
            AS peer_group
    FROM report_metrics
    WHERE (metric = metric_key OR replace(substr(metric, 4), '.', '_') = metric_key)
        AND year = stat_year
        AND (region_prefix IS NULL OR starts_with(region_code, region_prefix))
)
ORDER BY peer_group, rank, agency;

-- @macro metric_history: 指标历年变化：某机关（机关键或名称片段）某指标的逐年数值 — one metric year by year for the organs whose organ_key equals organ or whose name contains it
CREATE MACRO metric_history(metric_key, organ) AS TABLE
SELECT
    organ_key,
    agency,
    scope,
    year,
    value,
    value - lag(value) OVER (PARTITION BY organ_key, scope ORDER BY year) AS change,
    report_id
FROM report_metrics
WHERE (metric = metric_key OR replace(substr(metric, 4), '.', '_') = metric_key)
    AND (organ_key = organ OR contains(agency, organ))
ORDER BY organ_key, scope, year;

-- @macro top_deniers: 不予公开率排名：某年度、某地区（区划代码前缀，NULL 为全国）办结申请中不予公开比例最高的报告 — the reports of one year and region prefix (NULL: nationwide) with the highest share of processed requests denied, among those that processed at least min_processed requests
CREATE MACRO top_deniers(region_prefix, stat_year, min_processed) AS TABLE
SELECT
    scope,
    rank() OVER (PARTITION BY scope ORDER BY denied_rate DESC) AS rank,
    denied_rate,
    denied,
    total_processed,
    agency,
    organ_key,
    region_code,
    report_id
FROM request_outcomes
WHERE year = stat_year
    AND total_processed >= min_processed
    AND denied_rate IS NOT NULL
    AND (region_prefix IS NULL OR starts_with(region_code, region_prefix))
ORDER BY scope, rank, agency;

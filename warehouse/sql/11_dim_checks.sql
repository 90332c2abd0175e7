-- @view dim_checks
-- @comment 勾稽关系检查规则（维表），取自 transform/model.py — the identities checked on every report, with their rules in Chinese and English (from transform/model.py)
-- @column check: 检查 — check name (t3_balance, t3_outcomes, t3_row_total, t4_total)
-- @column rule_zh: 规则 — the identity in the words of the official template
-- @column rule_en: 规则（英文） — the identity in terms of canonical keys
SELECT * FROM (VALUES
    {{ check_values }}
) AS rules("check", rule_zh, rule_en)

"""The analysis layer as written: warehouse/sql/*.sql, with structured comments the build parses.

A view file starts with directives, then its SELECT:

    -- @view report_summary
    -- @comment 报告总览 — one row per report
    -- @inherit stg_reports          columns of the same name take that view's comment
    -- @column n_checks_pass: 通过的检查数 — checks that passed
    SELECT ...

A macro file holds `-- @macro name: comment` directives, each followed by `@column` lines
for the columns it computes and its CREATE MACRO statement (ended by `;`); a view may select
from the macros of files before its own and `@inherit` their column comments. `{{ name }}` placeholders are SQL fragments generated from the
canonical model (warehouse.model_sql). Files run in name order, so prefixes order the layers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.model_sql import Fragment

SQL_DIR = Path(__file__).resolve().parent / "sql"

_DIRECTIVE = re.compile(r"^--\s*@(\w+)\s*(.*)$")
_MACRO_FILE = re.compile(r"^--\s*@macro\b", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


class SqlFileError(ValueError):
    """A .sql file whose directives are missing or malformed."""


@dataclass
class ViewSql:
    name: str
    comment: str
    body: str
    path: Path
    inherits: list[str] = field(default_factory=list)
    column_comments: dict[str, str] = field(default_factory=dict)


@dataclass
class MacroSql:
    name: str
    comment: str
    statement: str
    path: Path
    column_comments: dict[str, str] = field(default_factory=dict)  # views may @inherit them


def _expand(sql: str, fragments: dict[str, Fragment], path: Path) -> tuple[str, dict[str, str]]:
    """Substitute the placeholders; return the SQL and the comments of generated columns."""
    comments: dict[str, str] = {}

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise SqlFileError(f"{path.name}: unknown placeholder {{{{ {name} }}}}")
        comments.update(fragments[name].column_comments)
        return fragments[name].sql

    return _PLACEHOLDER.sub(substitute, sql), comments


def _split_column(text: str, path: Path) -> tuple[str, str]:
    name, sep, comment = text.partition(":")
    if not sep or not name.strip() or not comment.strip():
        raise SqlFileError(f"{path.name}: '@column {text}' must read 'name: comment'")
    return name.strip(), comment.strip()


def parse_view(path: Path, fragments: dict[str, Fragment]) -> ViewSql:
    name = comment = ""
    inherits: list[str] = []
    columns: dict[str, str] = {}
    body_lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        directive = _DIRECTIVE.match(line.strip())
        if not directive:
            body_lines.append(line)
            continue
        kind, text = directive.group(1), directive.group(2).strip()
        if kind == "view":
            name = text
        elif kind == "comment":
            comment = text
        elif kind == "inherit":
            inherits.extend(text.split())
        elif kind == "column":
            column, column_comment = _split_column(text, path)
            if column in columns:
                raise SqlFileError(f"{path.name}: column {column} documented twice")
            columns[column] = column_comment
        else:
            raise SqlFileError(f"{path.name}: unknown directive @{kind}")
    if not name or not comment:
        raise SqlFileError(f"{path.name}: a view file needs '-- @view NAME' and '-- @comment ...'")
    body, generated = _expand("\n".join(body_lines).strip().rstrip(";"), fragments, path)
    clash = set(generated) & set(columns)
    if clash:
        raise SqlFileError(f"{path.name}: columns documented by the model and by hand: {clash}")
    return ViewSql(name, comment, body, path, inherits, {**generated, **columns})


def parse_macros(path: Path, fragments: dict[str, Fragment]) -> list[MacroSql]:
    macros: list[MacroSql] = []
    current: tuple[str, str] | None = None
    lines: list[str] = []
    columns: dict[str, str] = {}

    def flush() -> None:
        if current is None:
            return
        statement, _ = _expand("\n".join(lines).strip().rstrip(";"), fragments, path)
        if not statement:
            raise SqlFileError(f"{path.name}: macro {current[0]} has no statement")
        macros.append(MacroSql(current[0], current[1], statement, path, dict(columns)))

    for line in path.read_text(encoding="utf-8").splitlines():
        directive = _DIRECTIVE.match(line.strip())
        if directive and directive.group(1) == "macro":
            flush()
            current = _split_column(directive.group(2), path)
            lines, columns = [], {}
        elif directive and directive.group(1) == "column" and current is not None:
            name, comment = _split_column(directive.group(2), path)
            columns[name] = comment
        elif current is not None:
            lines.append(line)
    flush()
    return macros


def load(sql_dir: Path, fragments: dict[str, Fragment]) -> list[ViewSql | MacroSql]:
    """Every view and macro of the analysis layer, in file order: the order of creation."""
    items: list[ViewSql | MacroSql] = []
    for path in sorted(sql_dir.glob("*.sql")):
        if _MACRO_FILE.search(path.read_text(encoding="utf-8")):
            items.extend(parse_macros(path, fragments))
        else:
            items.append(parse_view(path, fragments))
    names = [item.name for item in items]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise SqlFileError(f"defined twice in {sql_dir}: {sorted(duplicates)}")
    return items

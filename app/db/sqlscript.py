"""Split a plain-SQL migration script into statements (asyncpg prepares one at a time)."""

from __future__ import annotations


def split_statements(script: str) -> list[str]:
    """Statements separated by `;` at line end, keeping dollar-quoted bodies whole."""
    statements: list[str] = []
    current: list[str] = []
    in_dollar = False
    for line in script.splitlines():
        if line.strip().startswith("--") and not in_dollar:
            continue
        current.append(line)
        if line.count("$$") % 2 == 1:
            in_dollar = not in_dollar
        if not in_dollar and line.rstrip().endswith(";"):
            statement = "\n".join(current).strip().rstrip(";").strip()
            if statement:
                statements.append(statement)
            current = []
    tail = "\n".join(current).strip()
    if tail:
        statements.append(tail)
    return statements

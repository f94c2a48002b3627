"""README.md's settings table against app/settings.py and the "Running in production" text:
every variable the settings read has a row, and every variable the production section names
is in the table or is one of docker-compose.yml's own."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"\b((?:EDESTORY|DATABASE|REDIS|STRIPE|ANTHROPIC)_[A-Z0-9_]*[A-Z0-9])(\*?)")


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _table_names(readme: str) -> set[str]:
    rows = [line for line in _section(readme, "Configuration").splitlines() if line.startswith("|")]
    return {found[1] for row in rows for found in NAME.finditer(row.split("|")[1])}


def _covered(name: str, star: str, table: set[str]) -> bool:
    return any(t.startswith(name) for t in table) if star else name in table


def test_every_setting_read_from_the_environment_has_a_row() -> None:
    table = _table_names((ROOT / "README.md").read_text())
    source = (ROOT / "app" / "settings.py").read_text()
    read = set(re.findall(r'"((?:EDESTORY|DATABASE|REDIS|STRIPE|ANTHROPIC)_[A-Z0-9_]+)"', source))
    assert read, "app/settings.py reads no variables by these names any more?"
    assert sorted(read - table) == []


def test_every_variable_the_production_section_names_is_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    table = _table_names(readme)
    compose = (ROOT / "docker-compose.yml").read_text()
    # docker-compose.yml's own variables, read by compose, not by the app.
    compose_only = set(re.findall(r"\$\{(\w+)", compose)) - table
    named = {(m[1], m[2]) for m in NAME.finditer(_section(readme, "Running in production"))}
    assert named
    missing = [
        name + star
        for name, star in sorted(named)
        if not _covered(name, star, table) and name not in compose_only
    ]
    assert missing == []
    for name in compose_only & {n for n, _ in named}:  # and those are listed after the table
        assert name in _section(readme, "Configuration"), name

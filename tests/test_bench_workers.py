"""bench/workers.py names where a run saturates from the CPU it measured."""

from __future__ import annotations

from bench.report import Row
from bench.workers import saturation


def _row(api: float, postgres: float, others: float = 0.0, load: float = 0.05) -> Row:
    return Row("W1", "W1", 1000, 1, 2, 0, None, 100, api, postgres, others, load)


def test_workers_near_their_cores_are_the_bottleneck() -> None:
    assert saturation(_row(1.85, 0.1), workers=2, machine=2).startswith("API CPU")


def test_a_full_machine_names_its_largest_share() -> None:
    found = saturation(_row(0.9, 0.95), workers=2, machine=2)
    assert found.startswith("the machine's cores, PostgreSQL the largest share")
    disturbed = saturation(_row(0.3, 0.1, others=1.5), workers=1, machine=2)
    assert "did not start (a disturbed run) the largest share" in disturbed


def test_neither_full_is_waiting() -> None:
    found = saturation(_row(0.5, 0.3, load=float("nan")), workers=2, machine=4)
    assert found.startswith("no CPU full") and "load generator n/a" in found

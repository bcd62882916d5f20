"""The decoder-memory batch budget: what a user tuning max_batch_memory_mb expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.config import Settings
from translate.engine.budget import ModelShape, memory_buckets, read_model_shape

MB = 1024 * 1024
ARGOS = ModelShape(6, 512)  # Argos fr→en's shape


def bound(length: int) -> int:
    return Settings(packages_dir=Path(".")).max_decoding_length(length)


def cost(bucket: list[int], lengths: list[int], beam: int = 4) -> int:
    longest = max(lengths[i] for i in bucket)
    return len(bucket) * (bound(longest) + longest) * ARGOS.bytes_per_position(beam)


def buckets(lengths: list[int], budget_mb: float, max_tokens: int = 10**9, beam: int = 4) -> list[list[int]]:
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    return memory_buckets(lengths, order, bound, ARGOS.bytes_per_position(beam), int(budget_mb * MB),
                          max_tokens)


def test_bytes_per_position_scales_with_beam_layers_and_width() -> None:
    assert ARGOS.bytes_per_position(4) == 4 * 6 * 512 * 8
    assert ARGOS.bytes_per_position(1) * 4 == ARGOS.bytes_per_position(4)
    assert ModelShape(12, 1024).bytes_per_position(4) == 4 * ARGOS.bytes_per_position(4)


@pytest.mark.parametrize(("lengths", "budget_mb"), [
    ([10] * 200, 256),                # many short sentences: few, large batches
    ([150] * 40, 96),                 # long ones: split small
    ([5, 9, 14, 20, 31, 47, 70, 105, 158] * 20, 96),
    ([30] * 64, 8),                   # a tight budget
    ([12, 200, 13, 199, 11], 24),
])
def test_every_batch_fits_the_budget_and_every_sentence_is_in_exactly_one(
        lengths: list[int], budget_mb: float) -> None:
    result = buckets(lengths, budget_mb)
    flat = sorted(i for b in result for i in b)
    assert flat == list(range(len(lengths)))
    for bucket in result:
        assert len(bucket) == 1 or cost(bucket, lengths) <= budget_mb * MB


def test_short_bound_batches_stay_large_and_long_ones_split() -> None:
    short = buckets([10] * 100, 96)
    long = buckets([150] * 100, 96)
    assert max(len(b) for b in short) >= 5 * max(len(b) for b in long)
    assert len(long) > len(short)


def test_a_larger_budget_never_makes_more_batches() -> None:
    lengths = [5, 9, 14, 20, 31, 47, 70, 105, 158] * 10
    counts = [len(buckets(lengths, mb)) for mb in (8, 32, 96, 384, 4096)]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > counts[-1]


def test_a_sentence_over_budget_alone_still_gets_a_batch() -> None:
    assert buckets([400, 400], 1) == [[0], [1]]


def test_the_token_cap_still_applies() -> None:
    result = buckets([10] * 50, 10**6, max_tokens=100)
    assert all(sum(10 for _ in b) <= 100 for b in result)
    assert len(result) == 5


def test_lengths_far_apart_are_not_mixed() -> None:
    result = buckets([10, 10, 40, 40], 10**6)
    assert [sorted(b) for b in result] == [[0, 1], [2, 3]]


def test_model_shape_is_read_from_the_model_file(installed: Path) -> None:
    model = next(installed.iterdir()) / "model" / "model.bin"
    shape = read_model_shape(model)
    # scripts/build_test_package.py's default tiny model: 2 layers, d_model 64.
    assert shape == ModelShape(2, 64)


def test_unreadable_model_file_falls_back_to_a_default_shape(tmp_path: Path) -> None:
    broken = tmp_path / "model.bin"
    broken.write_bytes(b"\x01\x02")
    assert read_model_shape(broken) == ModelShape(6, 512)
    assert read_model_shape(tmp_path / "missing.bin") == ModelShape(6, 512)


def test_the_default_budget_on_argos_shape() -> None:
    """At the shipped default, typical news sentences (~30 tokens) still share large batches,
    while 150-token ones go a few at a time (their cache is ~5× larger each)."""
    default = Settings(packages_dir=Path(".")).max_batch_memory_mb
    typical = buckets([30] * 100, default, max_tokens=10**9)
    long = buckets([150] * 100, default, max_tokens=10**9)
    assert min(len(b) for b in typical[:-1]) >= 20
    assert max(len(b) for b in long) <= 6

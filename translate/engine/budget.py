"""Batch budgets in decoder memory, estimated per model from its shape.

During beam search CTranslate2 keeps, for every hypothesis (batch × beam) and every decoder
layer, keys and values of width d_model for each generated position (self-attention) and each
source position (cross-attention), in float32 whatever the weights' quantisation. A batch
therefore costs about ``batch × beam × (bound + source) × layers × d_model × 2 × 4`` bytes at
its length bound; short sentences (short bounds) fit many to a batch, long ones few.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Keys and values, float32.
BYTES_PER_VALUE = 2 * 4
# Argos fr→en's shape: used when a model file cannot be read (the budget stays sensible).
DEFAULT_SHAPE = (6, 512)
MAX_BUCKET_RATIO = 1.5


@dataclass(frozen=True)
class ModelShape:
    """What the decoder cache of a model scales with."""

    decoder_layers: int
    d_model: int

    def bytes_per_position(self, beam: int) -> int:
        """Cache bytes of one position of one batch entry (all beams, all decoder layers)."""
        return max(1, beam) * self.decoder_layers * self.d_model * BYTES_PER_VALUE


def read_model_shape(model_bin: Path) -> ModelShape:
    """Decoder layers and model width from a CTranslate2 ``model.bin`` header (not its weights)."""
    layers: set[int] = set()
    width = 0
    try:
        with model_bin.open("rb") as handle:
            (version,) = struct.unpack("<I", handle.read(4))
            if version >= 2:
                _string(handle)
            if version >= 3:
                handle.read(4)
            (count,) = struct.unpack("<I", handle.read(4))
            for _ in range(count):
                name = _string(handle)
                (rank,) = struct.unpack("<B", handle.read(1))
                shape = struct.unpack(f"<{rank}I", handle.read(4 * rank))
                if version >= 4:
                    handle.read(1)
                (size,) = struct.unpack("<I", handle.read(4))
                handle.seek(size, 1)
                found = re.match(r"decoder/layer_(\d+)/", name)
                if found:
                    layers.add(int(found.group(1)))
                    if name.endswith("layer_norm/gamma") and rank == 1:
                        width = shape[0]
    except (OSError, struct.error, UnicodeDecodeError):
        return ModelShape(*DEFAULT_SHAPE)
    if not layers or not width:
        return ModelShape(*DEFAULT_SHAPE)
    return ModelShape(len(layers), width)


def _string(handle: object) -> str:
    (length,) = struct.unpack("<H", handle.read(2))  # type: ignore[attr-defined]
    return bytes(handle.read(length)).rstrip(b"\x00").decode("utf-8")  # type: ignore[attr-defined]


def memory_buckets(lengths: Sequence[int], order: Sequence[int], bound: Callable[[int], int],
                   bytes_per_position: int, budget_bytes: int, max_tokens: int) -> list[list[int]]:
    """Split ``order`` (indices sorted by length) into batches within both budgets.

    A batch's cost is its size × (bound of its longest input + that input's length) ×
    ``bytes_per_position``; it never exceeds ``budget_bytes`` unless one input alone does (it
    then goes alone), nor ``max_tokens`` source tokens, and never mixes lengths more than
    ``MAX_BUCKET_RATIO`` apart (each batch waits for its longest output).
    """
    buckets: list[list[int]] = []
    current: list[int] = []
    tokens = 0
    for index in order:
        length = max(1, lengths[index])
        cost = (len(current) + 1) * (bound(length) + length) * bytes_per_position
        if current and (
            length > MAX_BUCKET_RATIO * max(1, lengths[current[0]])
            or tokens + length > max_tokens
            or cost > budget_bytes
        ):
            buckets.append(current)
            current, tokens = [], 0
        current.append(index)
        tokens += length
    if current:
        buckets.append(current)
    return buckets

"""How much batching gains on this CPU, on bare CTranslate2 (the ceiling for any pipeline).

The same sentences of the bench article decoded one per batch (about what argostranslate's
32-token batches amount to), 8 per batch and all in one batch, with the comparison's settings
(beam 4, 256-token bound, int8, 2 intra-op threads), interleaved::

    python scripts/bench_batching.py PACKAGE_DIR [SENTENCES]

PACKAGE_DIR is an installed Argos package folder (e.g. the bench model `scripts/bench.py`
builds). Prints seconds per batch size and the output tokens (the same for every size).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    import bench_data
    import ctranslate2
    import sentencepiece as spm

    from translate.text.segment import segment

    package = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    pieces = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    document = segment(bench_data.article(max(40, count)))
    sentences = [s.text for p in document.paragraphs for s in p.sentences][:count]
    tokens = [pieces.encode(s, out_type=str) for s in sentences]
    translator = ctranslate2.Translator(str(package / "model"), device="cpu", compute_type="int8",
                                        inter_threads=1, intra_threads=2)
    order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
    for repetition in range(2):
        for size in (1, 8, len(order)):
            started = time.perf_counter()
            produced = 0
            for first in range(0, len(order), size):
                batch = [tokens[i] for i in order[first:first + size]]
                results = translator.translate_batch(batch, beam_size=4, max_decoding_length=256,
                                                     length_penalty=0.2, max_batch_size=size)
                produced += sum(len(r.hypotheses[0]) for r in results)
            print(f"repetition {repetition} batch {size}: {time.perf_counter() - started:.1f} s, "
                  f"{produced} output tokens", flush=True)


if __name__ == "__main__":
    main()

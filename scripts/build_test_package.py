"""Build a small but real fr→en Argos Translate package offline.

The package is a genuine CTranslate2 Transformer with random weights, a SentencePiece model
trained on a few KB of French and English news text, and Argos ``metadata.json``, zipped as an
``.argosmodel`` with a single top-level folder. It installs and runs exactly like a downloaded
Argos package; its output is gibberish, so tests built on it assert structure, never fluency.

Usage::

    python scripts/build_test_package.py --out DIR [--layers N --d-model D --ffn F --heads H
                                                   --vocab V --seed S --quantization int8]

Prints the path of the ``.argosmodel`` it wrote. The same arguments give the same bytes
of model weights (numpy is seeded); the archive itself is written with fixed timestamps.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# A few KB of French and English news text: enough for SentencePiece to learn sub-words
# covering the newsroom vocabulary (glossary terms included) in both languages.
TRAINING_TEXT = """
Le secrétaire général de l'OTAN Jens Stoltenberg s'exprimait à l'issue d'entretiens informels aux Pays-Bas.
Le premier ministre néerlandais Mark Rutte a reçu les dirigeants du Danemark, de la Pologne et de la Belgique.
À Madrid, nous allons convenir d'un renforcement majeur de notre posture, a-t-il déclaré.
Nous avons discuté de la nécessité d'une présence avancée plus robuste et prête au combat.
Le président ukrainien Volodymyr Zelensky a demandé davantage d'armes à longue portée.
Kiev doit recevoir davantage d'armes lourdes, mais aucun détail n'a été fourni.
Les alliés et partenaires de l'OTAN ont fourni des armes lourdes et intensifient leurs efforts.
Il est crucial pour la Russie de perdre la guerre, a déclaré le dirigeant néerlandais aux journalistes à La Haye.
Nous ne pouvons pas avoir une confrontation directe entre les troupes de l'OTAN et la Russie.
La Suède et la Finlande ont présenté leur demande d'adhésion à l'alliance atlantique.
La Turquie considère qu'il existe un soutien suédois aux militants kurdes.
Après l'invasion de l'Ukraine par la Russie, que Moscou qualifie d'opération militaire spéciale, l'OTAN a renforcé sa présence dans les pays baltes.
Les trente membres se réuniront les 29 et 30 juin dans la capitale espagnole.
L'Organisation des Nations unies et l'Union européenne ont condamné l'attaque.
Le Conseil de sécurité de l'ONU se réunira mardi à New York.
La Commission européenne a proposé de nouvelles sanctions contre Moscou.
Le ministre des Affaires étrangères a rencontré son homologue à Bruxelles.
Les États-Unis et le Royaume-Uni ont annoncé une aide militaire supplémentaire.
Le Parlement européen a adopté une résolution sur les réfugiés.
La Cour pénale internationale enquête sur des crimes de guerre présumés.
NATO Secretary General Jens Stoltenberg spoke after informal talks in the Netherlands.
Dutch Prime Minister Mark Rutte hosted the leaders of Denmark, Poland and Belgium.
In Madrid, we will agree on a major strengthening of our posture, he said.
We discussed the need for a more robust, combat-ready forward presence.
Ukrainian President Volodymyr Zelenskiy asked for more long-range weapons.
Kyiv should receive more heavy weapons, but no details were given.
NATO allies and partners have provided heavy weapons and are stepping up their efforts.
It is crucial for Russia to lose the war, the Dutch leader told reporters in The Hague.
We cannot have a direct confrontation between NATO troops and Russia.
Sweden and Finland applied to join the Atlantic alliance.
Turkey sees Swedish support for Kurdish militants.
After Russia's invasion of Ukraine, which Moscow calls a special military operation, NATO strengthened its presence in the Baltic states.
The thirty members will meet on June 29 and 30 in the Spanish capital.
The United Nations and the European Union condemned the attack.
The UN Security Council will meet on Tuesday in New York.
The European Commission proposed new sanctions against Moscow.
The Foreign Minister met his counterpart in Brussels.
The United States and the United Kingdom announced additional military aid.
The European Parliament adopted a resolution on refugees.
The International Criminal Court is investigating alleged war crimes.
« Il faut agir vite », a dit M. Dupont ; « nous verrons ... » 1, 2, 3, 10 %, 2022 ? !
"We must act fast," said Mr. Dupont; "we will see..." 1, 2, 3, 10%, 2022? !
"""

SPECIAL_TOKENS = ["<unk>", "<s>", "</s>", "<blank>"]


@dataclass(frozen=True)
class BuildOptions:
    """Shape and identity of the package to build."""

    layers: int = 2
    d_model: int = 64
    ffn: int = 128
    heads: int = 2
    vocab: int = 400
    seed: int = 1234
    quantization: str = "float32"
    package_version: str = "0.1"
    name: str = "translate-fr_en-tiny"
    max_position: int = 1024
    # None: the model can never end a sentence (decodes to the length bound, for tests).
    # A number: logit bias on </s>, so outputs end at a realistic length (for benchmarks).
    eos_bias: float | None = None


def train_sentencepiece(vocab_size: int) -> bytes:
    """Train a unigram SentencePiece model on the built-in text and return its bytes."""
    import sentencepiece as spm

    lines = [line.strip() for line in TRAINING_TEXT.strip().splitlines() if line.strip()]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = []
    for i in range(processor.get_piece_size()):
        if processor.is_control(i) or processor.is_unknown(i):
            continue
        pieces.append(processor.id_to_piece(i))
    return pieces


def _fill_spec(spec: object, rng: np.random.Generator, dims: dict[str, int]) -> None:
    """Give every weight of the Transformer spec a random array of the right shape."""
    from ctranslate2.specs import attention_spec, common_spec, transformer_spec

    d, f = dims["d"], dims["f"]

    def normal(*shape: int, scale: float = 0.15) -> np.ndarray:
        return rng.normal(0.0, scale, size=shape).astype(np.float32)

    def layer_norm(ln: common_spec.LayerNormSpec) -> None:
        ln.gamma = np.ones(d, dtype=np.float32)
        ln.beta = np.zeros(d, dtype=np.float32)

    def linear(lin: common_spec.LinearSpec, out_dim: int, in_dim: int) -> None:
        lin.weight = normal(out_dim, in_dim)
        lin.bias = np.zeros(out_dim, dtype=np.float32)

    def attention(att: attention_spec.MultiHeadAttentionSpec, self_attention: bool) -> None:
        layer_norm(att.layer_norm)
        if self_attention:
            linear(att.linear[0], 3 * d, d)
            linear(att.linear[1], d, d)
        else:
            linear(att.linear[0], d, d)
            linear(att.linear[1], 2 * d, d)
            linear(att.linear[2], d, d)

    def ffn(spec_ffn: transformer_spec.FeedForwardSpec) -> None:
        layer_norm(spec_ffn.layer_norm)
        linear(spec_ffn.linear_0, f, d)
        linear(spec_ffn.linear_1, d, f)

    encoder = spec.encoder  # type: ignore[attr-defined]
    decoder = spec.decoder  # type: ignore[attr-defined]
    encoder.embeddings[0].weight = normal(dims["vs"], d, scale=1.0)
    encoder.position_encodings.encodings = _sinusoids(dims["max_position"], d)
    layer_norm(encoder.layer_norm)
    for layer in encoder.layer:
        attention(layer.self_attention, True)
        ffn(layer.ffn)

    decoder.embeddings.weight = normal(dims["vt"], d, scale=1.0)
    decoder.position_encodings.encodings = _sinusoids(dims["max_position"], d)
    layer_norm(decoder.layer_norm)
    for layer in decoder.layer:
        attention(layer.self_attention, True)
        attention(layer.attention, False)
        ffn(layer.ffn)
    decoder.projection.weight = normal(dims["vt"], d, scale=1.0)
    bias = np.zeros(dims["vt"], dtype=np.float32)
    # Random weights would sometimes end a sentence at once or emit bare specials; keep
    # every output non-empty so structural tests see one real sentence per source sentence.
    for index in dims["banned"]:
        bias[index] = -1e4
    eos_index, eos_bias = dims["eos"]
    if eos_bias is not None:
        bias[eos_index] = eos_bias
    decoder.projection.bias = bias


def _sinusoids(length: int, depth: int) -> np.ndarray:
    half = depth // 2
    positions = np.arange(length, dtype=np.float32)[:, None]
    rates = np.exp(-np.log(10000.0) * np.arange(half, dtype=np.float32) / max(half - 1, 1))
    angles = positions * rates[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)


def build_model_dir(model_dir: Path, sp_model: bytes, options: BuildOptions) -> None:
    """Write a CTranslate2 model directory with random weights for the given SentencePiece model."""
    from ctranslate2.specs import transformer_spec

    pieces = _pieces(sp_model)
    vocabulary = SPECIAL_TOKENS + pieces
    # Real Argos models have ~32k entries; pad so the output layer has the real cost.
    padding = max(0, options.vocab - len(vocabulary))
    vocabulary += [f"<extra_{i}>" for i in range(padding)]
    never = ("<unk>", "<s>", "<blank>", "▁") + (("</s>",) if options.eos_bias is None else ())
    banned = [vocabulary.index(token) for token in never if token in vocabulary]
    banned += range(len(SPECIAL_TOKENS) + len(pieces), len(vocabulary))

    spec = transformer_spec.TransformerSpec.from_config(
        (options.layers, options.layers), options.heads
    )
    rng = np.random.default_rng(options.seed)
    dims = {
        "d": options.d_model,
        "f": options.ffn,
        "vs": len(vocabulary),
        "vt": len(vocabulary),
        "max_position": options.max_position,
        "banned": banned,
        "eos": (vocabulary.index("</s>"), options.eos_bias),
    }
    _fill_spec(spec, rng, dims)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=options.quantization)
    model_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(model_dir))


def metadata(options: BuildOptions) -> dict[str, object]:
    """Argos ``metadata.json`` content for the package."""
    return {
        "package_version": options.package_version,
        "argos_version": "1.9.0",
        "from_code": "fr",
        "from_name": "French",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "links": [],
    }


def build_package(out_dir: Path, options: BuildOptions = BuildOptions()) -> Path:
    """Build the ``.argosmodel`` in ``out_dir`` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sp_model = train_sentencepiece(min(options.vocab, 600))
    archive = out_dir / f"{options.name}.argosmodel"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / options.name
        build_model_dir(root / "model", sp_model, options)
        (root / "sentencepiece.model").write_bytes(sp_model)
        (root / "metadata.json").write_text(json.dumps(metadata(options), indent=2) + "\n")
        (root / "README.md").write_text(
            "Random-weight fr→en package for offline tests; translations are gibberish.\n"
        )
        partial = archive.with_suffix(".argosmodel.part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                arcname = str(path.relative_to(Path(tmp)))
                if path.is_dir():
                    continue
                info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes())
        partial.replace(archive)
    return archive


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="directory for the .argosmodel")
    defaults = BuildOptions()
    parser.add_argument("--layers", type=int, default=defaults.layers)
    parser.add_argument("--d-model", type=int, default=defaults.d_model)
    parser.add_argument("--ffn", type=int, default=defaults.ffn)
    parser.add_argument("--heads", type=int, default=defaults.heads)
    parser.add_argument("--vocab", type=int, default=defaults.vocab)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--quantization", default=defaults.quantization,
                        choices=["float32", "int8", "int8_float32", "int16", "float16"])
    parser.add_argument("--name", default=defaults.name)
    parser.add_argument("--package-version", default=defaults.package_version)
    parser.add_argument("--eos-bias", type=float, default=None,
                        help="let the model end sentences (logit bias on </s>); default: never")
    args = parser.parse_args(argv)
    options = BuildOptions(
        layers=args.layers, d_model=args.d_model, ffn=args.ffn, heads=args.heads,
        vocab=args.vocab, seed=args.seed, quantization=args.quantization, name=args.name,
        package_version=args.package_version, eos_bias=args.eos_bias,
    )
    print(build_package(args.out, options))
    return 0


if __name__ == "__main__":
    sys.exit(main())

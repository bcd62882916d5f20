"""Deterministic workloads for scripts/bench.py: a French news article, a large synthetic
glossary with matching text, and evaluation sentence pairs. Same seed, same bytes."""

from __future__ import annotations

import random

SUBJECTS = [
    "Le secrétaire général de l'OTAN", "Le premier ministre néerlandais", "M. Stoltenberg",
    "Mme Kallas", "Le président ukrainien", "La Commission européenne", "Le ministre de la Défense",
    "Les alliés", "Le Conseil de sécurité de l'ONU", "La porte-parole du Kremlin", "Dr Petit",
    "Le chef de la diplomatie française", "Les dirigeants des pays baltes", "L'Union européenne",
    "Le gouvernement polonais", "Un haut responsable américain", "Les États-Unis",
]
VERBS = [
    "a déclaré", "a annoncé", "a rappelé", "a estimé", "a affirmé", "a reconnu", "a démenti",
    "a souligné", "a promis", "a averti",
]
CLAUSES = [
    "que l'alliance renforcera sa présence avancée sur le flanc est",
    "que Kiev recevra davantage d'armes lourdes dans les prochaines semaines",
    "que les livraisons d'armes à longue portée se poursuivront",
    "que l'opération militaire spéciale de Moscou avait échoué",
    "qu'un cessez-le-feu restait hors de portée à ce stade",
    "que les sanctions contre la Russie seraient prolongées de six mois",
    "que les réfugiés seraient accueillis dans de meilleures conditions",
    "que le sommet de Madrid marquerait un tournant pour l'OTAN",
    "que la Suède et la Finlande rejoindraient bientôt l'alliance",
    "que les militants kurdes n'étaient pas soutenus par Stockholm",
    "qu'une enquête sur des crimes de guerre avait été ouverte à La Haye",
    "que les Pays-Bas fourniraient des obusiers supplémentaires",
    "que le budget de la défense atteindrait 2 % du PIB d'ici à 2024",
]
CONTEXTS = [
    "lors d'une conférence de presse à Bruxelles", "mardi soir", "à l'issue d'un entretien",
    "devant les journalistes", "dans un communiqué", "selon un responsable de l'alliance",
    "au cours d'une visite à Varsovie", "jeudi matin", "dans une interview télévisée",
]
QUOTES = [
    "« Nous devons rester unis face à cette agression »",
    "« La sécurité de l'Europe est en jeu »",
    "« Rien n'est exclu à ce stade ... nous verrons »",
    "« Ce soir, nous avons pris des décisions importantes »",
]


def article(sentences: int = 200, seed: int = 2022) -> str:
    """A French news article of ``sentences`` sentences in paragraphs of 2 to 5."""
    rng = random.Random(seed)
    made: list[str] = []
    while len(made) < sentences:
        kind = rng.random()
        if kind < 0.2:
            sentence = f"{rng.choice(QUOTES)}, {rng.choice(VERBS)} {rng.choice(SUBJECTS)}."
        elif kind < 0.3:
            sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CONTEXTS)}."
        else:
            sentence = (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CONTEXTS)} "
                        f"{rng.choice(CLAUSES)}.")
        made.append(sentence[0].upper() + sentence[1:])
    paragraphs = []
    position = 0
    while position < len(made):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(made[position: position + size]))
        position += size
    return "\n\n".join(paragraphs) + "\n"


SYLLABLES = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ra", "sé", "tu", "vo", "za",
             "ch", "an", "on", "in", "eu", "ou", "gré", "pla", "tri", "mon", "val", "ber"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def glossary_terms(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """``count`` distinct synthetic French terms (1–3 words) with English targets."""
    rng = random.Random(seed)
    seen: set[str] = set()
    terms = []
    while len(terms) < count:
        source = " ".join(_word(rng) for _ in range(rng.randint(1, 3)))
        if source in seen:
            continue
        seen.add(source)
        terms.append((source, f"term-{len(terms)}"))
    return terms


def matching_text(terms: list[tuple[str, str]], megabytes: float, seed: int = 11) -> str:
    """French news-like text of about ``megabytes`` MB with one glossary term per sentence."""
    rng = random.Random(seed)
    sentences = [s for p in article(400, seed).split("\n\n") for s in p.split(". ") if s]
    target = int(megabytes * 1024 * 1024)
    pieces: list[str] = []
    size = 0
    while size < target:
        words = rng.choice(sentences).rstrip(".").split()
        words.insert(rng.randint(0, len(words)), rng.choice(terms)[0])
        sentence = " ".join(words) + ". "
        pieces.append(sentence)
        size += len(sentence.encode("utf-8"))
    return "".join(pieces)


def eval_pairs(count: int = 3000, seed: int = 3) -> tuple[list[str], list[str]]:
    """``count`` English hypothesis/reference pairs with realistic overlap."""
    rng = random.Random(seed)
    vocabulary = ("NATO allies said the Secretary General would meet leaders in Kyiv on Tuesday "
                  "to discuss heavy weapons long-range missiles sanctions against Russia and "
                  "support for Ukraine while the summit in Madrid agreed a stronger posture").split()
    hypotheses, references = [], []
    for _ in range(count):
        reference = [rng.choice(vocabulary) for _ in range(rng.randint(8, 30))]
        hypothesis = [w if rng.random() < 0.7 else rng.choice(vocabulary) for w in reference]
        if rng.random() < 0.2:
            hypothesis = hypothesis[: max(1, len(hypothesis) - rng.randint(1, 4))]
        references.append(" ".join(reference).capitalize() + ".")
        hypotheses.append(" ".join(hypothesis).capitalize() + ".")
    return hypotheses, references

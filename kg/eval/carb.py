"""Scoring of open triple extraction against the CaRB benchmark.

CaRB (Bhardwaj, Aggarwal and Mausam, EMNLP 2019) is the standard benchmark for open
information extraction. This module is an independent implementation of its scoring as
described in ``benchmarks/carb/README.md`` of the project's shared data:

* sentences of the gold file and of the system output are matched by a normalised key
  (:func:`sentence_key`), so small tokenisation differences do not matter;
* every tuple is made binary: arguments after the first are joined into one second argument;
* a predicted tuple is scored against a gold tuple by lenient word matching
  (:func:`pair_score`), giving a (precision, recall) pair;
* per confidence threshold, recall credits each gold tuple with its best-matching prediction
  and precision matches gold and predicted tuples one to one, greedily (:func:`score`);
* the result is the best F1 over the thresholds, with its precision, recall and threshold,
  and the area under the precision-recall curve (:class:`CarbScore`).

File formats (tab-separated, one tuple a line, UTF-8):

* gold: ``sentence<TAB>relation<TAB>arg1<TAB>arg2[<TAB>arg3 ...]``;
* system output ("tabbed"): ``sentence<TAB>confidence<TAB>relation<TAB>arg1[<TAB>arg2 ...]``
  (write it with :func:`format_tabbed`).

Example:
    >>> gold = read_gold("dev.gold.tsv")                       # doctest: +SKIP
    >>> result = score(gold, read_extractions("kg.tsv"))       # doctest: +SKIP
    >>> print(result.summary())                                # doctest: +SKIP
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Union

from kg.errors import InputError, KgError

__all__ = [
    "CarbTuple",
    "CarbPoint",
    "CarbScore",
    "sentence_key",
    "read_gold",
    "read_extractions",
    "parse_gold",
    "parse_extractions",
    "pair_score",
    "score",
    "format_tabbed",
    "plot_curve",
]

PathLike = Union[str, "os.PathLike[str]"]

#: A benchmark side: sentence key -> (the sentence as first read, its tuples in file order).
Sentences = dict[str, tuple[str, list["CarbTuple"]]]

# Penn Treebank escapes, undone before punctuation is removed. Longest first, so that the
# double quotes are replaced before the single ones they contain.
_PTB_ESCAPES: tuple[tuple[str, str], ...] = (
    ("-LRB-", "("),
    ("-RRB-", ")"),
    ("-LSB-", "["),
    ("-RSB-", "]"),
    ("-LCB-", "{"),
    ("-RCB-", "}"),
    ("``", '"'),
    ("''", '"'),
    ("`", "'"),
)

# Forms a predicted "be" may stand for in a gold relation.
_BE_FORMS = frozenset({"is", "am", "are", "was", "were", "been", "being"})

# A gold relation with one of these words also tries the prediction with its arguments swapped
# ("X said Y" is often written as "Y, X said").
_SPEECH_VERBS = frozenset({"said", "told", "added", "adds", "says"})


@dataclass(frozen=True)
class CarbTuple:
    """One extraction: a relation, its arguments in order, and a confidence.

    Attributes:
        relation: The relation phrase.
        args: The arguments, subject first. Any sequence given is stored as a tuple.
        confidence: The system's confidence; higher means more sure. Gold tuples keep 1.0.
    """

    relation: str
    args: tuple[str, ...]
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if not isinstance(self.args, tuple):
            object.__setattr__(self, "args", tuple(self.args))


@dataclass(frozen=True)
class CarbPoint:
    """Corpus-level scores at one confidence threshold.

    Attributes:
        threshold: Predictions with a confidence at least this were counted.
        precision: Precision at the threshold (1.0 when no prediction was counted).
        recall: Recall at the threshold.
        f1: Harmonic mean of precision and recall (0.0 when both are 0).
    """

    threshold: float
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class CarbScore:
    """The result of :func:`score`.

    Attributes:
        precision: Precision at the threshold with the best F1.
        recall: Recall at the threshold with the best F1.
        f1: The best F1 over all thresholds.
        threshold: The confidence threshold with the best F1 (the highest one on ties).
        auc: Area under the precision-recall curve, the point (recall 0, precision 1) added.
        curve: One point per threshold, sorted by threshold, descending.
        gold_sentences: Number of gold sentences.
        gold_tuples: Number of gold tuples.
        predicted_tuples: Number of predictions scored, i.e. those of sentences in gold.
        unmatched_sentences: Number of predicted sentences absent from gold (ignored).
    """

    precision: float
    recall: float
    f1: float
    threshold: float
    auc: float
    curve: tuple[CarbPoint, ...]
    gold_sentences: int
    gold_tuples: int
    predicted_tuples: int
    unmatched_sentences: int

    def summary(self) -> str:
        """Return a few lines of human-readable text with the scores and counts.

        Returns:
            The text, without a final newline.
        """
        lines = [
            f"CaRB precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"F1 {self.f1:.3f}  (at threshold {self.threshold:.4f})",
            f"AUC {self.auc:.3f}  ({len(self.curve)} thresholds)",
            f"gold: {self.gold_sentences} sentences, {self.gold_tuples} tuples; "
            f"predicted: {self.predicted_tuples} tuples scored",
        ]
        if self.unmatched_sentences:
            lines.append(
                f"{self.unmatched_sentences} predicted sentence(s) not in gold were ignored"
            )
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Sentences and files
# ---------------------------------------------------------------------------------------------


def sentence_key(sentence: str) -> str:
    """Return the key that matches a sentence across tokenisations.

    All whitespace is removed, Penn Treebank escapes are undone (``-LRB-`` to ``(``, and so on
    for ``-RRB-``, ``-LSB-``, ``-RSB-``, ``-LCB-``, ``-RCB-``; ````` and ``''`` to ``"``;
    ````` to ``'``), then every character of a Unicode punctuation category is removed.
    ``don't`` and ``do n't`` thus get the same key, and so do ``-LRB- a -RRB-`` and ``(a)``.

    Args:
        sentence: The sentence, as written in a gold or output file.

    Returns:
        The key; case is kept.
    """
    text = "".join(sentence.split())
    for escape, char in _PTB_ESCAPES:
        text = text.replace(escape, char)
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))


def _read_lines(path: PathLike) -> list[str]:
    """Read a UTF-8 text file into lines, raising InputError with a useful message."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as handle:
            return handle.read().splitlines()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a tab-separated file") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def _add(table: Sentences, sentence: str, item: CarbTuple) -> None:
    """File a tuple under its sentence key, keeping the first spelling of the sentence."""
    key = sentence_key(sentence)
    entry = table.get(key)
    if entry is None:
        table[key] = (sentence, [item])
    else:
        entry[1].append(item)


def parse_gold(lines: Iterable[str], source: str = "<lines>") -> Sentences:
    """Parse gold tuples: ``sentence<TAB>relation<TAB>arg1<TAB>arg2[<TAB>arg3 ...]``.

    Fields are stripped of surrounding spaces; empty arguments are kept as empty strings.
    Blank lines are skipped.

    Args:
        lines: The lines, with or without line endings.
        source: Name of the input, used in error messages.

    Returns:
        Sentence key -> (the sentence as first seen, its tuples in input order).

    Raises:
        InputError: A line with fewer than three fields or an empty sentence.
    """
    table: Sentences = {}
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) < 3:
            raise InputError(
                f"{source}, line {number}: expected at least 3 tab-separated fields "
                f"(sentence, relation, arg1 ...), found {len(fields)}; "
                "separate the fields with tabs"
            )
        if not fields[0]:
            raise InputError(
                f"{source}, line {number}: the sentence (first field) is empty; "
                "every line must start with its sentence"
            )
        _add(table, fields[0], CarbTuple(fields[1], tuple(fields[2:])))
    return table


def parse_extractions(lines: Iterable[str], source: str = "<lines>") -> Sentences:
    """Parse system output: ``sentence<TAB>confidence<TAB>relation<TAB>arg1[<TAB>arg2 ...]``.

    Fields are stripped of surrounding spaces; empty or missing arguments are allowed (such a
    prediction scores 0 against every gold tuple). Blank lines are skipped.

    Args:
        lines: The lines, with or without line endings.
        source: Name of the input, used in error messages.

    Returns:
        Sentence key -> (the sentence as first seen, its tuples in input order).

    Raises:
        InputError: A line with fewer than three fields, an empty sentence, or a confidence
            that is not a number.
    """
    table: Sentences = {}
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) < 3:
            raise InputError(
                f"{source}, line {number}: expected at least 3 tab-separated fields "
                f"(sentence, confidence, relation, args ...), found {len(fields)}; "
                "separate the fields with tabs"
            )
        if not fields[0]:
            raise InputError(
                f"{source}, line {number}: the sentence (first field) is empty; "
                "every line must start with its sentence"
            )
        try:
            confidence = float(fields[1])
        except ValueError:
            confidence = math.nan
        if math.isnan(confidence):
            raise InputError(
                f"{source}, line {number}: confidence {fields[1]!r} is not a number; "
                "the second field must be the confidence, e.g. 0.85"
            )
        _add(table, fields[0], CarbTuple(fields[2], tuple(fields[3:]), confidence))
    return table


def read_gold(path: PathLike) -> Sentences:
    """Read a CaRB gold file (see :func:`parse_gold` for the format).

    Args:
        path: The file.

    Returns:
        Sentence key -> (the sentence as first seen, its gold tuples in file order).

    Raises:
        InputError: The file cannot be read or a line is malformed.
    """
    return parse_gold(_read_lines(path), os.fspath(path))


def read_extractions(path: PathLike) -> Sentences:
    """Read a system output in the tabbed format (see :func:`parse_extractions`).

    Args:
        path: The file.

    Returns:
        Sentence key -> (the sentence as first seen, its predicted tuples in file order).

    Raises:
        InputError: The file cannot be read or a line is malformed.
    """
    return parse_extractions(_read_lines(path), os.fspath(path))


def format_tabbed(
    sentence: str, confidence: float, relation: str, args: Sequence[str]
) -> str:
    """Format one extraction as a line of the tabbed system output.

    Tabs and line breaks inside fields are replaced by spaces, so the line always splits back
    into the same fields.

    Args:
        sentence: The input sentence, unchanged.
        confidence: The confidence, printed with 4 decimals.
        relation: The relation phrase.
        args: The arguments, subject first.

    Returns:
        The line, without a line ending.
    """

    def clean(text: str) -> str:
        return " ".join(text.splitlines()).replace("\t", " ")

    fields = [clean(sentence), f"{confidence:.4f}", clean(relation)]
    fields.extend(clean(arg) for arg in args)
    return "\t".join(fields)


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


def _binary(item: CarbTuple) -> tuple[list[str], list[str], list[str]]:
    """Return the words of the relation, arg1 and the joined remaining arguments."""
    arg1 = item.args[0] if item.args else ""
    rest = " ".join(arg for arg in item.args[1:])
    return item.relation.split(), arg1.split(), rest.split()


def _count(gold_words: list[str], pred_words: list[str], be: bool = False) -> int:
    """Count gold words found in the predicted words, each predicted word used once.

    With ``be``, a predicted ``be`` also matches a gold form of "to be" (after exact matches
    were tried for that gold word).
    """
    remaining = list(pred_words)
    matched = 0
    for word in gold_words:
        if word in remaining:
            remaining.remove(word)
            matched += 1
        elif be and word in _BE_FORMS and "be" in remaining:
            remaining.remove("be")
            matched += 1
    return matched


def _score_words(
    gold: tuple[list[str], list[str], list[str]],
    pred: tuple[list[str], list[str], list[str]],
) -> tuple[float, float]:
    """Score binary word triples; see :func:`pair_score`."""
    g_rel, g_arg1, g_arg2 = gold
    p_rel, p_arg1, p_arg2 = pred
    if not p_arg1 or not p_arg2:
        return 0.0, 0.0
    rel_matched = _count(g_rel, p_rel, be=True)
    if rel_matched == 0:
        return 0.0, 0.0
    matched = rel_matched + _count(g_arg1, p_arg1) + _count(g_arg2, p_arg2)
    pred_total = len(p_rel) + len(p_arg1) + len(p_arg2)
    gold_total = len(g_rel) + len(g_arg1) + len(g_arg2)
    precision = matched / pred_total if pred_total else 0.0
    recall = matched / gold_total if gold_total else 0.0
    return precision, recall


def _pair_words(
    gold: tuple[list[str], list[str], list[str]],
    pred: tuple[list[str], list[str], list[str]],
) -> tuple[float, float]:
    """Score binary word triples, trying swapped arguments for speech verbs."""
    best = _score_words(gold, pred)
    if _SPEECH_VERBS.intersection(gold[0]):
        swapped = _score_words(gold, (pred[0], pred[2], pred[1]))
        if swapped[0] + swapped[1] > best[0] + best[1]:
            best = swapped
    return best


def pair_score(gold: CarbTuple, pred: CarbTuple) -> tuple[float, float]:
    """Score a predicted tuple against a gold tuple by lenient word matching.

    Both tuples are first made binary (arguments after the first joined with spaces into the
    second; a missing argument is empty). Words are ``str.split()`` tokens, compared with case
    as given. For the relation, then arg1, then arg2, every gold word found among the not yet
    used words of the prediction at the same position counts as matched and uses up that
    predicted word; a predicted ``be`` may also match a gold is/am/are/was/were/been/being.

    The pair scores (0, 0) when no relation word matches or when the prediction has an empty
    arg1 or arg2. Otherwise precision = matched words / predicted words and recall = matched
    words / gold words, over relation and both arguments.

    When the gold relation contains said, told, added, adds or says, the prediction is also
    scored with its two arguments swapped, and the swap is kept if its precision + recall is
    higher (on a tie the unswapped score is kept).

    Args:
        gold: The gold tuple.
        pred: The predicted tuple.

    Returns:
        (precision, recall), each between 0 and 1.
    """
    return _pair_words(_binary(gold), _binary(pred))


def _greedy_precision(
    pairs: list[tuple[float, float, int, int]], n_gold: int, n_pred: int
) -> float:
    """Sum the precision of a greedy one-to-one matching.

    ``pairs`` holds (precision, recall, gold index, prediction index), pre-sorted best first:
    precision descending, then recall descending, then by index. The first pair whose gold and
    prediction are both still unused is taken, min(n_gold, n_pred) times.
    """
    rounds = min(n_gold, n_pred)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    total = 0.0
    for precision, _recall, g, p in pairs:
        if len(used_gold) == rounds or precision <= 0.0:
            break  # further picks would add 0
        if g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        total += precision
    return total


def _harmonic(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total > 0 else 0.0


def score(gold: Sentences, predicted: Sentences) -> CarbScore:
    """Score a system output against the gold tuples, CaRB style.

    The thresholds are the distinct confidence values of the whole output (the lowest one
    counts every prediction). At a threshold t, for each gold sentence, with the predictions
    of confidence >= t:

    * recall numerator: sum over gold tuples of the best :func:`pair_score` recall over those
      predictions (one prediction may serve several gold tuples); denominator: the number of
      gold tuples (also for sentences without any prediction);
    * precision numerator: the sum of precisions of a greedy one-to-one matching, which
      repeatedly takes the unused (gold, prediction) pair with the highest precision (ties
      broken by higher recall, then by file order), min(#gold, #predictions) times;
      denominator: the number of predictions.

    Numerators and denominators are summed over sentences; precision is 1.0 at a threshold
    without predictions. The reported precision, recall and threshold are those of the best
    F1 (the highest threshold on ties). The AUC is the trapezoid area under the points
    (recall, precision) sorted by recall, with (0, 1) added; equal recalls keep the curve
    order (threshold descending), so a precision drop at constant recall adds no area. Predicted sentences that are not
    in gold are ignored and counted in ``unmatched_sentences``. An output without any
    prediction scores 0 everywhere, with an empty curve.

    The pair scores are computed once per sentence; the thresholds are then swept over them.

    Args:
        gold: As returned by :func:`read_gold`.
        predicted: As returned by :func:`read_extractions` or :func:`parse_extractions`.

    Returns:
        The scores.
    """
    thresholds = sorted(
        {item.confidence for _, items in predicted.values() for item in items}, reverse=True
    )
    index = {t: i for i, t in enumerate(thresholds)}
    n = len(thresholds)
    # Difference arrays over threshold indices: a sentence's contribution changes only at its
    # own confidence values and stays constant down to the next one.
    prec_num = [0.0] * (n + 1)
    rec_num = [0.0] * (n + 1)
    prec_den = [0] * (n + 1)
    gold_tuples = 0
    predicted_tuples = 0

    for key, (_sentence, gold_items) in gold.items():
        gold_tuples += len(gold_items)
        entry = predicted.get(key)
        if entry is None or not entry[1]:
            continue
        # Predictions by confidence, highest first (stable: file order within a confidence).
        preds = sorted(entry[1], key=lambda item: -item.confidence)
        predicted_tuples += len(preds)
        gold_words = [_binary(item) for item in gold_items]
        pred_words = [_binary(item) for item in preds]
        matrix = [[_pair_words(g, p) for p in pred_words] for g in gold_words]

        best_recall = [0.0] * len(gold_items)
        pairs: list[tuple[float, float, int, int]] = []
        last_prec = last_rec = 0.0
        start = 0
        while start < len(preds):
            conf = preds[start].confidence
            stop = start
            while stop < len(preds) and preds[stop].confidence == conf:
                stop += 1
            for g, row in enumerate(matrix):
                for p in range(start, stop):
                    precision, recall = row[p]
                    if recall > best_recall[g]:
                        best_recall[g] = recall
                    pairs.append((precision, recall, g, p))
            pairs.sort(key=lambda pair: (-pair[0], -pair[1], pair[2], pair[3]))
            prec = _greedy_precision(pairs, len(gold_items), stop)
            rec = sum(best_recall)
            i = index[conf]
            prec_num[i] += prec - last_prec
            rec_num[i] += rec - last_rec
            prec_den[i] += stop - start
            last_prec, last_rec = prec, rec
            start = stop

    unmatched = sum(1 for key in predicted if key not in gold)

    curve: list[CarbPoint] = []
    p_num = r_num = 0.0
    p_den = 0
    for i, threshold in enumerate(thresholds):
        p_num += prec_num[i]
        r_num += rec_num[i]
        p_den += prec_den[i]
        precision = p_num / p_den if p_den else 1.0
        recall = r_num / gold_tuples if gold_tuples else 0.0
        # Running sums of floats may drift by an ulp; keep the values in [0, 1].
        precision = min(max(precision, 0.0), 1.0)
        recall = min(max(recall, 0.0), 1.0)
        curve.append(CarbPoint(threshold, precision, recall, _harmonic(precision, recall)))

    if curve:
        best = curve[0]
        for point in curve[1:]:
            if point.f1 > best.f1:
                best = point
        precision, recall, f1, threshold = best.precision, best.recall, best.f1, best.threshold
    else:
        precision = recall = f1 = threshold = 0.0

    return CarbScore(
        precision=precision,
        recall=recall,
        f1=f1,
        threshold=threshold,
        auc=_auc(curve) if curve else 0.0,
        curve=tuple(curve),
        gold_sentences=len(gold),
        gold_tuples=gold_tuples,
        predicted_tuples=predicted_tuples,
        unmatched_sentences=unmatched,
    )


def _auc(curve: Sequence[CarbPoint]) -> float:
    """Trapezoid area under (recall, precision) points sorted by recall, (0, 1) added.

    The sort is stable and by recall only: points of equal recall stay in curve order
    (threshold descending), and (0, 1) comes before any other point of recall 0. Recall never
    falls as the threshold is lowered, so this is the order in which the curve is drawn; a
    precision drop at constant recall adds no area.
    """
    points = sorted(
        [(0.0, 1.0)] + [(p.recall, p.precision) for p in curve], key=lambda point: point[0]
    )
    area = 0.0
    for (r0, p0), (r1, p1) in zip(points, points[1:]):
        area += (r1 - r0) * (p0 + p1) / 2
    return area


# ---------------------------------------------------------------------------------------------
# Plot
# ---------------------------------------------------------------------------------------------


def plot_curve(result: CarbScore, path: PathLike, label: str = "kg") -> None:
    """Draw the precision-recall curve of a result into a PNG file.

    matplotlib is imported here and drawn with its Agg canvas directly, so neither pyplot nor
    the process-wide backend is touched.

    Args:
        result: The result of :func:`score`.
        path: The PNG file to write.
        label: The system's name, for the legend.

    Raises:
        KgError: matplotlib is not installed, or the file cannot be written.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise KgError("matplotlib is needed for --curve: pip install matplotlib") from None

    points = [(p.recall, p.precision) for p in result.curve]  # recall non-decreasing
    figure = Figure(figsize=(6, 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    if points:
        axes.plot([r for r, _ in points], [p for _, p in points], marker=".", label=label)
        axes.plot(
            [result.recall], [result.precision], marker="o", linestyle="none",
            label=f"best F1 (threshold {result.threshold:.4f})",
        )
        axes.legend(loc="best")
    axes.set_xlabel("recall")
    axes.set_ylabel("precision")
    axes.set_xlim(0.0, 1.0)
    axes.set_ylim(0.0, 1.05)
    axes.grid(True, alpha=0.3)
    axes.set_title(f"CaRB {label}: F1 {result.f1:.3f}, AUC {result.auc:.3f}")
    figure.tight_layout()
    from kg.corpus.atomic import atomic_open

    with atomic_open(path, "wb") as fh:  # creates missing directories, never half-writes
        figure.savefig(fh, format="png")

"""The learned risk model: a fine-tuned sentence encoder, run with onnxruntime.

Files (model/, written by `make train-screener`, see training/):
- risk.int8.onnx   encoder + mean pooling + a four-label sigmoid head, int8
- tokenizer.json   the encoder's WordPiece tokenizer
- meta.json        thresholds chosen on the held-aside slice, window sizes
- examples.npz     unit embeddings of the labelled corpus posts, with their
                   ids, tags and excerpts, for the "nearest examples" reasons

A post longer than one window is scored window by window (the risk is the
highest window's). The model is loaded once, by warm() or the first post;
a missing or corrupt file is a ModelUnavailable error that names the file
and the command that rebuilds it, never a silent "clean".
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

LABELS = ("crisis", "misinformation", "ed-numbers", "profanity")
REBUILD = "make train-screener (or restore the file with git checkout moderation/screening/model)"


class ModelUnavailable(RuntimeError):
    """The risk model's files are missing or unreadable."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"screening model file {path} {problem}; rebuild it with: {REBUILD}")
        self.path = path


@dataclass(frozen=True)
class Window:
    """One scored stretch of a post: character span, label probabilities, embedding."""

    start: int
    end: int
    probs: np.ndarray
    embedding: np.ndarray


@dataclass(frozen=True)
class Thresholds:
    high: float  # crisis flow at or above this
    check_in: float  # check-in lane at or above this (and below high)
    misinformation: float


def window_starts(length: int, window_tokens: int, overlap: int) -> list[int]:
    """Where each window of a `length`-token text starts. A window holds window_tokens - 2
    tokens between [CLS] and [SEP]; training cuts posts the same way (training/finetune.py)."""
    step = window_tokens - 2 - overlap
    return list(range(0, max(1, length - overlap), step)) or [0]


class RiskModel:
    """The ONNX graph, its tokenizer and the labelled examples, loaded from `directory`."""

    def __init__(self, directory: Path):
        import onnxruntime
        from tokenizers import Tokenizer

        self.directory = directory
        try:
            meta = json.loads(_read(directory / "meta.json").decode("utf-8"))
            self.thresholds = Thresholds(**meta["thresholds"])
            self.window_tokens, self.overlap = meta["window_tokens"], meta["overlap_tokens"]
        except (ValueError, KeyError, TypeError) as error:
            raise ModelUnavailable(directory / "meta.json", f"is corrupt ({type(error).__name__})") from None
        self.meta = meta
        try:
            self.tokenizer = Tokenizer.from_str(_read(directory / "tokenizer.json").decode("utf-8"))
        except Exception as error:  # tokenizers raises plain Exceptions on bad JSON
            raise ModelUnavailable(directory / "tokenizer.json", f"is corrupt ({error})") from None
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one core per worker: workers scale by process
        options.inter_op_num_threads = 1
        path = directory / meta["graph"]
        try:
            self.session = onnxruntime.InferenceSession(_read(path), options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises its own Fail/InvalidGraph types
            raise ModelUnavailable(path, f"is corrupt ({type(error).__name__})") from None
        self.examples = Examples.load(directory / "examples.npz")

    def windows(self, texts: list[str]) -> list[list[Window]]:
        """Each text's windows, scored in one batch per text."""
        return [self._score(text) for text in texts]

    def _score(self, text: str) -> list[Window]:
        encoding = self.tokenizer.encode(text, add_special_tokens=False)
        ids, offsets = encoding.ids, encoding.offsets
        size = self.window_tokens - 2
        starts = window_starts(len(ids), self.window_tokens, self.overlap)
        rows = [[self._cls, *ids[s : s + size], self._sep] for s in starts]
        probs, embeddings = self._run(rows)
        out = []
        for k, s in enumerate(starts):
            piece = offsets[s : s + size]
            span = (piece[0][0], piece[-1][1]) if piece else (0, len(text))
            out.append(Window(span[0], span[1], probs[k], embeddings[k]))
        return out

    def _run(self, rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        width = max(len(r) for r in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, row in enumerate(rows):
            ids[i, : len(row)], mask[i, : len(row)] = row, 1
        probs, embeddings = self.session.run(["probs", "embedding"], {"input_ids": ids, "attention_mask": mask})
        return probs, embeddings

    @property
    def _cls(self) -> int:
        return self.tokenizer.token_to_id("[CLS]")

    @property
    def _sep(self) -> int:
        return self.tokenizer.token_to_id("[SEP]")


@dataclass(frozen=True)
class Example:
    id: str
    tag: str
    labels: tuple[str, ...]
    excerpt: str


class Examples:
    """The labelled corpus posts, as unit embeddings, for nearest-neighbour reasons."""

    def __init__(self, embeddings: np.ndarray, items: list[Example]):
        self.embeddings, self.items = embeddings.astype(np.float32), items

    @classmethod
    def load(cls, path: Path) -> Examples:
        import io

        try:
            data = np.load(io.BytesIO(_read(path)), allow_pickle=False)
            items = [Example(i, t, tuple(filter(None, ls.split(","))), e) for i, t, ls, e in data["items"].tolist()]
            return cls(data["embeddings"], items)
        except (ValueError, KeyError, OSError) as error:
            raise ModelUnavailable(path, f"is corrupt ({error})") from None

    def nearest(self, embedding: np.ndarray, count: int = 3) -> list[tuple[Example, float]]:
        similarity = self.embeddings @ embedding
        best = np.argsort(-similarity)[:count]
        return [(self.items[i], float(similarity[i])) for i in best]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ModelUnavailable(path, "is missing") from None
    except OSError as error:
        raise ModelUnavailable(path, f"cannot be read ({error.strerror})") from None


_lock = threading.Lock()
_loaded: dict[Path, RiskModel] = {}


MODEL_DIR_VARIABLE = "KINDRED_SCREENING_MODEL_DIR"


def default_directory() -> Path:
    """model/ beside this file, unless KINDRED_SCREENING_MODEL_DIR names another folder."""
    configured = os.environ.get(MODEL_DIR_VARIABLE)
    return Path(configured) if configured else Path(str(resources.files(__package__).joinpath("model")))


def model(directory: Path | None = None) -> RiskModel:
    """The process's model, loaded on first use (warm() does it at start)."""
    directory = directory or default_directory()
    found = _loaded.get(directory)
    if found is None:
        with _lock:
            found = _loaded.get(directory) or _loaded.setdefault(directory, RiskModel(directory))
    return found

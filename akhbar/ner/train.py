"""Training of the BiLSTM-CRF tagger (torch, CPU, one thread) and export to numpy weights.

Steps, all seeded:

1. word2vec on SaudiNewsNet plus the training sentences (cached in ``--work-dir``);
2. vocabulary: the ``--vocab-size`` most frequent keys plus every training word/stem key that has a
   vector, int8-quantized (the model trains on the dequantized vectors it will ship);
3. BiLSTM-CRF training on the first 90% of ANERcorp sentences, model selection by strict
   span F1 on the last 10% (dev), computed with the exported numpy model itself;
4. export of the best epoch to ``akhbar/ner/model/tagger.npz``.

By default (``--silver auto``) step 3 is distillation: each epoch mixes ``--silver-per-epoch``
SaudiNewsNet sentences tagged by an ensemble of six teacher taggers into the ANERcorp training
sentences (:mod:`akhbar.ner.distill`). Missing teachers are trained first with the same code
(``--silver none`` plus their own flags) and cached in ``--work-dir``, as are the silver sentences.
Optional variations: ``--swa-start``/``--swa-window`` (weight averaging), ``--mention-replace``
and ``--punct-drop`` (:mod:`akhbar.ner.augment`).

torch and gensim are imported inside functions: they are training dependencies only.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from akhbar.ner import augment, distill
from akhbar.ner import gazetteer as gaz
from akhbar.ner.conll import TAGS, Sentence, read_conll, split_dev, split_fold
from akhbar.ner.features import MAX_WORD_CHARS, PAD_CHAR_ID, UNK_CHAR_ID, char_sequence, stem_key, word_key
from akhbar.ner.metrics import bootstrap_f1, score
from akhbar.ner.model import UNK_WORD_ID, Tagger, allowed_transitions

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ANERCORP = REPO_ROOT / "../shared/corpora/anercorp/train.txt"
DEFAULT_SAUDINEWSNET = REPO_ROOT / "../shared/corpora/saudinewsnet"
DEFAULT_OUT = Path(__file__).resolve().parent / "model" / "tagger.npz"
# Reserved character-table rows (see akhbar.ner.features): padding, unknown.
RESERVED_CHARS = "\u0000\u0001"


def set_seed(seed: int) -> None:
    """Seed every random generator training touches and pin torch to one thread."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


# --- embeddings and vocabulary ---------------------------------------------------------------


def pretrain_embeddings(saudinewsnet: Path, train: list[Sentence], work_dir: Path, dim: int, seed: int):
    """word2vec vectors (gensim KeyedVectors), trained once and cached in ``work_dir``.

    With ``train`` empty the vectors see SaudiNewsNet only (cross-validation: no fold's text may
    reach the vectors), cached under their own name.
    """
    from gensim.models import KeyedVectors

    from akhbar.ner.embeddings import iter_key_sentences, train_word2vec

    cache = work_dir / (f"w2v-d{dim}-s{seed}.kv" if train else f"w2v-d{dim}-s{seed}-saudinewsnet-only.kv")
    if cache.exists():
        return KeyedVectors.load(str(cache))
    corpus = list(iter_key_sentences(saudinewsnet))
    corpus += [[word_key(w) for w in s.tokens] for s in train]
    vectors = train_word2vec(corpus, dim=dim, seed=seed).wv
    work_dir.mkdir(parents=True, exist_ok=True)
    vectors.save(str(cache))
    return vectors


def vectors_of_artifact(path: Path):
    """The word vectors a tagger artifact ships, as gensim KeyedVectors (row order kept: the most
    frequent SaudiNewsNet keys first, then the training words and stems of that model).

    Cross-validation on a shared machine reuses the shipped model's vectors instead of training
    word2vec again; :func:`build_vocab` still keeps only the ``--vocab-size`` frequent rows plus the
    fold's own training words, so a held-out word has a vector only where it is frequent.
    """
    from gensim.models import KeyedVectors

    with np.load(path) as weights:
        keys = bytes(weights["vocab"]).decode("utf-8").split("\n")
        matrix = weights["emb_q"].astype(np.float32) * weights["emb_scale"][:, None]
    vectors = KeyedVectors(matrix.shape[1])
    vectors.add_vectors(keys[1:], matrix[1:])  # row 0 is the unknown word
    return vectors


def build_vocab(vectors, train: list[Sentence], size: int, pca_dim: int = 0) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Vocabulary (row 0 = unknown), int8 vectors and per-row scales.

    Keeps the ``size`` most frequent corpus keys, plus the training words and stems that have
    vectors (they are what the tagger learned from). With ``pca_dim`` the vectors are first
    projected on their top principal components: more words fit in the same artifact size.
    """
    keys = list(vectors.index_to_key[:size])
    seen = set(keys)
    for s in train:
        for w in s.tokens:
            key = word_key(w)
            for k in (key, stem_key(key)):
                if k not in seen and k in vectors.key_to_index:
                    seen.add(k)
                    keys.append(k)
    matrix = np.stack([vectors[k] for k in keys]).astype(np.float32)
    if pca_dim:
        full = vectors.vectors.astype(np.float64)
        mean = full.mean(axis=0)
        _, _, components = np.linalg.svd(full - mean, full_matrices=False)
        matrix = ((matrix - mean) @ components[:pca_dim].T).astype(np.float32)
    matrix = np.concatenate([np.zeros((1, matrix.shape[1]), np.float32), matrix])  # row 0: unknown
    return ["\u0000"] + keys, *quantize(matrix)


def quantize(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 quantization with one float32 scale per row (an all-zero row gets scale 1)."""
    scale = np.abs(matrix).max(axis=1) / 127.0
    scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
    return np.round(matrix / scale[:, None]).astype(np.int8), scale


def tuned_rows(train: list[Sentence], word_ids: dict[str, int], min_count: int) -> np.ndarray:
    """Vocabulary id -> row of the trainable correction table (0 = frozen), for keys and stems
    seen at least ``min_count`` times in training."""
    counts = Counter()
    for s in train:
        for w in s.tokens:
            key = word_key(w)
            counts.update({key, stem_key(key)})
    index = np.zeros(len(word_ids), dtype=np.int64)
    n = 0
    for k, c in counts.items():
        if c >= min_count and k in word_ids and word_ids[k] != UNK_WORD_ID:
            n += 1
            index[word_ids[k]] = n
    return index


def build_chars(train: list[Sentence], min_count: int = 2) -> str:
    """Character table: reserved rows, then characters seen ``min_count`` times in training keys."""
    counts = Counter(c for s in train for w in s.tokens for c in char_sequence(word_key(w)))
    return RESERVED_CHARS + "".join(sorted(c for c, n in counts.items() if n >= min_count and c not in RESERVED_CHARS))


# --- torch model -----------------------------------------------------------------------------


def build_model(embeddings: np.ndarray, n_chars: int, hidden: int, char_dim: int, filters: int, width: int, dropout: float, n_extra: int = 1, tune_index: np.ndarray | None = None):
    """The torch twin of :class:`akhbar.ner.model.Tagger`."""
    import torch
    from torch import nn

    pairs, start = allowed_transitions()

    class BiLstmCrf(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("emb", torch.tensor(embeddings))  # frozen word2vec
            # Trainable corrections for frequent training words (row 0 stays zero: frozen words).
            index = tune_index if tune_index is not None else np.zeros(len(embeddings), np.int64)
            self.register_buffer("tune_index", torch.tensor(index))
            self.delta = nn.Embedding(int(index.max()) + 1, embeddings.shape[1], padding_idx=0)
            nn.init.zeros_(self.delta.weight)
            self.char_emb = nn.Embedding(n_chars, char_dim, padding_idx=PAD_CHAR_ID)
            self.conv = nn.Conv1d(char_dim, filters, width, padding=width // 2)
            in_dim = 2 * embeddings.shape[1] + filters + 1 + n_extra
            self.lstm = nn.LSTM(in_dim, hidden, batch_first=True, bidirectional=True)
            self.drop = nn.Dropout(dropout)
            self.out = nn.Linear(2 * hidden, len(TAGS))
            self.trans = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
            self.start = nn.Parameter(torch.zeros(len(TAGS)))
            self.end = nn.Parameter(torch.zeros(len(TAGS)))
            self.register_buffer("allowed", torch.tensor(pairs))
            self.register_buffer("allowed_start", torch.tensor(start))

        def vectors(self, ids):
            return self.emb[ids] + self.delta(self.tune_index[ids])

        def emissions(self, word, stem, extra, chars, lengths):
            b, t = word.shape
            c = self.char_emb(chars.view(b * t, -1)).transpose(1, 2)
            c = torch.relu(self.conv(c).max(dim=2).values).view(b, t, -1)
            flags = torch.cat([(word == UNK_WORD_ID).float()[..., None], extra], dim=-1)
            x = torch.cat([self.vectors(word), self.vectors(stem), c, flags], dim=-1)
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(x), lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
            return self.out(self.drop(h))

        def nll(self, scores, tags, mask):
            """Mean negative log-likelihood of the gold paths under the CRF."""
            trans = self.trans.masked_fill(~self.allowed, -1e4)
            start = self.start.masked_fill(~self.allowed_start, -1e4)
            b, t, _ = scores.shape
            idx = torch.arange(b)
            gold = start[tags[:, 0]] + scores[idx, 0, tags[:, 0]]
            alpha = start + scores[:, 0]
            for i in range(1, t):
                m = mask[:, i]
                step = scores[idx, i, tags[:, i]] + trans[tags[:, i - 1], tags[:, i]]
                gold = gold + step * m
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None] + scores[:, i, None, :], dim=1)
                alpha = torch.where(m[:, None] > 0, nxt, alpha)
            last = tags[idx, mask.sum(1).long() - 1]
            gold = gold + self.end[last]
            log_z = torch.logsumexp(alpha + self.end, dim=1)
            return (log_z - gold).mean()

    return BiLstmCrf()


def export(model, words: list[str], chars: str, path: Path, gazetteer: dict[str, int] | None = None) -> None:
    """Write the numpy artifact read by :meth:`akhbar.ner.model.Tagger.load`."""
    import torch

    sd = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    with torch.no_grad():
        emb_q, emb_scale = quantize(model.vectors(torch.arange(len(words))).numpy())
    extra = {}
    if gazetteer is not None:
        keys = sorted(gazetteer)
        extra = {
            "gaz_keys": np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8),
            "gaz_mask": np.array([gazetteer[k] for k in keys], dtype=np.uint8),
        }
    f16 = lambda a: a.astype(np.float16)  # noqa: E731  (halves the artifact; F1 unaffected)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        vocab=np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        emb_q=emb_q,
        emb_scale=emb_scale,
        chars=np.frombuffer(chars.encode("utf-8"), dtype=np.uint8),
        char_emb=sd["char_emb.weight"],
        conv_w=sd["conv.weight"],
        conv_b=sd["conv.bias"],
        w_ih=f16(np.stack([sd["lstm.weight_ih_l0"], sd["lstm.weight_ih_l0_reverse"]])),
        w_hh=f16(np.stack([sd["lstm.weight_hh_l0"], sd["lstm.weight_hh_l0_reverse"]])),
        b=np.stack(
            [sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"], sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"]]
        ),
        out_w=sd["out.weight"],
        out_b=sd["out.bias"],
        trans=sd["trans"],
        start=sd["start"],
        end=sd["end"],
        **extra,
    )


# --- data ------------------------------------------------------------------------------------


class Encoded:
    """Index arrays of a sentence list (one row per token, concatenated)."""

    def __init__(self, sentences: list[Sentence], word_ids: dict[str, int], char_ids: dict[str, int], gazetteers=None):
        """``gazetteers``: one gazetteer per sentence (jackknifed for training data), or None."""
        cache: dict[str, tuple] = {}
        word, stem, extra, chars, tags = [], [], [], [], []
        tag_ids = {t: i for i, t in enumerate(TAGS)}
        for n, s in enumerate(sentences):
            for w, tag in zip(s.tokens, s.tags):
                e = cache.get(w)
                if e is None:
                    key = word_key(w)
                    st = stem_key(key)
                    row = [char_ids.get(c, UNK_CHAR_ID) for c in char_sequence(key)]
                    row += [PAD_CHAR_ID] * (MAX_WORD_CHARS - len(row))
                    e = cache[w] = (word_ids.get(key, UNK_WORD_ID), word_ids.get(st, UNK_WORD_ID), key, st, row)
                flags = [float(e[3] != e[2])]
                if gazetteers is not None:
                    flags += gaz.bits(gazetteers[n].get(e[2], 0)) + gaz.bits(gazetteers[n].get(e[3], 0))
                word.append(e[0])
                stem.append(e[1])
                extra.append(flags)
                chars.append(e[4])
                tags.append(tag_ids[tag])
        self.word, self.stem = np.array(word), np.array(stem)
        self.extra, self.chars, self.tags = np.array(extra, np.float32), np.array(chars), np.array(tags)
        self.offsets = np.cumsum([0] + [len(s.tokens) for s in sentences])

    def batch(self, indices: list[int], word_dropout: float, rng: np.random.Generator):
        """Padded torch tensors of the given sentences."""
        import torch

        lengths = [int(self.offsets[i + 1] - self.offsets[i]) for i in indices]
        t = max(lengths)
        pos = np.concatenate([np.arange(self.offsets[i], self.offsets[i] + t) for i in indices])
        valid = np.concatenate([np.arange(t) < n for n in lengths])
        pos = np.where(valid, np.minimum(pos, len(self.word) - 1), 0)
        word = np.where(valid, self.word[pos], UNK_WORD_ID)
        if word_dropout:
            # Hide some known words so the model learns to tag from stem and characters alone.
            word = np.where(rng.random(word.shape) < word_dropout, UNK_WORD_ID, word)
        shape = (len(indices), t)
        as_t = lambda a, dtype: torch.tensor(a.reshape(shape + a.shape[1:]), dtype=dtype)  # noqa: E731
        return (
            as_t(word, torch.long),
            as_t(np.where(valid, self.stem[pos], UNK_WORD_ID), torch.long),
            as_t(np.where(valid[:, None], self.extra[pos], 0.0), torch.float32),
            as_t(np.where(valid[:, None], self.chars[pos], PAD_CHAR_ID), torch.long),
            torch.tensor(lengths),
            as_t(np.where(valid, self.tags[pos], 0), torch.long),
            as_t(valid.astype(np.float32), torch.float32),
        )


# --- training loop ---------------------------------------------------------------------------


def train(args) -> dict:
    """Train, select the best epoch on dev, export it; returns a report dict."""
    import torch

    silver_path = None
    if args.cv_fold is not None and args.silver != "none":
        # The silver set's teachers were trained on blocks that a fold holds out.
        raise SystemExit("--cv-fold needs --silver none")
    if args.silver and args.silver != "none":
        # Before seeding: training missing teachers must not change this run's random state.
        silver_path = distill.ensure_silver(args, train, parse_args) if args.silver == "auto" else Path(args.silver)
    set_seed(args.seed)
    started = time.time()
    sentences = read_conll(args.anercorp)
    train_set, dev_set = split_dev(sentences)
    w2v_text = split_dev(sentences)[0]
    if args.full:
        train_set = sentences  # final refit on train+dev with a fixed epoch count
    if args.cv_fold is not None:
        # Cross-validation fold (akhbar.ner.crossval): "dev" is the held-out block. It is only
        # scored, never used to choose: the last epoch is kept (as with --full), and the word
        # vectors see SaudiNewsNet only, not the held-out block's text.
        train_set, dev_set = split_fold(sentences, args.cv_folds, args.cv_fold)
        w2v_text = []
    if args.vectors_from:
        vectors = vectors_of_artifact(Path(args.vectors_from))
    else:
        vectors = pretrain_embeddings(Path(args.saudinewsnet), w2v_text, Path(args.work_dir), args.dim, args.embedding_seed)
    words, emb_q, emb_scale = build_vocab(vectors, train_set, args.vocab_size, args.pca_dim)
    embeddings = emb_q.astype(np.float32) * emb_scale[:, None]
    chars = build_chars(train_set)
    word_ids = {w: i for i, w in enumerate(words)}
    char_ids = {c: i for i, c in enumerate(chars)}
    shipped_gazetteer = gaz.build(train_set) if args.gazetteer else None
    data = Encoded(train_set, word_ids, char_ids, gaz.jackknife(train_set) if args.gazetteer else None)
    if args.gazetteer and (args.mention_replace or args.punct_drop or silver_path):
        raise SystemExit("--gazetteer cannot be combined with --mention-replace/--punct-drop/--silver")
    tune_index = tuned_rows(train_set, word_ids, args.tune_min_count) if args.tune_min_count else None
    print(
        f"vocab {len(words)} tuned {0 if tune_index is None else int(tune_index.max())} chars {len(chars)} "
        f"train tokens {len(data.word)} ({time.time() - started:.0f}s)",
        flush=True,
    )

    model = build_model(
        embeddings, len(chars), args.hidden, args.char_dim, args.filters, 3, args.dropout, data.extra.shape[1], tune_index
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    # Multiplicative decay per epoch: late epochs take small steps, so dev F1 settles.
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=args.lr_decay)
    rng = np.random.default_rng(args.seed)
    # Separate generator for data variations: without them the batch order is unchanged.
    aug_rng = np.random.default_rng(args.seed + 1000)
    mentions = augment.mention_table(train_set)
    dev_nopunct = [augment.drop_punctuation(s) for s in dev_set]
    out = Path(args.out)
    best = {"f1": -1.0, "epoch": 0}
    history = []
    snapshots: list[dict] = []
    swa_state, swa_count = None, 0
    n_train = len(train_set)
    silver = read_conll(silver_path) if silver_path else []
    for epoch in range(1, args.epochs + 1):
        if args.mention_replace or args.punct_drop or silver:
            epoch_set = [
                augment.mention_replace(s, mentions, args.mention_replace, aug_rng) for s in train_set
            ]
            if silver:
                # Self-training / distillation: a fresh sample of teacher-tagged sentences each epoch.
                picks = aug_rng.choice(len(silver), size=min(args.silver_per_epoch, len(silver)), replace=False)
                epoch_set += [silver[i] for i in picks]
            epoch_set = [
                augment.drop_punctuation(s) if aug_rng.random() < args.punct_drop else s for s in epoch_set
            ]
            data = Encoded(epoch_set, word_ids, char_ids, None)
            n_train = len(epoch_set)
        model.train()
        order = rng.permutation(n_train)
        # Sort within pools of batches by length: little padding, still shuffled.
        pool = args.batch_size * 20
        order = np.concatenate([sorted(order[i : i + pool], key=lambda k: data.offsets[k + 1] - data.offsets[k]) for i in range(0, len(order), pool)])
        batches = [order[i : i + args.batch_size] for i in range(0, len(order), args.batch_size)]
        rng.shuffle(batches)
        total = 0.0
        for idx in batches:
            word, stem, extra, ch, lengths, tags, mask = data.batch(list(idx), args.word_dropout, rng)
            loss = model.nll(model.emissions(word, stem, extra, ch, lengths), tags, mask)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            total += loss.item() * len(idx)
        total *= len(train_set) / n_train  # loss per sentence, printed as before
        scheduler.step()
        model.eval()
        candidate = out.with_suffix(".candidate.npz")
        export(model, words, chars, candidate, shipped_gazetteer)
        raw_f1 = score([s.tags for s in dev_set], Tagger.load(candidate).tag([s.tokens for s in dev_set]))["f1"]
        entry = {"epoch": epoch, "loss": total / len(train_set), "raw_dev_f1": raw_f1}
        if args.swa_start and epoch >= args.swa_start:
            # Stochastic weight averaging: the running mean of the epoch-end weights since
            # --swa-start is what gets evaluated and shipped (free at inference).
            state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            averaged = copy.deepcopy(model)
            if args.swa_window:
                # Only the last K epochs are averaged.
                snapshots.append(state)
                del snapshots[: -args.swa_window]
                swa_state = {
                    k: torch.stack([snap[k] for snap in snapshots]).mean(dim=0) if v.is_floating_point() else v
                    for k, v in state.items()
                }
            elif swa_state is None:
                swa_state, swa_count = state, 1
            else:
                # Running mean of every epoch since --swa-start.
                swa_count += 1
                for k, v in state.items():
                    if v.is_floating_point():
                        swa_state[k] += (v - swa_state[k]) / swa_count
            averaged.load_state_dict(swa_state)
            export(averaged, words, chars, candidate, shipped_gazetteer)
        tagger = Tagger.load(candidate)
        dev_score = score([s.tags for s in dev_set], tagger.tag([s.tokens for s in dev_set]))
        nopunct_f1 = score([s.tags for s in dev_nopunct], tagger.tag([s.tokens for s in dev_nopunct]))["f1"]
        entry.update(dev_f1=dev_score["f1"], dev_f1_nopunct=nopunct_f1)
        history.append(entry)
        print(
            f"epoch {epoch} loss {total / len(train_set):.3f} raw F1 {raw_f1:.4f} | dev P {dev_score['precision']:.4f} "
            f"R {dev_score['recall']:.4f} F1 {dev_score['f1']:.4f} nopunct {nopunct_f1:.4f} ({time.time() - started:.0f}s)",
            flush=True,
        )
        if args.full or args.cv_fold is not None or dev_score["f1"] > best["f1"]:
            best = {"f1": dev_score["f1"], "epoch": epoch}
            os.replace(candidate, out)
        elif epoch - best["epoch"] >= args.patience:
            break
    out.with_suffix(".candidate.npz").unlink(missing_ok=True)
    gold = [s.tags for s in dev_set]
    predicted = Tagger.load(out).tag([s.tokens for s in dev_set])
    dev_nopunct = [augment.drop_punctuation(s) for s in dev_set]
    report = {
        "dev": score(gold, predicted),
        "dev_nopunct": score([s.tags for s in dev_nopunct], Tagger.load(out).tag([s.tokens for s in dev_nopunct])),
        "dev_f1_ci95": bootstrap_f1(gold, predicted),
        "best_epoch": best["epoch"],
        "train_seconds": round(time.time() - started, 1),
        "history": history,
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    out.with_name("train_report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return report


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="akhbar train-ner", description="Train the Arabic NER tagger.")
    p.add_argument("--anercorp", default=str(DEFAULT_ANERCORP), help="ANERcorp CoNLL training file")
    p.add_argument("--saudinewsnet", default=str(DEFAULT_SAUDINEWSNET), help="directory of SaudiNewsNet zips")
    p.add_argument("--out", default=str(DEFAULT_OUT), help="where to write the .npz artifact")
    p.add_argument("--work-dir", default="/tmp/akhbar-ner", help="cache for the word2vec vectors")
    p.add_argument("--dim", type=int, default=100, help="word2vec dimensions")
    p.add_argument("--vocab-size", type=int, default=40_000, help="most frequent corpus words shipped")
    p.add_argument("--pca-dim", type=int, default=0, help="project word vectors to this many dimensions (0: keep)")
    p.add_argument("--hidden", type=int, default=64, help="LSTM units per direction")
    p.add_argument("--char-dim", type=int, default=24)
    p.add_argument("--filters", type=int, default=64)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--word-dropout", type=float, default=0.05)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--lr-decay", type=float, default=1.0, help="learning-rate factor per epoch")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--epochs", type=int, default=25)
    p.add_argument("--patience", type=int, default=6, help="stop after this many epochs without dev gain")
    p.add_argument(
        "--gazetteer", action=argparse.BooleanOptionalAction, default=False, help="jackknifed gazetteer features"
    )
    p.add_argument("--tune-min-count", type=int, default=0, help="fine-tune vectors of words seen this often (0: frozen)")
    p.add_argument("--swa-start", type=int, default=0, help="average the weights of every epoch from this one on (0: off)")
    p.add_argument("--swa-window", type=int, default=0, help="average only the last this many epochs (0: all since --swa-start)")
    p.add_argument("--mention-replace", type=float, default=0.0, help="probability of swapping each training entity for another of its type, per epoch")
    p.add_argument("--punct-drop", type=float, default=0.0, help="fraction of training sentences shown without punctuation, per epoch")
    p.add_argument(
        "--silver",
        default="auto",
        help="teacher-tagged sentences mixed into training (distillation): a CoNLL file, 'auto' (train the "
        "teachers of akhbar.ner.distill and tag SaudiNewsNet with their ensemble, cached in --work-dir) or 'none'",
    )
    p.add_argument("--silver-per-epoch", type=int, default=5000, help="silver sentences mixed into each epoch")
    p.add_argument("--full", action="store_true", help="train on train+dev for exactly --epochs epochs")
    p.add_argument("--cv-folds", type=int, default=5, help="number of contiguous cross-validation blocks (with --cv-fold)")
    p.add_argument(
        "--cv-fold",
        type=int,
        default=None,
        help="train on every block but this one (0-based) for exactly --epochs epochs and score it "
        "(no model selection on it; word vectors from SaudiNewsNet only)",
    )
    p.add_argument(
        "--vectors-from",
        default=None,
        help="take the word vectors from this tagger .npz instead of training word2vec (cross-validation on a busy machine)",
    )
    p.add_argument("--seed", type=int, default=14, help="seed of the tagger training (teachers set their own)")
    p.add_argument("--embedding-seed", type=int, default=13, help="seed of word2vec pre-training")
    return p.parse_args(argv)


def main(argv=None) -> int:
    """CLI entry point (``akhbar train-ner``): train and print the dev report as JSON."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    report = train(parse_args(argv))
    print(json.dumps({k: report[k] for k in ("dev", "dev_f1_ci95", "best_epoch", "train_seconds")}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

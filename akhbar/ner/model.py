"""Numpy inference for the BiLSTM-CRF tagger.

Architecture (trained by :mod:`akhbar.ner.train`, weights in one compressed ``.npz``):

* per word type: the word2vec vector of the word key and of its clitic-stripped stem
  (pre-trained on SaudiNewsNet, fine-tuned for frequent training words, int8-quantized), a
  character CNN with max pooling, an out-of-vocabulary flag, a clitic flag and, optionally,
  gazetteer bits (entity types the key and the stem had in the training data);
* per token: a one-layer bidirectional LSTM over the sentence, a linear layer to tag scores and
  Viterbi decoding under a linear-chain CRF whose illegal IOB2 transitions are forbidden.

Everything that depends on one word only (normalization, lookups, character CNN and the LSTM input
projection) is computed once per distinct word of a batch, so the per-token work is one gather,
the recurrence (batched over sentences of near-equal length, both directions in one matmul per
step) and the decoding.
"""

from __future__ import annotations

import struct
from array import array
from itertools import chain
from pathlib import Path

import numpy as np

from akhbar.ner.conll import TAGS
from akhbar.ner.features import MAX_WORD_CHARS, PAD_CHAR_ID, UNK_CHAR_ID, char_sequence, stem_key, word_key
from akhbar.ner.gazetteer import bits

UNK_WORD_ID = 0
# Score added to transitions IOB2 forbids (I-X not after B-X/I-X); large enough to never win.
FORBIDDEN = -1.0e4
# Padded tokens per recurrence batch: big enough to amortize numpy's per-call overhead over many
# sentences per step, small enough to keep the per-step arrays in cache.
TOKEN_BUDGET = 8192
# Tokens tagged per chunk: per-word-type arrays (features, input projections) live for one chunk.
CHUNK_TOKENS = 200_000
# Word types whose input features exist at once while a chunk's LSTM input projections are built.
TYPE_BLOCK = 1024
# Distinct words whose look-ups are cached, per generation (two are kept), which bounds a transform
# worker's memory. When the current generation fills up it becomes the previous one and the words
# still in use move forward, so frequent words stay cached: dropping the whole cache instead missed
# nearly every word once a tagging call held more distinct words than the cache (the simulated
# miss rates: docs/PERFORMANCE.md).
WORD_CACHE_LIMIT = 49_152
# Words per character-CNN block.
CHAR_BLOCK = 256
# The two vocabulary ids at the head of a cached word's entry.
_IDS = struct.Struct("<2i")




_PAD_BYTE = bytes([PAD_CHAR_ID])


class _CharIds(dict):
    """Character -> its id as a one-character string, for ``str.translate``; unknown characters
    translate to the unknown id."""

    def __missing__(self, key: int) -> str:
        return chr(UNK_CHAR_ID)


def allowed_transitions(tags=TAGS) -> tuple[np.ndarray, np.ndarray]:
    """Masks of legal IOB2 moves: ``(from, to)`` pairs and the first tag of a sentence."""
    n = len(tags)
    pairs = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for j, to in enumerate(tags):
        if to.startswith("I-"):
            start[j] = False
            for i, frm in enumerate(tags):
                pairs[i, j] = frm[2:] == to[2:] and frm != "O"
    return pairs, start



class Tagger:
    """A loaded tagger; :meth:`tag` maps token lists to IOB2 tag lists."""

    def __init__(self, weights: dict[str, np.ndarray]):
        f32 = lambda name: np.asarray(weights[name], dtype=np.float32)  # noqa: E731
        words = bytes(weights["vocab"]).decode("utf-8").split("\n")
        self.word_ids = {w: i for i, w in enumerate(words)}
        # Word vectors stay int8 with a scale per word (4x smaller in every worker) and are
        # dequantized per looked-up row, with the same float32 product as a whole-table one.
        self.emb_q = np.asarray(weights["emb_q"], dtype=np.int8)
        self.emb_scale = f32("emb_scale")
        chars = bytes(weights["chars"]).decode("utf-8")
        self.char_ids = {c: i for i, c in enumerate(chars)}
        self.char_emb = f32("char_emb")  # (n_chars, c_dim), row 0 is padding (zeros)
        conv_w = f32("conv_w")  # (filters, c_dim, width)
        # Convolution as lookups: the contribution of character c at window offset k is
        # char_emb[c] @ conv_w[:, :, k].T, precomputed for every character (the padding row is 0).
        self.char_conv = np.stack([self.char_emb @ conv_w[:, :, k].T for k in range(conv_w.shape[2])])
        self.conv_b = f32("conv_b")
        # Gates i f g o. sigmoid(x) = 0.5 * tanh(x / 2) + 0.5: the i, f and o rows are halved
        # here once, so the recurrence calls tanh on all gates at once (halving is exact in
        # binary floating point: the scores are bit for bit those of the unscaled weights).
        half = np.ones(f32("b").shape[1], dtype=np.float32)
        hidden = half.shape[0] // 4
        half[: 2 * hidden] = 0.5
        half[3 * hidden :] = 0.5
        self.w_ih = f32("w_ih") * half[None, :, None]  # (2, 4H, D): forward and backward input weights
        self.w_hh = (f32("w_hh") * half[None, :, None]).transpose(0, 2, 1).copy()  # (2, H, 4H), ready for h @ w
        self.b = f32("b") * half  # (2, 4H)
        self.out_w = f32("out_w")  # (n_tags, 2H)
        self.out_b = f32("out_b")
        pairs, start = allowed_transitions()
        self.trans = np.where(pairs, f32("trans"), FORBIDDEN).astype(np.float32)
        self.trans_to_from = self.trans.T.copy()  # Viterbi reduces over the last axis (contiguous)
        self.start = np.where(start, f32("start"), FORBIDDEN).astype(np.float32)
        self.end = f32("end")
        self.hidden = self.w_hh.shape[1]
        # Optional gazetteer of training entities: key -> bit mask of types.
        self.gazetteer: dict[str, int] | None = None
        if "gaz_keys" in weights:
            keys = bytes(weights["gaz_keys"]).decode("utf-8").split("\n")
            self.gazetteer = dict(zip(keys, weights["gaz_mask"].tolist()))
        self._flag_count = 2 + (2 * len(bits(0)) if self.gazetteer is not None else 0)
        # One bytes object per cached word (ids, flags, characters): a third of the memory of a
        # tuple of ids and byte strings, and a call's entries join into one structured array.
        self._entry_type = np.dtype(
            [("word", "<i4"), ("stem", "<i4"), ("flags", "<f4", (self._flag_count,)), ("chars", "u1", (MAX_WORD_CHARS,))]
        )
        self._char_table = _CharIds({ord(c): chr(i) for c, i in self.char_ids.items()})
        self._flag_bytes = {(unk, clitic): array("f", [float(unk), float(clitic)]).tobytes() for unk in (False, True) for clitic in (False, True)}
        masks = range(1 << len(bits(0)))
        self._mask_bytes = [array("f", bits(mask)).tobytes() for mask in masks]
        if self.gazetteer is not None and not set(self.gazetteer.values()) <= set(masks):
            raise ValueError("the tagger's gazetteer masks must be entity-type bits")
        self._word_cache: dict[str, bytes] = {}
        self._previous_words: dict[str, bytes] = {}
        if len(self.char_ids) > 256:
            raise ValueError("the tagger's character ids must fit in one byte")

    @classmethod
    def load(cls, path: str | Path) -> "Tagger":
        """Load a tagger from an ``.npz`` written by :func:`akhbar.ner.train.export`."""
        with np.load(path, allow_pickle=False) as data:
            return cls({k: data[k] for k in data.files})

    # --- per word type ----------------------------------------------------------------------

    def _word_entry(self, token: str) -> bytes:
        """The word's cache entry, packed as ``self._entry_type``: vocabulary ids of the word and
        its stem, its flags (incl. gazetteer bits) and its padded character ids, one byte each."""
        entry = self._word_cache.get(token)
        if entry is not None:
            return entry
        entry = self._previous_words.get(token)
        if entry is None:
            key = word_key(token)
            stem = stem_key(key)
            word_id = self.word_ids.get(key, UNK_WORD_ID)
            # The flags' float32 bytes come from tables (the same bytes as packing each flag);
            # the characters become their one-byte ids in one translation.
            parts = [
                _IDS.pack(word_id, self.word_ids.get(stem, UNK_WORD_ID)),
                self._flag_bytes[word_id == UNK_WORD_ID, stem != key],
            ]
            if self.gazetteer is not None:
                parts += (self._mask_bytes[self.gazetteer.get(key, 0)], self._mask_bytes[self.gazetteer.get(stem, 0)])
            parts.append(char_sequence(key).translate(self._char_table).encode("latin-1").ljust(MAX_WORD_CHARS, _PAD_BYTE))
            entry = b"".join(parts)
        # Bounded: a pipeline run over millions of words must not grow memory without limit.
        if len(self._word_cache) >= WORD_CACHE_LIMIT:
            self._previous_words, self._word_cache = self._word_cache, {}
        self._word_cache[token] = entry
        return entry

    def clear_word_cache(self) -> None:
        """Forget every cached word (to time the tagger cold)."""
        self._word_cache, self._previous_words = {}, {}

    def word_features(self, types: list[str]) -> np.ndarray:
        """Input vector of each word type: word vector, stem vector, char CNN, flags."""
        entries = list(map(self._word_cache.get, types))
        if None in entries:
            entries = [e if e is not None else self._word_entry(t) for t, e in zip(types, entries)]
        packed = np.frombuffer(b"".join(entries), dtype=self._entry_type)
        return np.concatenate(
            [
                self._vectors(packed["word"]),
                self._vectors(packed["stem"]),
                self._char_cnn(packed["chars"].astype(np.int64)),
                packed["flags"],
            ],
            axis=1,
        )

    def _vectors(self, ids: np.ndarray) -> np.ndarray:
        """Word vectors of vocabulary ids (rows of the int8 table times their scale)."""
        return self.emb_q[ids].astype(np.float32) * self.emb_scale[ids][:, None]

    def _char_cnn(self, char_ids: np.ndarray) -> np.ndarray:
        """Same-padded 1-D convolution over character embeddings, ReLU, max over positions."""
        width, length = self.char_conv.shape[0], char_ids.shape[1]
        pad = width // 2
        ids = np.pad(char_ids, ((0, 0), (pad, pad)), constant_values=PAD_CHAR_ID)
        out = np.empty((len(ids), self.conv_b.shape[0]), dtype=np.float32)
        # Blocks of words keep the (words, positions, filters) intermediate in cache.
        for lo in range(0, len(ids), CHAR_BLOCK):
            block = ids[lo : lo + CHAR_BLOCK]
            conv = self.char_conv[0][block[:, :length]]
            for k in range(1, width):
                conv += self.char_conv[k][block[:, k : k + length]]
            # The max over positions as one maximum per position: the same values as
            # conv.max(axis=1) without numpy's reduction over a middle axis (docs/PERFORMANCE.md).
            best = out[lo : lo + CHAR_BLOCK]
            best[:] = conv[:, 0]
            for position in range(1, length):
                np.maximum(best, conv[:, position], out=best)
        out += self.conv_b
        return np.maximum(out, 0.0, out=out)

    # --- per token --------------------------------------------------------------------------

    def _prepare(self, sentences: list[list[str]]):
        """Per word type LSTM input projections ([fwd, bwd], each types x 4H), token -> type ids, offsets."""
        tokens = list(chain.from_iterable(sentences))
        types = list(dict.fromkeys(tokens))  # distinct, in order of first occurrence
        index = dict(zip(types, range(len(types))))
        token_type = np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        # x @ W_ih + b depends on the word only: compute it once per distinct word and direction,
        # in place. Features are built a block of words at a time: for all of a call's words at
        # once they would be half again the size of the projections.
        gates_in = np.empty((2, len(types), self.b.shape[1]), dtype=np.float32)
        for lo in range(0, len(types), TYPE_BLOCK):
            features = self.word_features(types[lo : lo + TYPE_BLOCK])
            for k in range(2):
                block = gates_in[k, lo : lo + TYPE_BLOCK]
                np.matmul(features, self.w_ih[k].T, out=block)
                block += self.b[k]
        offsets = np.cumsum([0] + [len(s) for s in sentences])
        return gates_in, token_type, offsets

    def _batches(self, sentences: list[list[str]]) -> list[list[int]]:
        """Sentence indices grouped by near-equal length, at most TOKEN_BUDGET padded tokens each.

        The recurrence runs as many steps as the longest sentence of a batch, so sorting by length
        keeps padding (wasted work) small; short sentences go in large batches, long ones in small.
        """
        order = sorted((i for i in range(len(sentences)) if sentences[i]), key=lambda i: len(sentences[i]))
        batches, current = [], []
        for i in order:
            if current and (len(current) + 1) * len(sentences[i]) > TOKEN_BUDGET:
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches

    def _batch_scores(self, lengths: np.ndarray, starts: np.ndarray, token_type, gates_in) -> np.ndarray:
        """Padded tag scores (n, T, tags) of one batch of sentences."""
        steps, n, h = int(lengths.max()), len(lengths), self.hidden
        pos = np.arange(steps)
        valid = pos[None, :] < lengths[:, None]  # (n, T)
        # Forward reads positions 0..len-1, backward reads len-1..0; padding sits at the end of
        # both, so no state masking is needed (outputs on padding are dropped).
        rev = np.where(valid, lengths[:, None] - 1 - pos, 0)
        fwd_idx = np.where(valid, starts[:, None] + pos, 0)
        # Word type read at each step, per direction: the step's gate inputs are gathered into
        # one (2, n, 4H) buffer instead of a (2, T, n, 4H) array for the whole batch.
        # Both directions' rows in one gather: the backward rows sit after the forward ones in
        # gates_in seen as (2 * types, 4H), and g seen as (2n, 4H) holds forward rows, then backward.
        step_rows = np.concatenate([token_type[fwd_idx.T], token_type[(starts[:, None] + rev).T] + gates_in.shape[1]], axis=1)
        rows_in = gates_in.reshape(-1, gates_in.shape[2])
        g = np.empty((2, n, 4 * h), dtype=np.float32)
        g_rows = g.reshape(2 * n, 4 * h)
        hs = np.zeros((2, n, h), dtype=np.float32)
        cs = np.zeros((2, n, h), dtype=np.float32)
        recurrent = np.empty((2, n, 4 * h), dtype=np.float32)
        tanh_c = np.empty((2, n, h), dtype=np.float32)
        outputs = np.empty((steps, 2, n, h), dtype=np.float32)
        # The gates' views, made once: every step runs the same ufuncs on the same buffers.
        i_f, i_gate, f_gate, cand, o_gate = g[..., : 2 * h], g[..., :h], g[..., h : 2 * h], g[..., 2 * h : 3 * h], g[..., 3 * h :]
        # The row gather as the array's own method, in 'clip' mode: numpy's default mode buffers
        # the output to check the indices first, and these are rows of gates_in by construction.
        w_hh, take, matmul, tanh, multiply = self.w_hh, rows_in.take, np.matmul, np.tanh, np.multiply
        for t in range(steps):
            # In place, no temporaries: i, f and o become sigmoids (their weights are halved,
            # see __init__), the candidate g becomes tanh(g).
            take(step_rows[t], 0, g_rows, "clip")
            g += matmul(hs, w_hh, out=recurrent)
            tanh(g, out=g)
            i_f *= 0.5
            i_f += 0.5
            o_gate *= 0.5
            o_gate += 0.5
            cs *= f_gate
            i_gate *= cand
            cs += i_gate
            hs = outputs[t]
            tanh(cs, out=tanh_c)
            multiply(o_gate, tanh_c, out=hs)
        fwd = outputs[:, 0].transpose(1, 0, 2)  # (n, T, H)
        # Put backward outputs back in reading order before concatenating.
        bwd = outputs[:, 1].transpose(1, 0, 2)[np.arange(n)[:, None], rev]
        return fwd @ self.out_w[:, :h].T + bwd @ self.out_w[:, h:].T + self.out_b

    def emissions(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Tag scores (length x n_tags) of each sentence, before CRF decoding."""
        out = [np.zeros((0, len(TAGS)), dtype=np.float32) for _ in sentences]
        for lo, hi in _chunks(sentences):
            chunk = sentences[lo:hi]
            gates_in, token_type, offsets = self._prepare(chunk)
            for batch in self._batches(chunk):
                lengths = np.array([len(chunk[i]) for i in batch])
                scores = self._batch_scores(lengths, offsets[batch], token_type, gates_in)
                for k, i in enumerate(batch):
                    out[lo + i] = scores[k, : lengths[k]]
        return out

    def decode(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Batched Viterbi over padded scores (n, T, tags); returns best tag ids (n, T)."""
        n, steps, n_tags = scores.shape
        best = scores[:, 0] + self.start
        # Back pointers are tag ids (9): one byte each keeps the (steps, n, tags) table small.
        back = np.empty((steps, n, n_tags), dtype=np.int8)
        stay = np.arange(n_tags, dtype=np.int8)
        back[0] = stay
        # Where each (sentence, to) row of a step's candidates starts in their flat array.
        row_starts = np.arange(n * n_tags) * n_tags
        for t in range(1, steps):
            cand = best[:, None, :] + self.trans_to_from  # (n, to, from)
            arg = cand.argmax(axis=2)
            # The best score itself, read where argmax points: the same value as cand.max(axis=2),
            # without a second reduction over an axis of 9 tags (docs/PERFORMANCE.md).
            new = cand.reshape(-1).take(arg.reshape(-1) + row_starts).reshape(n, n_tags)
            new += scores[:, t]
            live = (t < lengths)[:, None]
            # Finished sentences keep their score and point back to themselves.
            best = np.where(live, new, best)
            back[t] = np.where(live, arg, stay)
        last = (best + self.end).argmax(axis=1)
        path = np.empty((n, steps), dtype=np.int64)
        path[:, steps - 1] = last
        rows = np.arange(n)
        for t in range(steps - 1, 0, -1):
            last = back[t, rows, last]
            path[:, t - 1] = last
        return path

    def _paths(self, sentences: list[list[str]]):
        """(sentence index, best tag ids as a list) of every non-empty sentence, batched."""
        for lo, hi in _chunks(sentences):
            chunk = sentences[lo:hi]
            gates_in, token_type, offsets = self._prepare(chunk)
            for batch in self._batches(chunk):
                lengths = np.array([len(chunk[i]) for i in batch])
                paths = self.decode(self._batch_scores(lengths, offsets[batch], token_type, gates_in), lengths)
                # Most sentences name nothing: rows of only O (id 0) are told apart in one pass.
                tagged = (paths != 0).any(axis=1)
                for k, i in enumerate(batch):
                    yield lo + i, paths[k, : lengths[k]].tolist() if tagged[k] else None

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 tags (types PERS, LOC, ORG, MISC) for each tokenized sentence, batched."""
        result: list[list[str]] = [[] for _ in sentences]
        for i, path in self._paths(sentences):
            result[i] = [TAGS[j] for j in path] if path is not None else [TAGS[0]] * len(sentences[i])
        return result

    def tag_spans(self, sentences: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        """Entity spans ``(first_token, end_token_exclusive, type)`` of each sentence in token
        order: what :meth:`tag` finds, read as :func:`akhbar.ner.metrics.spans` reads tags."""
        result: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
        for i, path in self._paths(sentences):
            if path is not None:
                result[i] = _id_spans(path)
        return result


def _chunks(sentences: list[list[str]]):
    """[lo, hi) ranges of consecutive sentences with about CHUNK_TOKENS tokens each (empty
    sentences are skipped by the batching); bounds the memory of per-type arrays on huge inputs."""
    lo, size = 0, 0
    for i, s in enumerate(sentences):
        size += len(s)
        if size >= CHUNK_TOKENS:
            yield lo, i + 1
            lo, size = i + 1, 0
    if size:
        yield lo, len(sentences)


# Per tag id: (is an I- tag, type; None for O).
_TAG_PARTS = tuple((tag.startswith("I-"), tag[2:] if tag != TAGS[0] else None) for tag in TAGS)


def _id_spans(path: list[int]) -> list[tuple[int, int, str]]:
    """``sorted(spans([TAGS[j] for j in path]))`` read straight from tag ids: an I- tag that does
    not continue an entity of its type opens one, as ``akhbar.ner.metrics.spans`` reads it."""
    out = []
    start, kind = 0, None
    for i, j in enumerate(path):
        inside, tag_kind = _TAG_PARTS[j]
        if kind is not None and (tag_kind != kind or not inside):
            out.append((start, i, kind))
            kind = None
        if tag_kind is not None and kind is None:
            start, kind = i, tag_kind
    if kind is not None:
        out.append((start, len(path), kind))
    return out

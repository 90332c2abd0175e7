"""Reading text from image crops with RapidOCR's PP-OCRv4 models, with per-character confidence.

RapidOCR's own pipeline reports one mean score per text line, which hides a single doubtful
digit inside an otherwise clear number. This module runs the recognition model itself and
decodes its CTC output here, so that every character carries its own probability and a
reading's confidence is its weakest character. A line that holds only digits and number
punctuation is decoded over digit classes (0 with its look-alikes o, O, 。 …), and each
digit's confidence is its class's share of the frame's non-blank probability: how sure the
model is of this digit against the others. Short crops are read several to a strip
(`recognise_strips`), each from the frames over it. Callers check a number's digit count
against its glyphs (`digit_glyph_count`).

The engine is created once per process (model loading takes about a second) with a small,
configurable number of onnxruntime threads: the transform runs documents in a process pool,
where each worker should use one core.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

# Threads per onnxruntime session; the Parquet pipeline's process pool sets 1.
THREADS_ENV = "GKNB_OCR_THREADS"

# In a number cell, glyphs the model confuses with a digit are that digit: a lone 0 printed
# in a table reads as 0, o, O, 。 or ○ with the probability split between them, so each
# class's probabilities are added up before deciding and before judging confidence.
NUMERIC_CLASSES: dict[str, str] = {
    "0": "0０oOＯ。○〇°ОоΟο",
    "1": "1１lI|丨",
    **{str(d): f"{d}{chr(0xFF10 + d)}" for d in range(2, 10)},
    ".": ".．·",
    ",": ",，",
    "-": "-－",
}
NUMBER = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
# A numeric reading that breaks the printed-number rules is kept but never trusted.
MALFORMED_NUMBER_CONFIDENCE = 0.5
REC_BATCH = 8


@dataclass(frozen=True)
class Reading:
    text: str
    confidence: float  # the weakest character's (see the module doc); 1.0 for no text


def default_threads() -> int:
    raw = os.environ.get(THREADS_ENV, "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return 1


@lru_cache(maxsize=4)
def engine(threads: int) -> TextEngine:
    return TextEngine(threads)


class TextEngine:
    """RapidOCR's detection and recognition sessions, decoded here."""

    def __init__(self, threads: int) -> None:
        # Imported here so that a missing engine only fails OCR, not every format.
        from rapidocr_onnxruntime import RapidOCR

        ocr = RapidOCR(
            intra_op_num_threads=threads,
            inter_op_num_threads=1,
            use_cls=False,
        )
        self._det = ocr.text_det
        self._rec = ocr.text_rec
        self._alphabet: list[str] = ocr.text_rec.postprocess_op.character
        index = {ch: i for i, ch in enumerate(self._alphabet) if i > 0}
        self._numeric_symbols: list[str | None] = ["", *NUMERIC_CLASSES, None]
        self._numeric_members = [
            np.array([index[ch] for ch in members if ch in index], dtype=np.int64)
            for members in NUMERIC_CLASSES.values()
        ]

    def detect(self, image: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Axis-aligned boxes (x0, y0, x1, y1) of text lines in a BGR image."""
        boxes, _ = self._det(image)
        if boxes is None or len(boxes) == 0:
            return []
        out = []
        for quad in boxes:
            xs, ys = quad[:, 0], quad[:, 1]
            out.append((int(xs.min()), int(ys.min()), int(np.ceil(xs.max())), int(ys.max())))
        return out

    def recognise(self, crops: list[np.ndarray], numeric_hint: bool = True) -> list[Reading]:
        """Read one line of text from each BGR crop."""
        return [self._decode(probs, numeric_hint) for probs, _ in self._frame_probabilities(crops)]

    def recognise_strips(
        self, groups: list[list[np.ndarray]], numeric_hint: bool = True
    ) -> list[list[Reading]]:
        """Read short one-line greyscale crops laid side by side, one strip per group: one
        reading per crop, from the model's frames over that crop.

        A lone digit is a poor line: the model splits its belief between 0, o and 。, and each
        crop costs a whole 320-pixel input. Set in a row at their printed size, as the
        numbers of a table row are printed, they read surely and at a fraction of the cost.
        """
        strips = [_strip(grays) for grays in groups]
        frames = self._frame_probabilities(
            [cv2.cvtColor(strip, cv2.COLOR_GRAY2BGR) for strip, _ in strips]
        )
        readings = []
        for (_, spans), (probs, x_per_frame) in zip(strips, frames, strict=True):
            centres = (np.arange(probs.shape[0]) + 0.5) * x_per_frame
            readings.append(
                [
                    self._decode(probs[(centres >= left) & (centres < right)], numeric_hint)
                    for left, right in spans
                ]
            )
        return readings

    def _frame_probabilities(self, crops: list[np.ndarray]) -> list[tuple[np.ndarray, float]]:
        """The model's per-frame character probabilities for each BGR crop, with the width
        of the crop (in its own pixels) that one frame covers."""
        results: list[tuple[np.ndarray, float]] = [(np.zeros((0, 1)), 1.0)] * len(crops)
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
        _, height, width = self._rec.rec_image_shape
        for start in range(0, len(order), REC_BATCH):
            batch = order[start : start + REC_BATCH]
            # Never narrower than the model's own input width (320 × 48): narrower batches
            # are cheaper, but a lone digit in one is often read as nothing at all.
            max_ratio = max(width / height, *(crops[i].shape[1] / crops[i].shape[0] for i in batch))
            tensor = np.stack(
                [self._rec.resize_norm_img(crops[i], max_ratio) for i in batch]
            ).astype(np.float32)
            probs = self._rec.session(tensor)[0]
            input_width = tensor.shape[3]
            for i, frame_probs in zip(batch, probs, strict=True):
                h, w = crops[i].shape[:2]
                resized = min(input_width, int(np.ceil(height * w / h)))
                x_per_frame = input_width / frame_probs.shape[0] * (w / resized)
                results[i] = (frame_probs, x_per_frame)
        return results

    def _decode(self, probs: np.ndarray, numeric_hint: bool) -> Reading:
        if numeric_hint:
            number = self._decode_number(probs)
            if number is not None:
                return number
        text, char_probs = _ctc_decode(probs, self._alphabet)
        return Reading(text.strip(), min(char_probs, default=1.0))

    def _decode_number(self, probs: np.ndarray) -> Reading | None:
        """Decode over the numeric classes plus one 'anything else' class; None when the line
        holds anything but digits and number punctuation.

        A character's confidence is its class's share of the non-blank probability at its
        best frame: how sure the model is that this glyph is this digit and nothing else.
        """
        classes = np.stack([probs[:, m].sum(axis=1) for m in self._numeric_members], axis=1)
        blank = probs[:, :1]
        other = np.clip(1.0 - blank - classes.sum(axis=1, keepdims=True), 0.0, 1.0)
        merged = np.concatenate([blank, classes, other], axis=1)
        non_blank = np.maximum(1.0 - merged[:, 0], 1e-6)
        chars: list[str] = []
        confidences: list[float] = []
        previous = 0
        for frame, k in enumerate(merged.argmax(axis=1)):
            k = int(k)
            symbol = self._numeric_symbols[k]
            if symbol is None:
                return None
            share = float(merged[frame, k] / non_blank[frame])
            if k != 0 and k == previous:
                confidences[-1] = max(confidences[-1], share)
            elif k != 0:
                chars.append(symbol)
                confidences.append(share)
            previous = k
        text = "".join(chars)
        if not any(ch.isdigit() for ch in text):
            return None
        confidence = min(confidences)
        if not NUMBER.fullmatch(text):
            confidence = min(confidence, MALFORMED_NUMBER_CONFIDENCE)
        return Reading(text, confidence)


def _ctc_decode(probs: np.ndarray, alphabet: list[str]) -> tuple[str, list[float]]:
    """Greedy CTC decoding (index 0 is the blank); each character's probability is that of
    its best frame."""
    chars: list[str] = []
    char_probs: list[float] = []
    previous = 0
    for frame, index in enumerate(probs.argmax(axis=1)):
        index = int(index)
        p = float(probs[frame, index])
        if index != 0 and index == previous:
            char_probs[-1] = max(char_probs[-1], p)
        elif index != 0:
            chars.append(alphabet[index])
            char_probs.append(p)
        previous = index
    return "".join(chars), char_probs


def _strip(grays: list[np.ndarray]) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """The crops bottom-aligned on one white line, a character's width apart, and the x range
    that belongs to each (its own pixels and half of each gap beside it)."""
    height = max(g.shape[0] for g in grays)
    gap = height
    margin = max(2, round(0.25 * height))
    width = gap + sum(g.shape[1] + gap for g in grays)
    strip = np.full((height + 2 * margin, width), 255, dtype=np.uint8)
    spans: list[tuple[float, float]] = []
    x = gap
    for g in grays:
        h, w = g.shape
        strip[margin + height - h : margin + height, x : x + w] = g
        spans.append((x - gap / 2, x + w + gap / 2))
        x += w + gap
    return strip, spans


def digit_glyph_count(ink: np.ndarray) -> int:
    """Number of glyphs in a one-line crop of printed digits: ink components that stand tall
    (a decimal point or comma is small), with components overlapping in x counted once."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return 0
    tallest = int(stats[1:, cv2.CC_STAT_HEIGHT].max())
    spans = sorted(
        (
            int(stats[i, cv2.CC_STAT_LEFT]),
            int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]),
        )
        for i in range(1, n)
        if stats[i, cv2.CC_STAT_HEIGHT] >= 0.6 * tallest
    )
    count, right = 0, -1
    for left, end in spans:
        if left >= right:
            count += 1
            right = end
        else:
            right = max(right, end)
    return count

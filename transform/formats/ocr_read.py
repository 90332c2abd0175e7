"""Reading text from image crops with RapidOCR's PP-OCRv4 models, with per-character confidence.

RapidOCR's own pipeline reports one mean score per text line, which hides a single doubtful
digit inside an otherwise clear number. This module runs the recognition model itself and
decodes its CTC output here, so that every character carries its own probability and a
reading's confidence is its weakest character. Cells that read as numbers are decoded a
second time with the alphabet restricted to digits (an 'O' the model preferred becomes a '0'
whose low probability then marks the cell uncertain), and their digit count is checked
against the ink's connected components.

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

NUMERIC_CHARS = "0123456789.,-"
# Characters the model sometimes emits for digits in table cells.
DIGIT_LOOKALIKES = set("OoDQlI|iSsBZzg")
DASHES = set("/-—–－")
NUMBER = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
# A numeric reading that breaks the printed-number rules is kept but never trusted.
MALFORMED_NUMBER_CONFIDENCE = 0.5
REC_BATCH = 8


@dataclass(frozen=True)
class Reading:
    text: str
    confidence: float  # the weakest character's probability; 1.0 for no text


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
        self._numeric_ids = np.array(
            [0] + [i for i, ch in enumerate(self._alphabet) if ch in NUMERIC_CHARS], dtype=np.int64
        )

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
        results: list[Reading] = [Reading("", 1.0)] * len(crops)
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
        _, height, width = self._rec.rec_image_shape
        for start in range(0, len(order), REC_BATCH):
            batch = order[start : start + REC_BATCH]
            max_ratio = max(width / height, *(crops[i].shape[1] / crops[i].shape[0] for i in batch))
            tensor = np.stack(
                [self._rec.resize_norm_img(crops[i], max_ratio) for i in batch]
            ).astype(np.float32)
            probs = self._rec.session(tensor)[0]
            for i, frame_probs in zip(batch, probs, strict=True):
                results[i] = self._decode(frame_probs, numeric_hint)
        return results

    def _decode(self, probs: np.ndarray, numeric_hint: bool) -> Reading:
        text, char_probs = _ctc_decode(probs, np.arange(probs.shape[1]), self._alphabet)
        stripped = text.strip()
        if numeric_hint and _looks_numeric(stripped):
            text, char_probs = _ctc_decode(probs, self._numeric_ids, self._alphabet)
            stripped = text.strip()
            confidence = min(char_probs, default=0.0)
            if not NUMBER.fullmatch(stripped):
                confidence = min(confidence, MALFORMED_NUMBER_CONFIDENCE)
            return Reading(stripped, confidence)
        return Reading(stripped, min(char_probs, default=1.0))


def _looks_numeric(text: str) -> bool:
    if not text or all(ch in DASHES for ch in text):
        return False
    allowed = set(NUMERIC_CHARS) | DIGIT_LOOKALIKES
    return all(ch in allowed for ch in text) and (
        any(ch.isdigit() for ch in text) or len(text) <= 2
    )


def _ctc_decode(
    probs: np.ndarray, allowed: np.ndarray, alphabet: list[str]
) -> tuple[str, list[float]]:
    """Greedy CTC decoding over the `allowed` alphabet indices (index 0 is the blank).

    Each emitted character's probability is its best frame's probability under the full
    alphabet: restricting the alphabet picks a digit but does not make the model surer of it.
    """
    best = allowed[probs[:, allowed].argmax(axis=1)]
    chars: list[str] = []
    char_probs: list[float] = []
    previous = 0
    for frame, index in enumerate(best):
        index = int(index)
        p = float(probs[frame, index])
        if index != 0 and index == previous:
            char_probs[-1] = max(char_probs[-1], p)
        elif index != 0:
            chars.append(alphabet[index])
            char_probs.append(p)
        previous = index
    return "".join(chars), char_probs


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

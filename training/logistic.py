"""Logistic regression by Newton's method (numpy only), for the training scripts.

The models Parallax ships are linear: their coefficients are small JSON
files under ``resources/models/`` that the core reads with the standard
library alone (no numpy at run time).
"""

from __future__ import annotations

import numpy as np


def fit_binary(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iterations: int = 60) -> dict:
    """Standardise ``x``, fit an L2-regularised logistic regression, and return
    ``{"weights", "bias", "mean", "scale"}`` (weights on standardised features)."""
    mean = x.mean(0)
    scale = x.std(0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.diag(np.r_[np.full(len(w) - 1, l2), 0.0])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + penalty @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return {"weights": [round(float(v), 6) for v in w[:-1]], "bias": round(float(w[-1]), 6),
            "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale]}


def predict(model: dict, x: np.ndarray) -> np.ndarray:
    z = (x - np.array(model["mean"])) / np.array(model["scale"]) @ np.array(model["weights"]) + model["bias"]
    return 1.0 / (1.0 + np.exp(-z))


def fit_multinomial(x: np.ndarray, y: np.ndarray, classes: int, *, l2: float = 1.0,
                    iterations: int = 3000, rate: float = 0.5) -> dict:
    """Softmax regression by gradient descent; ``weights`` is one row per class."""
    mean = x.mean(0)
    scale = x.std(0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros((classes, z.shape[1]))
    onehot = np.eye(classes)[y]
    reg = np.ones_like(w)
    reg[:, -1] = 0.0
    for _ in range(iterations):
        s = z @ w.T
        s -= s.max(1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(1, keepdims=True)
        grad = (p - onehot).T @ z / len(z) + l2 * reg * w / len(z)
        w -= rate * grad
    return {"weights": [[round(float(v), 6) for v in row[:-1]] for row in w],
            "bias": [round(float(row[-1]), 6) for row in w],
            "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale]}


def predict_multinomial(model: dict, x: np.ndarray) -> np.ndarray:
    z = (x - np.array(model["mean"])) / np.array(model["scale"])
    s = z @ np.array(model["weights"]).T + np.array(model["bias"])
    s -= s.max(1, keepdims=True)
    p = np.exp(s)
    return p / p.sum(1, keepdims=True)


def accuracy_at_best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold that classifies ``scores`` best, and its accuracy."""
    order = np.argsort(scores)
    s, y = scores[order], labels[order]
    n = len(s)
    correct = y.sum()  # threshold below everything: all predicted positive
    best = (correct / n, float(s[0]) - 1e-9)
    for i in range(n):
        correct += -1 if y[i] == 1 else 1
        thr = (s[i] + s[i + 1]) / 2 if i + 1 < n else s[i] + 1e-9
        if correct / n > best[0]:
            best = (correct / n, float(thr))
    return best[1], best[0]


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    # ties share their mean rank
    _, inv, counts = np.unique(scores, return_inverse=True, return_counts=True)
    sums = np.zeros(len(counts))
    np.add.at(sums, inv, ranks)
    ranks = (sums / counts)[inv]
    pos = labels.sum()
    neg = len(labels) - pos
    return float((ranks[labels == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))

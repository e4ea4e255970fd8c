"""05 반복 계산: 노트북이 직접 적은 500회 학습이 helpers.train과 비트 하나까지 같고, 0·10·50·500번 뒤의 직선이 맞습니다.

X, Y의 평균이 0이라 W − W*는 매번 (1 − lr·2·mean(X²))배, B는 (1 − 2·lr)배가 됩니다.
이 닫힌 식(float64)이 독립된 기준입니다.
"""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import helpers

ROOT = Path(__file__).resolve().parents[2]


def closed_form(x, y, k, lr=0.001):
    """k번 수정한 뒤의 (W, B, 손실) — float64 닫힌 식."""
    X, Y = x - x.mean(), y - y.mean()
    slope = np.mean(X * Y) / np.mean(X**2)
    W = slope + (1.0 - slope) * (1 - lr * 2 * np.mean(X**2)) ** k
    B = (1 - 2 * lr) ** k
    return W, B, np.mean((W * X + B - Y) ** 2)


def test_loop_equals_helpers_train(notebook, data, book_run):
    ns = notebook("05_training_loop")
    _, _, X, Y = data
    history, W, B = book_run
    assert torch.equal(ns["X"], X) and torch.equal(ns["Y"], Y)
    assert ns["history"].shape == (50, 2) and np.array_equal(ns["history"], history)
    assert (ns["W"].item(), ns["B"].item()) == (W.item(), B.item())
    assert f"{ns['history'][0, 1]:.4f}" == "13.3520"
    assert f"{ns['history'][-1, 1]:.4f}" == "4.6796"
    # 노트북의 pred(X), mse도 helpers의 것과 같은 값을 냅니다(학습이 끝난 W, B로).
    W, B = ns["W"], ns["B"]
    assert torch.equal(ns["pred"](X), helpers.pred(X, W, B))
    assert torch.equal(ns["mse"](ns["pred"](X), Y), helpers.mse(helpers.pred(X, W, B), Y))


def test_lines_after_0_10_50_500_updates(notebook, data):
    ns = notebook("05_training_loop")
    x, y, _, _ = data
    printed = {
        0: ("1.0000", "1.0000", "13.3520"),
        10: ("1.1717", "0.9802", "10.3855"),
        50: ("1.5669", "0.9047", "6.1047"),
    }
    printed[500] = ("1.8207", "0.3675", "4.6741")
    for (k, w, b), expected in zip(ns["fits"], printed.items(), strict=True):
        assert k == expected[0]
        W, B, loss = closed_form(x, y, k)
        assert (f"{W:.4f}", f"{B:.4f}", f"{loss:.4f}") == expected[1]
        assert (w, b) == (pytest.approx(W, abs=1e-5), pytest.approx(B, abs=1e-5))


def test_exercise_keys(data):
    x, y, _, _ = data
    keys = json.loads((ROOT / "data" / "exercises" / "05.json").read_text(encoding="utf-8"))
    assert keys["05-2"]["answer"] == pytest.approx(
        closed_form(x, y, 990)[2], abs=1e-4
    )  # 1000회의 마지막 기록은 990회째
    assert keys["05-3"]["answer"] == len(range(0, 500, 50))

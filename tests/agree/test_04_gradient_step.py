"""04 경사 계산과 파라미터 수정: 노트북의 한 걸음이 helpers.update_params와 같고 책의 숫자를 냅니다."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import helpers

ROOT = Path(__file__).resolve().parents[2]


def test_step_matches_update_params(notebook, data):
    ns = notebook("04_gradient_step")
    _, _, X, Y = data
    W, B = helpers.init_params()
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    assert str(W.grad) == "tensor(-19.0400)" and str(B.grad) == "tensor(2.0000)"
    helpers.update_params((W, B), ns["lr"])
    assert ns["lr"] == 0.001
    assert torch.equal(ns["W"], W) and torch.equal(ns["B"], B)
    assert str(ns["W"]) == "tensor(1.0190, requires_grad=True)"
    assert str(ns["B"]) == "tensor(0.9980, requires_grad=True)"
    # 노트북 끝의 helpers.update_params 예시도 같은 값입니다.
    assert torch.equal(ns["W2"], W) and torch.equal(ns["B2"], B)


def grad(x, y, w, b):
    """float64로 쓴 경사 (∂L/∂W, ∂L/∂B) = (2·mean((WX + B − Y)X), 2·mean(WX + B − Y))."""
    X, Y = x - x.mean(), y - y.mean()
    error = w * X + b - Y
    return 2 * np.mean(error * X), 2 * np.mean(error)


def test_exercise_keys(data):
    x, y, _, _ = data
    keys = json.loads((ROOT / "data" / "exercises" / "04.json").read_text(encoding="utf-8"))
    w, b = 1.0, 1.0  # 04-1: lr 0.01로 두 걸음, 걸음마다 경사를 새로
    for _ in range(2):
        gw, gb = grad(x, y, w, b)
        w, b = w - 0.01 * gw, b - 0.01 * gb
    assert keys["04-1"]["answer"] == pytest.approx(w, abs=1e-4)
    w, b, acc_w, acc_b = 1.0, 1.0, 0.0, 0.0  # 04-2: zero_() 없이 두 걸음, 경삿값이 쌓임
    for _ in range(2):
        gw, gb = grad(x, y, w, b)
        acc_w, acc_b = acc_w + gw, acc_b + gb
        w, b = w - 0.001 * acc_w, b - 0.001 * acc_b
    assert keys["04-2"]["answer"] == pytest.approx(w, abs=1e-5)

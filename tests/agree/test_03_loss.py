"""03 손실 계산: 노트북의 mse가 helpers.mse와 같고 책의 초기 손실 13.3520을 내며, 그림의 세로 선분이 오차입니다."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import helpers

ROOT = Path(__file__).resolve().parents[2]


def test_mse_matches_helpers(notebook):
    ns = notebook("03_loss")
    Yp, Y, loss = ns["Yp"], ns["Y"], ns["loss"]
    assert torch.equal(ns["mse"](Yp, Y), helpers.mse(Yp, Y))
    assert torch.equal(loss, helpers.mse(Yp, Y))
    assert f"{loss:.4f}" == "13.3520"
    # 모양이 다른 임의의 값으로도 같은 식인지 확인합니다.
    a = torch.linspace(-3, 7, 11)
    b = torch.linspace(2, -1, 11) ** 2
    assert torch.equal(ns["mse"](a, b), helpers.mse(a, b))


def test_vertical_segments_are_the_errors(notebook, data):
    """그림 읽기: 세로 선분의 길이 = 오차 (+2.7, -4.3, +4.3, -2.0, +4.3), 제곱의 평균 = 13.3520."""
    ns = notebook("03_loss")
    x, y, _, _ = data
    errors = (1.0 * (x - x.mean()) + 1.0) - (y - y.mean())
    assert [f"{e:+.1f}" for e in errors] == ["+2.7", "-4.3", "+4.3", "-2.0", "+4.3"]
    np.testing.assert_allclose((ns["Yp"] - ns["Y"]).detach().numpy(), errors, atol=1e-5)
    assert f"{np.mean(errors**2):.4f}" == "13.3520"


def test_exercise_keys(data):
    x, y, _, _ = data
    keys = json.loads((ROOT / "data" / "exercises" / "03.json").read_text(encoding="utf-8"))
    squared = (2.0 * (x - x.mean()) - (y - y.mean())) ** 2
    assert keys["03-1"]["answer"] == pytest.approx(squared.mean(), abs=1e-9)
    assert keys["03-2"]["answer"] == pytest.approx(squared.max(), abs=1e-9)

"""00 경사 하강법 이해하기: 노트북이 W를 조금씩 바꿔 구한 기울기와 등고선 위의 경로를 helpers·autograd와 맞춰 봅니다."""

import numpy as np
import pytest

import helpers


def test_slope_and_path(notebook, data):
    ns = notebook("00_gradient_descent")
    _, _, X, Y = data
    # 노트북이 W를 조금씩 바꿔 구한 기울기는 autograd의 W.grad(-19.04)와 같습니다.
    W, B = helpers.init_params()
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    assert ns["slope"] == pytest.approx(W.grad.item(), abs=1e-3)
    assert ns["loss_at"](1.0) == helpers.mse(helpers.pred(X, W.detach(), B.detach()), Y).item()
    # 등고선 위의 길은 helpers.train 그대로이고, 책의 최종 값에 도착합니다.
    W, B = helpers.init_params()
    expected = helpers.train(X, Y, W, B, lr=0.001, record_every=1, track_params=True)
    np.testing.assert_array_equal(ns["history"], expected)
    assert str(ns["W2"].data.numpy()) == "1.8206896"  # lr 0.01 경로의 마지막 W
    assert str(W.data.numpy()) == "1.820683" and str(B.data.numpy()) == "0.3675114"

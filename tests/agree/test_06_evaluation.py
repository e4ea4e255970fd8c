"""06 결과 평가: 책에 인쇄된 W, B, 손실, 직선의 양 끝 값이 그대로 나오고, 새로 더한 숫자가 독립된 기준과 맞습니다.

- 없앨 수 없는 손실 4.5390: 정규 방정식(float64)의 최소 제곱 직선으로 따로 계산합니다.
- 그린 직선의 손실 4.6741 = 4.5390 + B² (+ 거의 0인 W 몫), 490회째 기록 4.6796과 다릅니다.
- 두 빠르기: (1 − lr·2·mean(X²))² = 0.9541, (1 − 2·lr)² = 0.9960.
"""

import json
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def normal_equation(x, y):
    """(기울기, 절편, 손실): [[Σx², Σx], [Σx, n]]·(a, b) = (Σxy, Σy)를 float64로 풀어 구한 최소 제곱 직선."""
    A = np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), len(x)]])
    a, b = np.linalg.solve(A, [np.sum(x * y), np.sum(y)])
    return a, b, np.mean((a * x + b - y) ** 2)


def test_parameters_are_the_books(notebook):
    ns = notebook("06_evaluation")
    assert str(ns["W"].data.numpy()) == "1.820683"
    assert str(ns["B"].data.numpy()) == "0.3675114"
    assert f"{ns['history'][0, 1]:.4f}" == "13.3520"
    assert f"{ns['history'][-1, 1]:.4f}" == "4.6796"
    assert str(ns["X_range"]) == "tensor([-5.,  5.])"
    assert str(ns["Y_range"].data) == "tensor([-8.7359,  9.4709])"


def test_unavoidable_loss_and_the_drawn_lines_loss(notebook, data):
    ns = notebook("06_evaluation")
    x, y, X, Y = data
    a, _, loss_min = normal_equation(x, y)
    assert ns["loss_min"] == pytest.approx(loss_min, abs=1e-9) and f"{loss_min:.4f}" == "4.5390"
    assert ns["slope_best"] == pytest.approx(a, abs=1e-9)
    # 그린 직선(500번 수정한 뒤)의 손실을 float64로: 490회째 기록 4.6796과 다릅니다.
    W, B = ns["W"].item(), ns["B"].item()
    Xc, Yc = x - x.mean(), y - y.mean()
    line_loss = np.mean((W * Xc + B - Yc) ** 2)
    assert f"{line_loss:.4f}" == "4.6741" != f"{ns['history'][-1, 1]:.4f}"
    assert f"{ns['pred'](X).sub(Y).pow(2).mean().item():.4f}" == "4.6741"
    # 손실 − 4.5390 = mean(X²)(W − W*)² + B²: W 몫은 거의 0, B² = 0.1351
    assert line_loss - loss_min == pytest.approx(np.mean(Xc**2) * (W - a) ** 2 + B**2, abs=1e-9)
    assert np.mean(Xc**2) * (W - a) ** 2 < 1e-9 and f"{B**2:.4f}" == "0.1351"


def test_two_rates(notebook, data):
    ns = notebook("06_evaluation")
    x, _, _, _ = data
    curv_W = 2 * np.mean((x - x.mean()) ** 2)
    assert ns["curv_W"] == pytest.approx(curv_W) and curv_W == pytest.approx(23.2)
    expected_W, expected_B = (1 - 0.001 * curv_W) ** 2, (1 - 0.001 * 2) ** 2
    assert (f"{expected_W:.4f}", f"{expected_B:.4f}") == ("0.9541", "0.9960")
    assert ns["rate_W"] == pytest.approx(expected_W, abs=5e-5)
    assert ns["rate_end"] == pytest.approx(expected_B, abs=5e-5)
    # 두 몫의 합이 기록된 손실 − 4.5390입니다(float32 손실이라 1e-5 안에서).
    np.testing.assert_allclose(ns["part_W"] + ns["part_B"], ns["excess"], atol=1e-5)


def test_raw_data_gradient_ratio(notebook, data):
    """자주 하는 실수 ③: 가공 전 데이터의 첫 경사는 W 쪽이 B 쪽의 171배(float64로 따로 계산)."""
    ns = notebook("06_evaluation")
    x, y, _, _ = data
    error = x + 1.0 - y
    gw, gb = 2 * np.mean(error * x), 2 * np.mean(error)
    assert f"{gb:.1f}" == f"{ns['B_r'].grad.item():.1f}" == "213.2"
    assert f"{gw / gb:.0f}" == f"{ns['W_r'].grad.item() / ns['B_r'].grad.item():.0f}" == "171"
    assert ns["W_m"].is_leaf is False and str(ns["X64"].dtype) == "torch.float64"


def test_exercise_keys(data):
    x, y, _, _ = data
    keys = json.loads((ROOT / "data" / "exercises" / "06.json").read_text(encoding="utf-8"))
    W, B = 1.820683, 0.3675114  # 책의 값
    assert keys["06-1"]["answer"] == pytest.approx(W * (180 - x.mean()) + B + y.mean(), abs=1e-4)
    assert keys["06-3"]["answer"] == pytest.approx(W, abs=1e-4)
    assert keys["06-5"]["answer"] == pytest.approx((1 - 2 * 0.001) ** 20, abs=1e-6)


def test_a_non_leaf_gets_no_grad(data):
    """자주 하는 실수 ①: W = W - lr * W.grad로 만든 텐서에는 다음 backward()가 .grad를 채우지 않습니다."""
    import warnings

    import helpers

    _, _, X, Y = data
    W, B = helpers.init_params()
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    W = W - 0.001 * W.grad
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 잎 노드가 아닌 텐서의 .grad를 읽으면 파이토치가 경고합니다.
        assert not W.is_leaf and W.grad is None

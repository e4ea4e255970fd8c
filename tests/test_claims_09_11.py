"""노트북 09~11의 글이 기대는 숫자를 독립된 계산으로 다시 확인합니다.

- 09: autograd 헤세 행렬의 대각선 밖 값은 mean(X)가 아니라 float32로 더하는 순서에서 생긴 반올림 오차
- 10: 가공 전 데이터에서 W가 오가는 폭은 한 번에 1 − lr·λ_max배
- 11: 기본 학습률의 Adam이 목표에 닿는 반복 횟수
"""

import numpy as np
import pytest
import torch

import helpers


def test_09_off_diagonal_is_summation_rounding_not_the_mean(notebook, data):
    nb09 = notebook("09_learning_rate")
    _, _, X, Y = data
    assert X.sum().item() == 0.0 and X.mean().item() == 0.0  # 정수 값이라 float32로도 정확히 0
    off_diagonal = nb09["H_auto"][0][1].item()
    assert off_diagonal == 2.0**-24
    # 왼쪽부터 더하면 0, 첫째와 다섯째를 먼저 더하면 autograd와 똑같은 값
    assert nb09["in_order"].item() == 0.0
    assert nb09["by_groups"].item() == off_diagonal == nb09["terms"].sum().item()
    np.testing.assert_array_equal(nb09["terms"].numpy(), (np.float32(2) * np.float32(0.2) * X.numpy()))
    # float64 autograd의 대각선 밖 값도 같은 다섯 항의 합입니다.
    Xd, Yd = X.double(), Y.double()
    rows = torch.autograd.functional.hessian(
        lambda W, B: ((W * Xd + B - Yd) ** 2).mean(),
        (torch.tensor(1.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64)),
    )
    assert rows[0][1].item() == nb09["terms64"].sum().item() == 2.0**-52


def test_09_divergence_ratio_is_the_squared_factor(notebook):
    nb09 = notebook("09_learning_rate")
    assert nb09["ratio"] == pytest.approx((1 - 0.1 * nb09["lam_max"]) ** 2, rel=1e-3)


def test_10_w_zigzags_by_one_minus_lr_lambda_max(notebook, data):
    nb10 = notebook("10_why_centering")
    x, y, _, _ = data
    W, B = helpers.init_params()
    path = helpers.train(
        helpers.to_tensor(x), helpers.to_tensor(y), W, B, lr=0.00003, num_epochs=40, record_every=1, track_params=True
    )
    steps = np.diff(path[:, 2])
    lam_max = np.linalg.eigvalsh(helpers.hessian(helpers.to_tensor(x)).numpy()).max()
    np.testing.assert_allclose(steps[1:15] / steps[:14], 1 - 0.00003 * lam_max, rtol=1e-3)
    assert np.all(np.sign(steps[1:15]) != np.sign(steps[:14]))  # 매번 방향이 바뀝니다(지그재그).
    assert np.argmax(np.abs(steps) < 0.01) == 17
    np.testing.assert_array_equal(nb10["path_raw"][:40], path)


def test_11_adam_default_lr_epochs(notebook, data):
    nb11 = notebook("11_closed_form")
    _, _, X, Y = data
    W, B = helpers.init_params()
    optimizer = torch.optim.Adam([W, B])
    assert optimizer.param_groups[0]["lr"] == 0.001
    history = helpers.train(X, Y, W, B, optimizer=optimizer, num_epochs=3000, record_every=1)
    first = np.flatnonzero(history[:, 1] < nb11["min_loss"] + nb11["tol"])[0]
    assert nb11["adam_epochs"] == first == 2229
    assert first > 20 * nb11["results"]["Adam lr=0.1"][0]  # lr = 0.1(손으로 고른 값)보다 스무 배 넘게 오래

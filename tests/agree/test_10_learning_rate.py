"""10 학습률 실험: 노트북의 헤세 행렬과 고윳값, 안정 한계, 학습 기록을 autograd·넘파이·helpers와 맞춰 봅니다."""

import numpy as np
import pytest
import torch

import helpers


def test_hessian_matches_autograd(notebook, data, autograd_hessian):
    nb10 = notebook("10_learning_rate")
    _, _, X, Y = data
    expected = autograd_hessian(X, Y)
    np.testing.assert_allclose(nb10["H"].double().numpy(), expected, rtol=1e-6, atol=1e-6)
    # 노트북이 float32로 부른 autograd 헤세 행렬도 같은 값입니다.
    H_auto = np.array([[h.item() for h in row] for row in nb10["H_auto"]])
    np.testing.assert_allclose(H_auto, expected, rtol=1e-6, atol=1e-6)


def test_lambda_max_and_bound(notebook, data, autograd_hessian):
    nb10 = notebook("10_learning_rate")
    _, _, X, Y = data
    lam = np.linalg.eigvalsh(autograd_hessian(X, Y))
    assert nb10["lam_max"] == pytest.approx(lam.max(), rel=1e-6)
    assert nb10["lam_max"] == pytest.approx(2 * np.mean((X.double().numpy()) ** 2), rel=1e-6)
    assert nb10["lr_limit"] == pytest.approx(2 / lam.max(), rel=1e-6)
    assert f"{nb10['lr_limit']:.4f}" == "0.0862"
    assert nb10["lr_below"] < nb10["lr_limit"] < nb10["lr_above"]


def test_runs_on_both_sides_of_the_bound(notebook):
    nb10 = notebook("10_learning_rate")
    below, above = nb10["edge_histories"][nb10["lr_below"]], nb10["edge_histories"][nb10["lr_above"]]
    assert below[-1, 1] == pytest.approx(4.5390, abs=1e-4)
    assert above[-1, 1] > 1e6 * above[0, 1]
    # 발산한 두 학습률은 기록에 없고, 0.1은 154번째 반복에서 멈춥니다.
    assert sorted(nb10["histories"]) == [0.0001, 0.001, 0.01, 0.05]
    assert nb10["diverged"].epoch == 154
    assert len(nb10["diverged"].history) == 154


def test_histories_equal_helpers_train(notebook, data):
    nb10 = notebook("10_learning_rate")
    _, _, X, Y = data
    for lr, history in nb10["histories"].items():
        W, B = helpers.init_params()
        assert np.array_equal(history, helpers.train(X, Y, W, B, lr=lr, num_epochs=500, record_every=1))


def test_off_diagonal_is_summation_rounding_not_the_mean(notebook, data):
    nb10 = notebook("10_learning_rate")
    _, _, X, Y = data
    assert X.sum().item() == 0.0 and X.mean().item() == 0.0  # 정수 값이라 float32로도 정확히 0
    off_diagonal = nb10["H_auto"][0][1].item()
    assert off_diagonal == 2.0**-24
    # 왼쪽부터 더하면 0, 첫째와 다섯째를 먼저 더하면 autograd와 똑같은 값
    assert nb10["in_order"].item() == 0.0
    assert nb10["by_groups"].item() == off_diagonal == nb10["terms"].sum().item()
    np.testing.assert_array_equal(nb10["terms"].numpy(), (np.float32(2) * np.float32(0.2) * X.numpy()))
    # float64 autograd의 대각선 밖 값도 같은 다섯 항의 합입니다.
    Xd, Yd = X.double(), Y.double()
    rows = torch.autograd.functional.hessian(
        lambda W, B: ((W * Xd + B - Yd) ** 2).mean(),
        (torch.tensor(1.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64)),
    )
    assert rows[0][1].item() == nb10["terms64"].sum().item() == 2.0**-52


def test_divergence_ratio_is_the_squared_factor(notebook):
    nb10 = notebook("10_learning_rate")
    assert nb10["ratio"] == pytest.approx((1 - 0.1 * nb10["lam_max"]) ** 2, rel=1e-3)

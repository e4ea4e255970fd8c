"""09 학습률 실험: 노트북의 헤세 행렬과 고윳값, 안정 한계, 학습 기록을 autograd·넘파이·helpers와 맞춰 봅니다."""

import numpy as np
import pytest
import torch

import helpers


def test_hessian_matches_autograd(notebook, data, autograd_hessian):
    nb09 = notebook("09_learning_rate")
    _, _, X, Y = data
    expected = autograd_hessian(X, Y)
    np.testing.assert_allclose(nb09["H"].double().numpy(), expected, rtol=1e-6, atol=1e-6)
    # 노트북이 float32로 부른 autograd 헤세 행렬도 같은 값입니다.
    H_auto = np.array([[h.item() for h in row] for row in nb09["H_auto"]])
    np.testing.assert_allclose(H_auto, expected, rtol=1e-6, atol=1e-6)


def test_lambda_max_and_bound(notebook, data, autograd_hessian):
    nb09 = notebook("09_learning_rate")
    _, _, X, Y = data
    lam = np.linalg.eigvalsh(autograd_hessian(X, Y))
    assert nb09["lam_max"] == pytest.approx(lam.max(), rel=1e-6)
    assert nb09["lam_max"] == pytest.approx(2 * np.mean((X.double().numpy()) ** 2), rel=1e-6)
    assert nb09["lr_limit"] == pytest.approx(2 / lam.max(), rel=1e-6)
    assert f"{nb09['lr_limit']:.4f}" == "0.0862"
    assert nb09["lr_below"] < nb09["lr_limit"] < nb09["lr_above"]


def test_runs_on_both_sides_of_the_bound(notebook):
    nb09 = notebook("09_learning_rate")
    below, above = nb09["edge_histories"][nb09["lr_below"]], nb09["edge_histories"][nb09["lr_above"]]
    assert below[-1, 1] == pytest.approx(4.5390, abs=1e-4)
    assert above[-1, 1] > 1e6 * above[0, 1]
    # 발산한 두 학습률은 기록에 없고, 0.1은 154번째 반복에서 멈춥니다.
    assert sorted(nb09["histories"]) == [0.0001, 0.001, 0.01, 0.05]
    assert nb09["diverged"].epoch == 154
    assert len(nb09["diverged"].history) == 154


def test_histories_equal_helpers_train(notebook, data):
    nb09 = notebook("09_learning_rate")
    _, _, X, Y = data
    for lr, history in nb09["histories"].items():
        W, B = helpers.init_params()
        assert np.array_equal(history, helpers.train(X, Y, W, B, lr=lr, num_epochs=500, record_every=1))

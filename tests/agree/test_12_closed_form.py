"""12 해석해와 비교: W*, B*를 np.polyfit과, 목표까지의 반복 계산을 helpers.train과 맞춰 봅니다."""

import numpy as np
import pytest
import torch

import helpers


def test_closed_form_matches_polyfit(notebook, data):
    nb12 = notebook("12_closed_form")
    x, y, X, Y = data
    W_fit, B_fit = np.polyfit(X.double().numpy(), Y.double().numpy(), 1)
    assert nb12["W_star"] == pytest.approx(W_fit, rel=1e-10)
    assert nb12["B_star"] == pytest.approx(B_fit, abs=1e-10)
    np.testing.assert_allclose(nb12["theta"].numpy(), [W_fit, B_fit], rtol=1e-10, atol=1e-10)
    # 원래 단위의 기울기도 같습니다(평균을 빼도 기울기는 그대로).
    assert np.polyfit(x, y, 1)[0] == pytest.approx(nb12["W_star"], rel=1e-6)
    residual = W_fit * X.double().numpy() + B_fit - Y.double().numpy()
    assert nb12["min_loss"] == pytest.approx(np.mean(residual**2), rel=1e-12)
    assert f"{nb12['min_loss']:.4f}" == "4.5390"


def test_loop_equals_helpers_train(notebook, data):
    """노트북이 직접 적은 run_until_close의 기록이 helpers.train(optimizer=…)의 기록과 비트 하나까지 같습니다."""
    nb12 = notebook("12_closed_form")
    _, _, X, Y = data
    for name, make_optimizer in nb12["methods"].items():
        epochs, history = nb12["results"][name]
        W, B = helpers.init_params()
        expected = helpers.train(
            X, Y, W, B, optimizer=make_optimizer([W, B]), num_epochs=epochs + 1, record_every=1, track_params=True
        )
        assert np.array_equal(history, expected), name
        # 목표에 처음 닿은 반복이 바로 기록된 반복 횟수입니다.
        close = np.flatnonzero(expected[:, 1] < nb12["min_loss"] + nb12["tol"])
        assert close[0] == epochs, name


def test_epochs_table(notebook):
    nb12 = notebook("12_closed_form")
    epochs = [epochs for epochs, _ in nb12["results"].values()]
    assert epochs == [2300, 33, 187, 86]
    assert nb12["lr_tuned"] == pytest.approx(2 / 25.2, rel=1e-6)


def test_adam_default_lr_epochs(notebook, data):
    nb12 = notebook("12_closed_form")
    _, _, X, Y = data
    W, B = helpers.init_params()
    optimizer = torch.optim.Adam([W, B])
    assert optimizer.param_groups[0]["lr"] == 0.001
    history = helpers.train(X, Y, W, B, optimizer=optimizer, num_epochs=3000, record_every=1)
    first = np.flatnonzero(history[:, 1] < nb12["min_loss"] + nb12["tol"])[0]
    assert nb12["adam_epochs"] == first == 2229
    assert first > 20 * nb12["results"]["Adam lr=0.1"][0]  # lr = 0.1(손으로 고른 값)보다 스무 배 넘게 오래

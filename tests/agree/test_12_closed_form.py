"""12 해석해와 비교: W*, B*를 np.polyfit과, 목표까지의 반복 계산을 helpers.train과 맞춰 봅니다."""

import numpy as np
import pytest
import torch

import helpers


def first_close(history, target):
    """[반복, 손실, W, B] 기록에서 (W, B)의 float64 손실이 target보다 처음 작아지는 반복. 넘파이로 따로 계산합니다."""
    _, _, X, Y = helpers.prepare_data()
    Xd, Yd = X.double().numpy(), Y.double().numpy()
    losses = np.mean((history[:, 2:3] * Xd + history[:, 3:4] - Yd) ** 2, axis=1)
    return int(np.flatnonzero(losses < target)[0])


def test_book_setting_needs_2301_not_2300(notebook):
    """0.998^2300 = 0.010006 > 0.01: 2300번째 반복의 float64 손실은 목표보다 크고, float32로는 목표와 같은 수입니다."""
    nb12 = notebook("12_closed_form")
    assert 0.998**2300 > 0.01 > 0.998**2301
    assert f"{0.998**2300:.6f}" == "0.010006"
    assert nb12["B_2300"] == pytest.approx(0.998**2300, abs=2e-6)
    assert 0 < nb12["gap_2300"] - nb12["tol"] < 2e-7
    assert nb12["gap_2300"] - nb12["tol"] < np.spacing(np.float32(nb12["min_loss"])) / 2  # float32 간격의 반보다 작음
    assert np.float32(nb12["min_loss"] + nb12["gap_2300"]) == np.float32(nb12["min_loss"] + nb12["tol"])


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
        # 목표에 처음 닿은 반복이 바로 기록된 반복 횟수입니다(같은 W, B의 float64 손실로 판정).
        assert first_close(expected, nb12["min_loss"] + nb12["tol"]) == epochs, name


def test_epochs_table(notebook):
    nb12 = notebook("12_closed_form")
    epochs = [epochs for epochs, _ in nb12["results"].values()]
    assert epochs == [2301, 33, 187, 86]
    assert nb12["lr_tuned"] == pytest.approx(2 / 25.2, rel=1e-6)


def test_adam_default_lr_epochs(notebook, data):
    nb12 = notebook("12_closed_form")
    _, _, X, Y = data
    W, B = helpers.init_params()
    optimizer = torch.optim.Adam([W, B])
    assert optimizer.param_groups[0]["lr"] == 0.001
    history = helpers.train(X, Y, W, B, optimizer=optimizer, num_epochs=3000, record_every=1, track_params=True)
    first = first_close(history, nb12["min_loss"] + nb12["tol"])
    assert nb12["adam_epochs"] == first == 2229
    assert first > 20 * nb12["results"]["Adam lr=0.1"][0]  # lr = 0.1(손으로 고른 값)보다 스무 배 넘게 오래


def test_books_final_loss_is_min_loss_plus_b_squared(descent64, recorded):
    """「4.5390 + 0.3749² = 4.6796」: 정규 방정식(넘파이 lstsq)의 최소 손실과 0.998^490, 그리고 float64 경사 하강법의
    490번째 손실이 모두 같은 수를 가리킵니다(평균을 뺀 데이터에서 W는 다 왔고 B만 남음)."""
    _, printed = recorded("12_closed_form")
    path = descent64(0.001, 500)
    x, y = np.loadtxt(helpers.ROOT / "data" / "height_weight.csv", delimiter=",", skiprows=1, encoding="utf-8").T
    A = np.column_stack([x - x.mean(), np.ones_like(x)])
    theta, *_ = np.linalg.lstsq(A, y - y.mean(), rcond=None)
    min_loss = np.mean((A @ theta - (y - y.mean())) ** 2)
    assert path[490, 2] == pytest.approx(0.998**490, rel=1e-12)
    assert path[490, 0] == pytest.approx(min_loss + path[490, 2] ** 2, abs=1e-6)
    assert f"{min_loss:.4f} + {path[490, 2]:.4f}² = {path[490, 0]:.4f}\n" in printed
    assert f"{path[490, 0]:.4f}" == "4.6796"  # 책이 찍은 숫자

"""노트북 09~11이 직접 계산한 것(헤세 행렬, 고윳값, 해석해, 반복 계산)을 독립된 기준과 맞춰 봅니다.

- 헤세 행렬과 λ_max: torch.autograd.functional.hessian과 넘파이의 고윳값
- W*, B*: np.polyfit
- 11의 '목표에 닿을 때까지' 반복 계산: helpers.train(..., optimizer=…)의 기록과 비트 하나까지
"""

import numpy as np
import pytest
import torch
from conftest import NOTEBOOKS, run_notebook_code

import helpers


@pytest.fixture(scope="module")
def nb09():
    return run_notebook_code(NOTEBOOKS / "09_learning_rate.ipynb")


@pytest.fixture(scope="module")
def nb10():
    return run_notebook_code(NOTEBOOKS / "10_why_centering.ipynb")


@pytest.fixture(scope="module")
def nb11():
    return run_notebook_code(NOTEBOOKS / "11_closed_form.ipynb")


@pytest.fixture
def data():
    helpers.setup()
    return helpers.prepare_data()


def autograd_hessian(X, Y):
    """L(W, B) = mean((W X + B − Y)²)의 헤세 행렬을 float64 autograd로 계산합니다."""
    Xd, Yd = X.double(), Y.double()

    def loss(W, B):
        return ((W * Xd + B - Yd) ** 2).mean()

    start = (torch.tensor(1.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64))
    rows = torch.autograd.functional.hessian(loss, start)
    return np.array([[h.item() for h in row] for row in rows])


# ------------------------------------------------------------------ 09 학습률 실험


def test_09_hessian_matches_autograd(nb09, data):
    _, _, X, Y = data
    expected = autograd_hessian(X, Y)
    np.testing.assert_allclose(nb09["H"].double().numpy(), expected, rtol=1e-6, atol=1e-6)
    # 노트북이 float32로 부른 autograd 헤세 행렬도 같은 값입니다.
    H_auto = np.array([[h.item() for h in row] for row in nb09["H_auto"]])
    np.testing.assert_allclose(H_auto, expected, rtol=1e-6, atol=1e-6)


def test_09_lambda_max_and_bound(nb09, data):
    _, _, X, Y = data
    lam = np.linalg.eigvalsh(autograd_hessian(X, Y))
    assert nb09["lam_max"] == pytest.approx(lam.max(), rel=1e-6)
    assert nb09["lam_max"] == pytest.approx(2 * np.mean((X.double().numpy()) ** 2), rel=1e-6)
    assert nb09["lr_limit"] == pytest.approx(2 / lam.max(), rel=1e-6)
    assert f"{nb09['lr_limit']:.4f}" == "0.0862"
    assert nb09["lr_below"] < nb09["lr_limit"] < nb09["lr_above"]


def test_09_runs_on_both_sides_of_the_bound(nb09):
    below, above = nb09["edge_histories"][nb09["lr_below"]], nb09["edge_histories"][nb09["lr_above"]]
    assert below[-1, 1] == pytest.approx(4.5390, abs=1e-4)
    assert above[-1, 1] > 1e6 * above[0, 1]
    # 발산한 두 학습률은 기록에 없고, 0.1은 154번째 반복에서 멈춥니다.
    assert sorted(nb09["histories"]) == [0.0001, 0.001, 0.01, 0.05]
    assert nb09["diverged"].epoch == 154
    assert len(nb09["diverged"].history) == 154


def test_09_histories_equal_helpers_train(nb09, data):
    _, _, X, Y = data
    for lr, history in nb09["histories"].items():
        W, B = helpers.init_params()
        assert np.array_equal(history, helpers.train(X, Y, W, B, lr=lr, num_epochs=500, record_every=1))


# ------------------------------------------------------------------ 10 데이터 변환


def test_10_hessians_match_autograd(nb10, data):
    x, y, X, Y = data
    np.testing.assert_allclose(nb10["H_centered"].numpy(), autograd_hessian(X, Y), rtol=1e-6, atol=1e-6)
    raw = autograd_hessian(helpers.to_tensor(x), helpers.to_tensor(y))
    np.testing.assert_allclose(nb10["H_raw"].numpy(), raw, rtol=1e-9)


def test_10_condition_numbers_and_bounds(nb10, data):
    x, y, X, Y = data
    for H, Xs, Ys in [(nb10["H_centered"], X, Y), (nb10["H_raw"], helpers.to_tensor(x), helpers.to_tensor(y))]:
        ref = autograd_hessian(Xs, Ys)
        lam = torch.linalg.eigvalsh(H).numpy()
        assert lam.max() / lam.min() == pytest.approx(np.linalg.cond(ref), rel=1e-6)
    assert np.linalg.cond(nb10["H_centered"].numpy()) == pytest.approx(11.6, rel=1e-6)
    assert 7.3e7 < np.linalg.cond(nb10["H_raw"].numpy()) < 7.5e7
    assert 2 / torch.linalg.eigvalsh(nb10["H_raw"]).max().item() < 0.001  # 그래서 lr = 0.001이 발산합니다.


def test_10_formula_predicts_the_books_w_and_b(nb10):
    assert str(nb10["W"].data.numpy()) == "1.820683"
    assert str(nb10["B"].data.numpy()) == "0.3675114"
    assert nb10["B_formula"] == pytest.approx(nb10["B"].item(), abs=1e-6)
    assert nb10["W_formula"] == pytest.approx(nb10["W"].item(), abs=1e-6)
    # 학습 중의 B는 매 반복 0.998^epoch 그대로입니다(float32 반올림 안에서).
    history = nb10["history"]
    np.testing.assert_allclose(history[:, 3], 0.998 ** history[:, 0], atol=2e-6)
    assert nb10["n"] == 2301


def test_10_history_equals_helpers_train(nb10, data):
    _, _, X, Y = data
    W, B = helpers.init_params()
    expected = helpers.train(X, Y, W, B, lr=0.001, num_epochs=500, record_every=1, track_params=True)
    assert np.array_equal(nb10["history"], expected)


# ------------------------------------------------------------------ 11 해석해


def test_11_closed_form_matches_polyfit(nb11, data):
    x, y, X, Y = data
    W_fit, B_fit = np.polyfit(X.double().numpy(), Y.double().numpy(), 1)
    assert nb11["W_star"] == pytest.approx(W_fit, rel=1e-10)
    assert nb11["B_star"] == pytest.approx(B_fit, abs=1e-10)
    np.testing.assert_allclose(nb11["theta"].numpy(), [W_fit, B_fit], rtol=1e-10, atol=1e-10)
    # 원래 단위의 기울기도 같습니다(평균을 빼도 기울기는 그대로).
    assert np.polyfit(x, y, 1)[0] == pytest.approx(nb11["W_star"], rel=1e-6)
    residual = W_fit * X.double().numpy() + B_fit - Y.double().numpy()
    assert nb11["min_loss"] == pytest.approx(np.mean(residual**2), rel=1e-12)
    assert f"{nb11['min_loss']:.4f}" == "4.5390"


def test_11_loop_equals_helpers_train(nb11, data):
    """노트북이 직접 적은 run_until_close의 기록이 helpers.train(optimizer=…)의 기록과 비트 하나까지 같습니다."""
    _, _, X, Y = data
    for name, make_optimizer in nb11["methods"].items():
        epochs, history = nb11["results"][name]
        W, B = helpers.init_params()
        expected = helpers.train(
            X, Y, W, B, optimizer=make_optimizer([W, B]), num_epochs=epochs + 1, record_every=1, track_params=True
        )
        assert np.array_equal(history, expected), name
        # 목표에 처음 닿은 반복이 바로 기록된 반복 횟수입니다.
        close = np.flatnonzero(expected[:, 1] < nb11["min_loss"] + nb11["tol"])
        assert close[0] == epochs, name


def test_11_epochs_table(nb11):
    epochs = [epochs for epochs, _ in nb11["results"].values()]
    assert epochs == [2300, 33, 187, 86]
    assert nb11["lr_tuned"] == pytest.approx(2 / 25.2, rel=1e-6)

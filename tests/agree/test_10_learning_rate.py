"""10 학습률 실험: 노트북의 헤세 행렬과 고윳값, 안정 한계, 학습 기록을 autograd·넘파이·helpers와 맞춰 봅니다.

파이토치가 float32를 더하는 순서(CPU마다 다름)에 기대는 검사는 없고, 출력한 자리가 그 순서에 기대지 않는지를 봅니다.
"""

import itertools

import numpy as np
import pytest
import torch

import helpers


def test_hessian_matches_autograd(notebook, data, autograd_hessian):
    nb10 = notebook("10_learning_rate")
    _, _, X, Y = data
    expected = autograd_hessian(X, Y)
    np.testing.assert_allclose(nb10["H"].double().numpy(), expected, rtol=1e-6, atol=1e-6)
    # 노트북이 float32로 부른 autograd 헤세 행렬도 반올림 안에서 같은 값입니다(대각선 밖의 정확한 값은 CPU마다 다를 수
    # 있어, 그 값 자체는 검사하지 않습니다).
    np.testing.assert_allclose(nb10["H_auto"].numpy(), expected, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(helpers.hessian(X).numpy(), expected, rtol=1e-12, atol=1e-12)


def test_optional_summation_order_demo_is_plain_ieee_float32(notebook, data):
    """(선택) 셀: 넘파이 float32 수를 두 순서로 더한 값. 파이토치의 더하는 순서와 상관없는 IEEE 754 계산입니다."""
    nb10 = notebook("10_learning_rate")
    _, _, X, _ = data
    t = [np.float32(2) * np.float32(0.2) * np.float32(v) for v in X.tolist()]
    assert [float(v) for v in nb10["t"]] == [float(v) for v in t]
    assert (((t[0] + t[1]) + t[2]) + t[3]) + t[4] == 0.0
    assert (((t[0] + t[4]) + t[1]) + t[2]) + t[3] == np.float32(2.0**-24)


def test_remaining_loss_figure(notebook, data):
    """그림 읽기의 숫자: 출발점 8.81, 500회 뒤 lr 0.0001은 1.59, 0.001은 0.14, 0.01과 0.05는 1e-5 아래."""
    nb10 = notebook("10_learning_rate")
    _, _, X, Y = data
    Xd, Yd = X.double().numpy(), Y.double().numpy()
    # 최소 손실의 닫힌 식(평균을 뺀 데이터): mean(Y²) − mean(XY)²/mean(X²) − mean(Y)²
    closed = np.mean(Yd**2) - np.mean(Xd * Yd) ** 2 / np.mean(Xd**2) - np.mean(Yd) ** 2
    assert nb10["min_loss"] == pytest.approx(closed, rel=1e-9)
    remaining = {lr: h[:, 1] - nb10["min_loss"] for lr, h in nb10["histories"].items()}
    assert f"{remaining[0.0001][0]:.2f}" == "8.81"
    assert f"{remaining[0.0001][-1]:.2f}" == "1.59" and f"{remaining[0.001][-1]:.2f}" == "0.14"
    assert remaining[0.01][-1] < 1e-5 and remaining[0.05][-1] < 1e-5


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


def test_divergence_ratio_is_the_squared_factor(notebook):
    nb10 = notebook("10_learning_rate")
    assert nb10["ratio"] == pytest.approx((1 - 0.1 * nb10["lam_max"]) ** 2, rel=1e-3)


def test_first_epoch_below_4_55(descent64, recorded):
    """「손실이 처음으로 4.55 아래로 내려간 반복」의 출력과 글(112번째, 22번째)을 float64 경사 하강법과 맞춰 봅니다."""
    prose, printed = recorded("10_learning_rate")
    first = {}
    for lr in (0.0001, 0.001, 0.01, 0.05):
        below = np.flatnonzero(descent64(lr, 500)[:-1, 0] < 4.55)
        first[lr] = int(below[0]) if below.size else None
        shown = f"{below[0]}번째 반복" if below.size else "500회 안에 못 내려감"
        assert f"lr = {lr:<6}  {shown}\n" in printed
    assert first == {0.0001: None, 0.001: None, 0.01: 112, 0.05: 22}
    assert f"각각 {first[0.01]}번째, {first[0.05]}번째 반복에" in prose


def test_runs_300_epochs_beside_the_bound(descent64, recorded):
    """한계 양쪽 300회: 0.084는 최소 손실 4.539로, 0.088은 3.006e+11로 커집니다(둘 다 네 자리).

    0.088은 매번 |1 − lr·λ_max|배씩 커지므로 float32의 반올림 차이도 함께 커져, 노트북(float32)과 float64는
    여섯째 자리에서 다릅니다(3.00609e+11과 3.00605e+11). 합의 순서(CPU의 종류)에 따라서도 그 자리가 바뀌므로
    노트북은 네 자리만 보여 주고, 여기서는 그 네 자리가 float64와 같은지 봅니다.
    """
    _, printed = recorded("10_learning_rate")
    for lr in (0.084, 0.088):
        run = descent64(lr, 300)
        assert f"lr = {lr}  최종 손실 = {run[-2, 0]:.4g}  W = {run[-1, 1]:.4g}\n" in printed
    assert descent64(0.088, 300)[-2, 0] > 1e10 * descent64(0.088, 300)[0, 0]


def test_four_digits_beside_the_bound_do_not_depend_on_the_summation_order(descent32, recorded):
    """다섯 항을 더하는 순서(CPU의 종류마다 다름)를 바꾸면 여섯째 자리는 달라지지만, 노트북이 출력한 네 자리는
    그대로입니다.

    그리고 노트북이 글로 말한 거리(한계보다 2.6 % 작고 2.1 % 큼)는 출력한 줄과 같습니다."""
    orders = list(itertools.permutations(range(5)))[::7]  # 120가지 중 18가지
    for lr, more_digits in ((0.084, 2), (0.088, 10)):
        runs = [descent32(lr, 300, order) for order in orders]
        assert len({f"{loss:.6g}  W = {W:.4f}" for loss, W, _ in runs}) == more_digits
        assert {f"lr = {lr}  최종 손실 = {loss:.4g}  W = {W:.4g}" for loss, W, _ in runs} <= set(
            recorded("10_learning_rate")[1].splitlines()
        )
    prose, printed = recorded("10_learning_rate")
    limit = 2 / 23.2  # 가공한 데이터의 λ_max = 23.2
    below, above = 1 - 0.084 / limit, 0.088 / limit - 1
    assert f"한계보다 {below:.1%} 작고, {above:.1%} 큽니다" in printed
    assert f"한계보다 {below * 100:.1f} % 작은 학습률" in prose and f"{above * 100:.1f} % 큰 학습률" in prose

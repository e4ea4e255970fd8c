"""11 데이터 변환은 왜 필요한가: 가공 전·후의 헤세 행렬, 조건수, 책의 W·B 공식을 독립된 기준과 맞춰 봅니다."""

import re

import numpy as np
import pytest
import torch

import helpers


def test_hessians_match_autograd(notebook, data, autograd_hessian):
    nb11 = notebook("11_why_centering")
    x, y, X, Y = data
    np.testing.assert_allclose(nb11["H_centered"].numpy(), autograd_hessian(X, Y), rtol=1e-6, atol=1e-6)
    raw = autograd_hessian(helpers.to_tensor(x), helpers.to_tensor(y))
    np.testing.assert_allclose(nb11["H_raw"].numpy(), raw, rtol=1e-9)


def test_condition_numbers_and_bounds(notebook, data, autograd_hessian):
    nb11 = notebook("11_why_centering")
    x, y, X, Y = data
    for H, Xs, Ys in [(nb11["H_centered"], X, Y), (nb11["H_raw"], helpers.to_tensor(x), helpers.to_tensor(y))]:
        ref = autograd_hessian(Xs, Ys)
        lam = torch.linalg.eigvalsh(H).numpy()
        assert lam.max() / lam.min() == pytest.approx(np.linalg.cond(ref), rel=1e-6)
    assert np.linalg.cond(nb11["H_centered"].numpy()) == pytest.approx(11.6, rel=1e-6)
    assert 7.3e7 < np.linalg.cond(nb11["H_raw"].numpy()) < 7.5e7
    assert 2 / torch.linalg.eigvalsh(nb11["H_raw"]).max().item() < 0.001  # 그래서 lr = 0.001이 발산합니다.


def test_formula_predicts_the_books_w_and_b(notebook, data):
    nb11 = notebook("11_why_centering")
    assert str(nb11["W"].data.numpy()) == "1.820683"
    assert str(nb11["B"].data.numpy()) == "0.3675114"
    assert nb11["B_formula"] == pytest.approx(nb11["B"].item(), abs=1e-6)
    assert nb11["W_formula"] == pytest.approx(nb11["W"].item(), abs=1e-6)
    # 학습 중의 B는 매 반복 0.998^epoch 그대로입니다(float32 반올림 안에서).
    history = nb11["history"]
    np.testing.assert_allclose(history[:, 3], 0.998 ** history[:, 0], atol=2e-6)
    assert nb11["n"] == 2301


def test_history_equals_helpers_train(notebook, data):
    nb11 = notebook("11_why_centering")
    _, _, X, Y = data
    W, B = helpers.init_params()
    expected = helpers.train(X, Y, W, B, lr=0.001, num_epochs=500, record_every=1, track_params=True)
    assert np.array_equal(nb11["history"], expected)


def test_w_zigzags_by_one_minus_lr_lambda_max(notebook, data):
    nb11 = notebook("11_why_centering")
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
    np.testing.assert_array_equal(nb11["path_raw"][:40], path)


def test_raw_data_plateau_28_7(descent64, recorded):
    """가공 전 데이터, lr = 0.00003: 100회마다의 손실, 「28.7 근처에서 멈춰」, W = 0.377, B = 0.993을 float64로.

    가공 전 데이터(x ≈ 170)의 float32 반올림이 평평한 방향에 쌓여 넷째 자리가 1쯤 다를 수 있으므로(400번째
    28.7185와 28.7186) 출력한 손실은 2e-4 안에서 맞춰 보고, 글의 숫자(28.7, 0.377, 0.993)는 그 자리까지 같아야 합니다.
    """
    prose, printed = recorded("11_why_centering")
    ref = descent64(0.00003, 500, centered=False)
    shown = [float(v) for v in re.findall(r"epoch = (?:100|200|300|400) loss = (\S+)\n", printed)]
    np.testing.assert_allclose(shown, ref[100:500:100, 0], rtol=0, atol=2e-4)
    assert {f"{loss:.1f}" for loss in ref[100:501, 0]} == {"28.7"}  # 100번째부터 끝까지 28.7에 머묾
    assert ref[100, 0] - ref[500, 0] < 1e-3 and ref[500, 0] > 6 * descent64(0.001, 5000)[-1, 0]
    assert "손실이 28.7 근처에서 멈춰" in prose
    assert f"W = {ref[-1, 1]:.3f}, B = {ref[-1, 2]:.3f}에 머물렀습니다" in prose

"""helpers.py가 책의 출력 숫자를 그대로 재현하고, 독립된 기준과도 맞는지 확인합니다."""

import numpy as np
import pytest
import torch

import helpers


def fmt(t):
    return f"{t.item():.4f}"


def test_sample_data_is_the_books():
    data = helpers.load_data()
    expected = np.array([[166, 58.7], [176.0, 75.7], [171.0, 62.1], [173.0, 70.4], [169.0, 60.1]])
    np.testing.assert_array_equal(data, expected)


def test_centering_and_tensors(data):
    x, y, X, Y = data
    assert X.dtype == Y.dtype == torch.float32
    np.testing.assert_allclose(X.numpy(), x - 171.0, atol=1e-6)
    np.testing.assert_allclose(Y.numpy(), y - 65.4, atol=1e-5)
    assert abs(X.sum().item()) < 1e-5 and abs(Y.sum().item()) < 1e-4


def test_initial_loss_and_gradients(data):
    _, _, X, Y = data
    W, B = helpers.init_params()
    loss = helpers.mse(helpers.pred(X, W, B), Y)
    assert fmt(loss) == "13.3520"
    loss.backward()
    assert str(W.grad) == "tensor(-19.0400)"
    assert str(B.grad) == "tensor(2.0000)"


def test_gradients_match_the_formula(data):
    """autograd의 경사를 손으로 유도한 식 dL/dW = 2·mean((WX+B−Y)·X), dL/dB = 2·mean(WX+B−Y)과 비교."""
    _, _, X, Y = data
    W, B = helpers.init_params(0.3, -0.7)
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    Xn, Yn = X.double().numpy(), Y.double().numpy()
    err = 0.3 * Xn - 0.7 - Yn
    assert W.grad.item() == pytest.approx(2 * np.mean(err * Xn), rel=1e-6)
    assert B.grad.item() == pytest.approx(2 * np.mean(err), rel=1e-5, abs=1e-6)


def test_one_step(data):
    _, _, X, Y = data
    W, B = helpers.init_params()
    helpers.mse(helpers.pred(X, W, B), Y).backward()
    helpers.update_params((W, B), lr=0.001)
    assert str(W) == "tensor(1.0190, requires_grad=True)"
    assert str(B) == "tensor(0.9980, requires_grad=True)"
    assert str(W.grad) == "tensor(0.)" and str(B.grad) == "tensor(0.)"


def test_500_epochs_reproduce_the_book(data, capsys):
    _, _, X, Y = data
    W, B = helpers.init_params()
    history = helpers.train(X, Y, W, B, lr=0.001, num_epochs=500, verbose=True)
    assert str(W.data.numpy()) == "1.820683"
    assert str(B.data.numpy()) == "0.3675114"
    assert history.shape == (50, 2)
    np.testing.assert_array_equal(history[:, 0], np.arange(0, 500, 10))
    assert f"{history[0, 1]:.4f}" == "13.3520"
    assert f"{history[-1, 1]:.4f}" == "4.6796"
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "epoch = 0 loss = 13.3520"
    assert lines[-1] == "epoch = 490 loss = 4.6796"
    assert len(lines) == 50


def test_sgd_optimizer_gives_the_manual_history_bit_for_bit(data):
    _, _, X, Y = data
    W1, B1 = helpers.init_params()
    manual = helpers.train(X, Y, W1, B1, lr=0.001)
    W2, B2 = helpers.init_params()
    optimizer = torch.optim.SGD([W2, B2], lr=0.001)
    with_sgd = helpers.train(X, Y, W2, B2, optimizer=optimizer)
    assert manual.tobytes() == with_sgd.tobytes()
    assert W1.item() == W2.item() and B1.item() == B2.item()


def test_long_training_reaches_the_least_squares_line(data):
    """충분히 오래 학습하면 닫힌 형태의 최소제곱 해(np.polyfit)에 닿아야 합니다."""
    x, y, X, Y = data
    slope, intercept = np.polyfit(x, y, 1)
    W, B = helpers.init_params()
    history = helpers.train(X, Y, W, B, lr=0.01, num_epochs=3000)
    assert W.item() == pytest.approx(slope, rel=1e-4)
    # 변환한 데이터에서 B*는 0이고, 원래 단위의 절편은 y평균 − W·x평균입니다.
    assert B.item() == pytest.approx(0.0, abs=1e-4)
    assert y.mean() - W.item() * x.mean() == pytest.approx(intercept, rel=1e-3)
    min_loss = np.mean((slope * x + intercept - y) ** 2)
    assert history[-1, 1] == pytest.approx(min_loss, rel=1e-4)


def test_momentum_changes_the_path_but_records_the_same_epochs(data):
    _, _, X, Y = data
    W, B = helpers.init_params()
    opt = torch.optim.SGD([W, B], lr=0.001, momentum=0.9)
    history = helpers.train(X, Y, W, B, optimizer=opt)
    assert history.shape == (50, 2)
    assert history[-1, 1] < 4.6796  # 모멘텀은 같은 횟수에서 손실을 더 줄입니다.


def test_record_every(data):
    _, _, X, Y = data
    W, B = helpers.init_params()
    history = helpers.train(X, Y, W, B, num_epochs=7, record_every=3)
    np.testing.assert_array_equal(history[:, 0], [0, 3, 6])


@pytest.mark.parametrize("centered", [True, False])
def test_hessian_matches_autograd(data, centered):
    """helpers.hessian의 식을 autograd가 구한 헤세 행렬과 비교합니다(변환 전과 후 모두)."""
    x, y, X, Y = data
    if not centered:
        X, Y = helpers.to_tensor(x).double(), helpers.to_tensor(y).double()
    X, Y = X.double(), Y.double()

    def loss(W, B):
        return ((W * X + B - Y) ** 2).mean()

    rows = torch.autograd.functional.hessian(
        loss, (torch.tensor(0.5, dtype=torch.float64), torch.tensor(-2.0, dtype=torch.float64))
    )
    expected = torch.stack([torch.stack(row) for row in rows])
    torch.testing.assert_close(helpers.hessian(X), expected, rtol=1e-9, atol=1e-9)
    if centered:
        assert torch.linalg.eigvalsh(helpers.hessian(X)).tolist() == pytest.approx([2.0, 23.2])

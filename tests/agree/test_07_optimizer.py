"""07 최적화 함수: optim.SGD로 바꾼 반복 계산이 05의 직접 수정과 비트 하나까지 같고, 미니배치 SGD는 넘파이(float64)로
따로 계산한 같은 일정의 학습과 맞습니다."""

import itertools

import numpy as np
import pytest
import torch
import torch.optim as optim


def gradient(X, Y, w, b, rows):
    """손으로 유도한 경사 (∂L/∂W, ∂L/∂B) = 2·mean((wX + b − Y)·X), 2·mean(wX + b − Y) (float64, 고른 행만)."""
    X, Y = X.double().numpy()[rows], Y.double().numpy()[rows]
    err = w * X + b - Y
    return 2 * np.mean(err * X), 2 * np.mean(err)


def test_sgd_equals_manual_update(notebook, book_run):
    ns = notebook("07_optimizer")
    history, W, B = book_run
    assert ns["history"].shape == (50, 2) and np.array_equal(ns["history"], history)
    assert (ns["W_m"].item(), ns["B_m"].item()) == (W.item(), B.item())
    assert np.array_equal(ns["history_m"], history)


def test_minibatch_gradients(notebook, data):
    ns = notebook("07_optimizer")
    _, _, X, Y = data
    expected = [gradient(X, Y, 1.0, 1.0, list(pair)) for pair in itertools.combinations(range(5), 2)]
    np.testing.assert_allclose(ns["grads"], expected, atol=1e-5)
    # 10가지 미니배치의 평균은 전체 샘플의 경사(04의 −19.04, 2.0)입니다.
    np.testing.assert_allclose(np.mean(ns["grads"], axis=0), gradient(X, Y, 1.0, 1.0, slice(None)), atol=1e-5)
    np.testing.assert_allclose(gradient(X, Y, 1.0, 1.0, slice(None)), (-19.04, 2.0), atol=1e-12)


def test_minibatch_training_matches_float64_reference(notebook, data):
    """같은 난수 일정(시드 123의 randperm)으로 float64 넘파이가 따로 학습한 결과와 노트북의 float32 학습이 맞습니다."""
    ns = notebook("07_optimizer")
    _, _, X, Y = data
    generator = torch.Generator().manual_seed(123)
    w, b, losses = 1.0, 1.0, []
    Xn, Yn = X.double().numpy(), Y.double().numpy()
    for _ in range(500):
        losses.append(np.mean((w * Xn + b - Yn) ** 2))
        for batch in torch.randperm(5, generator=generator).split(2):
            dw, db = gradient(X, Y, w, b, batch.numpy())
            w, b = w - 0.001 * dw, b - 0.001 * db
    history_mb = ns["history_mb"]
    np.testing.assert_array_equal(history_mb[:, 0], np.arange(500))
    np.testing.assert_allclose(history_mb[:, 1], losses, rtol=1e-5)
    assert ns["W"].item() == pytest.approx(w, abs=1e-4) and ns["B"].item() == pytest.approx(b, abs=1e-4)
    assert f"{w:.4f}, {b:.4f}" == "1.8004, 0.0392"
    # 그림 읽기: 미니배치의 손실은 자주 올라가고(여기서는 100번 넘게), 모든 샘플을 쓴 손실은 한 번도 올라가지 않습니다.
    assert np.sum(np.diff(losses) > 1e-6) > 100
    assert np.all(np.diff(ns["history"][:, 1]) < 0)
    # 같은 500회에서 미니배치 쪽이 더 내려갑니다(반복마다 세 번 수정).
    assert losses[-1] < ns["history"][-1, 1]


def test_optimizer_settings_printed_are_the_defaults():
    """셀 설명: 0인 설정, False인 설정, None인 foreach/fused. 새 파이토치에서 기본값이 바뀌면 실패합니다."""
    group = optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.001).param_groups[0]
    assert [group[k] for k in ("dampening", "momentum", "weight_decay")] == [0, 0, 0]
    assert [group[k] for k in ("differentiable", "maximize", "nesterov")] == [False, False, False]
    assert group["foreach"] is None and group["fused"] is None

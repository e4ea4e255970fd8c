"""노트북 05~08이 직접 적은 학습이 helpers의 학습과 비트 하나까지 같은지 확인합니다."""

import numpy as np
import pytest
import torch
import torch.optim as optim

import helpers


@pytest.fixture
def data():
    helpers.setup()
    return helpers.prepare_data()


def manual_run(X, Y):
    """05의 직접 수정 방식(helpers.train 기본값)으로 500회 학습한 (history, W, B)."""
    W, B = helpers.init_params()
    history = helpers.train(X, Y, W, B)
    return history, W, B


def assert_same_run(history, W, B, ref_history, ref_W, ref_B):
    assert history.shape == ref_history.shape == (50, 2)
    assert np.array_equal(history, ref_history)
    assert W.item() == ref_W.item()
    assert B.item() == ref_B.item()


def test_05_loop_equals_helpers_train(run_notebook, data):
    ns = run_notebook("05_training_loop")
    _, _, X, Y = data
    assert torch.equal(ns["X"], X) and torch.equal(ns["Y"], Y)
    assert_same_run(ns["history"], ns["W"], ns["B"], *manual_run(X, Y))
    assert f"{ns['history'][0, 1]:.4f}" == "13.3520"
    assert f"{ns['history'][-1, 1]:.4f}" == "4.6796"
    # 노트북의 pred(X), mse도 helpers의 것과 같은 값을 냅니다(학습이 끝난 W, B로).
    W, B = ns["W"], ns["B"]
    assert torch.equal(ns["pred"](X), helpers.pred(X, W, B))
    assert torch.equal(ns["mse"](ns["pred"](X), Y), helpers.mse(helpers.pred(X, W, B), Y))


def test_06_parameters_are_the_books(run_notebook):
    ns = run_notebook("06_evaluation")
    assert str(ns["W"].data.numpy()) == "1.820683"
    assert str(ns["B"].data.numpy()) == "0.3675114"
    assert f"{ns['history'][0, 1]:.4f}" == "13.3520"
    assert f"{ns['history'][-1, 1]:.4f}" == "4.6796"
    assert str(ns["X_range"]) == "tensor([-5.,  5.])"
    assert str(ns["Y_range"].data) == "tensor([-8.7359,  9.4709])"


def test_07_sgd_equals_manual_update(run_notebook, data):
    ns = run_notebook("07_optimizer")
    _, _, X, Y = data
    assert isinstance(ns["optimizer"], optim.SGD)
    assert ns["optimizer"].param_groups[0]["momentum"] == 0
    assert_same_run(ns["history"], ns["W"], ns["B"], *manual_run(X, Y))


def test_08_momentum_equals_helpers_train(run_notebook, data):
    ns = run_notebook("08_momentum")
    _, _, X, Y = data
    W, B = helpers.init_params()
    history2 = helpers.train(X, Y, W, B, optimizer=optim.SGD([W, B], lr=0.001, momentum=0.9))
    assert ns["optimizer"].param_groups[0]["momentum"] == 0.9
    assert_same_run(ns["history2"], ns["W"], ns["B"], history2, W, B)
    # 기준 학습(history)은 05의 직접 수정 방식과 같고, 모멘텀 쪽이 최소 손실에 더 가깝습니다.
    assert_same_run(ns["history"], ns["W1"], ns["B1"], *manual_run(X, Y))
    assert ns["history2"][-1, 1] < ns["history"][-1, 1]
    assert abs(ns["W"].item() - ns["W_star"]) < 1e-5

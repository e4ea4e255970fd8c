"""08 최적화 함수 튜닝: 모멘텀 학습이 helpers.train(optimizer=…)과 같고, 기준 학습은 05와 같습니다."""

import numpy as np
import torch.optim as optim

import helpers


def test_momentum_equals_helpers_train(notebook, data, book_run):
    ns = notebook("08_momentum")
    _, _, X, Y = data
    W, B = helpers.init_params()
    history2 = helpers.train(X, Y, W, B, optimizer=optim.SGD([W, B], lr=0.001, momentum=0.9))
    assert ns["optimizer"].param_groups[0]["momentum"] == 0.9
    assert np.array_equal(ns["history2"], history2)
    assert (ns["W"].item(), ns["B"].item()) == (W.item(), B.item())
    # 기준 학습(history)은 05의 직접 수정 방식과 같고, 모멘텀 쪽이 최소 손실에 더 가깝습니다.
    history, W1, B1 = book_run
    assert np.array_equal(ns["history"], history)
    assert (ns["W1"].item(), ns["B1"].item()) == (W1.item(), B1.item())
    assert ns["history2"][-1, 1] < ns["history"][-1, 1]
    assert abs(ns["W"].item() - ns["W_star"]) < 1e-5

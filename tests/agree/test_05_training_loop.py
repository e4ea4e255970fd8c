"""05 반복 계산: 노트북이 직접 적은 500회 학습이 helpers.train과 비트 하나까지 같습니다."""

import numpy as np
import torch

import helpers


def test_loop_equals_helpers_train(notebook, data, book_run):
    ns = notebook("05_training_loop")
    _, _, X, Y = data
    history, W, B = book_run
    assert torch.equal(ns["X"], X) and torch.equal(ns["Y"], Y)
    assert ns["history"].shape == (50, 2) and np.array_equal(ns["history"], history)
    assert (ns["W"].item(), ns["B"].item()) == (W.item(), B.item())
    assert f"{ns['history'][0, 1]:.4f}" == "13.3520"
    assert f"{ns['history'][-1, 1]:.4f}" == "4.6796"
    # 노트북의 pred(X), mse도 helpers의 것과 같은 값을 냅니다(학습이 끝난 W, B로).
    W, B = ns["W"], ns["B"]
    assert torch.equal(ns["pred"](X), helpers.pred(X, W, B))
    assert torch.equal(ns["mse"](ns["pred"](X), Y), helpers.mse(helpers.pred(X, W, B), Y))

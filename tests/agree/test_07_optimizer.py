"""07 최적화 함수: optim.SGD로 바꾼 반복 계산이 05의 직접 수정과 비트 하나까지 같습니다."""

import numpy as np
import torch.optim as optim


def test_sgd_equals_manual_update(notebook, book_run):
    ns = notebook("07_optimizer")
    history, W, B = book_run
    assert isinstance(ns["optimizer"], optim.SGD)
    assert ns["optimizer"].param_groups[0]["momentum"] == 0
    assert ns["history"].shape == (50, 2) and np.array_equal(ns["history"], history)
    assert (ns["W"].item(), ns["B"].item()) == (W.item(), B.item())

"""06 결과 평가: 책에 인쇄된 W, B, 손실, 직선의 양 끝 값이 그대로 나옵니다."""


def test_parameters_are_the_books(notebook):
    ns = notebook("06_evaluation")
    assert str(ns["W"].data.numpy()) == "1.820683"
    assert str(ns["B"].data.numpy()) == "0.3675114"
    assert f"{ns['history'][0, 1]:.4f}" == "13.3520"
    assert f"{ns['history'][-1, 1]:.4f}" == "4.6796"
    assert str(ns["X_range"]) == "tensor([-5.,  5.])"
    assert str(ns["Y_range"].data) == "tensor([-8.7359,  9.4709])"
